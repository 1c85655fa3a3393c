"""Before a repair is kept: did it remove what the critic heard, and only that?

A repair take passes when, judged from the two quality reports and the audio alone:
- every targeted defect is gone (the proposal's defect kinds, inside the range the repair
  changed; for a stem repair, on that stem);
- nothing new was heard in the changed range (a defect of at least ``MIN_SEVERITY`` that
  the take it repaired did not have there);
- a repaint left the audio outside its range unchanged: the difference there stays under
  ``outside_limit_db(engine)`` of the source's level (the sketch engine copies those samples,
  so any change is refused; ACE-Step keeps the latents and decodes them again, so a codec's
  error is allowed, a changed performance is not);
- it scores at least ``MIN_GAIN`` higher (the acceptance rule: measurably better).
"""

from __future__ import annotations

import numpy as np
from pydantic import BaseModel, Field

from engine.constants import SAMPLE_RATE
from engine.pipeline import PipelineConfig
from quality.report import Defect, DefectKind, QualityReport
from quality.routing import MASTER, MIN_SEVERITY

MIN_GAIN = 0.01  # a repair must beat the take it repairs by at least this much
OUTSIDE_MAX_DB = {"sketch": -60.0}  # difference outside a repaint range, relative to the source there
OUTSIDE_DECODED_DB = -20.0  # engines that decode the kept latents again
TOL_S = 0.3  # defects this close count as the same place


class Verdict(BaseModel):
    """What the check found, in words for the catalog and album.html."""

    passed: bool
    gain: float
    removed: list[str] = Field(default_factory=list)  # targeted defects that are gone
    remaining: list[str] = Field(default_factory=list)  # targeted defects still heard
    added: list[str] = Field(default_factory=list)  # new defects in the changed range
    outside_db: float | None = None  # repaint: level of the change outside the range (dB re source)
    reason: str = ""


def outside_limit_db(engine: str) -> float:
    return OUTSIDE_MAX_DB.get(engine, OUTSIDE_DECODED_DB)


def changed_range(pipeline: PipelineConfig, duration: float) -> tuple[float, float]:
    """The time range a repair pipeline may change: a repaint's range, else the whole take."""
    stage = pipeline.stages[-1]
    if stage.type == "repaint":
        end = duration if stage.repainting_end is None else float(stage.repainting_end)
        return float(stage.repainting_start or 0.0), end
    return 0.0, duration


def _all(report: QualityReport, wanted: set[DefectKind]) -> list[Defect]:
    """Defects that count: audible ones, and level problems (mastering's) only when targeted."""
    return [d for d in report.all_defects
            if d.severity >= MIN_SEVERITY and (d.kind not in MASTER or d.kind in wanted)]


def _near(d: Defect, a: float, b: float) -> bool:
    return d.start_s < b + TOL_S and d.end_s > a - TOL_S


def _label(d: Defect) -> str:
    return f"{d.kind.value}@{d.start_s:.1f}-{d.end_s:.1f}s" + (f" ({d.stem})" if d.stem else "")


def _labels(ds: list[Defect]) -> str:
    """The defects in words, one phrase per kind and stem ("distortion (keyboard) in 9 ranges,
    0.7-29.2s" rather than nine labels)."""
    groups: dict[tuple[str, str | None], list[Defect]] = {}
    for d in ds:
        groups.setdefault((d.kind.value, d.stem), []).append(d)
    out = []
    for (kind, stem), g in groups.items():
        if len(g) == 1:
            out.append(_label(g[0]))
        else:
            where = f" ({stem})" if stem else ""
            out.append(f"{kind}{where} in {len(g)} ranges, {min(d.start_s for d in g):.1f}-{max(d.end_s for d in g):.1f}s")
    return ", ".join(out)


def _same(d: Defect, others: list[Defect]) -> bool:
    return any(o.kind is d.kind and o.stem == d.stem and _near(o, d.start_s, d.end_s) for o in others)


def outside_change_db(before: np.ndarray, after: np.ndarray, a: float, b: float) -> float:
    """Level of ``after - before`` outside [a, b), in dB relative to ``before`` there (-inf when identical)."""
    n = min(before.shape[-1], after.shape[-1])
    mask = np.ones(n, dtype=bool)
    mask[max(0, int(a * SAMPLE_RATE)):min(n, int(b * SAMPLE_RATE))] = False
    if before.shape[-1] != after.shape[-1]:
        return 0.0  # a different length is a change
    if not mask.any():
        return float("-inf")
    diff = float(np.sqrt(np.mean((after[:, mask].astype(np.float64) - before[:, mask]) ** 2)))
    ref = float(np.sqrt(np.mean(before[:, mask].astype(np.float64) ** 2))) + 1e-12
    return float("-inf") if diff == 0.0 else 20.0 * np.log10(diff / ref)


def verify(before: QualityReport, after: QualityReport, *, pipeline: PipelineConfig, kinds: list[str],
           stem: str | None = None, outside_db: float | None = None, outside_max_db: float = -60.0) -> Verdict:
    """Judge one repair take against the take it repaired (see the module docstring)."""
    a, b = changed_range(pipeline, before.metrics.duration_s)
    wanted = {DefectKind(k) for k in kinds}
    old, new = _all(before, wanted), _all(after, wanted)
    targeted = [d for d in old if d.kind in wanted and _near(d, a, b) and (stem is None or d.stem in (stem, None))]
    remaining = [d for d in targeted if _same(d, new)]
    added = [d for d in new if _near(d, a, b) and not _same(d, old)]
    gain = round(after.overall - before.overall, 3)
    problems = []
    if remaining:
        problems.append("still heard: " + _labels(remaining))
    if added:
        problems.append("new: " + _labels(added))
    if outside_db is not None and outside_db > outside_max_db:
        problems.append(f"audio outside the range changed ({outside_db:.0f} dB)")
    if gain < MIN_GAIN:
        problems.append(f"score {gain:+.2f}, not better")
    gone = [d for d in targeted if d not in remaining]
    removed = [_label(d) for d in gone]
    reason = ("kept: removed " + (_labels(gone) or "what the critic heard") + f", score {gain:+.2f}"
              if not problems else "thrown away: " + "; ".join(problems))
    return Verdict(passed=not problems, gain=gain, removed=removed, remaining=[_label(d) for d in remaining],
                   added=[_label(d) for d in added], outside_db=None if outside_db is None else round(outside_db, 1),
                   reason=reason)
