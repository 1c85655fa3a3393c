"""Key estimate: Krumhansl-Kessler profiles on CQT chroma.

CQT chroma at a reduced rate (soxr) was right where STFT chroma at 48 kHz was
wrong in the prototype (DESIGN.md section 10). 11.025 kHz keeps every pitch up
to C8's fundamental region while making the CQT cheap.
"""

from __future__ import annotations

import numpy as np

KEY_SR = 11_025
KEY_HOP = 1024
PITCHES = ("C", "C#", "D", "D#", "E", "F", "F#", "G", "G#", "A", "A#", "B")
# Krumhansl & Kessler (1982) probe-tone profiles.
MAJOR = np.array([6.35, 2.23, 3.48, 2.33, 4.38, 4.09, 2.52, 5.19, 2.39, 3.66, 2.29, 2.88])
MINOR = np.array([6.33, 2.68, 3.52, 5.38, 2.60, 3.53, 2.54, 4.75, 3.98, 2.69, 3.34, 3.17])
BINS_PER_OCTAVE = 36  # librosa's chroma_cqt default
TUNING_SECONDS = 20.0  # tuning estimated from the middle 20 s of the key excerpt
MAX_SECONDS = 90.0  # key from the middle 90 s at most (bounded cost; a key rarely changes)


def chroma_cqt(mono: np.ndarray, *, sr: int) -> np.ndarray:
    """(12, frames) CQT chroma of ``mono`` (n,) at ``sr`` Hz, computed at KEY_SR."""
    import librosa
    import soxr

    n = int(MAX_SECONDS * sr)
    start = max(0, (mono.shape[0] - n) // 2)
    x = mono[start : start + n]
    y = soxr.resample(x, sr, KEY_SR, quality="HQ").astype(np.float32)
    # tuning (what librosa estimates from the whole excerpt) from its middle TUNING_SECONDS:
    # a recording's tuning does not change, and piptrack over 90 s cost 50-60 ms
    m = int(TUNING_SECONDS * KEY_SR)
    a = max(0, (y.shape[0] - m) // 2)
    tuning = float(librosa.estimate_tuning(y=y[a : a + m], sr=KEY_SR, bins_per_octave=BINS_PER_OCTAVE))
    return librosa.feature.chroma_cqt(y=y, sr=KEY_SR, hop_length=KEY_HOP, n_octaves=6, fmin=librosa.note_to_hz("C2"),
                                      bins_per_octave=BINS_PER_OCTAVE, tuning=tuning)


def estimate_key(chroma: np.ndarray) -> tuple[str | None, float | None]:
    """("A minor", confidence 0-1) from a chroma matrix (12, frames). Confidence is the
    correlation margin between the best and the second-best key, scaled to 0-1."""
    if chroma.size == 0 or not np.isfinite(chroma).all() or chroma.sum() <= 0:
        return None, None
    prof = chroma.mean(axis=1)
    if prof.std() < 1e-9:
        return None, None
    scores = []
    for mode, p in (("major", MAJOR), ("minor", MINOR)):
        for k in range(12):
            scores.append((float(np.corrcoef(prof, np.roll(p, k))[0, 1]), f"{PITCHES[k]} {mode}"))
    scores.sort(reverse=True)
    conf = float(np.clip((scores[0][0] - scores[1][0]) * 5.0, 0.0, 1.0))
    return scores[0][1], round(conf, 3)
