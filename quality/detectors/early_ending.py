"""Early ending: the music stops well before the planned duration (or, without a
plan, the file ends in a long stretch of silence)."""

from __future__ import annotations

import numpy as np

from quality.detectors.base import Context, defect
from quality.report import Defect, DefectKind

SILENCE_BELOW_PEAK_DB = 50.0  # "music" = within 50 dB of the loudest 5 ms block
SILENCE_ABS_DBFS = -65.0
MIN_SHORT_S = 3.0  # short of the plan by at least 3 s ...
MIN_SHORT_FRACTION = 0.05  # ... and 5 % of it
NO_PLAN_TAIL_S = 8.0  # without a plan: trailing silence this long ...
NO_PLAN_TAIL_FRACTION = 0.15  # ... and this fraction of the file


def content_end_s(level_db: np.ndarray, *, block_s: float) -> float:
    """End time of the last block that holds music."""
    if level_db.size == 0:
        return 0.0
    thr = max(SILENCE_ABS_DBFS, float(level_db.max()) - SILENCE_BELOW_PEAK_DB)
    idx = np.flatnonzero(level_db > thr)
    return float((idx[-1] + 1) * block_s) if idx.size else 0.0


def run(ctx: Context) -> list[Defect]:
    if ctx.stem is not None:
        return []
    f = ctx.feats
    end = min(content_end_s(f.block_rms_db, block_s=f.block_s), f.duration_s)
    if ctx.planned_duration_s:
        planned = float(ctx.planned_duration_s)
        short = planned - end
        if short >= max(MIN_SHORT_S, MIN_SHORT_FRACTION * planned):
            sev = 0.4 + 0.6 * min(1.0, short / (0.3 * planned))
            return [defect(DefectKind.early_ending, end, max(end, min(planned, f.duration_s)), sev, ctx,
                           content_end_s=end, planned_duration_s=planned, file_duration_s=f.duration_s, short_s=short)]
        return []
    tail = f.duration_s - end
    if tail >= max(NO_PLAN_TAIL_S, NO_PLAN_TAIL_FRACTION * f.duration_s):
        sev = 0.3 + 0.5 * min(1.0, tail / f.duration_s / 0.5)
        return [defect(DefectKind.early_ending, end, f.duration_s, sev, ctx, content_end_s=end, file_duration_s=f.duration_s, tail_silence_s=tail)]
    return []
