"""A driver killed with SIGKILL mid-album (joined to the test cluster with --ray ADDRESS) resumes on
Ray without redoing written takes or writing duplicate catalog rows."""

from __future__ import annotations

import pytest
from kill_resume import aceprod, finished_takes, kill_after_takes, resume

from catalog.store import Catalog

BRIEF = """brief: "house album, 2 tracks, instrumental"
track_duration: 10
candidates: 2
"""


@pytest.mark.slow
@pytest.mark.xdist_group("ray")
def test_driver_killed_then_resumed_on_ray(ray_address, tmp_path):
    brief = tmp_path / "brief.yaml"
    brief.write_text(BRIEF)
    out, cat = tmp_path / "out", tmp_path / "cat.duckdb"
    proc = aceprod("album", str(brief), "--llm", "none", "--out", str(out), "--catalog", str(cat),
                   "--max-repairs", "1", "--ray", ray_address)
    before, run_id = kill_after_takes(proc, out)
    assert 2 <= len(before) < 4

    result = resume(run_id, out, "--ray", ray_address)
    assert result["run_id"] == run_id and len(result["tracks"]) == 2
    after = finished_takes(out)
    assert all(after[p] == mtime for p, mtime in before.items())  # written once, reused
    assert len([t for t in result["takes"] if t["kind"] == "candidate"]) == 4
    with Catalog.open(cat, read_only=True) as c:
        assert c._scalar("select count(*) from generations") == len(result["takes"])
        assert c._scalar("select count(distinct sha256) from generations") == len(result["takes"])
    # no stray scratch files: everything the workers wrote came back through the driver
    assert not list(out.rglob("*.part"))


def test_bad_ray_address_is_a_clear_error(tmp_path):
    proc = aceprod("album", "jazz album, 2 tracks", "--llm", "none", "--out", str(tmp_path),
                   "--ray=briefs/jazz_album.yaml")
    _, stderr = proc.communicate(timeout=120)
    assert proc.returncode == 2 and "is not a Ray address" in stderr and "Traceback" not in stderr
    assert not list(tmp_path.iterdir())  # refused before a run folder exists
