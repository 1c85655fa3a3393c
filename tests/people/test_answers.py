"""Answer parsing and plan edits: what a person may type, and the one-line refusals."""

from __future__ import annotations

import io

import pytest

from agent.people.answers import parse_edit, parse_pick, parse_repair_answer
from agent.people.readers import Cancelled, PlainReader
from agent.planning.planner import load_brief, plan_album
from agent.records import Question, QuestionKind, RepairProposal, TakeRow
from agent.reference import key_similarity, measure_reference, seed_brief
from agent.repl.planedit import edit_plan
from engine.errors import AudioInputError, ConfigError
from engine.pipeline import PipelineConfig, StageConfig
from engine.protocol import get_engine


def _proposal(stage: StageConfig) -> RepairProposal:
    config = PipelineConfig(caption="x", duration=20, stages=[stage])
    return RepairProposal(proposal_id="t01r1", track=1, from_take="t01c1", route=stage.type, defect_kinds=["click"],
                          reason="r", pipeline=config)


def test_repair_answers():
    p = _proposal(StageConfig(id="fix", type="repaint", src_audio="/x.flac", repainting_start=1.0, repainting_end=3.0))
    assert parse_repair_answer("a", p, None).decision == "approve"
    assert parse_repair_answer("Reject", p, None).decision == "reject"
    d = parse_repair_answer("edit start=12.5 end=16", p, None)
    assert d.decision == "edit" and d.edit == {"repainting_start": 12.5, "repainting_end": 16.0}
    for bad, words in [("maybe", "neither approve nor reject"), ("edit foo", "malformed edit"),
                       ("edit start=abc", "not a number"), ("edit start=5 end=2", "not after start"),
                       ("edit volume=3", "unknown repair field"), ("", "no answer")]:
        with pytest.raises(ConfigError, match=words):
            parse_repair_answer(bad, p, None)
    cover = _proposal(StageConfig(id="fix", type="cover", src_audio="/x.flac", audio_cover_strength=0.95))
    assert parse_repair_answer("edit strength=0.9", cover, None).edit == {"audio_cover_strength": 0.9}
    with pytest.raises(ConfigError, match="not valid"):
        parse_repair_answer("edit strength=1.5", cover, None)
    assert parse_edit(['caption="warm tape"']) == {"caption": '"warm tape"'}


def test_pick_answers_and_plain_reader():
    takes = [TakeRow(rank=1, take_id="t01c2", overall=7.0), TakeRow(rank=2, take_id="t01c1", overall=6.0)]
    assert parse_pick("1", takes) == "t01c2" and parse_pick(" T01C1 ", takes) == "t01c1"
    with pytest.raises(ConfigError, match="not one of the takes"):
        parse_pick("3", takes)
    reader = PlainReader(io.StringIO("yes\n"), io.StringIO())
    assert reader.ask("? ") == "yes"
    with pytest.raises(Cancelled):  # end of input = Ctrl-D
        reader.ask("? ")


def test_plan_edits():
    caps = get_engine("sketch").capabilities()
    plan = plan_album(load_brief("a lofi hip hop track, 30 seconds"), seed=1)
    presets: dict = {}
    new, changed = edit_plan(plan, 'bpm=92 key="f minor" duration=20 steps=16', caps=caps, presets=presets, learned={})
    t = new.tracks[0]
    assert (t.bpm, t.keyscale, t.duration) == (92, "F minor", 20.0) and presets[1].steps == 16
    assert t.events[-1].end == pytest.approx(20.0) and changed
    for bad, words in [("bpm", "malformed edit"), ("tempo=3", "unknown plan field"), ("bpm=fast", "not a number"),
                       ("key=H", "not a key"), ("duration=5000", "more than the engine allows"),
                       ("model=huge", "not on this engine"), ("candidates=99", "out of range")]:
        with pytest.raises(ConfigError, match=words):
            edit_plan(plan, bad, caps=caps, presets={}, learned={})


def test_reference_refuses_non_audio(tmp_path):
    bad = tmp_path / "clip.wav"
    bad.write_text("not audio")
    with pytest.raises(AudioInputError, match="cannot read"):
        measure_reference(bad)
    with pytest.raises(AudioInputError, match="not found"):
        measure_reference(tmp_path / "missing.wav")
    assert key_similarity("C major", "A minor") == 0.7 and key_similarity("C major", "C major") == 1.0


@pytest.mark.slow
def test_reference_seeds_the_brief():
    ref = measure_reference("examples/audio/source.flac")
    assert ref.bpm and ref.key and ref.lufs is not None and ref.hints
    brief, notes = seed_brief(load_brief("a jazz track, 20 seconds"), ref)
    assert brief.bpm == round(ref.bpm) and any("bpm" in n for n in notes)
    assert seed_brief(load_brief("a jazz track at 150 bpm, 20 seconds"), ref)[0].bpm == 150


def test_event_lines_say_one_line_per_event_worth_saying():
    from rich.console import Console

    from agent.people.drive import EventLines

    console = Console(record=True, width=120, file=io.StringIO())
    lines = EventLines(console)
    lines("take_done", {"take": "t01c1", "overall": 7.3})
    lines("proposals", {"count": 0})  # nothing proposed: nothing said
    lines("stage", {"track": 1, "take": "t01c1", "stage": "gen"})  # for progress bars only
    lines("repair_done", {"proposal": "t01r1", "before": 5.0, "after": 4.5, "accepted": False})
    assert console.export_text() == "  t01c1: score 7.3\n  t01r1: 5.0 -> 4.5, not kept (no better)\n"


def test_a_checkpointed_question_reads_as_a_model_and_an_unknown_one_is_refused():
    q = Question.of({"kind": "pick_take", "track": 2, "title": "Tide", "takes": [
        {"rank": 1, "take_id": "t02c1", "overall": 7.5, "defects": [], "audio": "/a.flac", "note": "", "similarity": None}]})
    assert q.kind is QuestionKind.pick_take and q.takes[0].take_id == "t02c1" and q.proposals == []
    with pytest.raises(ConfigError, match="cannot ask \\('sing_along'\\)"):
        Question.of({"kind": "sing_along"})
