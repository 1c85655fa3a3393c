"""Mastering without diffusion: DC removal, gain to a loudness target, and a
true-peak limiter (streaming targets: -14 LUFS integrated, <= -1 dBTP; EBU R 128,
ITU-R BS.1770). Loudness and true peak are measured by quality/; this module
only changes audio, and checks its own result."""

from __future__ import annotations

import numpy as np
from pydantic import BaseModel
from scipy.ndimage import minimum_filter1d, uniform_filter1d
from scipy.signal import butter, resample_poly, sosfiltfilt

from engine.constants import SAMPLE_RATE, TARGET_LUFS
from engine.errors import AudioInputError
from quality.loudness import loudness, true_peak_curve

CEILING_DBTP = -1.0  # EBU R 128 / BS.1770 true-peak ceiling
HOLD_S = 0.02  # limiter look-ahead/hold; the gain falls this long before a peak
DC_HIGHPASS_HZ = 5.0
SR = SAMPLE_RATE
class MasterResult(BaseModel):
    """What mastering did and what it measured afterwards."""

    input_lufs: float | None
    output_lufs: float | None
    input_true_peak_dbtp: float
    output_true_peak_dbtp: float
    gain_db: float
    limiter_max_reduction_db: float
    dc_removed: bool


def _true_peak_dbtp(y: np.ndarray) -> float:
    peak = float(np.max(true_peak_curve(y, interest_level=0.0)))
    return 20 * np.log10(max(peak, 1e-12))


def _limit(y: np.ndarray, ceiling: float) -> tuple[np.ndarray, float]:
    """Scale ``y`` so its 4x-oversampled peaks stay under ``ceiling`` (linear).

    The required gain per sample is minimum-filtered over +-HOLD_S and then averaged
    over HOLD_S; at each peak the averaged gain is never above the gain it needs.
    """
    over = np.abs(resample_poly(y, 4, 1, axis=1)).max(axis=0)
    peak = over.reshape(-1, 4).max(axis=1)[: y.shape[1]]
    need = np.minimum(1.0, ceiling / np.maximum(peak, 1e-12))
    w = int(HOLD_S * SR)
    gain = uniform_filter1d(minimum_filter1d(need, size=2 * w + 1), size=w)
    return (y * gain).astype(np.float32), float(-20 * np.log10(max(gain.min(), 1e-12)))


def master(y: np.ndarray, *, target_lufs: float = TARGET_LUFS,
           ceiling_dbtp: float = CEILING_DBTP) -> tuple[np.ndarray, MasterResult]:
    """Master stereo 48 kHz ``y`` (2, n): returns the new audio and what was done.

    Loudness lands within about 0.5 LU of ``target_lufs`` unless the limiter would
    have to work harder than 12 dB (then it stops short: quieter, not squashed).
    """
    if y.ndim != 2 or y.shape[0] != 2 or y.shape[1] < SR // 2:
        raise AudioInputError("mastering needs stereo audio of at least 0.5 s (fix: pass a (2, n) array at 48 kHz)")
    before = loudness(y).integrated_lufs
    tp_before = _true_peak_dbtp(y)
    out = y.astype(np.float32)
    dc = bool(np.max(np.abs(out.mean(axis=1))) > 1e-3)
    if dc:
        out = sosfiltfilt(butter(2, DC_HIGHPASS_HZ, btype="highpass", fs=SR, output="sos"), out, axis=1).astype(np.float32)
    if before is None:  # silence: nothing to master
        return out, MasterResult(input_lufs=None, output_lufs=None, input_true_peak_dbtp=tp_before,
                                 output_true_peak_dbtp=tp_before, gain_db=0.0, limiter_max_reduction_db=0.0,
                                 dc_removed=dc)
    ceiling = 10 ** (ceiling_dbtp / 20)
    total_gain, reduction, current = 0.0, 0.0, out
    for _ in range(4):
        now = loudness(current).integrated_lufs or before
        step = target_lufs - now
        if abs(step) < 0.3 and _true_peak_dbtp(current) <= ceiling_dbtp:
            break
        total_gain += step
        gained = out * np.float32(10 ** (total_gain / 20))
        current, reduction = _limit(gained, ceiling * 0.98)
        if reduction > 12.0:
            total_gain -= reduction - 12.0
            current, reduction = _limit(out * np.float32(10 ** (total_gain / 20)), ceiling * 0.98)
            break
    # guarantee the ceiling even where resampling estimates differ slightly
    tp = _true_peak_dbtp(current)
    if tp > ceiling_dbtp:
        current = current * np.float32(10 ** ((ceiling_dbtp - tp - 0.05) / 20))
    return current, MasterResult(input_lufs=round(before, 2), output_lufs=round(loudness(current).integrated_lufs or 0, 2),
                                 input_true_peak_dbtp=round(tp_before, 2),
                                 output_true_peak_dbtp=round(_true_peak_dbtp(current), 2),
                                 gain_db=round(total_gain, 2), limiter_max_reduction_db=round(reduction, 2),
                                 dc_removed=dc)
