"""A driver killed with SIGKILL mid-album (joined to the test cluster with --ray ADDRESS) resumes on
Ray without redoing written takes or writing duplicate catalog rows."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from catalog.store import Catalog

BRIEF = """brief: "house album, 2 tracks, instrumental"
track_duration: 10
candidates: 2
"""


def _aceprod(*args: str) -> subprocess.Popen:
    env = dict(os.environ, PYTHONUNBUFFERED="1", COLUMNS="120")
    return subprocess.Popen([sys.executable, "-m", "agent.cli", *args], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=env)


def _finished_takes(out: Path) -> dict[Path, int]:
    return {p: p.stat().st_mtime_ns for p in out.glob("*/takes/*/c*/run.json")}


@pytest.mark.slow
@pytest.mark.xdist_group("ray")
def test_driver_killed_then_resumed_on_ray(ray_address, tmp_path):
    brief = tmp_path / "brief.yaml"
    brief.write_text(BRIEF)
    out, cat = tmp_path / "out", tmp_path / "cat.duckdb"
    proc = _aceprod("album", str(brief), "--llm", "none", "--out", str(out), "--catalog", str(cat),
                    "--max-repairs", "1", "--ray", ray_address)
    deadline = time.time() + 240
    while time.time() < deadline and len(_finished_takes(out)) < 2 and proc.poll() is None:
        time.sleep(0.1)
    assert proc.poll() is None, "the run ended before it could be killed: " + proc.stderr.read()[-2000:]
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    before = _finished_takes(out)
    assert 2 <= len(before) < 4
    run_id = next(out.iterdir()).name
    assert not (out / run_id / "album.json").exists()

    resumed = _aceprod("album", "--resume", run_id, "--out", str(out), "--json", "--ray", ray_address)
    stdout, stderr = resumed.communicate(timeout=600)
    assert resumed.returncode == 0, stderr[-3000:]
    result = json.loads(stdout)
    assert result["run_id"] == run_id and len(result["tracks"]) == 2
    after = _finished_takes(out)
    assert all(after[p] == mtime for p, mtime in before.items())  # written once, reused
    assert len([t for t in result["takes"] if t["kind"] == "candidate"]) == 4
    with Catalog.open(cat, read_only=True) as c:
        assert c._scalar("select count(*) from generations") == len(result["takes"])
        assert c._scalar("select count(distinct sha256) from generations") == len(result["takes"])
    # no stray scratch files: everything the workers wrote came back through the driver
    assert not list(out.rglob("*.part"))


def test_bad_ray_address_is_a_clear_error(tmp_path):
    proc = _aceprod("album", "jazz album, 2 tracks", "--llm", "none", "--out", str(tmp_path),
                    "--ray=briefs/jazz_album.yaml")
    _, stderr = proc.communicate(timeout=120)
    assert proc.returncode == 2 and "is not a Ray address" in stderr and "Traceback" not in stderr
    assert not list(tmp_path.iterdir())  # refused before a run folder exists
