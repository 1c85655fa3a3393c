"""Faults a user's file hides (no stems; bench/quality_real.py and bench/burst_study.py measure both on packaged
music): a noise burst at the music's own level over tonal music, whose frames stay under the flatness a louder
burst reaches, and a passage driven into soft saturation, whose crest factor falls against the recording
around it while its peaks stay single samples."""

from __future__ import annotations

import numpy as np
import pytest

from quality import fixtures as F
from quality.detectors import distortion, noise_burst
from quality.detectors.base import Context
from quality.features import SHAPE_WIN, Features
from quality.report import DefectKind

ACT = 0.25  # the agent acts from this severity


@pytest.fixture(scope="module")
def chord() -> np.ndarray:
    """20 s of a held three-note chord (no percussion, nothing above 5 kHz) changing every 2 s."""
    t = np.arange(20 * F.SR) / F.SR
    x = sum(np.sin(2 * np.pi * f0 * t * (1 + 0.5 * (np.floor(t / 2) % 2))) for f0 in (220.0, 277.2, 329.6)) / 3
    x *= 0.3 * (0.7 + 0.3 * np.sin(2 * np.pi * 0.25 * t))
    return np.stack([x, x]).astype(np.float32)


@pytest.fixture(scope="module")
def song() -> np.ndarray:
    return F.song(duration_s=30.0, seed=11)[0]


def _bursts(y: np.ndarray) -> list:
    return [d for d in noise_burst.run(Context(feats=Features(y))) if d.kind == DefectKind.noise_burst]


def test_a_burst_at_the_musics_level_over_tonal_music_is_a_quiet_burst(chord):
    y, _ = F.plant_noise_burst(chord, start_s=9.0, dur_s=0.3, level_db=3.0, seed=3)
    st = Features(y).frame_stats
    i = int(9.15 * F.SR / 1024)
    assert st[i, -1] < noise_burst.MIN_FLATNESS  # the louder rule's flatness is not reached
    found = _bursts(y)
    assert len(found) == 1 and found[0].evidence["rule"] == "quiet burst"
    assert found[0].start_s < 9.3 and found[0].end_s > 9.0
    assert ACT <= found[0].severity <= noise_burst.QUIET_MAX_SEVERITY  # reported for a listen, not as a fault
    assert not [d for d in _bursts(chord) if d.severity >= ACT]


def test_quiet_bursts_that_recur_are_an_instrument(chord):
    y = chord
    for k, s in enumerate((3.0, 6.0, 9.0, 12.0, 15.0)):
        y, _ = F.plant_noise_burst(y, start_s=s, dur_s=0.2, level_db=3.0, seed=k)
    found = _bursts(y)
    assert len(found) >= noise_burst.RECURRING_MIN
    assert all(d.severity < ACT and d.evidence["recurring"] == 1 for d in found)


def test_soft_saturation_is_read_in_the_crest_factor(song):
    f = Features(song)
    assert not distortion.crest_drops(f.shape_stats, window_s=SHAPE_WIN / F.SR)
    y, _ = F.plant_distortion(song, start_s=12.0, dur_s=3.0, drive=8.0)
    f = Features(y)
    drops = distortion.crest_drops(f.shape_stats, window_s=SHAPE_WIN / F.SR)
    assert len(drops) == 1 and drops[0]["start_s"] < 15.0 and drops[0]["end_s"] > 12.0
    assert drops[0]["crest_drop_db"] >= distortion.CREST_DROP_DB
    found = [d for d in distortion.run(Context(feats=f)) if d.severity >= ACT]
    assert found and all(d.start_s < 15.5 and d.end_s > 11.5 for d in found)


def test_the_neighbourhood_at_a_files_end_is_the_windows_there_are():
    x = np.full(300, 10.0)
    x[-3:] = 20.0  # a last hit: the end's own windows, not the whole missing half
    med = distortion._local_median(x, 201)
    assert med[-1] == 10.0 and med[150] == 10.0
    assert np.array_equal(distortion._local_median(x[:50], 201), np.full(50, 10.0))
