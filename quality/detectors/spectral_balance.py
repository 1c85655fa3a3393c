"""Shared helper of the tonal-balance detectors (harshness, muddy_mix, thin_low_end):
band-to-total energy ratios over the active frames, whole file and per window."""

from __future__ import annotations

import numpy as np

from quality.detectors.base import Context, db, defect, mask_ranges
from quality.features import BAND_NAMES
from quality.report import Defect, DefectKind

WINDOW_S = 4.0  # tonal balance judged over 4 s windows
WINDOW_EXTRA_DB = 3.0  # a window must pass the limit by 3 dB more than the whole file


def band_ratio_db(ctx: Context, bands: tuple[str, ...]) -> tuple[float, np.ndarray, float]:
    """(whole-file ratio dB, per-window ratio dB, window_s) of the named bands' energy
    to the total energy (20 Hz-20 kHz), over active frames only."""
    f = ctx.feats
    be = f.band_energy
    act = f.active_frames
    idx = [BAND_NAMES.index(b) for b in bands]
    num = be[:, idx].sum(axis=1) * act
    den = be.sum(axis=1) * act
    whole = float(db(num.sum() / max(den.sum(), 1e-20)))
    per = max(1, int(WINDOW_S / f.frame_s))
    nw = num.shape[0] // per
    if nw == 0:
        return whole, np.array([whole]), f.duration_s
    wn = num[: nw * per].reshape(nw, per).sum(axis=1)
    wd = den[: nw * per].reshape(nw, per).sum(axis=1)
    win = np.where(wd > 0, db(wn / np.maximum(wd, 1e-20)), np.nan)
    return whole, win, per * f.frame_s


def excess_defects(ctx: Context, kind: DefectKind, bands: tuple[str, ...], *, limit_db: float, full_db: float,
                   below: bool = False, min_windows: int = 2) -> list[Defect]:
    """Defects where the band ratio is above ``limit_db`` (or below, with ``below``),
    severity rising linearly to 1 at ``full_db`` past the limit. Whole file first:
    if the file as a whole is over, one whole-file defect; else the windows that are."""
    whole, win, ws = band_ratio_db(ctx, bands)
    sign = -1.0 if below else 1.0
    name = "+".join(bands)

    def sev(v: float) -> float:
        return 0.2 + 0.8 * sign * (v - limit_db) / full_db

    if sign * (whole - limit_db) > 0:
        return [defect(kind, 0.0, ctx.feats.duration_s, sev(whole), ctx, band=name, ratio_db=whole, limit_db=limit_db)]
    over = np.nan_to_num(sign * (win - limit_db) - WINDOW_EXTRA_DB, nan=-1.0) > 0
    out = []
    for s, e in mask_ranges(over, min_len=min_windows):
        v = float(np.nanmedian(win[s:e]))
        out.append(defect(kind, s * ws, e * ws, sev(v) - 0.8 * WINDOW_EXTRA_DB / full_db, ctx, band=name, ratio_db=v, limit_db=limit_db, file_ratio_db=whole))
    return out
