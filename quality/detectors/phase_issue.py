"""Phase issues: inverted or cancelling stereo content.

Sustained negative correlation between L and R (broadband, or below 150 Hz where
a good mix is near mono) cancels in mono. Source: correlation-meter practice
(sustained readings below 0 indicate phase problems).

Wide orchestral and ambient recordings (spaced microphones, decorrelated reverb,
stereo synth pads) read -0.2..-0.7 for seconds at a time although nothing is wrong
(packaged game music, the calibration half of bench/real_corpus.py). A polarity
fault differs in being a *change of every band at once*: a channel flipped over a
range turns each band's correlation c into -c, so both the whole band and the low
band (below 150 Hz, where music is near mono) read far below the CONTEXT_S around
the range; a wide passage decorrelates some bands (reverb highs, a stereo synth
bass) and leaves the others. So a negative range is a fault when both bands sit at
least MIN_CONTRAST below their context, when it is extreme (EXTREME_CORRELATION),
or when the whole file reads below MAX_CORRELATION (one channel inverted
throughout: no clean context). Other negative ranges are reported at
NOT_FAULT_SEVERITY (a mono-compatibility note the agent does not act on).
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
NOT_FAULT_SEVERITY = 0.15  # a wide passage that is the track's own image: below what the agent acts on (0.25)
CONTEXT_S = 10.0  # the track's own stereo image: windows this far either side of the range
# Calibration (bench/real_corpus.py, calibration half, 41 tracks): clean wide orchestral
# and ambient passages flip one band at most (the other within 0.52 of its context; one
# electronic track: 0.57), planted inversions on decorrelated tracks flip both by 0.59-0.6,
# correlated tracks by 1-1.9. Calibration half: clean 1/41 flagged, planted found 37/41.
MIN_CONTRAST = 0.55
EXTREME_CORRELATION = -0.8  # clean recordings' 0.5 s windows stay above -0.75 (one ufoai track)


def windowed_correlation(sums: np.ndarray, *, per: int) -> tuple[np.ndarray, np.ndarray]:
    """(correlation, energy dB) per window of ``per`` blocks from block sums (LL, RR, LR)."""
    nw = sums.shape[0] // per
    w = sums[: nw * per].reshape(nw, per, 3).sum(axis=1)
    den = np.sqrt(w[:, 0] * w[:, 1])
    corr = np.where(den > 0, w[:, 2] / np.maximum(den, 1e-30), 1.0)
    energy = 10 * np.log10(np.maximum((w[:, 0] + w[:, 1]) / (2 * per), 1e-20))
    return corr, energy


def _corr(sums: np.ndarray, idx: np.ndarray) -> float | None:
    """Correlation over the blocks ``idx`` of block sums (LL, RR, LR); None if silent."""
    if idx.size == 0:
        return None
    w = sums[idx].sum(axis=0)
    den = float(np.sqrt(w[0] * w[1]))
    return float(w[2] / den) if den > 0 else None


def _contrast(sums: np.ndarray, block_s: float, start_s: float, end_s: float) -> tuple[float | None, float | None]:
    """(correlation over [start_s, end_s), over the CONTEXT_S either side) from block sums."""
    n = sums.shape[0]
    a, b = int(start_s / block_s), min(n, int(np.ceil(end_s / block_s)))
    c = int(CONTEXT_S / block_s)
    ctx = np.r_[max(0, a - c) : a, b : min(n, b + c)]
    return _corr(sums, np.arange(a, b)), _corr(sums, ctx)


def detect(sums: np.ndarray, *, block_n: int, sr: int, band: str) -> list[dict]:
    """Negative-correlation ranges from block sums (LL, RR, LR) of ``block_n`` samples."""
    per = max(1, int(WINDOW_S * sr / block_n))
    corr, en = windowed_correlation(sums, per=per)
    ws = per * block_n / sr
    en_db = en - 10 * np.log10(block_n)
    mask = (corr < MAX_CORRELATION) & (en_db > MIN_RMS_DBFS)
    return [{"start_s": s * ws, "end_s": e * ws, "correlation": float(np.median(corr[s:e])), "band": band}
            for s, e in mask_ranges(mask, merge_gap=1, min_len=max(1, int(MIN_S / ws)))]


def is_fault(g: dict, *, whole: float) -> bool:
    """The module docstring's rule: a flip of the whole band *and* of the low band
    against the context, an extreme reading, or a negative file."""
    if g["correlation"] <= EXTREME_CORRELATION or whole < MAX_CORRELATION:
        return True
    flips = [c - r for r, c in (g["full"], g["low"]) if r is not None and c is not None]
    return len(flips) == 2 and min(flips) >= MIN_CONTRAST


def run(ctx: Context) -> list[Defect]:
    f = ctx.feats
    b = f.blocks
    found = detect(np.ascontiguousarray(b[:, [0, 1, 2]]), block_n=BLOCK, sr=f.sr, band="full")
    found += [g for g in detect(f.lowband_sums, block_n=LOWBAND_BLOCK, sr=f.sr, band="low") if g["end_s"] - g["start_s"] >= MIN_LOW_S]
    full_sums = np.ascontiguousarray(b[:, [0, 1, 2]])
    whole = _corr(full_sums, np.arange(full_sums.shape[0]))
    out = []
    for g in found:
        g["full"] = _contrast(full_sums, BLOCK / f.sr, g["start_s"], g["end_s"])
        g["low"] = _contrast(f.lowband_sums, LOWBAND_BLOCK / f.sr, g["start_s"], g["end_s"])
        g["is_fault"] = is_fault(g, whole=whole if whole is not None else 1.0)
        sev = 0.3 + 0.7 * min(1.0, (MAX_CORRELATION - g["correlation"]) / 0.6)
        if not g["is_fault"]:
            sev = min(sev, NOT_FAULT_SEVERITY)  # reported (a mono-compatibility note), not acted on
        ev = {"correlation": g["correlation"], "band": g["band"]}
        for name in ("full", "low"):
            r, c = g[name]
            if r is not None and c is not None:
                ev[f"{name}_range"], ev[f"{name}_context"] = r, c
        out.append(defect(DefectKind.phase_issue, g["start_s"], g["end_s"], sev, ctx, **ev))
    return out
