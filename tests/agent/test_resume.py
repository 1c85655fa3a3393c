"""An album run killed with SIGKILL resumes without redoing finished takes or
writing duplicate catalog rows (real subprocess, real SQLite checkpointer)."""

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

BRIEF = """brief: "house album, 3 tracks, instrumental"
track_duration: 20
candidates: 2
"""


def _aceprod(*args: str, **kw) -> subprocess.Popen:
    env = dict(os.environ, PYTHONUNBUFFERED="1", COLUMNS="120")
    return subprocess.Popen([sys.executable, "-m", "agent.cli", *args], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=env, **kw)


def _finished_takes(out: Path) -> dict[Path, float]:
    return {p: p.stat().st_mtime_ns for p in out.glob("*/takes/*/c*/run.json")}


@pytest.mark.slow
def test_kill_9_then_resume(tmp_path):
    brief = tmp_path / "brief.yaml"
    brief.write_text(BRIEF)
    out, cat = tmp_path / "out", tmp_path / "cat.duckdb"
    args = ["album", str(brief), "--llm", "none", "--out", str(out), "--catalog", str(cat), "--max-repairs", "1"]
    proc = _aceprod(*args)
    deadline = time.time() + 240
    while time.time() < deadline and len(_finished_takes(out)) < 2 and proc.poll() is None:
        time.sleep(0.2)
    assert proc.poll() is None, "the run finished before it could be killed: " + proc.stderr.read()[-2000:]
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    before = _finished_takes(out)
    assert 2 <= len(before) < 6
    run_id = next(out.iterdir()).name
    assert not (out / run_id / "album.json").exists()

    resumed = _aceprod("album", "--resume", run_id, "--out", str(out), "--json")
    stdout, stderr = resumed.communicate(timeout=600)
    assert resumed.returncode == 0, stderr[-3000:]
    result = json.loads(stdout)
    assert result["run_id"] == run_id and len(result["tracks"]) == 3
    # finished takes were reused, not redone
    after = _finished_takes(out)
    assert all(after[p] == mtime for p, mtime in before.items())
    assert len([t for t in result["takes"] if t["kind"] == "candidate"]) == 6
    # the catalog holds every take exactly once
    with Catalog.open(cat, read_only=True) as c:
        assert c._scalar("select count(*) from generations") == len(result["takes"])
        assert c._scalar("select count(distinct sha256) from generations") == len(result["takes"])
        assert c._scalar("select count(*) from repairs") == len(result["repairs"])
    # resuming a finished run is harmless and prints the same album
    again = _aceprod("album", "--resume", run_id, "--out", str(out), "--json")
    stdout2, stderr2 = again.communicate(timeout=120)
    assert again.returncode == 0, stderr2[-2000:]
    assert json.loads(stdout2)["tracks"] == result["tracks"]


def test_resume_unknown_run_is_a_clear_error(tmp_path):
    proc = _aceprod("album", "--resume", "nope", "--out", str(tmp_path))
    _, stderr = proc.communicate(timeout=60)
    assert proc.returncode == 2 and "no run 'nope'" in stderr and "Traceback" not in stderr


def test_bad_briefs_are_refused_clearly(tmp_path):
    for brief, expected in [("   ", "the brief is empty"),
                            ("12 tracks in a 1-minute album", "ask for at most 6 tracks")]:
        proc = _aceprod("album", brief, "--llm", "none", "--out", str(tmp_path), "--no-catalog")
        _, stderr = proc.communicate(timeout=60)
        assert proc.returncode == 2 and expected in stderr.replace("\n", " ") and "Traceback" not in stderr
    assert not list(tmp_path.iterdir()), "a refused brief must not leave a run folder"
