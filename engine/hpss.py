"""Harmonic-percussive separation: the one implementation both stem separators use
(the sketch engine's extract, ``engine.sketch.separate``, and the critic's DSP
separator, ``quality.separate.dsp``).

Median-filter HPSS (Fitzgerald 2010): on a magnitude spectrogram, a median across
time keeps what is sustained (harmonic), a median across frequency keeps what is
broadband (percussive); soft Wiener masks (power ratios) split the spectrum between
them. The STFT pair is a sqrt-Hann analysis/synthesis pair over the last axis, so
masks applied to the spectrum resynthesise to parts that sum back to the input.
numpy/scipy only (no numba): it is on the scorer's import path.
"""

from __future__ import annotations

import numpy as np
import scipy.fft
from scipy.ndimage import median_filter

KERNEL = 17  # median length in frames (time) and in bins (frequency)
POWER = 2.0  # Wiener mask exponent


def _window(n_fft: int) -> np.ndarray:
    return np.sqrt(np.hanning(n_fft + 1)[:-1]).astype(np.float32)


def stft(x: np.ndarray, n_fft: int, hop: int) -> np.ndarray:
    """Complex spectrum ``(..., frames, n_fft // 2 + 1)`` of ``x`` ``(..., n)``."""
    pad = np.pad(x, [(0, 0)] * (x.ndim - 1) + [(n_fft // 2, n_fft // 2 + hop)])
    frames = np.lib.stride_tricks.sliding_window_view(pad, n_fft, axis=-1)[..., ::hop, :]
    return scipy.fft.rfft(frames * _window(n_fft), axis=-1, workers=2)


def istft(z: np.ndarray, n_fft: int, hop: int, n: int) -> np.ndarray:
    """``(..., n)`` float32 signal of a spectrum from ``stft`` (possibly masked)."""
    win = _window(n_fft)
    frames = scipy.fft.irfft(z, n=n_fft, axis=-1, workers=2) * win
    n_frames = z.shape[-2]
    total = (n_frames - 1) * hop + n_fft
    out = np.zeros(z.shape[:-2] + (total,))
    norm = np.zeros(total)
    w2 = win**2
    for i in range(n_frames):  # overlap-add
        out[..., i * hop : i * hop + n_fft] += frames[..., i, :]
        norm[i * hop : i * hop + n_fft] += w2
    out /= np.maximum(norm, 1e-8)
    return out[..., n_fft // 2 : n_fft // 2 + n].astype(np.float32)


def percussive_mask(mag: np.ndarray, *, kernel: int = KERNEL, power: float = POWER) -> np.ndarray:
    """Soft percussive mask (0-1) of a magnitude spectrogram ``(frames, bins)``; the
    harmonic mask is one minus it."""
    harm = median_filter(mag, size=(kernel, 1), mode="nearest")  # across time: sustained
    perc = median_filter(mag, size=(1, kernel), mode="nearest")  # across frequency: broadband
    hp, pp = harm**power, perc**power
    return pp / np.maximum(hp + pp, 1e-20)
