"""The QualityReport contract: what quality/ hears in a take.

Scripts rely on this shape; ``quality/report.schema.json`` is generated from it by
``python -m quality.schema`` and committed. Extend ``DefectKind`` only by adding.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

REPORT_SCHEMA_VERSION = 1


class DefectKind(StrEnum):
    """The fixed defect vocabulary: each kind has a detector (quality/detectors/), a weight
    (quality/scoring.py) and a route (quality/routing.py); tests/quality/test_registry.py checks it."""

    clipping = "clipping"
    true_peak_over = "true_peak_over"
    loudness_off_target = "loudness_off_target"
    dc_offset = "dc_offset"
    dropout = "dropout"
    click = "click"
    noise_burst = "noise_burst"
    distortion = "distortion"
    harshness = "harshness"
    muddy_mix = "muddy_mix"
    thin_low_end = "thin_low_end"
    phase_issue = "phase_issue"
    narrow_stereo = "narrow_stereo"
    timing_drift = "timing_drift"
    early_ending = "early_ending"
    structure_mismatch = "structure_mismatch"


class RepairRoute(StrEnum):
    """How a heard defect is repaired (quality/routing.py maps defects to routes)."""

    repaint = "repaint"  # re-render a time range
    repaint_tail = "repaint_tail"  # re-render the end of a take that ends early
    cover = "cover"  # re-render the whole take close to itself ("clean mix")
    stem_relego = "stem_relego"  # extract the good stems, lego the bad one back
    complete = "complete"  # add a missing instrument class
    regenerate = "regenerate"  # a new take with the planned events and duration
    master = "master"  # gain and true-peak limiting (the curator's, not a re-render)


Severity = Annotated[float, Field(ge=0.0, le=1.0)]


class Defect(BaseModel):
    """One problem heard, with where, how bad, and the numbers that triggered it."""

    model_config = ConfigDict(extra="forbid")
    kind: DefectKind
    start_s: Annotated[float, Field(ge=0)]
    end_s: Annotated[float, Field(ge=0)]
    severity: Severity
    stem: str | None = None
    evidence: dict[str, float | int | str] = Field(default_factory=dict)


class Metrics(BaseModel):
    """Whole-file measurements. Units are in the names; None where not measurable."""

    model_config = ConfigDict(extra="forbid")
    duration_s: float
    sample_rate: int
    integrated_lufs: float | None = None
    loudness_range_lu: float | None = None
    short_term_lufs_max: float | None = None
    true_peak_dbtp: float | None = None
    sample_peak_dbfs: float | None = None
    crest_factor_db: float | None = None
    dc_offset: float | None = None
    band_energy_db: dict[str, float] = Field(default_factory=dict)  # sub, bass, low_mid, mid, presence, air
    spectral_flatness: float | None = None
    spectral_centroid_hz: float | None = None
    stereo_correlation: float | None = None
    mono_compat_loss_db: float | None = None
    side_mid_ratio_db: float | None = None
    tempo_bpm: float | None = None
    beat_stability: float | None = None
    key: str | None = None
    key_confidence: float | None = None
    onset_density_per_s: float | None = None


class StemReport(BaseModel):
    """Analysis of one stem (the engine's own, or from a separator)."""

    model_config = ConfigDict(extra="forbid")
    name: str
    score: Annotated[float, Field(ge=0, le=10)]
    source: str  # "engine" | "dsp" | "spleeter" | "demucs"
    metrics: Metrics
    defects: list[Defect] = Field(default_factory=list)


class BoundaryEvidence(BaseModel):
    """What the take has at one planned boundary (quality/structure_plan.py).

    ``evidence`` is the change heard near the planned time (novelty in timbre, harmony,
    density, loudness and rhythm) over the same measure inside the take's planned
    sections: about 1 or more where a section changes, well below 1 where nothing does.
    ``status``: ``hit`` (a change within a beat or two), ``shifted`` (the change is there
    but further off), ``missing`` (no change heard), ``weak`` (too little to tell),
    ``same`` (both sides are the same section type: no change expected), ``cut`` (the
    music has ended before it)."""

    model_config = ConfigDict(extra="forbid")
    planned_s: float
    before: str
    after: str
    status: str
    evidence: float
    elsewhere: float | None = None  # the strongest change inside the two neighbouring sections, same scale
    found_s: float | None = None
    shift_s: float | None = None
    strongest: str | None = None  # the feature group that changed most at found_s
    contrast: float | None = None  # how much the two sections differ, 1 = the limit (quality/structure_same.py)


class SectionCheck(BaseModel):
    """One planned section heard against the plan: its length between the changes
    found, and whether it sounds like its own section type (order)."""

    model_config = ConfigDict(extra="forbid")
    type: str
    start_s: float
    end_s: float
    heard_length_s: float | None = None  # between the changes found at its boundaries
    sounds_like: str | None = None  # the section type it resembles, when not its own
    order_ok: bool = True


class StructureReport(BaseModel):
    """Detected sections against the planned events. ``detected_boundaries_s`` and the
    F-measures come from the blind detector (no plan needed); with a plan, the plan-aware
    check fills ``boundaries``, ``sections``, the hit rate, the length and order agreement
    (the share of sections that sound like their planned type) and ``score``."""

    model_config = ConfigDict(extra="forbid")
    detected_boundaries_s: list[float] = Field(default_factory=list)
    planned_boundaries_s: list[float] = Field(default_factory=list)
    f_measure_0_5s: float | None = None
    f_measure_3s: float | None = None
    precision_3s: float | None = None
    recall_3s: float | None = None
    section_order_agreement: float | None = None
    score: Annotated[float, Field(ge=0, le=10)] | None = None
    boundaries: list[BoundaryEvidence] = Field(default_factory=list)  # per planned boundary, with a plan
    sections: list[SectionCheck] = Field(default_factory=list)
    boundary_hit_rate: float | None = None  # planned changes heard within 3 s (hit or shifted)
    section_length_agreement: float | None = None  # sections whose heard length is within a beat or two of the plan


class SuggestedRepair(BaseModel):
    """A repair the routing table proposes for one or more defects."""

    model_config = ConfigDict(extra="forbid")
    route: RepairRoute
    defect_kinds: list[DefectKind]
    start_s: float | None = None
    end_s: float | None = None
    stem: str | None = None
    reason: str = ""


class QualityReport(BaseModel):
    """One take, heard once. ``overall`` is 0-10, higher is better."""

    model_config = ConfigDict(extra="forbid")
    schema_version: int = REPORT_SCHEMA_VERSION
    path: str | None = None
    sha256: str | None = None
    overall: Annotated[float, Field(ge=0, le=10)]
    metrics: Metrics
    stems: list[StemReport] = Field(default_factory=list)
    structure: StructureReport | None = None
    defects: list[Defect] = Field(default_factory=list)
    suggested_repairs: list[SuggestedRepair] = Field(default_factory=list)
    analysis_seconds: float | None = None
    analyzer_version: str = ""

    @property
    def all_defects(self) -> list[Defect]:
        """Every defect heard: the mix's, then each stem's."""
        return self.defects + [d for s in self.stems for d in s.defects]
