"""The bus transfer: the master bus's own EQ, read against the engine's stems (tonal balance, measure 1).

When the engine's stems are given: the mix's band energies over the stems' sum's, in dB,
minus their median over the seven bands. The stems are the arrangement before the master
bus, so this is the bus's own EQ: flat within 1.1 dB on 50 clean sketch takes (10 genres),
while a +6 dB bell in the band reads +3..5 dB. Judged on the whole file and per 4 s window,
on windows where it can be read (``_consistent_windows``: not quiet reverb tails, not
clipped stretches). The severities and the other measure (the spectral shape) are in
spectral_balance.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from quality.detectors.base import Context, db, mask_ranges
from quality.features import BAND_NAMES, STEM_HOP, Features

WINDOW_S = 4.0
# bus transfer (mix over the stems' sum), dB above the median band
BUS_LIMIT_DB = 2.0  # clean sketch takes: <= 1.1 dB whole file
BUS_WINDOW_EXTRA_DB = 2.0  # a 4 s window must pass the limit by 2 dB more (clean windows: <= 0.6 dB, ambient 3.1)
QUIET_WINDOW_DB = 20.0
GAIN_TOLERANCE_DB = 3.0
BUS_SPAN_DB = 10.0
BUS_MIN_WINDOWS = 2
WHOLE_FILE_COVERAGE = 0.75  # windows over the limit covering less than this: reported as ranges, not the file
MAX_STEM_MISMATCH_DB = 10.0  # stems whose sum is this far from the mix's level do not explain it


class BusReading(NamedTuple):
    """What the bus transfer reads for a band group: the whole file's excess (dB; None without
    stems or where they do not explain the mix), the runs of windows over the window limit
    (first, end window, median excess dB), the window length (s) and the number of windows."""

    whole_db: float | None
    windows: list[tuple[int, int, float]]
    window_s: float
    n_windows: int


def bus_transfer(mix_energy: np.ndarray, stem_energy: np.ndarray) -> np.ndarray | None:
    """Per-band mix / stems-sum energy in dB minus its median over the bands, for
    (..., n_bands) energies; None where the stems do not explain the mix."""
    t = db(mix_energy) - db(stem_energy)
    med = np.median(t, axis=-1, keepdims=True)
    if np.any(np.abs(med) > MAX_STEM_MISMATCH_DB):
        return None
    return t - med


def _band_transfer(t: np.ndarray, mix_energy: np.ndarray, stem_energy: np.ndarray, bands: tuple[str, ...]) -> np.ndarray:
    """The transfer of a band group (several bands summed), same normalisation as ``t``."""
    idx = [BAND_NAMES.index(b) for b in bands]
    if len(idx) == 1:
        return t[..., idx[0]]
    raw = db(mix_energy[..., idx].sum(axis=-1)) - db(stem_energy[..., idx].sum(axis=-1))
    full = db(mix_energy) - db(stem_energy)
    return raw - np.median(full, axis=-1)


def _stems_energy(ctx: Context) -> tuple[np.ndarray, np.ndarray, float] | None:
    """(mix band energies per STEM_HOP frame, stems-sum band energies, frame_s), active
    frames only (others zeroed); computed once per context."""
    if not ctx.stems:
        return None
    if "tonal_stems" not in ctx.cache:
        f = ctx.feats
        step = STEM_HOP // (f.hop if f.hop else STEM_HOP)
        s = Features(ctx.stem_sum(), hop=STEM_HOP)
        n = min(s.band_energy.shape[0], (f.band_energy.shape[0] + step - 1) // step)
        mix = f.band_energy[::step][:n]
        act = f.active_frames[::step][:n, None]
        ctx.cache["tonal_stems"] = (mix * act, s.band_energy[:n] * act, s.frame_s)
    return ctx.cache["tonal_stems"]


def _consistent_windows(me: np.ndarray, st: np.ndarray) -> np.ndarray:
    """Windows (rows of band energies, mix ``me`` and stems' sum ``st``) where the bus
    transfer can be read: both sound, the mix is within QUIET_WINDOW_DB of its loudest
    window (quiet stretches are reverb tails on the bus: clean ambient takes read +3 dB
    there), and the broadband mix/stems gain is within GAIN_TOLERANCE_DB of the file's
    (a clipped or limited stretch changes it: not an EQ)."""
    tm, ts = me.sum(axis=1), st.sum(axis=1)
    ok = (tm > 0) & (ts > 0)
    if not ok.any():
        return ok
    ok &= db(tm) > float(db(tm.max())) - QUIET_WINDOW_DB
    gain = np.median(db(me) - db(st), axis=1)
    ok &= np.abs(gain - np.median(gain[ok])) <= GAIN_TOLERANCE_DB
    return ok


def read_bus(ctx: Context, bands: tuple[str, ...], sign: float) -> BusReading:
    """The bus transfer of ``bands`` on the mix against the stems' sum (``sign`` -1: judged
    below, a cut; +1: above, a boost)."""
    bus_whole = None
    se = _stems_energy(ctx)
    windows: list[tuple[int, int, float]] = []
    ws = WINDOW_S
    n_windows = 0
    if se is not None:
        mix_e, stem_e, frame_s = se
        per = max(1, int(round(WINDOW_S / frame_s)))
        nw = n_windows = mix_e.shape[0] // per
        use = slice(None)
        if nw >= BUS_MIN_WINDOWS:
            me = mix_e[: nw * per].reshape(nw, per, -1).sum(axis=1)
            st = stem_e[: nw * per].reshape(nw, per, -1).sum(axis=1)
            ok = _consistent_windows(me, st)
            t = db(me) - db(st)
            t = t - np.median(t, axis=1, keepdims=True)
            tb = _band_transfer(t, me, st, bands)
            over = ok & (sign * tb > BUS_LIMIT_DB + BUS_WINDOW_EXTRA_DB)
            ws = per * frame_s
            windows = [(s, e, float(np.median(tb[s:e]))) for s, e in mask_ranges(over, min_len=BUS_MIN_WINDOWS)]
            if ok.any():  # whole file from the consistent windows only (a clipped stretch is not the bus EQ)
                mix_e, stem_e, use = me[ok], st[ok], slice(None)
        tw = bus_transfer(mix_e[use].sum(axis=0), stem_e[use].sum(axis=0))
        if tw is not None:
            bus_whole = float(_band_transfer(tw, mix_e[use].sum(axis=0), stem_e[use].sum(axis=0), bands))
    return BusReading(bus_whole, windows, ws, n_windows)
