"""What a brief asks for, as typed constraints that each remember the words they came from.

``BriefConstraints`` is the reader's output (planning/reader.py): album-level wishes
(track count, total length, genre, moods, language of the lyrics, tempo, vocals,
instruments) and per-track wishes (by index, or counted from the end: -1 is "the
last one"). ``Assumption`` is what the planner chose because the brief did not say,
with the reason; ``Unused`` is a number or word the reader saw but could not use.
"""

from __future__ import annotations

from typing import Generic, Literal, TypeVar

from pydantic import BaseModel, Field

from engine.genres import genre, style_of

T = TypeVar("T")
Tempo = Literal["very slow", "slow", "mid-tempo", "fast", "very fast"]


class Read(BaseModel, Generic[T]):
    """One value read from the brief and the words it came from (``start``/``end`` index the brief text)."""

    value: T
    source: str
    start: int = 0
    end: int = 0


class TrackConstraints(BaseModel):
    """What the brief says about one track. ``index`` is 1-based; negative counts from the end
    (-1 = the last one); 0 = every track the brief does not name ("the rest")."""

    index: int
    ref: str | None = None  # the words that named the track ("the last one", "track 3")
    genre: Read[str] | None = None
    bpm: Read[int] | None = None
    bpm_range: Read[tuple[int, int]] | None = None
    tempo: Read[Tempo] | None = None
    duration: Read[float] | None = None
    duration_range: Read[tuple[float, float]] | None = None  # "the closer under two minutes"
    vocal: Read[bool] | None = None
    voice: Read[str] | None = None  # "female" | "male" | "choir" | "duet"
    instruments: list[Read[str]] = Field(default_factory=list)
    excluded: list[Read[str]] = Field(default_factory=list)
    like: Read[int] | None = None  # "same as the opening but ...": the track it repeats, changed by the rest


class Ambiguity(BaseModel):
    """Something the brief leaves open that a person should be asked about (the REPL asks one)."""

    field: str
    question: str
    source: str
    default: str  # what autonomous runs take


class Unused(BaseModel):
    """Words the reader noticed (a number, mostly) but could not attach to any constraint."""

    source: str
    start: int
    end: int


class BriefConstraints(BaseModel):
    """Every constraint read from a free-text brief."""

    language: str | None = None  # the brief's own language (en, es, fr, de, pt), None = not recognised
    track_count: Read[int] | None = None
    count_hint: Read[str] | None = None  # "ep" | "album": a record without a number of tracks
    total_duration: Read[float] | None = None
    total_guessed: bool = False  # the total is a length too long for a track, not said to be the album's
    total_max: Read[float] | None = None  # the album lasts at most this many seconds
    genre: Read[str] | None = None
    moods: list[Read[str]] = Field(default_factory=list)
    lyrics_language: Read[str] | None = None
    bpm: Read[int] | None = None
    bpm_range: Read[tuple[int, int]] | None = None
    tempo: Read[Tempo] | None = None
    duration: Read[float] | None = None  # every track
    duration_range: Read[tuple[float, float]] | None = None  # every track, (min, max); either may be open
    vocal_tracks: Read[int] | None = None  # how many tracks are sung
    vocal: Read[bool] | None = None  # every track sung (True) or none (False)
    voice: Read[str] | None = None
    keyscale: Read[str] | None = None
    timesignature: Read[str] | None = None
    instruments: list[Read[str]] = Field(default_factory=list)
    excluded: list[Read[str]] = Field(default_factory=list)
    tracks: list[TrackConstraints] = Field(default_factory=list)
    ambiguities: list[Ambiguity] = Field(default_factory=list)
    unused: list[Unused] = Field(default_factory=list)
    conflicts: list[str] = Field(default_factory=list)  # constraints that contradict each other (refused)
    notes: list[str] = Field(default_factory=list)  # reader remarks (unsupported language, second reader)

    def track(self, index: int) -> TrackConstraints:
        """The constraints of track ``index`` (created empty when new)."""
        for t in self.tracks:
            if t.index == index:
                return t
        t = TrackConstraints(index=index)
        self.tracks.append(t)
        return t

    def named(self) -> dict[int, TrackConstraints]:
        """The tracks the brief speaks of, by index (-1 the last, 0 "the rest")."""
        return {t.index: t for t in self.tracks}

    def summary(self) -> list[tuple[str, str, str]]:
        """(what, value, source words) of every constraint read, album first, for display."""
        rows: list[tuple[str, str, str]] = []

        def add(label: str, r: Read | None) -> None:
            if r is not None:
                shown = _show(r.value)
                if label.endswith("genre") and style_of(shown):  # "drum and bass (electronic)"
                    shown = f"{shown} ({genre(shown).name})"
                rows.append((label, shown, r.source))

        for name in ("track_count", "count_hint", "total_duration", "total_max", "genre", "lyrics_language", "bpm", "bpm_range",
                     "tempo", "duration", "duration_range", "vocal_tracks", "vocal", "voice", "keyscale",
                     "timesignature"):
            add(name.replace("_", " "), getattr(self, name))
        for label, items in (("mood", self.moods), ("instrument", self.instruments), ("without", self.excluded)):
            for r in items:
                add(label, r)
        for t in sorted(self.tracks, key=lambda t: (t.index < 0, abs(t.index))):
            where = {-1: "last track", 0: "other tracks"}.get(t.index, f"track {t.index}" if t.index > 0
                                                              else f"track {-t.index} from the end")
            for name in ("genre", "bpm", "bpm_range", "tempo", "duration", "duration_range", "vocal", "voice"):
                add(f"{where}: {name.replace('_', ' ')}", getattr(t, name))
            for r in t.instruments:
                add(f"{where}: instrument", r)
            for r in t.excluded:
                add(f"{where}: without", r)
        return rows


class Assumption(BaseModel):
    """A choice the planner made because the brief did not say (or said something it could not use)."""

    field: str
    value: str
    why: str


def _show(value: object) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, tuple):
        return " to ".join(_show(v) for v in value)
    return str(value)
