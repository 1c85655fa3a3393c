"""DSP stem separation for audio without stems: soft STFT masks.

drums/percussion: harmonic-percussive split (``engine.hpss``), percussion further
high-passed; bass: harmonic part below 250 Hz; vocals: harmonic, centred (L ~ R)
energy in 200-5000 Hz; backing_vocals: the side part of that band; other pitched
tracks: the harmonic, non-vocal rest above 250 Hz; fx: the residual. Masks are
Wiener-like (power ratios).
"""

from __future__ import annotations

import numpy as np

from engine.constants import SAMPLE_RATE
from engine.errors import EngineError
from engine.hpss import istft, percussive_mask, stft

NFFT = 2048
HOP = 512
PITCHED = ("keyboard", "guitar", "strings", "synth", "brass", "woodwinds")


def masks(z: np.ndarray) -> dict[str, np.ndarray]:
    """Soft masks ``(frames, freq)`` for every track name, from the stereo STFT ``z`` ``(2, t, f)``."""
    m_p = percussive_mask(np.abs(z).mean(axis=0).astype(np.float32))
    m_h = 1.0 - m_p
    f = np.fft.rfftfreq(NFFT, 1.0 / SAMPLE_RATE)[None, :]
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
    z = stft(audio.astype(np.float32), NFFT, HOP)
    m = masks(z)
    if name not in m:
        raise EngineError(f"cannot separate unknown track '{name}' (fix: use one of {', '.join(sorted(m))})")
    return istft(z * m[name][None], NFFT, HOP, audio.shape[1])
