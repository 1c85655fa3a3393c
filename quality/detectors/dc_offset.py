"""DC offset: a constant shift of the waveform (whole file or a long range)."""

from __future__ import annotations

import numpy as np

from quality.detectors.base import Context, defect, mask_ranges
from quality.features import BLOCK
from quality.report import Defect, DefectKind

# Calibration: clean music (sketch takes, packaged recordings) measures |mean| < 1e-3
# over 1 s windows; 0.005 (-46 dBFS) is clearly above that and audible as an offset
# when editing (clicks at cuts).
MAX_DC = 0.005  # whole file
# a 1 s window (short-term offsets are less audible): a bass-heavy recording's 1 s mean
# reaches 0.017 with no offset at all (an asymmetric sub-bass waveform; calibration half of
# bench/real_corpus.py), so a window must pass 0.02
MAX_DC_WINDOW = 0.02
SEVERITY_FULL_DC = 0.05  # -26 dBFS of offset: severity 1
WINDOW_S = 1.0
# An offset lasts: a range of one 1 s window is as likely a loud asymmetric bass note or kick (fresh4: one window of
# -0.062 among windows of either sign under 0.017, and one of 0.031 every 7 s, on two electronic tracks whose
# whole-file mean is under MAX_DC) and is reported for a listen, under the fault line; two windows or more keep
# their severity. On the splits before fresh4 (`bench/quality_real.py --split all`, 3,263 analyses) no clean
# excerpt had a one-window range over 0.45 and no planted offset was found by one alone (the plants are whole-file).
MIN_FAULT_WINDOWS = 2
ONE_WINDOW_SEVERITY = 0.45


def detect(sums: np.ndarray, *, block_n: int, sr: int, max_dc: float = MAX_DC) -> list[tuple[float, float, float]]:
    """Ranges (start_s, end_s, dc) where the 1 s mean of either channel exceeds ``max_dc``.
    ``sums`` (blocks, 2) holds per-block sample sums of L and R."""
    per = max(1, int(WINDOW_S * sr / block_n))
    nb = sums.shape[0] // per
    if nb == 0:
        m = sums.sum(axis=0) / max(1, sums.shape[0] * block_n)
        win = m[None, :]
        per = sums.shape[0]
    else:
        win = sums[: nb * per].reshape(nb, per, 2).sum(axis=1) / (per * block_n)
    dc = win[np.arange(win.shape[0]), np.abs(win).argmax(axis=1)]
    bs = per * block_n / sr
    return [(s * bs, e * bs, float(dc[s:e].mean())) for s, e in mask_ranges(np.abs(dc) > max_dc, merge_gap=1)]


def _severity(dc: float, limit: float = MAX_DC) -> float:
    """0.25 (what the agent acts on: a high-pass fixes it losslessly) just past ``limit``
    (the threshold that found it: MAX_DC for the whole file, MAX_DC_WINDOW for a 1 s
    window), 1 at SEVERITY_FULL_DC. An offset is inaudible in playback, so the overall score
    weighs it lightly (quality/scoring.py): a recording that really carries one is reported
    without sinking its score."""
    return min(1.0, 0.25 + 0.75 * (abs(dc) - limit) / (SEVERITY_FULL_DC - limit))


def run(ctx: Context) -> list[Defect]:
    f = ctx.feats
    out = []
    whole = f.blocks[:, 5:7].sum(axis=0) / f.n
    dc_file = float(whole[np.abs(whole).argmax()])
    if abs(dc_file) > MAX_DC:
        sev = _severity(dc_file)
        return [defect(DefectKind.dc_offset, 0.0, f.duration_s, sev, ctx, dc=dc_file, dc_dbfs=20 * np.log10(abs(dc_file)), limit=MAX_DC)]
    for s, e, dc in detect(f.blocks[:, 5:7], block_n=BLOCK, sr=f.sr, max_dc=MAX_DC_WINDOW):
        sev = _severity(dc, MAX_DC_WINDOW)
        if e - s < MIN_FAULT_WINDOWS * WINDOW_S - 1e-6:
            sev = min(sev, ONE_WINDOW_SEVERITY)  # one window: a bass note's asymmetry as likely as an offset
        out.append(defect(DefectKind.dc_offset, s, e, sev, ctx, dc=dc, dc_dbfs=20 * np.log10(abs(dc)), limit=MAX_DC_WINDOW))
    return out
