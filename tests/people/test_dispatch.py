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
