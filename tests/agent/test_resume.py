"""An album run killed with SIGKILL resumes without redoing finished takes or
writing duplicate catalog rows (real subprocess, real SQLite checkpointer)."""

from __future__ import annotations

import pytest
from kill_resume import aceprod, finished_takes, kill_after_takes, resume

from catalog.store import Catalog

BRIEF = """brief: "house album, 3 tracks, instrumental"
track_duration: 20
candidates: 2
"""


@pytest.mark.slow
def test_kill_9_then_resume(tmp_path):
    brief = tmp_path / "brief.yaml"
    brief.write_text(BRIEF)
    out, cat = tmp_path / "out", tmp_path / "cat.duckdb"
    args = ["album", str(brief), "--llm", "none", "--out", str(out), "--catalog", str(cat), "--max-repairs", "1"]
    before, run_id = kill_after_takes(aceprod(*args), out)
    assert 2 <= len(before) < 6

    result = resume(run_id, out)
    assert result["run_id"] == run_id and len(result["tracks"]) == 3
    # finished takes were reused, not redone
    after = finished_takes(out)
    assert all(after[p] == mtime for p, mtime in before.items())
    assert len([t for t in result["takes"] if t["kind"] == "candidate"]) == 6
    # the catalog holds every take exactly once
    with Catalog.open(cat, read_only=True) as c:
        assert c._scalar("select count(*) from generations") == len(result["takes"])
        assert c._scalar("select count(distinct sha256) from generations") == len(result["takes"])
        assert c._scalar("select count(*) from repairs") == len(result["repairs"])
    # resuming a finished run is harmless and prints the same album
    assert resume(run_id, out, timeout=120)["tracks"] == result["tracks"]


def test_resume_unknown_run_is_a_clear_error(tmp_path):
    proc = aceprod("album", "--resume", "nope", "--out", str(tmp_path))
    _, stderr = proc.communicate(timeout=60)
    assert proc.returncode == 2 and "no run 'nope'" in stderr and "Traceback" not in stderr


def test_bad_briefs_are_refused_clearly(tmp_path):
    for brief, expected in [("   ", "the brief is empty"),
                            ("12 tracks in a 1-minute album", "ask for at most 6 tracks")]:
        proc = aceprod("album", brief, "--llm", "none", "--out", str(tmp_path), "--no-catalog")
        _, stderr = proc.communicate(timeout=60)
        assert proc.returncode == 2 and expected in stderr.replace("\n", " ") and "Traceback" not in stderr
    assert not list(tmp_path.iterdir()), "a refused brief must not leave a run folder"
