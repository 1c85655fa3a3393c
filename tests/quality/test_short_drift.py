"""Timing drift in one short section (the size a generator drifts over: 5-6 s of a 20 s
take, 4 % off), and in the take's last section, where only the last window holds it: known
answers from the fixture song."""

from __future__ import annotations

import numpy as np
import pytest

from quality import fixtures as F
from quality.detectors import timing_drift
from quality.detectors.base import Context
from quality.features import Features


@pytest.fixture(scope="module")
def song20():
    return F.song(duration_s=20.0, seed=3)[0]


def _drifts(y):
    return timing_drift.run(Context(feats=Features(y)))


def test_a_steady_short_song_has_no_drift(song20):
    assert not _drifts(song20)


@pytest.mark.parametrize("start,dur,ratio", [(8.0, 5.0, 1.04), (12.0, 6.0, 0.96)])
def test_a_four_percent_section_is_heard_where_it_is(song20, start, dur, ratio):
    y, (_, a, b) = F.plant_tempo_drift(song20, start_s=start, dur_s=dur, ratio=ratio)
    found = [d for d in _drifts(y) if d.severity >= 0.25]
    assert found and all(d.start_s < b and d.end_s > a for d in found), found
    assert all((d.evidence["deviation"] > 0) == (ratio > 1) for d in found)


def ramp_to_end(y: np.ndarray, start_s: float, ratio: float) -> np.ndarray:
    """The take from ``start_s`` on with its tempo ramping from 1 to ``ratio`` x by its end (as a
    generator drifts: read at a speed that grows linearly; the take keeps its length)."""
    a, n = int(start_s * F.SR), y.shape[1]
    speed = 1.0 + (ratio - 1.0) * np.linspace(0.0, 1.0, n - a)
    pos = np.concatenate([np.arange(a, dtype=float), a + np.cumsum(speed) - speed[0]])
    return np.stack([np.interp(pos, np.arange(n), ch) for ch in y]).astype(np.float32)


@pytest.mark.parametrize("ratio", [0.93, 1.07])
def test_a_drift_over_the_last_section_is_heard(song20, ratio):
    y = ramp_to_end(song20, 15.6, ratio)
    a, b = 15.6, 20.0
    found = _drifts(y)
    assert found and all(d.start_s < b and d.end_s > a and d.severity >= 0.25 for d in found), found
    assert all((d.evidence["deviation"] > 0) == (ratio > 1) for d in found)


def _windows(n: int, at: int, *, best: float, at1: float, ratio: float = 0.96):
    starts = np.arange(n, dtype=float)
    r, b, u = np.ones(n), np.full(n, 0.9), np.full(n, 0.88)
    r[at], b[at], u[at] = ratio, best, at1
    return starts, r, b, u


def test_one_window_is_a_drift_only_at_the_end_and_only_when_unstretched_does_not_fit():
    assert timing_drift.drift_runs(*_windows(17, 16, best=0.48, at1=0.04))  # the pop take's last section
    assert not timing_drift.drift_runs(*_windows(17, 9, best=0.48, at1=0.04))  # mid-take: needs two windows
    assert not timing_drift.drift_runs(*_windows(17, 16, best=0.6, at1=0.5))  # a fill: the beat still fits
    assert not timing_drift.drift_runs(*_windows(17, 16, best=0.48, at1=0.04, ratio=1.01))  # within tolerance


def test_without_a_plan_a_drift_is_reported_for_a_listen_not_as_a_fault(song20):
    """A 12 % section: with a plan (the engine's take) a fault; without one (a user's file, whose own
    tempo changes may be meant) the same range at the unplanned severity, still >= 0.25."""
    y, (_, a, b) = F.plant_tempo_drift(song20, start_s=8.0, dur_s=6.0, ratio=1.12)
    f = Features(y)
    planned = timing_drift.run(Context(feats=f, planned_duration_s=20.0))
    unplanned = timing_drift.run(Context(feats=f))
    assert planned and max(d.severity for d in planned) >= 0.5, planned
    assert [(d.start_s, d.end_s) for d in unplanned] == [(d.start_s, d.end_s) for d in planned]
    assert all(0.25 <= d.severity <= timing_drift.UNPLANNED_MAX_SEVERITY for d in unplanned), unplanned
    assert all(d.start_s < b and d.end_s > a for d in unplanned)
