"""DSP stem separation for audio without stems: soft STFT masks.

drums/percussion: harmonic-percussive split (median filters across time and
frequency), percussion further high-passed; bass: harmonic part below 250 Hz;
vocals: harmonic, centred (L ~ R) energy in 200-5000 Hz; backing_vocals: the
side part of that band; other pitched tracks: the harmonic, non-vocal rest above
250 Hz; fx: the residual. Masks are Wiener-like (power ratios).
"""

from __future__ import annotations

import numpy as np
from scipy import ndimage, signal

from engine.constants import SAMPLE_RATE
from engine.errors import EngineError

SR = SAMPLE_RATE
NFFT = 2048
HOP = 512
PITCHED = ("keyboard", "guitar", "strings", "synth", "brass", "woodwinds")


def _stft(x: np.ndarray) -> np.ndarray:
    return signal.stft(x, fs=SR, nperseg=NFFT, noverlap=NFFT - HOP, axis=-1)[2]


def _istft(z: np.ndarray, n: int) -> np.ndarray:
    y = signal.istft(z, fs=SR, nperseg=NFFT, noverlap=NFFT - HOP)[1]
    return np.ascontiguousarray(np.pad(y, ((0, 0), (0, max(0, n - y.shape[1]))))[:, :n], dtype=np.float32)


def masks(z: np.ndarray) -> dict[str, np.ndarray]:
    """Soft masks ``(freq, frames)`` for every track name, from the stereo STFT ``z`` ``(2, f, t)``."""
    mag = np.abs(z).mean(axis=0).astype(np.float32)
    harm = ndimage.median_filter(mag, size=(1, 17), mode="nearest")
    perc = ndimage.median_filter(mag, size=(17, 1), mode="nearest")
    hp, pp = harm ** 2, perc ** 2
    m_p = pp / (hp + pp + 1e-12)
    m_h = 1.0 - m_p
    f = np.fft.rfftfreq(NFFT, 1.0 / SR)[:, None]
    low = 1.0 / (1.0 + (f / 250.0) ** 8)
    band = (1.0 / (1.0 + (200.0 / np.maximum(f, 1.0)) ** 6)) * (1.0 / (1.0 + (f / 5000.0) ** 6))
    centre = 1.0 - np.abs(np.abs(z[0]) - np.abs(z[1])) / (np.abs(z[0]) + np.abs(z[1]) + 1e-9)
    vocals = m_h * band * centre ** 4
    out = {"drums": m_p, "percussion": m_p * (f > 3000.0), "bass": m_h * low,
           "vocals": vocals, "backing_vocals": m_h * band * (1 - centre ** 4) * 0.5}
    rest = np.clip(m_h * (1 - low) - vocals, 0.0, 1.0)
    for name in PITCHED:
        out[name] = rest
    out["fx"] = np.clip(1.0 - m_p - m_h * low - rest - vocals, 0.0, 1.0) * 0.5
    return out


def separate(audio: np.ndarray, name: str) -> np.ndarray:
    """The estimated ``name`` stem of ``audio`` ``(2, n)``, same shape."""
    z = _stft(audio.astype(np.float32))
    m = masks(z)
    if name not in m:
        raise EngineError(f"cannot separate unknown track '{name}' (fix: use one of {', '.join(sorted(m))})")
    return _istft(z * m[name][None], audio.shape[1])
