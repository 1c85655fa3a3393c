"""Briefs and plans: what a person asks for, and what the planner decides.

A brief holds only what the person said (None = not said). A plan is complete:
every number derived and checked by code (planning/derive.py), every word written
by the LLM or the rule-based writer.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from agent.planning.constraints import Assumption, BriefConstraints, Tempo
from engine.pipeline import KeyScale, SectionEvent, TimeSignature

MIN_TRACK_S = 10.0
MAX_TRACK_S = 600.0
# the words of the plan's note when a length asked for is outside MIN_TRACK_S-MAX_TRACK_S and planned at the limit
LENGTH_LIMIT_NOTE = "a track can last"
MAX_TRACKS = 30


def _ordered_bpm(r: tuple[int, int]) -> tuple[int, int]:
    if r[0] > r[1]:
        raise ValueError(f"the bpm range {r[0]}-{r[1]} runs backwards: write the lower tempo first")
    return r


def _renderable_lengths(r: tuple[float, float]) -> tuple[float, float]:
    if r[0] > r[1]:
        raise ValueError(f"the length range {r[0]:g}-{r[1]:g} s runs backwards: write the shorter length first")
    if r[1] < MIN_TRACK_S or r[0] > MAX_TRACK_S:
        raise ValueError(f"the length range {r[0]:g}-{r[1]:g} s lies outside the {MIN_TRACK_S:g}-{MAX_TRACK_S:g} s "
                         "a track can last: ask for lengths inside it")
    return r


_Bpm = Annotated[int, Field(ge=30, le=300)]
BpmRange = Annotated[tuple[_Bpm, _Bpm], AfterValidator(_ordered_bpm)]
LengthRange = Annotated[tuple[Annotated[float, Field(ge=0)], Annotated[float, Field(ge=0)]],
                        AfterValidator(_renderable_lengths)]


class TrackBrief(BaseModel):
    """Explicit wishes for one track (all optional), from a YAML brief's `tracks:` list."""

    model_config = ConfigDict(extra="forbid")
    title: Annotated[str, Field(max_length=120)] | None = None
    idea: Annotated[str, Field(max_length=1000)] | None = None
    caption: Annotated[str, Field(max_length=2000)] | None = None
    lyrics: Annotated[str, Field(max_length=8000)] | None = None
    vocal: bool | None = None
    bpm: Annotated[int, Field(ge=30, le=300)] | None = None
    keyscale: KeyScale | None = None
    timesignature: TimeSignature | None = None
    duration: Annotated[float, Field(ge=MIN_TRACK_S, le=MAX_TRACK_S)] | None = None
    events: list[SectionEvent] | None = None
    genre: str | None = None
    tempo: Tempo | None = None  # a tempo word, mapped into the genre's range
    bpm_range: BpmRange | None = None
    vocal_style: str | None = None  # "female vocals", ...
    instruments: list[str] = Field(default_factory=list)
    excluded: list[str] = Field(default_factory=list)  # "no drums"


class AlbumBrief(BaseModel):
    """What the person asked for. ``text`` is the free-text brief (any language)."""

    model_config = ConfigDict(extra="forbid")
    text: Annotated[str, Field(max_length=4000)] = ""
    title: Annotated[str, Field(max_length=120)] | None = None
    genre: Annotated[str, Field(max_length=60)] | None = None
    tags: Annotated[list[Annotated[str, Field(max_length=40)]], Field(max_length=32)] = Field(default_factory=list)
    track_count: Annotated[int, Field(ge=1, le=MAX_TRACKS)] | None = None
    vocal_tracks: Annotated[int, Field(ge=0, le=MAX_TRACKS)] | None = None
    vocal_style: Annotated[str, Field(max_length=80)] | None = None  # "female vocals", "male rap", ...
    language: Annotated[str, Field(max_length=16)] | None = None
    bpm: Annotated[int, Field(ge=30, le=300)] | None = None
    keyscale: KeyScale | None = None
    timesignature: TimeSignature | None = None
    track_duration: Annotated[float, Field(ge=MIN_TRACK_S, le=MAX_TRACK_S)] | None = None
    album_duration: Annotated[float, Field(gt=0, le=MAX_TRACKS * MAX_TRACK_S)] | None = None
    album_duration_max: Annotated[float, Field(gt=0)] | None = None  # the album lasts at most this long
    candidates: Annotated[int, Field(ge=1, le=16)] | None = None
    tracks: list[TrackBrief] = Field(default_factory=list)
    tempo: Tempo | None = None  # a tempo word for every track, mapped into the genre's range
    bpm_range: BpmRange | None = None
    duration_range: LengthRange | None = None  # every track's length lies in it
    instruments: list[str] = Field(default_factory=list)
    excluded: list[str] = Field(default_factory=list)
    # what the brief reader read from `text` (kept on the plan; not part of a brief file)
    constraints: BriefConstraints | None = Field(default=None, exclude=True)


class TrackPlan(BaseModel):
    """Everything needed to generate one track."""

    model_config = ConfigDict(extra="forbid")
    index: Annotated[int, Field(ge=1)]
    title: str
    genre: str
    style: str | None = None  # a style of the genre the brief named ("tango", "drum and bass")
    caption: str
    lyrics: str
    vocal: bool
    vocal_language: str = "en"
    bpm: Annotated[int, Field(ge=30, le=300)]
    keyscale: str
    timesignature: str
    duration: Annotated[float, Field(ge=MIN_TRACK_S, le=MAX_TRACK_S)]
    events: list[SectionEvent]


class AlbumPlan(BaseModel):
    """A whole album: the brief it came from and one plan per track."""

    model_config = ConfigDict(extra="forbid")
    title: str
    brief: AlbumBrief
    genre: str
    candidates: Annotated[int, Field(ge=1, le=16)] = 2
    planner: str = "rules"  # "rules" | "llm:<model name>"
    notes: list[str] = Field(default_factory=list)  # what code corrected, fallbacks taken
    tracks: list[TrackPlan]
    constraints: BriefConstraints | None = None  # what was read from the brief's words, with their source
    assumptions: list[Assumption] = Field(default_factory=list)  # what the brief did not say, and what was taken
