"""A flat-topped timbre the recording holds in several passages (a square-wave lead coming back) is its sound, a
saturation written into one passage is not (quality/detectors/distortion.py, RECUR_*): the same square-wave phrase
played once is reported at its full severity, played five times at RECUR_FACTOR of it; a tanh drive written into one
passage of a song, found as several ranges, is one passage and keeps its full severity."""

from __future__ import annotations

import numpy as np
import pytest

from quality import fixtures as F
from quality.detectors import DETECTORS, Context
from quality.detectors import distortion as D
from quality.features import Features
from quality.report import DefectKind

SR = 48_000
PHRASE_S = 0.8


def _with_lead(base: np.ndarray, starts: list[float]) -> np.ndarray:
    """``base`` with a loud square-wave phrase (two 220 / 330 Hz notes, flat tops at +-0.7) over it at ``starts``."""
    y = np.array(base, dtype=np.float32, copy=True)
    n = int(PHRASE_S * SR)
    t = np.arange(n) / SR
    square = 0.7 * np.sign(np.sin(2 * np.pi * np.where(t < PHRASE_S / 2, 220.0, 330.0) * t))
    for s in starts:
        a = int(s * SR)
        y[:, a:a + n] = 0.05 * y[:, a:a + n] + square
    return y


def _distortion(y: np.ndarray) -> list:
    return DETECTORS[DefectKind.distortion](Context(feats=Features(y), planned_duration_s=None))


@pytest.fixture(scope="module")
def base():
    y = F.song(duration_s=30.0, seed=3)[0]
    return 0.5 * y / float(np.abs(y).max())


def test_recurring_share_counts_the_flat_windows_outside_the_range_s_passage():
    flat = np.zeros(300, dtype=bool)
    flat[100:104] = True  # the range itself (10.0-10.4 s at 0.1 s windows)
    flat[108:110] = True  # within RECUR_CONTEXT_S of it
    flat[200:206] = True  # six windows of another passage
    share = D.recurring_share({"start_s": 10.0, "end_s": 10.4}, flat, window_s=0.1)
    assert share == pytest.approx(6 / (300 - 24))  # 24 windows: the range and 1 s on each side
    flat[120:125] = True  # 1.0 s after the last flat window: the same passage (gaps up to RECUR_PASSAGE_GAP_S)
    share = D.recurring_share({"start_s": 10.0, "end_s": 10.4}, flat, window_s=0.1)
    assert share == pytest.approx(6 / (300 - 35))  # the passage runs from 9.0 to 12.5 s


def test_a_square_lead_that_comes_back_is_reported_at_the_recurring_factor_of_its_severity_once(base):
    once = [d for d in _distortion(_with_lead(base, [14.0])) if 13.5 <= d.start_s <= 15.0]
    again = [d for d in _distortion(_with_lead(base, [4.0, 9.0, 14.0, 19.0, 24.0])) if 13.5 <= d.start_s <= 15.0]
    assert once and again
    full, recurring = max(d.severity for d in once), max(d.severity for d in again)
    assert full == pytest.approx(1.0)
    assert recurring == pytest.approx(D.RECUR_FACTOR * full)
    assert max(d.evidence["recurring_share"] for d in again) > D.RECUR_SHARE
    assert max(d.evidence["recurring_share"] for d in once) <= D.RECUR_SHARE


def test_a_drive_written_into_one_passage_is_still_a_fault(base):
    y, _ = F.plant_distortion(base, start_s=10.0, dur_s=4.0, drive=10.0)
    ds = [d for d in _distortion(y) if d.start_s < 14.5 and d.end_s > 9.5]
    assert ds and max(d.severity for d in ds) >= 0.5
    assert len(ds) >= 2  # found as pieces of one passage: none counts the others as elsewhere
    assert all(d.evidence["recurring_share"] <= D.RECUR_SHARE for d in ds)
