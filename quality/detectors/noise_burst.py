"""Noise bursts: short stretches of broadband noise standing out of the music.

A frame is noisy when its spectral flatness (100 Hz-16 kHz) is both high in
absolute terms and well above the median of the surrounding 2 s, and it is louder
than its surroundings. Thresholds calibrated on the planted-defect corpus and the
clean corpus (bench/quality_pr.py).
"""

from __future__ import annotations

import numpy as np

from quality.detectors.base import Context, db, defect, mask_ranges, not_in_stems_db
from quality.dsp import running_median
from quality.features import BANDS
from quality.report import Defect, DefectKind

MIN_FLATNESS = 0.3  # white noise ~0.56 (Hann power), dense mixes 0.02-0.15
FLATNESS_OVER_LOCAL = 3.0  # times the local (2 s) median flatness
MIN_RISE_DB = 2.0  # louder than the local median energy by this
LOCAL_S = 2.0
MIN_S = 0.04
MAX_S = 2.0
# With the engine's stems: a burst that is in the stems (a snare, a crash, a pluck)
# is music. Clean sketch takes: the mix minus its stems is -13..-30 dB; a burst added
# on the bus leaves -3..0 dB (bench/quality_pr.py sketch corpus).
MAX_IN_STEMS_DB = -6.0
# Without stems: many bursts of the same kind through a track are a noisy instrument
# of the arrangement (a snare, a crash); they are scaled down like recurring clicks.
RECURRING_MIN = 4
RECURRING_FACTOR = 0.5


def detect(flatness: np.ndarray, energy: np.ndarray, *, frame_s: float) -> list[dict]:
    """Bursts from per-frame ``flatness`` and ``energy`` (linear). Dicts: start_s, end_s,
    flatness, local_flatness, rise_db."""
    if flatness.size < 8:
        return []
    k = max(3, int(LOCAL_S / frame_s) | 1)
    fl_med = running_median(flatness, k)
    e_db = db(energy)
    e_med = running_median(e_db, k)
    mask = (flatness > MIN_FLATNESS) & (flatness > FLATNESS_OVER_LOCAL * fl_med) & (e_db > e_med + MIN_RISE_DB)
    out = []
    for s, e in mask_ranges(mask, merge_gap=3, min_len=max(1, int(MIN_S / frame_s))):
        if (e - s) * frame_s > MAX_S:
            continue
        out.append({"start_s": s * frame_s, "end_s": e * frame_s + frame_s, "flatness": float(flatness[s:e].mean()),
                    "local_flatness": float(fl_med[s:e].mean()), "rise_db": float((e_db[s:e] - e_med[s:e]).mean())})
    return out


def run(ctx: Context) -> list[Defect]:
    f = ctx.feats
    st = f.frame_stats
    nb = len(BANDS)
    found = detect(st[:, nb + 2], st[:, nb], frame_s=f.frame_s)
    if ctx.stems:
        for g in found:
            g["not_in_stems_db"] = not_in_stems_db(ctx, g["start_s"], g["end_s"])
        found = [g for g in found if g["not_in_stems_db"] is None or g["not_in_stems_db"] > MAX_IN_STEMS_DB]
    recurring = not ctx.stems and len(found) >= RECURRING_MIN
    out = []
    for g in found:
        sev = 0.1 + 0.6 * min(1.0, g["rise_db"] / 15.0) + 0.3 * min(1.0, g["flatness"] / 0.5)
        if recurring:
            sev *= RECURRING_FACTOR
            g["recurring"] = 1
        out.append(defect(DefectKind.noise_burst, g["start_s"], g["end_s"], sev, ctx, **{k: v for k, v in g.items() if k not in ("start_s", "end_s") and v is not None}))
    return out
