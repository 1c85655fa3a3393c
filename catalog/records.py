"""Typed records that go into and come out of the catalog.

Writers (the agent, ``ingest``) hand these pydantic models to ``Catalog`` methods;
readers get them back. Nothing outside ``catalog/`` needs to know the SQL schema.

In: ``RunRecord``, ``BriefRecord``, ``PlanRecord``, ``GenerationRecord`` (a take
sidecar plus catalog-only facts), ``CatalogRepair``, ``HumanChoice``,
``ReferenceSimilarity``, ``PlannerStat``.
Out: ``GenerationRow`` (one take with its report, defects, repairs, pairs),
``TakeSummary`` (one line of ``catalog ls``), ``PairRow``, ``MiningResult``,
``IngestSummary``, ``DatasetVersion``.
"""

from __future__ import annotations

from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from engine.constants import SAMPLE_RATE
from engine.pipeline import SectionEvent
from engine.take import SourceRef, StageRequest, TakeSidecar
from quality.report import Defect, QualityReport


def utcnow() -> datetime:
    """Naive UTC timestamp (the catalog stores every time as naive UTC)."""
    return datetime.now(UTC).replace(tzinfo=None, microsecond=0)


def to_utc_naive(value: str | datetime | None) -> datetime:
    """Parse an ISO time (with or without zone) to naive UTC; None -> now."""
    if value is None or value == "":
        return utcnow()
    dt = datetime.fromisoformat(value) if isinstance(value, str) else value
    if dt.tzinfo is not None:
        dt = dt.astimezone(UTC).replace(tzinfo=None)
    return dt


class Strategy(StrEnum):
    """The five pair-mining strategies (catalog/mining.py)."""

    seeds = "seeds"  # 1: same prompt and params, different seeds
    params = "params"  # 2: same prompt, different params
    repair = "repair"  # 3: before/after a repair
    human = "human"  # 4: a person's choice (supervised mode)
    reference = "reference"  # 5: similarity to a reference clip


StoredDecision = Literal["auto", "approved", "rejected", "pending"]  # agent.records.Decision.stored


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid")


class RunRecord(_In):
    """One agent or executor run (an album night, a `run` of a pipeline file)."""

    run_id: Annotated[str, Field(min_length=1, max_length=128)]
    started_at: datetime = Field(default_factory=utcnow)
    finished_at: datetime | None = None
    mode: str = ""  # autonomous | supervised | collaborative | cli
    engine: str = ""
    brief_id: str | None = None
    status: str = "running"
    manifest: dict[str, Any] | None = None  # run.json as the executor wrote it
    notes: str = ""


class BriefRecord(_In):
    """What a person asked for: REPL text or a brief YAML, verbatim and parsed."""

    brief_id: Annotated[str, Field(min_length=1, max_length=128)]
    text: str = ""
    source_path: str | None = None
    data: dict[str, Any] | None = None
    created_at: datetime = Field(default_factory=utcnow)


class PlanRecord(_In):
    """An album plan or one track plan (with its timed events)."""

    plan_id: Annotated[str, Field(min_length=1, max_length=128)]
    kind: Literal["album", "track"]
    parent_plan_id: str | None = None
    brief_id: str | None = None
    run_id: str | None = None
    title: str = ""
    caption: str = ""
    lyrics: str = ""
    bpm: int | None = None
    keyscale: str | None = None
    timesignature: str | None = None
    duration: float | None = None
    vocal: bool | None = None
    events: list[SectionEvent] = Field(default_factory=list)
    data: dict[str, Any] | None = None
    created_at: datetime = Field(default_factory=utcnow)


class GenerationRecord(_In):
    """One take to store: the sidecar's request plus catalog-only facts.

    ``audio_path`` may be absolute or relative to the current folder; the catalog
    stores it relative to its root. ``gen_id`` defaults to the first 16 hex digits
    of ``sha256`` so the same audio always gets the same id.
    """

    sha256: Annotated[str, Field(pattern=r"^[0-9a-f]{64}$")]
    audio_path: str
    request: StageRequest
    engine: str
    engine_version: str = ""
    duration_s: float = 0.0
    sample_rate: int = SAMPLE_RATE
    run_id: str | None = None
    plan_id: str | None = None
    parent_gen_id: str | None = None
    source_gen_ids: list[str] = Field(default_factory=list)
    sources: list[SourceRef] = Field(default_factory=list)
    pipeline: str = ""
    pipeline_config: dict[str, Any] | None = None
    checkpoint_hash: str | None = None
    scheduler: str | None = None
    latent_path: str | None = None
    stems: dict[str, str] = Field(default_factory=dict)
    timings_s: dict[str, float] = Field(default_factory=dict)
    lm: dict[str, Any] | None = None  # LM metadata: CoT, generated caption
    tags: list[str] | None = None  # None: derived from the caption
    created_at: datetime = Field(default_factory=utcnow)

    @property
    def gen_id(self) -> str:
        return self.sha256[:16]

    @classmethod
    def from_sidecar(
        cls, sidecar: TakeSidecar, *, audio_path: str | Path, sha256: str | None = None, **extra: Any
    ) -> GenerationRecord:
        """Build a record from a take sidecar. ``sha256`` defaults to the sidecar's."""
        digest = sha256 or sidecar.sha256
        if digest is None:
            from engine.audio import sha256_file

            digest = sha256_file(audio_path)
        stems = dict(sidecar.stems)
        fields: dict[str, Any] = {
            "sha256": digest,
            "audio_path": str(audio_path),
            "request": sidecar.request,
            "engine": sidecar.engine,
            "engine_version": sidecar.engine_version,
            "checkpoint_hash": sidecar.checkpoint_hash,
            "duration_s": sidecar.duration_s,
            "sample_rate": sidecar.sample_rate,
            "run_id": sidecar.run_id or None,
            "sources": sidecar.sources,
            "pipeline": sidecar.pipeline,
            "stems": stems,
            "timings_s": sidecar.timings_s,
            "created_at": to_utc_naive(sidecar.created_at),
        }
        fields.update(extra)
        return cls(**fields)


class CatalogRepair(_In):
    """A repair attempt: which take, into which take, how, and who decided."""

    from_gen_id: str
    to_gen_id: str | None = None  # None when the repair failed before producing audio
    route: str  # repaint | cover | stem_relego | complete | regenerate | repaint_tail | master
    defect_kinds: list[str] = Field(default_factory=list)
    decision: StoredDecision = "auto"
    decided_by: str = "agent"  # "agent" or a person's name
    score_before: float | None = None
    score_after: float | None = None
    reason: str = ""
    pipeline_config: dict[str, Any] | None = None
    run_id: str | None = None
    created_at: datetime = Field(default_factory=utcnow)


class HumanChoice(_In):
    """A person preferred ``chosen_gen_id`` over ``rejected_gen_id`` (supervised mode)."""

    chosen_gen_id: str
    rejected_gen_id: str
    who: str = "user"
    run_id: str | None = None
    note: str = ""
    created_at: datetime = Field(default_factory=utcnow)


class ReferenceSimilarity(_In):
    """How close a take is to a reference clip, 0 (unlike) to 1 (same)."""

    gen_id: str
    reference_sha256: Annotated[str, Field(pattern=r"^[0-9a-f]{64}$")]
    reference_path: str = ""
    method: str = "default"
    similarity: Annotated[float, Field(ge=0, le=1)]
    created_at: datetime = Field(default_factory=utcnow)


class PlannerStat(_In):
    """A learned planner heuristic (e.g. scope 'genre:jazz', key 'preferred_model')."""

    scope: str
    key: str
    value: Any
    n: int = 0
    updated_at: datetime = Field(default_factory=utcnow)


# ---------------------------------------------------------------- out


class TakeSummary(BaseModel):
    """One line of ``catalog ls``."""

    gen_id: str
    created_at: datetime
    caption: str
    model: str | None
    task: str | None
    seed: int | None
    bpm: int | None
    keyscale: str | None
    duration_s: float | None
    overall: float | None
    n_defects: int | None
    tags: list[str]
    audio_path: str


class PairRow(BaseModel):
    """One preference pair as stored."""

    pair_id: str
    strategy: Strategy
    chosen_gen_id: str
    rejected_gen_id: str
    chosen_score: float | None
    rejected_score: float | None
    margin: float | None
    score_kind: str
    group_key: str | None = None
    mined_at: datetime


class GenerationRow(BaseModel):
    """Everything the catalog knows about one take (``catalog show``)."""

    gen_id: str
    sha256: str
    audio_path: str  # relative to the catalog root
    audio_abspath: str
    fields: dict[str, Any]  # every column of the generations table
    report: QualityReport | None = None
    defects: list[Defect] = Field(default_factory=list)
    repairs: list[dict[str, Any]] = Field(default_factory=list)
    pairs: list[PairRow] = Field(default_factory=list)
    human_ratings: list[dict[str, Any]] = Field(default_factory=list)


class MiningResult(BaseModel):
    """What one ``mine_pairs`` call found and stored."""

    strategy: Strategy
    candidates: int  # pairs meeting the rules before de-duplication
    inserted: int  # new pairs stored
    duplicates: int  # already in the catalog (same two takes)
    seconds: float
    notes: list[str] = Field(default_factory=list)


class Skip(BaseModel):
    """A file ingest left out, and why."""

    path: str
    reason: str


class IngestSummary(BaseModel):
    """The outcome of one ingest: counts plus every skipped file with its reason."""

    folder: str
    added: int = 0
    scored: int = 0  # takes scored during ingest (they had no report)
    unscored: int = 0  # takes stored without a report (analyzer unavailable or failed)
    skipped: list[Skip] = Field(default_factory=list)
    gen_ids: list[str] = Field(default_factory=list)
    seconds: float = 0.0


class DatasetVersion(BaseModel):
    """An immutable export, tied to the model checkpoint its takes came from."""

    version: str
    kind: Literal["pairs", "lora"]
    format: str
    path: str
    checkpoint: str
    n_rows: int
    n_files: int
    query: str
    filters: dict[str, Any]
    manifest_sha256: str
    created_at: datetime

