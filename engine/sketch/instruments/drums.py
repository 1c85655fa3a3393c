"""Drum and percussion one-shots, synthesised once per (kit, seed) and reused.

``kit_samples(kit, seed)`` returns ``{piece: [variant, ...]}`` mono float32 arrays
at 48 kHz. Pieces: kick, snare, hat, ohat, ride, crash, clap, rim, tom_hi, tom_lo,
shaker, conga_hi, conga_lo, clave. Each kit sets the character (tight rock,
boomy 808, brushed jazz, dull lo-fi, clicky metal ...).
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
from scipy import signal

from engine.constants import SAMPLE_RATE

SR = SAMPLE_RATE
N_VARIANTS = 3

# per kit: kick (f_start, f_end, sweep s, decay s, click), snare (tone Hz, noise decay s, tone mix),
# hats decay s, lowpass of everything (Hz), brushes instead of stick snare
KITS: dict[str, dict[str, object]] = {
    "acoustic": dict(kick=(150, 52, 0.04, 0.32, 0.25), snare=(190, 0.17, 0.35), hat=0.05, lp=16000, brush=False),
    "rock": dict(kick=(160, 55, 0.035, 0.30, 0.35), snare=(200, 0.22, 0.3), hat=0.06, lp=16000, brush=False),
    "metal": dict(kick=(180, 60, 0.02, 0.18, 0.8), snare=(230, 0.15, 0.4), hat=0.04, lp=17000, brush=False),
    "brushes": dict(kick=(110, 50, 0.05, 0.25, 0.05), snare=(180, 0.25, 0.1), hat=0.07, lp=9000, brush=True),
    "electro": dict(kick=(170, 48, 0.05, 0.45, 0.2), snare=(210, 0.14, 0.25), hat=0.035, lp=18000, brush=False),
    "trap": dict(kick=(120, 44, 0.06, 1.1, 0.15), snare=(220, 0.12, 0.2), hat=0.03, lp=17000, brush=False),
    "lofi": dict(kick=(130, 50, 0.05, 0.3, 0.1), snare=(185, 0.16, 0.3), hat=0.04, lp=5500, brush=False),
    "folk": dict(kick=(120, 55, 0.04, 0.28, 0.1), snare=(190, 0.14, 0.2), hat=0.05, lp=11000, brush=True),
    "latin": dict(kick=(140, 55, 0.04, 0.25, 0.2), snare=(330, 0.08, 0.6), hat=0.04, lp=15000, brush=False),
}

# where each piece sits in the stereo field (-1 left .. +1 right)
PIECE_PAN = {"kick": 0.0, "snare": 0.05, "hat": 0.35, "ohat": 0.35, "ride": -0.35, "crash": -0.45, "clap": 0.0,
             "rim": 0.1, "tom_hi": 0.3, "tom_lo": -0.3, "shaker": 0.5, "conga_hi": 0.35, "conga_lo": 0.2,
             "clave": -0.4}


def _t(seconds: float) -> np.ndarray:
    return np.arange(int(seconds * SR), dtype=np.float64) / SR


def _bp(x: np.ndarray, lo: float, hi: float) -> np.ndarray:
    sos = signal.butter(2, [lo, min(hi, SR / 2 - 100)], btype="band", fs=SR, output="sos")
    return signal.sosfilt(sos, x)


def _hp(x: np.ndarray, f: float) -> np.ndarray:
    return signal.sosfilt(signal.butter(2, f, btype="high", fs=SR, output="sos"), x)


def _metal(t: np.ndarray, scale: float, rng: np.random.Generator) -> np.ndarray:
    """Inharmonic square cluster (the 808 hat trick), slightly detuned per variant."""
    freqs = np.array([205.3, 304.4, 369.6, 522.7, 540.0, 800.0]) * scale * (1 + 0.01 * rng.standard_normal(6))
    return np.sign(np.sin(2 * np.pi * freqs[:, None] * t[None, :])).sum(axis=0) / 6.0


def _kick(p: tuple, rng: np.random.Generator, boom: bool) -> np.ndarray:
    f0, f1, sweep, decay, click = p
    t = _t(decay * 4 + 0.05)
    f = f1 + (f0 - f1) * np.exp(-t / sweep)
    body = np.sin(2 * np.pi * np.cumsum(f) / SR) * np.exp(-t / decay)
    if boom:
        body = np.tanh(body * 1.6)
    n = rng.standard_normal(t.size) * np.exp(-t / 0.004)
    return body + click * _hp(n, 1500)


def _snare(p: tuple, rng: np.random.Generator, brush: bool) -> np.ndarray:
    tone, ndec, mix = p
    t = _t(ndec * 5)
    noise = rng.standard_normal(t.size)
    if brush:
        env = (1 - np.exp(-t / 0.012)) * np.exp(-t / ndec)
        return 0.5 * _bp(noise, 1500, 7000) * env
    body = np.sin(2 * np.pi * tone * t) * np.exp(-t / 0.06) + 0.5 * np.sin(2 * np.pi * tone * 1.6 * t) * np.exp(-t / 0.04)
    return mix * body + (1 - mix) * 1.6 * _bp(noise, 1200, 9000) * np.exp(-t / ndec)


def _make_piece(piece: str, kit: dict, rng: np.random.Generator, kit_name: str) -> np.ndarray:
    if piece == "kick":
        return _kick(kit["kick"], rng, kit_name == "trap")
    if piece == "snare":
        return _snare(kit["snare"], rng, bool(kit["brush"]))
    if piece in ("hat", "ohat", "ride", "crash"):
        dec = {"hat": kit["hat"], "ohat": 0.35, "ride": 1.4, "crash": 1.8}[piece]
        t = _t(dec * 4)
        m = _metal(t, 1.0 if piece in ("hat", "ohat") else 0.7, rng)
        x = 0.6 * m + 0.5 * rng.standard_normal(t.size)
        if piece == "ride":
            x += 0.6 * np.sin(2 * np.pi * 3150 * t) * np.exp(-t / 0.6)
        x = _hp(x, 6500 if piece in ("hat", "ohat") else 3500)
        level = {"hat": 0.45, "ohat": 0.4, "ride": 0.3, "crash": 0.5}[piece]
        return level * x * np.exp(-t / dec)
    if piece == "clap":
        t = _t(0.35)
        env = np.zeros(t.size)
        for k, off in enumerate((0.0, 0.011, 0.022, 0.031)):
            tt = np.clip(t - off, 0, None)
            env += (t >= off) * np.exp(-tt / (0.006 if k < 3 else 0.12))
        return 0.9 * _bp(rng.standard_normal(t.size), 900, 2600) * env
    if piece == "rim":
        t = _t(0.08)
        return 0.8 * _bp(rng.standard_normal(t.size) + 2 * np.sin(2 * np.pi * 1700 * t), 1000, 4000) * np.exp(-t / 0.012)
    if piece in ("tom_hi", "tom_lo"):
        f = 150.0 if piece == "tom_hi" else 95.0
        t = _t(0.8)
        freq = f * (1 + 0.5 * np.exp(-t / 0.03))
        return 0.9 * np.sin(2 * np.pi * np.cumsum(freq) / SR) * np.exp(-t / 0.22) + 0.1 * rng.standard_normal(t.size) * np.exp(-t / 0.02)
    if piece == "shaker":
        t = _t(0.12)
        env = (1 - np.exp(-t / 0.01)) * np.exp(-t / 0.035)
        return 0.6 * _bp(rng.standard_normal(t.size), 4500, 11000) * env
    if piece in ("conga_hi", "conga_lo"):
        f = 330.0 if piece == "conga_hi" else 220.0
        t = _t(0.5)
        freq = f * (1 + 0.08 * np.exp(-t / 0.02))
        body = np.sin(2 * np.pi * np.cumsum(freq) / SR) * np.exp(-t / 0.13)
        return 0.8 * body + 0.25 * _bp(rng.standard_normal(t.size), 1500, 5000) * np.exp(-t / 0.008)
    if piece == "clave":
        t = _t(0.12)
        return 0.7 * np.sin(2 * np.pi * 2500 * t) * np.exp(-t / 0.025)
    raise KeyError(piece)


@lru_cache(maxsize=32)
def kit_samples(kit_name: str, seed: int) -> dict[str, tuple[np.ndarray, ...]]:
    """``N_VARIANTS`` variants of every piece of ``kit_name`` (float32, mono, peak ~1)."""
    kit = KITS.get(kit_name, KITS["acoustic"])
    rng = np.random.default_rng([seed, 7])
    sos_lp = signal.butter(2, kit["lp"], fs=SR, output="sos") if kit["lp"] < 20000 else None
    out: dict[str, tuple[np.ndarray, ...]] = {}
    for piece in PIECE_PAN:
        variants = []
        for _ in range(N_VARIANTS):
            x = _make_piece(piece, kit, rng, kit_name)
            if sos_lp is not None:
                x = signal.sosfilt(sos_lp, x)
            fade = min(256, x.size)
            x[-fade:] *= np.linspace(1.0, 0.0, fade)
            variants.append((x / (np.max(np.abs(x)) + 1e-9)).astype(np.float32))
        out[piece] = tuple(variants)
    return out
