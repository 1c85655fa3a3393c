"""Phase issues: inverted or cancelling stereo content.

Sustained negative correlation between L and R (broadband, or below 150 Hz where
a good mix is near mono) cancels in mono. Source: correlation-meter practice
(sustained readings below 0 indicate phase problems; DESIGN.md section 10).
"""

from __future__ import annotations

import numpy as np

from quality.detectors.base import Context, defect, mask_ranges
from quality.features import BLOCK, LOWBAND_BLOCK
from quality.report import Defect, DefectKind

WINDOW_S = 0.5
MAX_CORRELATION = -0.2  # sustained correlation below this is a phase problem
MIN_S = 1.0
MIN_LOW_S = 2.0  # low band: clean recordings show 1 s dips to -0.3 (bass panning, reverb)
MIN_RMS_DBFS = -45.0  # ignore near-silence


def windowed_correlation(sums: np.ndarray, *, per: int) -> tuple[np.ndarray, np.ndarray]:
    """(correlation, energy dB) per window of ``per`` blocks from block sums (LL, RR, LR)."""
    nw = sums.shape[0] // per
    w = sums[: nw * per].reshape(nw, per, 3).sum(axis=1)
    den = np.sqrt(w[:, 0] * w[:, 1])
    corr = np.where(den > 0, w[:, 2] / np.maximum(den, 1e-30), 1.0)
    energy = 10 * np.log10(np.maximum((w[:, 0] + w[:, 1]) / (2 * per), 1e-20))
    return corr, energy


def detect(sums: np.ndarray, *, block_n: int, sr: int, band: str) -> list[dict]:
    """Negative-correlation ranges from block sums (LL, RR, LR) of ``block_n`` samples."""
    per = max(1, int(WINDOW_S * sr / block_n))
    corr, en = windowed_correlation(sums, per=per)
    ws = per * block_n / sr
    en_db = en - 10 * np.log10(block_n)
    mask = (corr < MAX_CORRELATION) & (en_db > MIN_RMS_DBFS)
    return [{"start_s": s * ws, "end_s": e * ws, "correlation": float(np.median(corr[s:e])), "band": band}
            for s, e in mask_ranges(mask, merge_gap=1, min_len=max(1, int(MIN_S / ws)))]


def run(ctx: Context) -> list[Defect]:
    f = ctx.feats
    b = f.blocks
    found = detect(np.ascontiguousarray(b[:, [0, 1, 2]]), block_n=BLOCK, sr=f.sr, band="full")
    found += [g for g in detect(f.lowband_sums, block_n=LOWBAND_BLOCK, sr=f.sr, band="low") if g["end_s"] - g["start_s"] >= MIN_LOW_S]
    out = []
    for g in found:
        sev = 0.3 + 0.7 * min(1.0, (MAX_CORRELATION - g["correlation"]) / 0.6)
        out.append(defect(DefectKind.phase_issue, g["start_s"], g["end_s"], sev, ctx, correlation=g["correlation"], band=g["band"]))
    return out
