"""Clicks: isolated impulses or steps (second difference far above its surroundings).

A click's second difference is impulsive inside its 5 ms block (peak/RMS > 6; an
impulse gives ~12.6, a step ~11, noise ~3-4, tones 1.4) and far above the d2
level of the surrounding 100 ms.
"""

from __future__ import annotations

import numpy as np

from quality import kernels
from quality.detectors.base import Context, defect
from quality.report import Defect, DefectKind

BLOCK = 240  # 5 ms at 48 kHz
NEIGHBOURS = 10  # blocks each side for the local d2 level (50 ms)
MIN_ISOLATION = 6.0  # peak / RMS of d2 inside the block (calibrated, see above)
MIN_RATIO_DB = 30.0  # peak d2 over the neighbours' median d2 RMS (clean recordings: sharp onsets reach 24-45 dB)
MIN_D2 = 0.01  # absolute floor (about -40 dBFS impulse)
MERGE_S = 0.05
SEVERITY_SPAN_DB = 40.0  # 70 dB over the surroundings: severity 0.9
MAX_DEFECTS = 50
# Many clicks of similar size are a percussive sound of the music (a rimshot or a
# hard-attack sample repeating), not a defect: clean tracker-music recordings show
# 30-50 of them with d2 spread < 30 %. Their severity is scaled down.
RECURRING_MIN = 8
RECURRING_MAX_SPREAD = 0.3
RECURRING_FACTOR = 0.3


def detect(x: np.ndarray, *, sr: int, min_ratio_db: float = MIN_RATIO_DB) -> list[dict]:
    """Clicks in one channel ``x`` (n,) at ``sr`` Hz: dicts with time_s, ratio_db, d2."""
    st = kernels.click_scan(np.ascontiguousarray(x, dtype=np.float32), BLOCK, NEIGHBOURS)
    if st.shape[0] == 0:
        return []
    ratio = st[:, 0] / np.maximum(st[:, 3], 1e-9)
    iso = st[:, 0] / np.maximum(st[:, 2], 1e-12)
    ok = (20 * np.log10(np.maximum(ratio, 1e-9)) > min_ratio_db) & (iso > MIN_ISOLATION) & (st[:, 0] > MIN_D2)
    return [{"time_s": st[b, 1] / sr, "ratio_db": 20 * np.log10(ratio[b]), "d2": st[b, 0]} for b in np.flatnonzero(ok)]


def run(ctx: Context) -> list[Defect]:
    f = ctx.feats
    hits = sorted(detect(f.y[0], sr=f.sr) + detect(f.y[1], sr=f.sr), key=lambda h: h["time_s"])
    groups: list[dict] = []
    for h in hits:
        if groups and h["time_s"] - groups[-1]["end"] <= MERGE_S:
            g = groups[-1]
            g["end"] = h["time_s"]
            g["ratio_db"] = max(g["ratio_db"], h["ratio_db"])
            g["d2"] = max(g["d2"], h["d2"])
            g["n"] += 1
        else:
            groups.append({"start": h["time_s"], "end": h["time_s"], "ratio_db": h["ratio_db"], "d2": h["d2"], "n": 1})
    groups.sort(key=lambda g: -g["ratio_db"])
    d2 = np.array([g["d2"] for g in groups])
    recurring = d2.size >= RECURRING_MIN and float(np.std(d2) / max(np.mean(d2), 1e-12)) < RECURRING_MAX_SPREAD
    out = []
    for g in groups[:MAX_DEFECTS]:
        sev = 0.1 + 0.8 * (g["ratio_db"] - MIN_RATIO_DB) / SEVERITY_SPAN_DB
        if recurring:
            sev *= RECURRING_FACTOR
            g["recurring"] = 1
        out.append(defect(DefectKind.click, g["start"] - 0.002, g["end"] + 0.002, sev, ctx,
                          ratio_db=g["ratio_db"], d2_peak=g["d2"], impulses=g["n"], recurring=g.get("recurring", 0)))
    return sorted(out, key=lambda d: d.start_s)
