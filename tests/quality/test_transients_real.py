"""Polarity faults and noise bursts as recorded music hides them (bench/quality_real.py
measures both on packaged recordings): a flip of a wide mix read per octave, a burst at
the music's own level read above 5 kHz, a one-frame noisy attack left to the music."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.signal import butter, sosfilt

from quality import fixtures as F
from quality.detectors import noise_burst, phase_issue
from quality.detectors.base import Context
from quality.features import Features
from quality.report import DefectKind

ACT = 0.25  # the agent acts from this severity


@pytest.fixture(scope="module")
def song():
    return F.song(duration_s=30.0, seed=11)[0]


def _wide(song: np.ndarray) -> np.ndarray:
    """``song`` with decorrelated content under 250 Hz and over 2.5 kHz (spaced microphones,
    reverb, a stereo pad) twice as loud as the song's own there: whole-band correlation ~0.2,
    the octaves between stay correlated."""
    rng = np.random.default_rng(5)
    out = song.astype(np.float64)
    for kind, hz in (("low", 250), ("high", 2500)):
        sos = butter(4, hz, kind, fs=F.SR, output="sos")
        noise = sosfilt(sos, rng.standard_normal(song.shape), axis=1)
        out += 2.0 * noise * sosfilt(sos, song, axis=1).std() / noise.std()
    return out.astype(np.float32)


def _phase(y):
    return [d for d in phase_issue.run(Context(feats=Features(y))) if d.kind == DefectKind.phase_issue]


def test_an_inversion_of_a_wide_mix_is_read_per_octave(song):
    y = _wide(song)
    assert np.corrcoef(y)[0, 1] < 0.3
    assert not [d for d in _phase(y) if d.severity >= ACT]
    inv, _ = F.plant_phase(y, start_s=10.0, dur_s=6.0)
    found = [d for d in _phase(inv) if d.severity >= ACT and d.start_s <= 16.5 and d.end_s >= 9.5]
    assert found
    ev = found[0].evidence
    # the whole band moved less than the old contrast rule asks: only the octaves tell
    assert ev["full_context"] - ev["full_range"] < phase_issue.MIN_CONTRAST
    assert ev["flip_score"] >= phase_issue.MIN_FLIP_SCORE


def test_flip_score_reads_every_octave_reversed_as_a_flip_and_one_reversed_as_the_image(song):
    inv, _ = F.plant_phase(song, start_s=10.0, dur_s=6.0)
    assert phase_issue.flip_score(inv, 10.0, 16.0, sr=F.SR) > 0.8
    # the low octaves alone turned over (a stereo bass): the upper octaves keep their image
    y = song.copy()
    a, b = 10 * F.SR, 16 * F.SR
    low = sosfilt(butter(4, 300, "low", fs=F.SR, output="sos"), y[1, a:b]).astype(np.float32)
    y[1, a:b] -= 2.0 * low
    assert phase_issue.flip_score(y, 10.0, 16.0, sr=F.SR) < phase_issue.MIN_FLIP_SCORE


def _frames(n=400):
    """Per-frame flatness, total energy and 5-20 kHz energy of a steady dense mix."""
    return np.full(n, 0.05), np.full(n, 1.0), np.full(n, 1e-3)


def test_a_burst_at_the_musics_level_is_read_above_5_khz():
    fl, en, hi = _frames()
    s = slice(200, 206)  # ~0.13 s
    fl[s] = 0.4  # white noise over the mix: flat
    en[s] *= 10 ** (1.5 / 10)  # the total hardly rises (under MIN_RISE_DB) ...
    hi[s] *= 10 ** (25 / 10)  # ... the top octaves, where music is quiet, do
    assert not noise_burst.detect(fl, en, frame_s=0.0213)
    found = noise_burst.detect(fl, en, frame_s=0.0213, high=hi)
    assert len(found) == 1 and found[0]["high_rise_db"] > noise_burst.MIN_HIGH_RISE_DB


def test_a_one_frame_noisy_attack_is_not_a_burst():
    fl, en, hi = _frames()
    fl[200] = 0.45  # a hat, a snare's crack: one 21 ms frame
    en[200] *= 10 ** (6 / 10)
    hi[200] *= 10 ** (25 / 10)
    assert not noise_burst.detect(fl, en, frame_s=0.0213, high=hi)
    fl[200:202], en[200:202], hi[200:202] = 0.45, en[200], hi[200]  # two frames: a burst
    assert noise_burst.detect(fl, en, frame_s=0.0213, high=hi)
