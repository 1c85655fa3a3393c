"""LLM runtime: the real bundled GGUF (a few integration tests) and the planner's
retry/fallback logic with a scripted model."""

from __future__ import annotations

import shutil

import pytest
from pydantic import BaseModel

from agent.llm.runtime import (
    DEFAULT_NAME,
    DEFAULT_SHA256,
    ChatMessage,
    LlamaLLM,
    LLMStats,
    default_model_path,
    load_llm,
    resolve_gguf,
)
from agent.planning.brief_text import parse_brief_text
from agent.planning.planner import plan_album
from agent.planning.words import LyricsLLM, TrackHeadLLM
from engine.errors import LLMError


class ScriptedLLM:
    """Answers from a script, validating like the real runtime (retries included)."""

    name = "scripted"

    def __init__(self, answers: dict[type, list[dict]]) -> None:
        self.answers = {k: list(v) for k, v in answers.items()}
        self.stats = LLMStats()

    def complete_json(self, messages, schema, *, max_tokens=512, retries=2):
        self.stats.calls += 1
        for _ in range(retries + 1):
            queue = self.answers.get(schema, [])
            if not queue:
                break
            try:
                return schema.model_validate(queue.pop(0))
            except ValueError:
                continue
        raise LLMError(f"scripted model has no valid {schema.__name__}")


@pytest.fixture(scope="module")
def real_llm():
    return load_llm(None)


def test_default_model_is_found_offline_and_checked():
    path = default_model_path()
    assert path.name.endswith(".gguf") and path.stat().st_size > 50_000_000
    assert len(DEFAULT_SHA256) == 64


def test_corrupt_gguf_is_refused(tmp_path):
    bad = tmp_path / "model.gguf"
    shutil.copy(default_model_path(), bad)
    with open(bad, "r+b") as fh:
        fh.seek(1000)
        fh.write(b"\x00" * 64)
    with pytest.raises(LLMError, match="expected b179c9523d0e"):
        LlamaLLM(bad, expected_sha256=DEFAULT_SHA256)


def test_llm_paths_resolve_with_clear_errors(tmp_path):
    with pytest.raises(LLMError, match="LLM model not found: nope.gguf"):
        resolve_gguf("nope.gguf", tmp_path)
    (tmp_path / "notes.txt").write_text("x")
    with pytest.raises(LLMError, match="is not a .gguf file"):
        resolve_gguf(str(tmp_path / "notes.txt"), tmp_path)
    assert load_llm("none") is None


class Colour(BaseModel):
    name: str
    warm: bool


@pytest.mark.slow
def test_real_model_answers_in_schema(real_llm):
    msg = [ChatMessage(role="user", content='Name a colour. JSON with "name" and "warm".')]
    value = real_llm.complete_json(msg, Colour, max_tokens=48)
    assert isinstance(value, Colour) and value.name
    assert real_llm.name == DEFAULT_NAME and real_llm.stats.attempts >= 1


@pytest.mark.slow
def test_real_model_plan_is_compliant_whatever_it_writes(real_llm):
    plan = plan_album(parse_brief_text("folk album, 2 tracks, male vocals on 1, 20 seconds each"), llm=real_llm,
                      seed=2)
    assert plan.planner == f"llm:{DEFAULT_NAME}"
    assert [t.vocal for t in plan.tracks].count(True) == 1 and all(t.duration == 20 for t in plan.tracks)
    assert all(t.title and "folk" in t.caption for t in plan.tracks)


def test_invalid_answers_are_retried_then_replaced_by_rules():
    good_head = {"title": "Paper Lanterns", "tags": ["warm", "intimate", "acoustic guitar", "gentle"]}
    echo_head = {"title": "Track 1 of 2 jazz", "tags": ["warm", "warm", "warm", "warm"]}
    lyrics = {"verse": ["The lanterns float above the bay", "We walk the long way home tonight",
                        "Your laughter echoes down the pier", "I hold the summer in my hands"],
              "chorus": ["Paper lanterns light the sky", "Paper lanterns light the sky",
                         "Carry every wish we make", "Up into the velvet night"],
              "bridge": ["If the wind should take them far", "Let them find another shore"]}
    repeated = dict(lyrics, verse=["la la la la"] * 4)
    llm = ScriptedLLM({TrackHeadLLM: [echo_head, good_head, echo_head, echo_head],
                       LyricsLLM: [repeated, lyrics]})
    plan = plan_album(parse_brief_text("jazz album, 2 tracks, vocals on 1"), llm=llm, seed=1)
    first, second = plan.tracks
    assert first.title == "Paper Lanterns"  # valid on the second try
    assert "Paper lanterns light the sky" in (first.lyrics if first.vocal else second.lyrics) or \
        any("rule-based lyrics" in n for n in plan.notes)
    assert any("rule-based title and tags" in n for n in plan.notes)  # second track fell back


def test_a_title_repeated_across_the_album_is_replaced():
    head = {"title": "Paper Lanterns", "tags": ["warm", "intimate", "acoustic guitar", "gentle"]}
    llm = ScriptedLLM({TrackHeadLLM: [head, dict(head)]})
    plan = plan_album(parse_brief_text("folk album, 2 tracks, instrumental"), llm=llm, seed=1)
    assert plan.tracks[0].title == "Paper Lanterns" and plan.tracks[1].title != "Paper Lanterns"
    assert any("repeats an earlier track" in n for n in plan.notes)
