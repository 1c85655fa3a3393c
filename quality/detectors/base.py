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
    stems: dict[str, np.ndarray] | None = None  # the take's own stems ((2, n) float32, 48 kHz), mix only
    _stem_sum: np.ndarray | None = field(default=None, repr=False)
    cache: dict[str, Any] = field(default_factory=dict, repr=False)  # results shared by detectors

    def stem_sum(self) -> np.ndarray | None:
        """Sum of the stems, (2, n) float32 aligned with the mix (computed once), or None."""
        if not self.stems:
            return None
        if self._stem_sum is None:
            n = self.feats.n
            acc = np.zeros((2, n), dtype=np.float32)
            for st in self.stems.values():
                m = min(n, st.shape[1])
                acc[:, :m] += st[:, :m]
            self._stem_sum = acc
        return self._stem_sum


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
        if isinstance(v, (bool, np.bool_, int, np.integer)):
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


def not_in_stems_db(ctx: Context, start_s: float, end_s: float, *, fit_s: float = 2.0) -> float | None:
    """How much of the mix in [start_s, end_s) is *not* in the take's stems, dB.

    The stems' sum is fitted to the mix by one gain over the surrounding ``fit_s``
    seconds (the master bus changes the level), and the residual's energy over the
    range is compared with the mix's: about -13..-30 dB where the mix is its stems
    (clean sketch takes, bus processing included), near 0 dB where something was added
    on the bus. None without stems.
    """
    if not ctx.stems:
        return None
    f = ctx.feats
    sr = f.sr
    a, b = int(max(0.0, start_s) * sr), int(min(f.duration_s, end_s) * sr)
    fa, fb = max(0, a - int(fit_s * sr)), min(f.n, b + int(fit_s * sr))
    if b <= a:
        return None
    mix = f.y[:, fa:fb].astype(np.float64)
    ssum = ctx.stem_sum()[:, fa:fb].astype(np.float64)
    den = float((ssum * ssum).sum())
    g = float((mix * ssum).sum()) / den if den > 0 else 0.0
    res = mix[:, a - fa : b - fa] - g * ssum[:, a - fa : b - fa]
    em = float((mix[:, a - fa : b - fa] ** 2).sum())
    return float(db(float((res * res).sum()) / max(em, 1e-20))) if em > 0 else None
