"""muddy_mix without stems cannot tell a warm bed under drums from a bus EQ: synthetic
signals whose answer is known by construction (bench/tonal_study.py measures the same on
real recordings)."""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import pytest

from quality import fixtures as F
from quality.detectors import muddy_mix
from quality.detectors.base import Context
from quality.detectors.spectral_balance import (
    MUD_APART_EXTRA_DB,
    MUD_BELL_LIMIT_DRUMS_DB,
    _lowmid_transient,
    sustain_weight,
)
from quality.detectors.tonal_bell import bell_db
from quality.features import Features
from quality.report import DefectKind

DUR_S = 8.0
WARM_DB = 16.0  # the bed's own low-mid bump, and the bus bell planted on the neutral mix
CHORD_HZ = (110.0, 138.0, 165.0)  # whole hertz: every partial repeats each second, so one second is synthesised


def _drums(rng: np.random.Generator) -> np.ndarray:
    """A kick on every beat at 120 bpm, a noise snare on 2 and 4, a bright hat every 8th note."""
    n = int(DUR_S * F.SR)
    x = np.zeros(n)
    for k in range(int(DUR_S / 0.5)):
        s = int(k * 0.5 * F.SR)
        t = np.arange(min(n - s, int(0.4 * F.SR))) / F.SR
        x[s:s + t.size] += 0.6 * np.sin(2 * np.pi * (50 * t + 1.8 * (1 - np.exp(-t / 0.03)))) * np.exp(-t / 0.12)
        if k % 2:
            x[s:s + t.size] += 0.3 * rng.standard_normal(t.size) * np.exp(-t / 0.07)
    env = np.zeros(n)
    for k in range(int(DUR_S / 0.25)):
        s = int(k * 0.25 * F.SR)
        m = min(n - s, int(0.1 * F.SR))
        env[s:s + m] = np.exp(-np.arange(m) / F.SR / 0.02)
    return x + 0.15 * np.diff(rng.standard_normal(n + 1)) * env  # a differenced noise: rising 6 dB per octave


def _bed(rng: np.random.Generator, warm_db: float) -> np.ndarray:
    """A held chord whose partials fall 6 dB per octave, their level shaped by a ``warm_db`` bump at
    316 Hz: the instruments' own warmth (voicing, register), not an EQ on the mix."""
    t = np.arange(F.SR) / F.SR
    y = np.zeros(t.size)
    for f0 in CHORD_HZ:
        f = f0 * np.arange(1, int(8000 / f0) + 1)
        a = 10 ** (bell_db(f, 316.0, gain_db=warm_db, q=0.85) / 20) / np.arange(1, f.size + 1)
        for fk, ak in zip(f, a, strict=True):
            y += 0.08 * ak * np.sin(2 * np.pi * fk * t + rng.uniform(0, 2 * np.pi))
    return np.tile(y, int(DUR_S))


@lru_cache(maxsize=2)
def _mix(warm_db: float) -> np.ndarray:
    rng = np.random.default_rng(1)
    x = _drums(rng) + _bed(rng, warm_db)
    return np.stack([x, x]).astype(np.float32)


def _reading(y: np.ndarray) -> tuple[float, float, float, float]:
    """(muddy_mix's bell dB, its limit, percussive evidence, low-mid sustain weight), read with a
    +20 dB bell added where the mix itself is not reported (the bell adds about its gain; the limit
    is read from measures no EQ moves, so it is the mix's own)."""
    ctx = Context(feats=Features(y))
    d = muddy_mix.run(ctx)
    if not d:
        ev = muddy_mix.run(Context(feats=Features(F.peaking_eq(y, freq_hz=320.0, gain_db=20.0, q=0.8))))[0].evidence
        return float("nan"), ev["shape_limit_db"], ctx.feats.percussive, sustain_weight(_lowmid_transient(ctx))
    ev = d[0].evidence
    return ev["shape_db"], ev["shape_limit_db"], ctx.feats.percussive, sustain_weight(_lowmid_transient(ctx))


def test_a_warm_bed_under_drums_reads_as_a_bus_bell_on_a_neutral_one():
    # the same drums over a chord whose own partials carry a +16 dB bump at 316 Hz, and over the
    # neutral chord with a +16 dB bus bell at 320 Hz: both read 9.2-9.5 dB over their tilt (the real
    # held-out false alarms read 9.5 and 10.1 dB), both are percussive (the hats) over a tonal
    # low-mid, so both meet the drums' limit: nothing in the long-term spectrum or in the low-mid's
    # transient share (which no EQ moves) tells them apart. The drum hits' own spectrum does here
    # (their bell -2.2 dB under the warm bed, 0.5 dB under the bus bell: bench/tonal_study.py --hits),
    # but not on the real false alarms, whose hits carry the bump too (6.3 and 11.8 dB). The held chord's
    # level does not move with the mids' (the hats move those), so since the sixteenth session both get
    # the allowance for a low-mid holding a part of its own (MUD_APART_EXTRA_DB): neither is flagged
    warm = _reading(_mix(WARM_DB))
    bus = _reading(F.peaking_eq(_mix(0.0), freq_hz=320.0, gain_db=WARM_DB, q=0.8))
    for g, lim, perc, sustain in (warm, bus):
        assert perc > 0.9 and sustain == 1.0
        assert MUD_BELL_LIMIT_DRUMS_DB + 0.5 * MUD_APART_EXTRA_DB < lim <= MUD_BELL_LIMIT_DRUMS_DB + MUD_APART_EXTRA_DB
        assert np.isnan(g)  # neither reported
    assert warm[1] == pytest.approx(bus[1], abs=0.5)


def test_a_warm_bed_under_drums_is_not_muddy():
    assert not [d for d in muddy_mix.run(Context(feats=Features(_mix(WARM_DB)))) if d.kind == DefectKind.muddy_mix
                and d.severity >= 0.25]


@pytest.mark.xfail(strict=True, reason="known miss without stems: a +16 dB bus bell on a neutral bed under drums reads like a "
                                      "bed warm by nature (see the first test) and gets the same allowance for a low-mid "
                                      "holding a part of its own; a +20 dB one is found")
def test_a_bus_bell_on_a_neutral_bed_under_drums_is_muddy():
    y = F.peaking_eq(_mix(0.0), freq_hz=320.0, gain_db=WARM_DB, q=0.8)
    assert [d for d in muddy_mix.run(Context(feats=Features(y))) if d.kind == DefectKind.muddy_mix and d.severity >= 0.25]
