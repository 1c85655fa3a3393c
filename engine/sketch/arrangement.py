"""The sketch engine's latent: an arrangement (what to play, when, on what).

An ``Arrangement`` is everything needed to re-render a take bit-identically:
tempo map, meter, key, sections, chords, melody, timbre profile and seeds. It is
stored in ``Take.latent`` (wrapped in ``SketchLatent`` with the imperfections the
take received) so refine/cover/repaint/lego can work on structure, not audio.
"""

from __future__ import annotations

import numpy as np
from pydantic import BaseModel, Field

from engine.sketch.timbre import GenreProfile

SECTION_SNAP_S = 0.02  # a bar this close before a section's start belongs to that section


class Section(BaseModel):
    kind: str  # intro, verse, chorus, bridge, outro, ... (event type)
    start_s: float
    end_s: float
    energy: float  # 0 sparse .. 1 full


class Chord(BaseModel):
    beat: float  # start, in quarter notes from the song start
    beats: float
    root: int  # pitch class
    quality: str  # key of harmony.QUALITY_INTERVALS


class Note(BaseModel):
    beat: float
    beats: float
    pitch: int  # MIDI
    vel: float = 0.8
    vowel: int = 0


class TempoDrift(BaseModel):
    """The tempo ramps linearly to ``ratio`` x bpm across [start_s, end_s], then snaps back
    (with ``ramp_s``: ramps over the first ``ramp_s`` and holds ``ratio`` to ``end_s``)."""

    start_s: float
    end_s: float
    ratio: float
    ramp_s: float | None = None


class Imperfection(BaseModel):
    """One flaw a take received (private; becomes a ``Take.diagnostics`` dict)."""

    kind: str  # clipping, distortion, muddy_mix, dropout, click, noise_burst, phase_issue, timing_drift, early_ending
    stem: str | None = None
    start_s: float
    end_s: float
    params: dict[str, float] = Field(default_factory=dict)

    def as_diagnostic(self) -> dict[str, object]:
        return {"kind": self.kind, "stem": self.stem, "start_s": round(self.start_s, 4),
                "end_s": round(self.end_s, 4), **self.params}


class Arrangement(BaseModel):
    seed: int
    duration_s: float
    bpm: float
    beats_per_bar: float  # in quarter notes (6/8 -> 3.0)
    meter: str  # "4/4", "3/4", "6/8" ...
    tonic: int
    mode: str  # major | minor
    sections: list[Section]
    chords: list[Chord]
    melody: list[Note] = Field(default_factory=list)
    profile: GenreProfile
    vocal: bool = False
    drift: TempoDrift | None = None
    end_s: float | None = None  # early ending: music stops here

    # -- tempo map ---------------------------------------------------------
    def beat_times(self) -> np.ndarray:
        """Time in seconds of every integer beat (quarter note) 0..N covering the song."""
        spb = 60.0 / self.bpm
        n = int(self.duration_s / spb * 1.3) + 8
        if self.drift is None:
            return np.arange(n, dtype=np.float64) * spb
        d = self.drift
        times = np.empty(n)
        t = 0.0
        for k in range(n):
            times[k] = t
            factor = 1.0
            if d.start_s <= t < d.end_s:
                ramp = d.ramp_s if d.ramp_s is not None else d.end_s - d.start_s
                factor = 1.0 + (d.ratio - 1.0) * min(1.0, (t - d.start_s) / max(ramp, 1e-6))
            t += spb / factor
        return times

    def time_of(self, beats: np.ndarray | float, grid: np.ndarray | None = None) -> np.ndarray:
        """Seconds of (fractional) beat positions, through the tempo map."""
        g = self.beat_times() if grid is None else grid
        b = np.asarray(beats, dtype=np.float64)
        return np.interp(b, np.arange(g.size, dtype=np.float64), g)

    def beat_of(self, seconds: np.ndarray | float, grid: np.ndarray | None = None) -> np.ndarray:
        g = self.beat_times() if grid is None else grid
        return np.interp(np.asarray(seconds, dtype=np.float64), g, np.arange(g.size, dtype=np.float64))

    def section_at(self, seconds: float) -> Section:
        """The section playing at ``seconds`` (a bar starting within SECTION_SNAP_S of a
        section's start belongs to it: planned times are rounded to 10 ms)."""
        seconds += SECTION_SNAP_S
        for s in self.sections:
            if s.start_s <= seconds < s.end_s:
                return s
        return self.sections[-1]

    def chord_at(self, beat: float) -> Chord:
        lo, hi = 0, len(self.chords) - 1
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if self.chords[mid].beat <= beat:
                lo = mid
            else:
                hi = mid - 1
        return self.chords[lo]


class SketchLatent(BaseModel):
    """What a sketch take carries in ``Take.latent``."""

    arrangement: Arrangement
    imperfections: list[Imperfection] = Field(default_factory=list)
    render_seed: int
    steps: int
