"""What every detector shares: the context it reads and range helpers."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from quality.features import Features
from quality.report import Defect, DefectKind


@dataclass
class Context:
    """Everything a detector may read: the shared features plus what the plan says."""

    feats: Features
    stem: str | None = None  # stem name when analysing a stem, None for the mix
    planned_duration_s: float | None = None
    planned_boundaries_s: list[float] = field(default_factory=list)
    structure: Any = None  # quality.report.StructureReport or None


def mask_ranges(mask: np.ndarray, *, merge_gap: int = 0, min_len: int = 1) -> list[tuple[int, int]]:
    """[start, end) index ranges where ``mask`` is true; gaps of <= ``merge_gap`` are
    bridged; ranges shorter than ``min_len`` dropped."""
    m = np.asarray(mask, dtype=bool)
    if not m.any():
        return []
    d = np.diff(np.concatenate([[0], m.astype(np.int8), [0]]))
    starts = np.flatnonzero(d == 1)
    ends = np.flatnonzero(d == -1)
    out: list[list[int]] = []
    for s, e in zip(starts, ends, strict=True):
        if out and s - out[-1][1] <= merge_gap:
            out[-1][1] = int(e)
        else:
            out.append([int(s), int(e)])
    return [(s, e) for s, e in out if e - s >= min_len]


def defect(kind: DefectKind, start_s: float, end_s: float, severity: float, ctx: Context, **evidence: Any) -> Defect:
    """Build a Defect with clamped times/severity and rounded evidence numbers."""
    ev: dict[str, float | int | str] = {}
    for k, v in evidence.items():
        if isinstance(v, (bool, np.bool_)):
            ev[k] = int(v)
        elif isinstance(v, (int, np.integer)):
            ev[k] = int(v)
        elif isinstance(v, (float, np.floating)):
            ev[k] = round(float(v), 4) if np.isfinite(v) else str(v)
        else:
            ev[k] = str(v)
    dur = ctx.feats.duration_s
    s = float(min(max(0.0, start_s), dur))
    e = float(min(max(s, end_s), dur))
    return Defect(
        kind=kind,
        start_s=round(s, 3),
        end_s=round(e, 3),
        severity=round(float(np.clip(severity, 0.0, 1.0)), 3),
        stem=ctx.stem,
        evidence=ev,
    )


def db(x: float | np.ndarray) -> float | np.ndarray:
    """10*log10 of a power with a floor at -200 dB."""
    return 10.0 * np.log10(np.maximum(x, 1e-20))
