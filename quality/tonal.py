"""Key estimate: Krumhansl-Kessler profiles on a long-window STFT chroma.

The mid channel is resampled to KEY_SR (soxr) and analysed with KEY_N_FFT-sample
windows (0.74 s, 1.35 Hz per bin: a semitone is 3.9 Hz wide at C2, so every pitch
from C2 up is resolved, which a 48 kHz / 2048-sample STFT could not do). Bins map to
pitch classes with Ellis's Gaussian chroma weights (``quality.dsp.chroma_filterbank``),
shifted by the recording's tuning, read from the spectral peaks of the middle
TUNING_SECONDS. This replaced librosa's CQT chroma (same key on the sketch engine's
takes: 17/20 keys right, see KEY_CENTRE_OCTAVE) because
importing librosa costs more than the whole analysis (``aceprod score`` start-up).
"""

from __future__ import annotations

import numpy as np

from engine.constants import KEY_PROFILES

KEY_SR = 11_025
KEY_N_FFT = 8192
KEY_HOP = 2048
PITCHES = ("C", "C#", "D", "D#", "E", "F", "F#", "G", "G#", "A", "A#", "B")
PROFILES = {mode: np.array(p) for mode, p in KEY_PROFILES.items()}
FMIN_HZ = 65.4  # C2
FMAX_HZ = 4186.0  # C8
TUNING_SECONDS = 20.0  # tuning from the middle 20 s of the key excerpt
KEY_CENTRE_OCTAVE = 4.0  # octave weighting centred at A4 (440 Hz), the harmony register ...
KEY_OCTAVE_WIDTH = 2.0  # ... 2 octaves wide: the sketch engine's 10 genres, 2 takes each: key right 17/20
# (centred at A5 as librosa's STFT chroma: 13/20; librosa's CQT chroma: 8/10 of the first takes)
TUNING_PEAK_DB = 30.0  # spectral peaks within 30 dB of the frame's loudest take part
MAX_SECONDS = 90.0  # key from the middle 90 s at most (bounded cost; a key rarely changes)
STFT_CHUNK = 32  # frames per FFT call


def _stft_mag(y: np.ndarray) -> np.ndarray:
    """(bins, frames) magnitude STFT of ``y`` at KEY_SR (Hann, KEY_N_FFT, KEY_HOP; numpy's FFT:
    scipy.fft's import costs more than the key estimate). Float32 frames, numpy's float64 FFT
    rounded to complex64, by STFT_CHUNK frames: the whole-file temporaries (four times the
    spectrum's size) cost more in fresh memory pages than the FFTs."""
    if y.shape[0] < KEY_N_FFT:
        y = np.pad(y, (0, KEY_N_FFT - y.shape[0]))
    frames = np.lib.stride_tricks.sliding_window_view(y, KEY_N_FFT)[::KEY_HOP]
    win = np.hanning(KEY_N_FFT + 1)[:-1].astype(np.float32)
    mag = np.empty((frames.shape[0], KEY_N_FFT // 2 + 1), dtype=np.float32)
    z = np.empty((STFT_CHUNK, KEY_N_FFT // 2 + 1), dtype=np.complex64)
    for a in range(0, frames.shape[0], STFT_CHUNK):
        b = min(frames.shape[0], a + STFT_CHUNK)
        np.abs(np.fft.rfft(frames[a:b] * win, axis=1, out=z[: b - a]), out=mag[a:b])
    return mag.T


def estimate_tuning(mag: np.ndarray) -> float:
    """Deviation of the reference A from 440 Hz in semitones (-0.5..0.5): the
    magnitude-weighted histogram peak of the spectral peaks' distance from the equal-
    tempered grid (peak frequencies refined by a parabola through the log magnitudes)."""
    lm = np.log(np.maximum(mag, 1e-10))
    freqs = np.arange(mag.shape[0]) * KEY_SR / KEY_N_FFT
    band = (freqs >= FMIN_HZ) & (freqs <= FMAX_HZ)
    c = lm[1:-1]
    pk = (c > lm[:-2]) & (c >= lm[2:]) & band[1:-1, None]
    pk &= c > lm.max(axis=0, keepdims=True) - TUNING_PEAK_DB / 20 * np.log(10)
    k, t = np.nonzero(pk)
    if k.size == 0:
        return 0.0
    a, b, cc = lm[k, t], lm[k + 1, t], lm[k + 2, t]
    den = a - 2 * b + cc
    d = np.where(den < 0, 0.5 * (a - cc) / np.where(den < 0, den, -1.0), 0.0)
    f = (k + 1 + d) * KEY_SR / KEY_N_FFT
    dev = 12 * np.log2(f / 440.0)
    dev = dev - np.round(dev)
    hist, edges = np.histogram(dev, bins=100, range=(-0.5, 0.5), weights=mag[k + 1, t])
    return float(0.5 * (edges[:-1] + edges[1:])[int(np.argmax(hist))])


def chroma(mono: np.ndarray, *, sr: int) -> np.ndarray:
    """(12, frames) chroma of ``mono`` (n,) at ``sr`` Hz, each frame scaled to max 1."""
    import soxr

    from quality.dsp import chroma_filterbank

    n = int(MAX_SECONDS * sr)
    start = max(0, (mono.shape[0] - n) // 2)
    y = soxr.resample(mono[start : start + n], sr, KEY_SR, quality="HQ").astype(np.float32)
    mag = _stft_mag(y)
    m = int(TUNING_SECONDS * KEY_SR / KEY_HOP)
    a = max(0, (mag.shape[1] - m) // 2)
    tuning = estimate_tuning(mag[:, a : a + m])
    fb = chroma_filterbank(sr=KEY_SR, n_fft=KEY_N_FFT, tuning=tuning, ctroct=KEY_CENTRE_OCTAVE, octwidth=KEY_OCTAVE_WIDTH)
    freqs = np.arange(mag.shape[0]) * KEY_SR / KEY_N_FFT
    fb[:, (freqs < FMIN_HZ) | (freqs > FMAX_HZ)] = 0.0
    c = fb @ mag
    return c / np.maximum(c.max(axis=0, keepdims=True), 1e-10)


def estimate_key(chroma: np.ndarray) -> tuple[str | None, float | None]:
    """("A minor", confidence 0-1) from a chroma matrix (12, frames). Confidence is the
    correlation margin between the best and the second-best key, scaled to 0-1."""
    if chroma.size == 0 or not np.isfinite(chroma).all() or chroma.sum() <= 0:
        return None, None
    prof = chroma.mean(axis=1)
    if prof.std() < 1e-9:
        return None, None
    scores = []
    for mode, p in PROFILES.items():
        for k in range(12):
            scores.append((float(np.corrcoef(prof, np.roll(p, k))[0, 1]), f"{PITCHES[k]} {mode}"))
    scores.sort(reverse=True)
    conf = float(np.clip((scores[0][0] - scores[1][0]) * 5.0, 0.0, 1.0))
    return scores[0][1], round(conf, 3)
