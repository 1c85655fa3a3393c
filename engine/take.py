"""What flows through the executor: a resolved StageRequest in, a Take out.

A Take carries audio (float32, ``(2, n)`` at 48 kHz), optional stems keyed by
ACE-Step track name, an engine-private latent handle (passed between stages so
refine and friends avoid lossy round trips), and a sidecar with every parameter
needed to reproduce it. ``diagnostics`` is private: what an engine knows it did
wrong. Tests may read it; it is never serialised, and quality/ and agent/ never
see it.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any

import numpy as np
from pydantic import BaseModel, ConfigDict, Field, PrivateAttr

from engine.constants import SAMPLE_RATE
from engine.pipeline import SectionEvent


class StageRequest(BaseModel):
    """One stage of one batch item, with every default resolved."""

    model_config = ConfigDict(extra="forbid")
    stage_id: str
    stage_type: Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]{0,31}$")]  # a registry's name (engine.stages)
    task: str | None  # ACE-Step task name; None for mix
    model: str | None  # None for mix
    instruction: str | None
    caption: str
    lyrics: str
    bpm: int | None
    keyscale: str | None
    timesignature: str | None
    duration: float
    vocal_language: str
    events: list[SectionEvent]
    genre: str | None = None  # engine.genres name; None = read it from the caption
    seed: int
    batch_index: int = 0
    steps: int | None = None
    shift: float | None = None
    guidance_scale: float | None = None
    denoise: float | None = None
    audio_cover_strength: float | None = None
    repainting_start: float | None = None
    repainting_end: float | None = None
    track_name: str | None = None
    complete_track_classes: list[str] | None = None
    source_gains_db: list[float] = Field(default_factory=list)
    structure: str = "tags"  # how planned sections reach the engine: "tags" or "guided"
    structure_strength: float | None = None  # guided: share of steps conditioned on the sketch


class SourceRef(BaseModel):
    """Where an input of a stage came from."""

    kind: str  # "stage" | "audio"
    ref: str  # stage id or file path
    path: str | None = None  # FLAC of that source as written
    sha256: str | None = None
    gain_db: float | None = None


class TakeSidecar(BaseModel):
    """Everything needed to reproduce a take; written as JSON beside its FLAC."""

    model_config = ConfigDict(extra="forbid")
    schema_version: int = 1
    run_id: str = ""
    pipeline: str = ""
    engine: str
    engine_version: str = ""
    checkpoint_hash: str | None = None  # identity of the model weights (None: no weights, e.g. sketch)
    request: StageRequest
    sources: list[SourceRef] = Field(default_factory=list)
    sample_rate: int = SAMPLE_RATE
    duration_s: float = 0.0
    audio_path: str | None = None
    sha256: str | None = None
    stems: dict[str, str] = Field(default_factory=dict)  # track name -> FLAC path
    timings_s: dict[str, float] = Field(default_factory=dict)
    created_at: str = Field(default_factory=lambda: datetime.now(UTC).isoformat(timespec="seconds"))


class Take(BaseModel):
    """Audio produced by a stage (or loaded from a file)."""

    model_config = ConfigDict(arbitrary_types_allowed=True)
    audio: np.ndarray
    sr: int = SAMPLE_RATE
    stems: dict[str, np.ndarray] = Field(default_factory=dict)
    latent: Any = None
    sidecar: TakeSidecar | None = None
    _diagnostics: list[dict[str, Any]] = PrivateAttr(default_factory=list)

    @property
    def duration_s(self) -> float:
        return self.audio.shape[-1] / self.sr

    @property
    def diagnostics(self) -> list[dict[str, Any]]:
        """Private record of imperfections the engine introduced (for evaluating critics)."""
        return self._diagnostics
