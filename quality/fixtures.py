"""Synthetic material with known answers: a clean little song (with stems and its
section plan) and functions that plant one defect each, returning the truth.

Used by tests, ``bench/quality_pr.py`` and ``scripts/regen_golden.py``. All audio is
float32 ``(2, n)`` at 48 kHz; every function is deterministic for its seed.
"""

from __future__ import annotations

import numpy as np
import soxr
from scipy.signal import butter, lfilter, sosfilt

from engine.constants import SAMPLE_RATE

SR = SAMPLE_RATE
CHORDS = ((57, 60, 64), (53, 57, 60), (48, 52, 55), (55, 59, 62))  # Am F C G (MIDI)
SECTIONS = (("intro", 0.125), ("verse", 0.3), ("chorus", 0.3), ("outro", 0.275))


def _hz(m: float) -> float:
    return 440.0 * 2 ** ((m - 69) / 12)


def _env(n: int, attack_s: float, decay_s: float) -> np.ndarray:
    """Attack, exponential decay, and a 30 ms release to zero at the end (no clicks)."""
    t = np.arange(n) / SR
    e = np.minimum(1.0, t / max(attack_s, 1e-4)) * np.exp(-t / decay_s)
    r = min(n, int(0.03 * SR))
    e[n - r :] *= np.linspace(1.0, 0.0, r)
    return e


def _place(buf: np.ndarray, at: int, x: np.ndarray, gain: float) -> None:
    e = min(buf.size, at + x.size)
    if at < e:
        buf[at:e] += gain * x[: e - at]


def song(*, duration_s: float = 30.0, bpm: float = 120.0, seed: int = 0) -> tuple[np.ndarray, dict[str, np.ndarray], list[dict]]:
    """(mix (2, n), stems {drums, bass, keyboard, synth}, events) of a clean, balanced song
    about -14 LUFS with intro/verse/chorus/outro sections."""
    rng = np.random.default_rng(seed)
    n = int(duration_s * SR)
    beat = 60.0 / bpm
    events, t0 = [], 0.0
    for name, frac in SECTIONS:
        t1 = duration_s if name == "outro" else round(t0 + frac * duration_s / beat / 4) * beat * 4
        events.append({"type": name, "start": round(t0, 3), "end": round(t1, 3)})
        t0 = t1
    sec_at = np.zeros(n, dtype=int)
    for i, e in enumerate(events):
        sec_at[int(e["start"] * SR) : int(e["end"] * SR)] = i
    kick = np.sin(2 * np.pi * np.cumsum(np.linspace(110, 45, int(0.25 * SR))) / SR) * _env(int(0.25 * SR), 0.002, 0.09)
    sn_n = int(0.2 * SR)
    snare = (0.5 * np.sin(2 * np.pi * 190 * np.arange(sn_n) / SR) + 0.35 * lfilter(*butter(2, [1500, 7000], "band", fs=SR), rng.standard_normal(sn_n))) * _env(sn_n, 0.001, 0.05)
    hat_n = int(0.05 * SR)
    hat = lfilter(*butter(2, 8000, "high", fs=SR), rng.standard_normal(hat_n)) * _env(hat_n, 0.001, 0.012)
    drums = np.zeros((2, n))
    bass = np.zeros(n)
    keys = np.zeros((2, n))
    lead = np.zeros((2, n))
    n_beats = int(duration_s / beat)
    for b in range(n_beats):
        at = int(b * beat * SR)
        sec = events[sec_at[min(at, n - 1)]]["type"]
        dens = {"intro": 0, "verse": 1, "chorus": 2, "outro": 1}[sec]
        chord = CHORDS[(b // 4) % 4]
        if dens >= 1:
            for ch in (0, 1):
                _place(drums[ch], at, kick, 0.8)
                if b % 2 == 1:
                    _place(drums[ch], at, snare, 0.35 * (0.9 if ch == 0 else 1.1))
            ln = int(beat * SR * 0.9)
            tt = np.arange(ln) / SR
            f = _hz(chord[0] - 24)
            note = sum(np.sin(2 * np.pi * f * k * tt) / k**1.5 for k in range(1, 6)) * _env(ln, 0.005, 0.6)
            _place(bass, at, note, 0.12)
        for half in (0, 1):
            _place(drums[1], at + int(half * beat * SR / 2), hat, 0.25 if dens else 0.15)
            _place(drums[0], at + int(half * beat * SR / 2), hat, 0.18 if dens else 0.10)
        if b % 4 == 0:
            ln = int(4 * beat * SR)
            tt = np.arange(ln) / SR
            for j, m in enumerate(chord):
                tone = sum(np.sin(2 * np.pi * _hz(m) * k * tt + rng.uniform(0, 6)) / k for k in range(1, 9))
                tone *= _env(ln, 0.08, 3.0)
                _place(keys[j % 2], at, tone, 0.07)
                _place(keys[(j + 1) % 2], at, tone, 0.04)
        if dens == 2:
            ln = int(beat * SR * 0.95)
            tt = np.arange(ln) / SR
            m = chord[(b * 7) % 3] + 12
            vib = 0.004 * np.sin(2 * np.pi * 5.5 * tt)
            tone = sum(np.sin(2 * np.pi * k * _hz(m) * tt * (1 + vib)) / k for k in range(1, 7)) * _env(ln, 0.02, 0.5)
            _place(lead[0], at, tone, 0.09)
            _place(lead[1], at, tone, 0.12)
    stems = {"drums": drums, "bass": np.stack([bass, bass]), "keyboard": keys, "synth": lead}
    fade = np.ones(n)
    fl = int(min(2.0, duration_s / 10) * SR)
    fade[-fl:] = np.linspace(1, 0, fl)
    stems = {k: (v * fade).astype(np.float32) for k, v in stems.items()}
    mix = sum(stems.values())
    g = 0.8 / max(1e-9, float(np.abs(mix).max()))  # peak -1.9 dBFS, about -16 LUFS
    stems = {k: (v * g).astype(np.float32) for k, v in stems.items()}
    return (mix * g).astype(np.float32), stems, events


# ---- planting: each returns (audio, truth) with truth = (kind, start_s, end_s) ----------------

def _copy(y: np.ndarray) -> np.ndarray:
    return np.array(y, dtype=np.float32, copy=True)


def plant_clipping(y: np.ndarray, *, start_s: float, dur_s: float, drive_db: float) -> tuple[np.ndarray, tuple]:
    """Gain the range by ``drive_db`` over full scale then hard-clip at 1.0."""
    o = _copy(y)
    a, b = int(start_s * SR), int((start_s + dur_s) * SR)
    g = 10 ** (drive_db / 20) / max(1e-9, float(np.abs(o).max()))
    o[:, a:b] = np.clip(o[:, a:b] * g, -1.0, 1.0)
    return o, ("clipping", start_s, start_s + dur_s)


def plant_dropout(y: np.ndarray, *, start_s: float, dur_s: float) -> tuple[np.ndarray, tuple]:
    """Silence the range (1 ms ramps)."""
    o = _copy(y)
    a, b = int(start_s * SR), int((start_s + dur_s) * SR)
    r = int(0.001 * SR)
    w = np.ones(b - a, dtype=np.float32) * 0.0
    w[:r] = np.linspace(1, 0, r)
    w[-r:] = np.linspace(0, 1, r)
    o[:, a:b] *= w
    return o, ("dropout", start_s, start_s + dur_s)


def plant_click(y: np.ndarray, *, time_s: float, amp: float) -> tuple[np.ndarray, tuple]:
    """Add a 2-sample impulse of ``amp`` at ``time_s``."""
    o = _copy(y)
    i = int(time_s * SR)
    o[:, i] += amp
    o[:, i + 1] -= 0.5 * amp
    return o, ("click", time_s, time_s)


def plant_noise_burst(y: np.ndarray, *, start_s: float, dur_s: float, level_db: float, seed: int = 0) -> tuple[np.ndarray, tuple]:
    """Add white noise ``level_db`` relative to the music's RMS in the range."""
    o = _copy(y)
    a, b = int(start_s * SR), int((start_s + dur_s) * SR)
    rms = float(np.sqrt(np.mean(o[:, a:b] ** 2))) + 1e-4
    o[:, a:b] += (np.random.default_rng(seed).standard_normal((2, b - a)) * rms * 10 ** (level_db / 20)).astype(np.float32)
    return o, ("noise_burst", start_s, start_s + dur_s)


def plant_distortion(y: np.ndarray, *, start_s: float, dur_s: float, drive: float) -> tuple[np.ndarray, tuple]:
    """tanh saturation with ``drive`` (x peak-normalised first), RMS restored."""
    o = _copy(y)
    a, b = int(start_s * SR), int((start_s + dur_s) * SR)
    seg = o[:, a:b]
    pk = float(np.abs(seg).max()) + 1e-9
    d = np.tanh(drive * seg / pk)
    d *= np.sqrt(np.mean(seg**2) / max(np.mean(d**2), 1e-12))
    o[:, a:b] = d
    return o, ("distortion", start_s, start_s + dur_s)


def peaking_eq(y: np.ndarray, *, freq_hz: float, gain_db: float, q: float = 1.0) -> np.ndarray:
    """RBJ-cookbook peaking EQ over the whole signal."""
    a_ = 10 ** (gain_db / 40)
    w0 = 2 * np.pi * freq_hz / SR
    al = np.sin(w0) / (2 * q)
    b = [1 + al * a_, -2 * np.cos(w0), 1 - al * a_]
    a = [1 + al / a_, -2 * np.cos(w0), 1 - al / a_]
    return lfilter(b, a, y, axis=1).astype(np.float32)


def plant_harshness(y: np.ndarray, *, gain_db: float) -> tuple[np.ndarray, tuple]:
    return peaking_eq(y, freq_hz=3000, gain_db=gain_db, q=0.7), ("harshness", 0.0, y.shape[1] / SR)


def plant_mud(y: np.ndarray, *, gain_db: float) -> tuple[np.ndarray, tuple]:
    return peaking_eq(y, freq_hz=320, gain_db=gain_db, q=0.8), ("muddy_mix", 0.0, y.shape[1] / SR)


def plant_thin(y: np.ndarray, *, cutoff_hz: float) -> tuple[np.ndarray, tuple]:
    sos = butter(4, cutoff_hz, "high", fs=SR, output="sos")
    return sosfilt(sos, y, axis=1).astype(np.float32), ("thin_low_end", 0.0, y.shape[1] / SR)


def plant_dc(y: np.ndarray, *, dc: float) -> tuple[np.ndarray, tuple]:
    return (_copy(y) + np.float32(dc)), ("dc_offset", 0.0, y.shape[1] / SR)


def plant_phase(y: np.ndarray, *, start_s: float, dur_s: float) -> tuple[np.ndarray, tuple]:
    """Invert the right channel over the range."""
    o = _copy(y)
    a, b = int(start_s * SR), int((start_s + dur_s) * SR)
    o[1, a:b] *= -1
    return o, ("phase_issue", start_s, start_s + dur_s)


def plant_narrow(y: np.ndarray) -> tuple[np.ndarray, tuple]:
    m = y.mean(axis=0)
    return np.stack([m, m]).astype(np.float32), ("narrow_stereo", 0.0, y.shape[1] / SR)


def plant_tempo_drift(y: np.ndarray, *, start_s: float, dur_s: float, ratio: float) -> tuple[np.ndarray, tuple]:
    """Play the range ``ratio`` times faster (resampled: pitch moves too), rest untouched."""
    a, b = int(start_s * SR), int((start_s + dur_s) * SR)
    mid = soxr.resample(y[:, a:b].T, SR * ratio, SR, quality="HQ").T.astype(np.float32)
    o = np.concatenate([y[:, :a], mid, y[:, b:]], axis=1)
    return o, ("timing_drift", start_s, start_s + mid.shape[1] / SR)


def plant_truncation(y: np.ndarray, *, keep_s: float) -> tuple[np.ndarray, tuple]:
    """Silence everything after ``keep_s`` (the planned duration stays the original)."""
    o = _copy(y)
    o[:, int(keep_s * SR) :] = 0
    return o, ("early_ending", keep_s, y.shape[1] / SR)


def plant_gain(y: np.ndarray, *, gain_db: float) -> tuple[np.ndarray, tuple]:
    return (y * np.float32(10 ** (gain_db / 20))).astype(np.float32), ("loudness_off_target", 0.0, y.shape[1] / SR)
