"""A lean arrangement (voices from 196 Hz up over a quiet room floor) is not a thin low end; the
same arrangement high-passed at 300 Hz (the planted thin_low_end) is: known answers from
synthetic signals (``quality.detectors.low_end``)."""

from __future__ import annotations

import numpy as np
import pytest

from quality import fixtures as F
from quality.detectors import thin_low_end
from quality.detectors.base import Context
from quality.detectors.low_end import high_passed, lean
from quality.detectors.spectral_balance import _ltas, density_db
from quality.features import Features

SR = F.SR


@pytest.fixture(scope="module")
def lean_take() -> np.ndarray:
    """20 s of held chords (G3 upwards, harmonics falling 6 dB an octave, a slow tremolo) over pink
    noise 25 dB down: no voice under 196 Hz, a floor under it as a room leaves. The rule's limit: over
    a drier floor (30 dB down and under) the lowest octave reads as emptied, as a high-pass leaves it."""
    rng = np.random.default_rng(7)
    t = np.arange(20 * SR) / SR
    y = np.zeros_like(t)
    for f0 in (196.0, 246.9, 293.7, 392.0, 493.9):
        for k in range(1, 12):
            if f0 * k < 8000:
                y += np.sin(2 * np.pi * f0 * k * t + rng.uniform(0, 6.3)) / k * (1 + 0.3 * np.sin(2 * np.pi * 0.2 * t + k))
    white = np.fft.rfft(rng.standard_normal(t.size))
    pink = np.fft.irfft(white / np.sqrt(np.maximum(np.fft.rfftfreq(t.size, 1 / SR), 20.0)), t.size)
    y = y / np.abs(y).max() + pink / np.abs(pink).max() * 10 ** (-25 / 20)
    y = 0.5 * y / np.abs(y).max()
    return np.stack([y, y]).astype(np.float32)


def _ctx(y: np.ndarray) -> Context:
    return Context(feats=Features(y))


def test_a_lean_arrangement_reads_thin_by_density_but_is_not_high_passed(lean_take):
    ctx = _ctx(lean_take)
    f = ctx.feats
    e = f.band_energy[f.active_frames].sum(axis=0)
    assert density_db(e, ("sub", "bass")) - density_db(e, ("low_mid",)) < -10.5  # the density alone calls it thin
    assert not high_passed(_ltas(ctx)) and lean(_ltas(ctx))
    assert not [d for d in thin_low_end.run(ctx) if d.severity >= 0.25]


def test_the_same_arrangement_high_passed_is_thin(lean_take):
    ctx = _ctx(F.plant_thin(lean_take, cutoff_hz=300.0)[0])
    assert high_passed(_ltas(ctx)) and not lean(_ltas(ctx))
    assert [d for d in thin_low_end.run(ctx) if d.severity >= 0.25]
