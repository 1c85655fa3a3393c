"""Timing drift: the local tempo wanders away from the track's tempo.

Local tempo per 8 s window (hop 2 s) from the onset envelope's autocorrelation at
the lag of four beats (parabolic interpolation, ~1 % resolution), searched within
+-12 % of the global period. A window deviating more than MAX_DEVIATION for
MIN_S or longer is a drift. Source: tempo-stability practice (human
steadiness ~1-2 %); calibrated on synthetic drifts.
"""

from __future__ import annotations

import numpy as np

from quality.detectors.base import Context, defect, mask_ranges
from quality.report import Defect, DefectKind

WINDOW_S = 8.0
HOP_S = 2.0
MAX_DEVIATION = 0.04  # 4 % off the global tempo (clean recordings: ACF artefacts up to 8 %)
MIN_S = 6.0
SEARCH = 0.15  # +-15 % around the global period; a maximum on the edge is rejected
BEATS_PER_LAG = 4
MIN_PEAK = 0.2  # normalised autocorrelation needed to trust a local estimate


def _peak_lag(env: np.ndarray, lag0: float) -> tuple[float, float]:
    e = env - env.mean()
    den = float((e * e).sum())
    if den <= 0:
        return 0.0, 0.0
    lo = max(1, int(lag0 * (1 - SEARCH)))
    hi = min(e.size - 2, int(np.ceil(lag0 * (1 + SEARCH))))
    if hi <= lo + 1:
        return 0.0, 0.0
    ac = np.array([(e[:-k] * e[k:]).sum() / den for k in range(lo - 1, hi + 2)])
    i = int(np.argmax(ac[1:-1])) + 1
    if i <= 1 or i >= ac.size - 2:
        return 0.0, 0.0  # edge of the search range: not a peak
    a, b, c = ac[i - 1], ac[i], ac[i + 1]
    off = 0.5 * (a - c) / (a - 2 * b + c) if (a - 2 * b + c) != 0 else 0.0
    return lo - 1 + i + float(np.clip(off, -0.5, 0.5)), float(b)


def local_tempi(env: np.ndarray, *, frame_s: float, tempo_bpm: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(window start times s, local tempo bpm, confidence) over the onset envelope."""
    lag0 = BEATS_PER_LAG * 60.0 / tempo_bpm / frame_s
    win = int(WINDOW_S / frame_s)
    hop = int(HOP_S / frame_s)
    starts, tempi, conf = [], [], []
    for s in range(0, max(1, env.size - win + 1), hop):
        lag, pk = _peak_lag(env[s : s + win], lag0)
        starts.append(s * frame_s)
        tempi.append(BEATS_PER_LAG * 60.0 / (lag * frame_s) if lag > 0 else np.nan)
        conf.append(pk)
    return np.array(starts), np.array(tempi), np.array(conf)


def run(ctx: Context) -> list[Defect]:
    f = ctx.feats
    tempo, _ = f.beats
    if tempo <= 0 or f.duration_s < 2 * WINDOW_S:
        return []
    starts, tempi, conf = local_tempi(f.onset_env, frame_s=f.frame_s, tempo_bpm=tempo)
    ok = (conf > MIN_PEAK) & np.isfinite(tempi)
    if ok.sum() < 3:
        return []
    ref = float(np.median(tempi[ok]))
    dev = np.where(ok, tempi / ref - 1.0, 0.0)
    mask = np.abs(dev) > MAX_DEVIATION
    out = []
    for s, e in mask_ranges(mask, merge_gap=1, min_len=max(1, int((MIN_S - WINDOW_S) / HOP_S) + 1)):
        d = float(dev[s:e][np.argmax(np.abs(dev[s:e]))])
        sev = 0.2 + 0.6 * min(1.0, (abs(d) - MAX_DEVIATION) / 0.1)
        out.append(defect(DefectKind.timing_drift, starts[s], starts[e - 1] + WINDOW_S, sev, ctx,
                          tempo_bpm=ref, local_tempo_bpm=ref * (1 + d), deviation=d))
    return out
