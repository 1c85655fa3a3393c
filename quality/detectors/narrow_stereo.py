"""Narrow stereo: the mix is (near) mono. A style choice as often as a defect, so
severity stays low; it only informs ranking and a possible cover/remix."""

from __future__ import annotations

import numpy as np

from quality.detectors.base import Context, defect
from quality.report import Defect, DefectKind

MAX_SIDE_MID_DB = -25.0  # side/mid energy below this sounds mono (calibrated: stereo mixes -15..-5 dB)
MONO_SIDE_MID_DB = -60.0  # exact mono
SEVERITY_MONO = 0.3


def side_mid_db(sums: np.ndarray) -> float:
    """Side/mid energy ratio (dB) from block sums (LL, RR, LR)."""
    ll, rr, lr = sums[:, 0].sum(), sums[:, 1].sum(), sums[:, 2].sum()
    mid = (ll + rr + 2 * lr) / 4
    side = (ll + rr - 2 * lr) / 4
    return float(max(-120.0, 10 * np.log10(max(side, 1e-20) / max(mid, 1e-20))))


def run(ctx: Context) -> list[Defect]:
    if ctx.stem is not None:
        return []
    r = side_mid_db(ctx.feats.blocks[:, [0, 1, 2]])
    if r >= MAX_SIDE_MID_DB:
        return []
    sev = 0.1 + (SEVERITY_MONO - 0.1) * min(1.0, (MAX_SIDE_MID_DB - r) / (MAX_SIDE_MID_DB - MONO_SIDE_MID_DB))
    return [defect(DefectKind.narrow_stereo, 0.0, ctx.feats.duration_s, sev, ctx, side_mid_db=r, limit_db=MAX_SIDE_MID_DB)]
