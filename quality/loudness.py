"""Loudness (ITU-R BS.1770-4 / EBU R128, EBU Tech 3341/3342) and true peak.

All at 48 kHz (quality/ always analyses at 48 kHz). K-weighting is the BS.1770
two-stage filter; loudness blocks are accumulated in 100 ms steps by a C
kernel (``quality.kernels``), then combined into momentary (400 ms), short-term (3 s), integrated
(absolute gate -70 LUFS, relative gate -10 LU) and LRA (3 s windows, relative
gate -20 LU, 10th..95th percentile). True peak: 4x polyphase interpolation, the
larger of the sample and interpolated peaks (BS.1770-4 Annex 2).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from engine.constants import SAMPLE_RATE
from quality.kernels import biquad_cascade_block_power, true_peak_blocks


def kaiser_lowpass(taps: int, cutoff: float, *, beta: float) -> np.ndarray:
    """Windowed-sinc low-pass FIR, ``cutoff`` as a fraction of the sampling rate, unit
    gain at DC (as scipy.signal.firwin with a Kaiser window; scipy.signal is not imported
    on the analysis path: it costs more start-up than the analysis of a short file)."""
    m = np.arange(taps) - (taps - 1) / 2.0
    h = 2 * cutoff * np.sinc(2 * cutoff * m) * np.kaiser(taps, beta)
    return h / h.sum()

SR = SAMPLE_RATE
STEP_S = 0.1  # 100 ms loudness step (EBU Tech 3341 "at least 10 Hz")
ABS_GATE_LUFS = -70.0  # BS.1770-4 absolute gate
REL_GATE_LU = -10.0  # BS.1770-4 relative gate (integrated)
LRA_REL_GATE_LU = -20.0  # EBU Tech 3342 relative gate (LRA)
TP_TAPS_PER_PHASE = 12  # 48-tap FIR like BS.1770-4 Annex 2
TP_BLOCK = 480  # 10 ms blocks for true-peak time ranges

# BS.1770-4 K-weighting at 48 kHz: pre-filter (high shelf) then RLB high-pass.
K_WEIGHTING_48K = np.array(
    [
        [1.53512485958697, -2.69169618940638, 1.19839281085285, -1.69065929318241, 0.73248077421585],
        [1.0, -2.0, 1.0, -1.99004745483398, 0.99007225036621],
    ]
)


def _lufs(power: np.ndarray) -> np.ndarray:
    with np.errstate(divide="ignore"):
        return -0.691 + 10.0 * np.log10(np.maximum(power, 1e-20))


@dataclass
class Loudness:
    """Loudness results. Curves are per 100 ms step; times are window ends."""

    integrated_lufs: float | None
    lra_lu: float | None
    momentary_lufs: np.ndarray  # (steps,) 400 ms windows
    short_term_lufs: np.ndarray  # (steps,) 3 s windows
    step_s: float = STEP_S


def loudness(y: np.ndarray) -> Loudness:
    """Loudness of stereo 48 kHz ``y`` (2, n) float32 (channel weights 1.0 each)."""
    block = int(SR * STEP_S)
    p = np.zeros(y.shape[1] // block)
    for ch in range(y.shape[0]):
        p += biquad_cascade_block_power(y[ch], K_WEIGHTING_48K, block)
    return loudness_from_steps(p)


def loudness_from_steps(p: np.ndarray) -> Loudness:
    """Loudness from ``p`` (steps,): K-weighted mean square per 100 ms step, summed over
    the channels (what ``kernels.time_pass`` returns as ``kpow``)."""
    n = p.shape[0]
    if n < 4:
        return Loudness(None, None, np.zeros(0), np.zeros(0))
    cs = np.concatenate([[0.0], np.cumsum(p)])
    mom = (cs[4:] - cs[:-4]) / 4.0  # 400 ms, 75 % overlap
    mom_l = _lufs(mom)
    gated = mom[mom_l > ABS_GATE_LUFS]
    integrated = None
    if gated.size:
        rel = _lufs(np.array([gated.mean()]))[0] + REL_GATE_LU
        g2 = gated[_lufs(gated) > rel]
        if g2.size:
            integrated = float(_lufs(np.array([g2.mean()]))[0])
    if n >= 30:
        st = (cs[30:] - cs[:-30]) / 30.0
    else:
        st = np.array([cs[-1] / n])
    st_l = _lufs(st)
    lra = None
    sg = st[st_l > ABS_GATE_LUFS]
    if sg.size:
        rel = _lufs(np.array([sg.mean()]))[0] + LRA_REL_GATE_LU
        sl = _lufs(sg[_lufs(sg) > rel])
        if sl.size:
            lra = float(np.percentile(sl, 95) - np.percentile(sl, 10))
    return Loudness(integrated, lra, mom_l.astype(np.float32), st_l.astype(np.float32))


@lru_cache(maxsize=1)
def _tp_filter() -> tuple[np.ndarray, float]:
    """4x interpolation FIR (48 taps, Kaiser, cut-off 20 kHz of 24 kHz), as (4, 12)."""
    taps = 4 * TP_TAPS_PER_PHASE
    h = kaiser_lowpass(taps, 20_000.0 / (4 * SR), beta=7.0) * 4.0
    phases = np.ascontiguousarray(h.reshape(TP_TAPS_PER_PHASE, 4).T, dtype=np.float64)
    l1 = float(np.abs(phases).sum(axis=1).max())
    return phases, l1


def true_peak_curve(y: np.ndarray, *, interest_level: float, sample_peak: float | None = None) -> np.ndarray:
    """Per-10 ms block true peak (linear, max over channels) of ``y`` (2, n) at 48 kHz.

    Blocks that cannot reach ``interest_level`` (nor the file's sample peak) keep
    their sample peak, which makes this exact for the maximum and for every block
    above ``interest_level`` while skipping most of the work on quiet material.
    ``sample_peak``: max |y| when already known.
    """
    phases, l1 = _tp_filter()
    if sample_peak is None:
        sample_peak = float(np.abs(y).max())
    thr = min(interest_level, sample_peak)
    out = None
    for ch in range(y.shape[0]):
        c = true_peak_blocks(y[ch], phases, TP_BLOCK, thr, l1)
        out = c if out is None else np.maximum(out, c)
    return out
