"""What is remembered about a scored take: the agent's ``TakeRecord``, its typed defect
summaries, and the conversion of a take on disk to the catalog's ``GenerationRecord``.

Paths in a ``TakeRecord`` are relative to the album run folder, so a run folder can
move. Records cross the LangGraph state as JSON (``model_dump(mode="json")``).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, Field, field_validator

from engine.take import TakeSidecar
from quality.report import RepairRoute
from tools.take_id import TakeId, TakeIdText, TakeKind
from tools.take_store import stem_paths

if TYPE_CHECKING:
    from catalog.records import GenerationRecord
    from quality.report import QualityReport
    from tools.takes import ScoredTake

DEFECT_SUMMARY_LIMIT = 4  # worst defects a record keeps


class DefectSummary(BaseModel):
    """One heard defect, short: what, where, how bad, on which stem."""

    kind: str  # quality.schema.DefectKind value
    start_s: float
    end_s: float
    severity: float
    stem: str | None = None

    def __str__(self) -> str:
        where = f" ({self.stem})" if self.stem else ""
        return f"{self.kind}@{self.start_s:.1f}-{self.end_s:.1f}s sev {self.severity:.2f}{where}"


# Records written before defects were typed held them as the strings ``__str__`` makes.
_LEGACY = re.compile(r"^(?P<kind>[a-z_]+)@(?P<a>[\d.]+)-(?P<b>[\d.]+)s sev (?P<sev>[\d.]+)(?: \((?P<stem>[^)]*)\))?$")


def _from_legacy(text: str) -> DefectSummary:
    m = _LEGACY.match(text)
    if m is None:
        raise ValueError(f"{text!r} is not a defect summary")
    return DefectSummary(kind=m["kind"], start_s=float(m["a"]), end_s=float(m["b"]), severity=float(m["sev"]),
                         stem=m["stem"])


def defect_summary(report: QualityReport, limit: int = DEFECT_SUMMARY_LIMIT) -> list[DefectSummary]:
    """The report's worst defects (mix and stems), worst first."""
    worst = sorted(report.all_defects, key=lambda d: -d.severity)
    return [DefectSummary(kind=d.kind.value, start_s=round(d.start_s, 3), end_s=round(d.end_s, 3),
                          severity=round(d.severity, 4), stem=d.stem) for d in worst[:limit]]


class TakeRecord(BaseModel):
    """One scored take of a track: a candidate or a repair result."""

    take_id: TakeIdText  # "t01c2", "t01r1"
    track: int
    kind: TakeKind
    candidate: int | None = None
    parent: TakeIdText | None = None  # take repaired (repairs only)
    route: RepairRoute | None = None  # repairs only
    run_dir: str  # pipeline run folder, relative to the album run folder
    audio: str  # final FLAC, relative to the album run folder
    sidecar: str
    report: str  # <take>.quality.json
    sha256: str
    overall: float
    defects: list[DefectSummary] = Field(default_factory=list)  # worst first
    engine_s: float = 0.0
    analysis_s: float = 0.0
    accepted: bool = True  # repairs: False when it did not beat the take it repaired

    @field_validator("defects", mode="before")
    @classmethod
    def _legacy_defects(cls, value: Any) -> Any:
        if isinstance(value, list):
            return [_from_legacy(v) if isinstance(v, str) else v for v in value]
        return value

    @property
    def id(self) -> TakeId:
        return TakeId.parse(self.take_id)

    @property
    def rankable(self) -> bool:
        """Whether the critic may choose this take."""
        return self.kind is TakeKind.candidate or self.accepted

    @property
    def note(self) -> str:
        """What a repair take is, for people ('' for a candidate)."""
        if self.kind is TakeKind.candidate:
            return ""
        return f"{self.route} of {self.parent}" + ("" if self.accepted else ", scored lower")

    @property
    def defect_text(self) -> str:
        """The defects as one line for people ('none' when clean)."""
        return "; ".join(map(str, self.defects)) or "none"

    @classmethod
    def from_scored(cls, take_id: TakeId, scored: ScoredTake, *, out_dir: Path, **extra: Any) -> TakeRecord:
        """The record of a take just rendered and scored into ``out_dir`` (the album run folder)."""
        return cls(take_id=str(take_id), track=take_id.track, kind=take_id.kind,
                   run_dir=str(scored.run_dir.relative_to(out_dir)), audio=str(scored.audio.relative_to(out_dir)),
                   sidecar=str(scored.sidecar.relative_to(out_dir)),
                   report=str(scored.report_path.relative_to(out_dir)), sha256=scored.sidecar_data.sha256 or "",
                   overall=scored.report.overall, defects=defect_summary(scored.report), engine_s=scored.engine_s,
                   analysis_s=scored.report.analysis_seconds or 0.0, **extra)


def generation_record(sidecar: TakeSidecar, *, audio: Path, base: Path, **extra: Any) -> GenerationRecord:
    """The catalog's record of a take: stems as paths from ``base`` (the sidecar's folder)."""
    from catalog.records import GenerationRecord

    stems = {k: str(p) for k, p in stem_paths(sidecar, base).items()}
    return GenerationRecord.from_sidecar(sidecar, audio_path=str(audio), stems=stems, **extra)
