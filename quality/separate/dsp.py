"""DSP 3-stem separation: drums (HPSS percussive), bass (harmonic below 200 Hz),
other (the remaining harmonic part). Stems sum back to the input.

Median-filter HPSS (Fitzgerald 2010) with soft Wiener masks on a coarse
magnitude (mid channel, 4096-point STFT at 48 kHz, hop 1024), masks applied to
both channels. Speed over finesse: about 20-40x real time on one core.
"""

from __future__ import annotations

import numpy as np
import scipy.fft
from scipy.ndimage import median_filter

N_FFT = 4096
HOP = 1024
HARM_FRAMES = 17  # median across time (~0.36 s): sustained = harmonic
PERC_BINS = 17  # median across frequency (~200 Hz): broadband = percussive
POWER = 2.0  # Wiener mask exponent
BASS_HZ = 200.0
BASS_EDGE_HZ = 40.0  # crossover width


def _stft(x: np.ndarray, win: np.ndarray) -> np.ndarray:
    pad = np.pad(x, (N_FFT // 2, N_FFT // 2 + HOP))
    frames = np.lib.stride_tricks.sliding_window_view(pad, N_FFT)[::HOP]
    return scipy.fft.rfft(frames * win, axis=1, workers=2)


def _istft(z: np.ndarray, win: np.ndarray, n: int) -> np.ndarray:
    frames = scipy.fft.irfft(z, n=N_FFT, axis=1, workers=2) * win
    total = (z.shape[0] - 1) * HOP + N_FFT
    out = np.zeros(total)
    norm = np.zeros(total)
    w2 = win**2
    for i in range(z.shape[0]):  # overlap-add (4 frames overlap; ~1 ms per 1000 frames)
        out[i * HOP : i * HOP + N_FFT] += frames[i]
        norm[i * HOP : i * HOP + N_FFT] += w2
    out /= np.maximum(norm, 1e-8)
    return out[N_FFT // 2 : N_FFT // 2 + n].astype(np.float32)


def separate_dsp(y: np.ndarray, *, sr: int = 48_000) -> dict[str, np.ndarray]:
    """{"drums", "bass", "other"} stems (2, n) float32 of stereo ``y`` (2, n) at ``sr``."""
    n = y.shape[1]
    win = np.sqrt(np.hanning(N_FFT + 1)[:-1]).astype(np.float32)  # sqrt-Hann analysis/synthesis pair
    zl = _stft(y[0], win)
    zr = _stft(y[1], win)
    mag = (np.abs(zl) + np.abs(zr)).astype(np.float32)
    harm = median_filter(mag, size=(HARM_FRAMES, 1), mode="nearest")
    perc = median_filter(mag, size=(1, PERC_BINS), mode="nearest")
    hp, pp = harm**POWER, perc**POWER
    m_perc = pp / np.maximum(hp + pp, 1e-20)
    freqs = np.fft.rfftfreq(N_FFT, 1 / sr)
    low = np.clip((BASS_HZ + BASS_EDGE_HZ / 2 - freqs) / BASS_EDGE_HZ, 0.0, 1.0).astype(np.float32)
    m_harm = 1.0 - m_perc
    m_bass = m_harm * low[None, :]
    m_other = m_harm - m_bass
    out = {}
    for name, m in (("drums", m_perc), ("bass", m_bass), ("other", m_other)):
        out[name] = np.stack([_istft(zl * m, win, n), _istft(zr * m, win, n)])
    return out
