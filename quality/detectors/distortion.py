"""Distortion: saturated, flat-topped stretches (soft or hard clipping of a part).

Blind measure on 100 ms windows of the mid channel: saturation piles samples up
near the window peak (high near-peak fraction) and flattens the amplitude
distribution (low kurtosis). Music windows: near-peak fraction 0.2-2 %,
kurtosis 3-10; a tanh-saturated mix: 5-30 % and < 2.5. Thresholds calibrated on
the clean and planted corpora (bench/quality_pr.py).
"""

from __future__ import annotations

import numpy as np

from quality.detectors.base import Context, defect, mask_ranges
from quality.features import SHAPE_WIN
from quality.report import Defect, DefectKind

MIN_NEAR_PEAK_FRACTION = 0.05
MAX_KURTOSIS = 2.2
MIN_RMS_DBFS = -30.0
MIN_S = 0.3  # 3 windows
SEVERITY_FULL_FRACTION = 0.25


def detect(shape: np.ndarray, *, window_s: float) -> list[dict]:
    """Saturated ranges from per-window (rms, peak, kurtosis, near_peak_fraction)."""
    if shape.shape[0] == 0:
        return []
    rms_db = 20 * np.log10(np.maximum(shape[:, 0], 1e-10))
    mask = (shape[:, 3] > MIN_NEAR_PEAK_FRACTION) & (shape[:, 2] < MAX_KURTOSIS) & (rms_db > MIN_RMS_DBFS)
    out = []
    for s, e in mask_ranges(mask, merge_gap=2, min_len=max(1, int(MIN_S / window_s))):
        out.append({"start_s": s * window_s, "end_s": e * window_s, "near_peak_fraction": float(np.median(shape[s:e, 3])),
                    "kurtosis": float(np.median(shape[s:e, 2])), "covered": float(mask[s:e].mean())})
    return out


def run(ctx: Context) -> list[Defect]:
    f = ctx.feats
    out = []
    for g in detect(f.shape_stats, window_s=SHAPE_WIN / f.sr):
        sev = 0.3 + 0.7 * (g["near_peak_fraction"] - MIN_NEAR_PEAK_FRACTION) / (SEVERITY_FULL_FRACTION - MIN_NEAR_PEAK_FRACTION)
        sev *= 0.5 + 0.5 * g["covered"]
        out.append(defect(DefectKind.distortion, g["start_s"], g["end_s"], sev, ctx,
                          near_peak_fraction=g["near_peak_fraction"], kurtosis=g["kurtosis"]))
    return out
