"""The LLM as a second reader of the brief: it proposes constraints through a JSON-schema
grammar, code compares them with the parser's reading, and the parser wins.

Where the two disagree, or the LLM proposes something the parser found no words for,
the plan gets a note; the plan's numbers never come from the LLM. This keeps a small
model useful as a cross-check (a disagreement points at a brief the parser may have
misread) without letting it misplace a number.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, Field

from agent.llm.runtime import LLM, ChatMessage
from agent.planning.constraints import BriefConstraints
from engine.errors import LLMError
from engine.genres import GENRES

GenreName = Literal[tuple(GENRES)]  # type: ignore[valid-type]

SYSTEM = ("You read a music brief and fill in only what it states. Use null for anything the brief does not "
          "say. Numbers must appear in the brief.")
EXAMPLE_BRIEF = "Brief: a jazz album, 6 songs, female vocals on 2, 100 bpm"
EXAMPLE_ANSWER = '{"track_count": 6, "genre": "jazz", "bpm": 100, "vocal_tracks": 2, "seconds_per_track": null}'


class ProposedConstraints(BaseModel):
    """The LLM's reading of the brief (the grammar it must fill)."""

    track_count: Annotated[int, Field(ge=1, le=30)] | None = None
    genre: GenreName | None = None
    bpm: Annotated[int, Field(ge=30, le=300)] | None = None
    vocal_tracks: Annotated[int, Field(ge=0, le=30)] | None = None
    seconds_per_track: Annotated[int, Field(ge=5, le=3600)] | None = None


def _parser_values(c: BriefConstraints) -> dict[str, object]:
    return {"track_count": c.track_count.value if c.track_count else None,
            "genre": c.genre.value if c.genre else next((t.genre.value for t in c.tracks if t.genre), None),
            "bpm": c.bpm.value if c.bpm else None,
            "vocal_tracks": c.vocal_tracks.value if c.vocal_tracks else None,
            "seconds_per_track": c.duration.value if c.duration else None}


def second_reading(llm: LLM, text: str, c: BriefConstraints) -> list[str]:
    """Notes on where the LLM's reading differs from the parser's (whose reading is kept)."""
    messages = [ChatMessage(role="system", content=SYSTEM), ChatMessage(role="user", content=EXAMPLE_BRIEF),
                ChatMessage(role="assistant", content=EXAMPLE_ANSWER),
                ChatMessage(role="user", content=f"Brief: {text[:1200]}")]
    try:
        proposed = llm.complete_json(messages, ProposedConstraints, max_tokens=80, retries=1)
    except LLMError as exc:
        return [f"second reader: no valid answer from the LLM ({' '.join(str(exc).split())[:120]})"]
    notes = []
    parsed = _parser_values(c)
    for field, theirs in proposed.model_dump().items():
        ours = parsed[field]
        same = ours is not None and (float(theirs) == float(ours) if isinstance(ours, (int, float)) else theirs == ours)
        if theirs is None or same:
            continue
        label = field.replace("_", " ")
        if ours is None:
            notes.append(f"second reader: the LLM read {label} = {theirs}; not used (no words in the brief say it)")
        else:
            notes.append(f"second reader: the LLM read {label} = {theirs}, the parser {ours}; the parser's reading "
                         "is kept")
    return notes
