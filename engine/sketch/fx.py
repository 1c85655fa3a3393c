"""Mixing tools on whole stems (vectorised): filters, saturation, cabinet, loudness
(BS.1770 K-weighting with gating), a look-ahead peak limiter, fades and crossfades."""

from __future__ import annotations

import numpy as np
from scipy import ndimage, signal

from engine.constants import SAMPLE_RATE
from engine.sketch.instruments import kernels

SR = SAMPLE_RATE
_K_SOS = np.array([[1.53512485958697, -2.69169618940638, 1.19839281085285, 1.0, -1.69065929318241, 0.73248077421585],
                   [1.0, -2.0, 1.0, 1.0, -1.99004745483398, 0.99007225036621]])


def sos(kind: str, freq: float | tuple[float, float], order: int = 2) -> np.ndarray:
    return signal.butter(order, freq, btype=kind, fs=SR, output="sos")


def filt(x: np.ndarray, coeffs: np.ndarray) -> np.ndarray:
    """Filter ``x`` (``(n,)`` or ``(channels, n)``) with second-order sections; float32 out."""
    a = np.ascontiguousarray(x, dtype=np.float32)
    y = kernels.sos_filter(a[None, :] if a.ndim == 1 else a, np.ascontiguousarray(coeffs, dtype=np.float64))
    return y[0] if a.ndim == 1 else y


def peaking(freq: float, gain_db: float, q: float = 1.0) -> np.ndarray:
    """RBJ peaking EQ as one SOS section."""
    a = 10 ** (gain_db / 40.0)
    w = 2 * np.pi * freq / SR
    alpha = np.sin(w) / (2 * q)
    b = np.array([1 + alpha * a, -2 * np.cos(w), 1 - alpha * a])
    den = np.array([1 + alpha / a, -2 * np.cos(w), 1 - alpha / a])
    return np.concatenate([b / den[0], den / den[0]])[None, :]


def saturate(x: np.ndarray, drive: float) -> np.ndarray:
    """tanh saturation, level-compensated so quiet signals keep their gain."""
    g = 1.0 + 10.0 * drive
    return (np.tanh(x * g) / g).astype(np.float32)


def amp_cab(x: np.ndarray, drive: float) -> np.ndarray:
    """High-gain amp into a 4x12-ish cabinet: pre-emphasis, hard-ish clip, band-limit."""
    pre = filt(x, sos("high", 120.0))
    hot = np.tanh(pre * (4.0 + 40.0 * drive)) * 0.25
    return filt(filt(hot, sos("low", 4800.0, 4)), peaking(1800.0, -4.0, 0.8))


def pan_gains(pan: float) -> tuple[float, float]:
    a = (min(1.0, max(-1.0, pan)) + 1.0) * np.pi / 4.0
    return float(np.cos(a)), float(np.sin(a))


def loudness_lufs(x: np.ndarray) -> float:
    """Integrated loudness (BS.1770-4, gated) of ``(2, n)`` audio at 48 kHz."""
    k = filt(x, _K_SOS)
    block, hop = int(0.4 * SR), int(0.1 * SR)
    power = kernels.sum_squares(k)
    if k.shape[1] < block:
        return float(-0.691 + 10 * np.log10(power.mean() + 1e-12))
    csum = np.concatenate([[0.0], np.cumsum(power)])
    starts = np.arange(0, k.shape[1] - block + 1, hop)
    z = (csum[starts + block] - csum[starts]) / block
    lk = -0.691 + 10 * np.log10(z + 1e-12)
    z = z[lk > -70.0]
    if z.size == 0:
        return -70.0
    rel = -0.691 + 10 * np.log10(z.mean()) - 10.0
    z = z[-0.691 + 10 * np.log10(z) > rel]
    return float(-0.691 + 10 * np.log10(z.mean() + 1e-12))


def limiter_gain(x: np.ndarray, ceiling: float, window_s: float = 0.004) -> np.ndarray:
    """Per-sample gain ``(n,)`` that keeps ``|x|`` <= ceiling: a min filter then a
    moving average of the same width (so the smoothed gain never exceeds the needed one)."""
    peak = np.max(np.abs(x), axis=0)
    need = np.minimum(1.0, ceiling / np.maximum(peak, 1e-9)).astype(np.float32)
    if need.min() >= 1.0:
        return need
    w = max(3, int(window_s * SR) | 1)
    g = ndimage.minimum_filter1d(need, size=w, mode="nearest")
    return ndimage.uniform_filter1d(g, size=w, mode="nearest")


def fade_curve(n: int, *, rising: bool) -> np.ndarray:
    """Equal-power fade of ``n`` samples."""
    t = np.linspace(0.0, 1.0, n, dtype=np.float32)
    return np.sin(t * np.pi / 2) if rising else np.cos(t * np.pi / 2)
