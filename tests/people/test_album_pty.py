"""`aceprod album --autonomy supervised|collaborative` as a person uses it:
at a terminal (pexpect) and from a scripted stdin (no TTY)."""

from __future__ import annotations

import subprocess

import pytest
from aceprod_kit import ACEPROD, rows
from people_helpers import PICK_Q, REPAIR_Q, Person

pexpect = pytest.importorskip("pexpect")


def _album(dirs, *extra: str) -> list[str]:
    return ["album", "an electronic track, 12 seconds", "--llm", "none", "--out", str(dirs["out"]),
            "--catalog", str(dirs["catalog"]), "--max-repairs", "1", *extra]


@pytest.mark.slow
def test_supervised_album_with_reference(env, dirs):
    p = Person(_album(dirs, "--autonomy", "supervised", "--reference", "examples/audio/source.flac"), env)
    p.expect("reference: source.flac")
    p.expect(PICK_Q, timeout=120)
    assert "┃ ref" in p.seen and ".flac" in p.seen and "defects" in p.seen  # ranked, similarity, files
    p.send("seven")
    p.expect("not one of the takes")
    p.expect(PICK_Q)
    p.send("2")
    p.expect("you picked")
    p.expect("report: ", timeout=120)
    p.child.expect(pexpect.EOF)
    choices = rows(dirs["catalog"], "SELECT * FROM human_choices")
    assert choices
    strategies = {r["strategy"] for r in rows(dirs["catalog"], "SELECT DISTINCT strategy FROM pairs")}
    assert "human" in strategies
    assert rows(dirs["catalog"], "SELECT count(*) AS n FROM reference_similarities")[0]["n"] >= 2
    assert rows(dirs["catalog"], "SELECT mode FROM runs")[0]["mode"] == "supervised"


@pytest.mark.slow
def test_collaborative_album_ctrl_d_then_resume_from_scripted_stdin(env, dirs):
    # one take per track: the repair router has no second candidate to call a defect chronic
    p = Person(_album(dirs, "--autonomy", "collaborative", "--candidates", "1"), env)
    p.expect(REPAIR_Q, timeout=120)
    assert "pipeline:" in p.seen and "expect:" in p.seen and "evidence:" in p.seen
    p.child.sendcontrol("d")
    p.expect("stopped at a question")
    p.child.expect(pexpect.EOF)
    run_id = next(dirs["out"].iterdir()).name
    # resume from a script (no TTY): a malformed edit, an edit, then a pick
    script = "edit start\nedit steps=4\n"
    done = subprocess.run([ACEPROD, "album", "--resume", run_id, "--out", str(dirs["out"]), "--llm", "none"],
                          input=script, capture_output=True, text=True, env=env, timeout=180)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "malformed edit 'start'" in done.stdout and "edited" in done.stdout and "Traceback" not in done.stderr
    repairs = rows(dirs["catalog"], "SELECT decision, decided_by FROM repairs")
    assert repairs and repairs[0]["decision"] == "approved" and repairs[0]["decided_by"] == "person"
