"""REPL lines: briefs that start with a command word are briefs; commands stay commands."""

from __future__ import annotations

import pytest

from agent.repl.commands import reads_as_brief


@pytest.mark.parametrize("line", [
    "a 90 bpm lofi hip hop track with dusty piano and vinyl crackle, 2 minutes",
    "score for a film, four cues, strings",
    "pick up the pace: a punk track, 2 minutes",
    "repair shop blues, slow and greasy",
    "history of jazz in four tracks",
])
def test_sentences_are_briefs(line):
    assert reads_as_brief(line)


@pytest.mark.parametrize("line", [
    "a t01r1", "r all", "a", "score out/take.flac", "pick t01c2 over t01c1", "pick 2",
    'edit 2 bpm=92 key="F minor" duration=12', "generate 2", "reference clip.wav", "history",
    "export ds/ parquet", "/score for a film now please",
])
def test_commands_stay_commands(line):
    assert not reads_as_brief(line)


def test_repair_shows_the_runs_repairs_as_a_table(tmp_path):
    """`repair` with no question pending lists the run's repairs (read through the typed state view)."""
    import io

    from rich.console import Console

    from agent.records import RepairProposal, RepairRecord
    from agent.repl import display
    from engine.pipeline import PipelineConfig, StageConfig

    fix = PipelineConfig(name="r", caption="x", duration=30, stages=[
        StageConfig(id="fix", type="repaint", src_audio="/x.flac", repainting_start=1, repainting_end=2)])
    p = RepairProposal(proposal_id="t01r1", track=1, from_take="t01c1", route="repaint", defect_kinds=["click"],
                       reason="x", pipeline=fix)
    rec = RepairRecord(proposal=p, decision="auto", before=6.0, after=7.25, accepted=True)

    class Shown:
        console = Console(file=io.StringIO(), width=120)

        def state(self):
            return {"repairs": [rec.model_dump(mode="json")]}

        def say(self, text):
            self.console.print(text)

    s = Shown()
    display.show_repairs_done(s)
    out = s.console.file.getvalue()
    assert "t01r1" in out and "repaint" in out and "auto" in out and "7.2" in out and "yes" in out
