"""Timing drift in one short section (the size a generator drifts over: 5-6 s of a 20 s
take, 4 % off), known answers from the fixture song."""

from __future__ import annotations

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
