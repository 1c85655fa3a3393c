"""Whatever the LLM writes, a plan keeps what the brief asked for.

The LLM only writes words (album and track titles, caption tags, lyrics); code derives every
number and puts the brief's facts into the caption (genre and style first, voice or
"instrumental", instruments wanted and excluded). This checks that claim on every brief of
the set: each is planned with a writer whose answers are valid for the grammar but pull the
other way (another genre's tags, the tag "instrumental" on sung tracks, a wrong voice, the
instruments the brief excluded), and the plan must comply as it does with the rule writer.
The bundled model itself plans a few briefs end to end in tests/agent/test_briefs.py (slow).
"""

from __future__ import annotations

import itertools
from pathlib import Path

from pydantic import BaseModel

from agent.llm.runtime import LLMStats
from agent.planning.compliance import check_plan, load_cases
from agent.planning.planner import load_brief, plan_album
from agent.planning.words import TAG_VOCABULARY, AlbumTitleLLM, LyricsLLM, TrackHeadLLM
from engine.genres import GENRES

BRIEFS = Path(__file__).parent / "briefs"
DEV = [(f"{p.stem}-{i}", c) for p in sorted(BRIEFS.glob("*.yaml")) if p.stem != "heldout"
       for i, c in enumerate(load_cases(p))]

PULLING_TAGS = [t for t in ("instrumental", "female vocals", "male vocals", "choir", "drums", "synths",
                            "brass", "piano", "distorted guitar") if t in TAG_VOCABULARY]
LYRICS = {"verse": ["Paper boats are sailing down the drain", "Every window hums a different tune",
                    "Neon letters flicker in the rain", "Someone calls a name across the room"],
          "chorus": ["Hold the night and let it run", "Hold the night until the sun",
                     "Every light we left undone", "Hold the night and let it run"],
          "bridge": ["If the river never finds the sea", "We will build a harbour out of words"]}


class ContraryWriter:
    """A writer that answers in the grammar but against the brief (not a model: a test of the planner)."""

    name = "contrary"

    def __init__(self) -> None:
        self.stats = LLMStats()
        genres = itertools.cycle(list(GENRES.values()))
        self._tags = (g.tags[:3] + [t] for g, t in zip(genres, itertools.cycle(PULLING_TAGS)))
        self._titles = itertools.cycle(["Harbour Lights", "Cedar Road", "Glass Orchard", "Northern Static"])

    def complete_json(self, messages, schema: type[BaseModel], *, max_tokens: int = 512, retries: int = 2):
        self.stats.calls += 1
        if schema is TrackHeadLLM:
            return TrackHeadLLM(title=next(self._titles), tags=next(self._tags))
        if schema is LyricsLLM:
            return LyricsLLM.model_validate(LYRICS)
        if schema is AlbumTitleLLM:
            return AlbumTitleLLM(title="Borrowed Weather")
        raise AssertionError(f"unexpected schema {schema.__name__}")


def test_every_brief_keeps_its_constraints_whatever_the_words():
    checked, broken = 0, []
    for name, case in DEV:
        if case.known_miss or case.expect.refuse:
            continue
        plan = plan_album(load_brief(case.brief), seed=len(name), llm=ContraryWriter())
        problems = check_plan(plan, case.expect)
        checked += 1
        if problems:
            broken.append(f"{name}: {problems[:2]}")
    assert checked >= 300
    assert broken == []
