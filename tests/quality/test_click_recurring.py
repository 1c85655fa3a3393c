"""A hard-attack sound the music repeats a few times (five clicks of one size in half a minute) is its sound, a
single click is a fault (quality/detectors/click.py, RECURRING_*): one 2-sample impulse on a synthetic song is
reported at its full severity, the same impulse at RECURRING_MIN places at RECURRING_FACTOR of it; one fewer is
still reported in full (the count is the rule's, not the spacing's)."""

from __future__ import annotations

import numpy as np
import pytest

from quality import fixtures as F
from quality.detectors import DETECTORS, Context
from quality.detectors import click as C
from quality.features import Features
from quality.report import DefectKind

TIMES = (3.1, 7.8, 12.345, 17.2, 21.9)  # off the synthetic song's note onsets
AMP = 0.3


@pytest.fixture(scope="module")
def base():
    y = F.song(duration_s=30.0, seed=3)[0]
    hiss = np.random.default_rng(0).normal(0.0, 0.002, y.shape)  # a floor, so a click stands ~44 dB over the 50 ms
    return (0.5 * y / float(np.abs(y).max()) + hiss).astype(np.float32)  # around it, as the LMMS songs' attacks: ~0.57 alone


def _clicks(base: np.ndarray, times: list[float]) -> list:
    y = base
    for t in times:
        y = F.plant_click(y, time_s=t, amp=AMP)[0]
    return [d for d in DETECTORS[DefectKind.click](Context(feats=Features(y), planned_duration_s=None)) if d.severity >= 0.1]


def _at(ds: list, t: float):
    return max((d for d in ds if d.start_s - 0.01 <= t <= d.end_s + 0.01), key=lambda d: d.severity, default=None)


def test_one_click_is_reported_in_full(base):
    ds = _clicks(base, [12.345])
    assert _at(ds, 12.345) is not None and _at(ds, 12.345).severity >= 0.5


def test_the_same_click_repeated_recurring_min_times_is_the_musics_sound(base):
    times = list(TIMES[: C.RECURRING_MIN])
    single = _at(_clicks(base, [times[0]]), times[0]).severity
    ds = _clicks(base, times)
    for t in times:
        d = _at(ds, t)
        assert d is not None and d.severity == pytest.approx(C.RECURRING_FACTOR * single, rel=0.25)
        assert d.severity < 0.25


def test_one_fewer_than_recurring_min_is_still_reported(base):
    times = list(TIMES[: C.RECURRING_MIN - 1])
    assert all(_at(_clicks(base, times), t).severity >= 0.5 for t in times)
