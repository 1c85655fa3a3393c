"""A noisy instrument recurs in short events of like length (a hat's 15 ms hits); a burst lasting many times
longer than any of them stands out of that instrument and is judged on its own (``noise_burst._stands_out``),
while the hits stay scaled down as recurring."""

from __future__ import annotations

import numpy as np
import pytest

from quality import fixtures as F
from quality.detectors import noise_burst
from quality.detectors.base import Context
from quality.features import Features
from quality.report import DefectKind

FAULT = 0.5  # a fault from this severity


@pytest.fixture(scope="module")
def chord_with_hats() -> np.ndarray:
    """20 s of a held three-note chord with a 15 ms noise hit every 1.25 s."""
    t = np.arange(20 * F.SR) / F.SR
    x = sum(np.sin(2 * np.pi * f0 * t * (1 + 0.5 * (np.floor(t / 2) % 2))) for f0 in (220.0, 277.2, 329.6)) / 3
    x *= 0.3 * (0.7 + 0.3 * np.sin(2 * np.pi * 0.25 * t))
    y = np.stack([x, x]).astype(np.float32)
    rng = np.random.default_rng(0)
    n = int(0.015 * F.SR)
    for k in range(16):
        a = int((0.6 + 1.25 * k) * F.SR)
        y[:, a:a + n] += (0.3 * rng.standard_normal(n)).astype(np.float32)
    return y


def _bursts(y: np.ndarray) -> list:
    return [d for d in noise_burst.run(Context(feats=Features(y))) if d.kind == DefectKind.noise_burst]


def test_the_hats_are_an_instrument_scaled_down(chord_with_hats):
    found = [d for d in _bursts(chord_with_hats) if d.evidence.get("rule") != "quiet burst"]
    assert len(found) >= noise_burst.RECURRING_MIN
    assert all(d.evidence["recurring"] == 1 and d.severity <= noise_burst.RECURRING_FACTOR for d in found)


def test_a_burst_far_longer_than_the_hats_stands_out_of_them(chord_with_hats):
    y, _ = F.plant_noise_burst(chord_with_hats, start_s=9.3, dur_s=0.4, level_db=6.0, seed=3)
    found = _bursts(y)
    burst = [d for d in found if d.start_s <= 9.7 and d.end_s >= 9.3 and d.end_s - d.start_s >= 0.3]
    assert len(burst) == 1 and burst[0].severity >= FAULT and "recurring" not in burst[0].evidence
    hats = [d for d in found if d not in burst and d.evidence.get("rule") != "quiet burst"]
    assert hats and all(d.evidence["recurring"] == 1 for d in hats)
