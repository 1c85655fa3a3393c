"""Tempo: octave errors resolved (quality.tempo) on sketch takes at known tempi."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest

from quality.features import Features
from quality.tempo import estimate_tempo

sys.path.insert(0, str(Path(__file__).parent))
from test_false_positives import GENRES, sketch_take  # noqa: E402

TOLERANCE = 0.03


def _tempo_of(genre: str, seed: int, bpm: int | None = None) -> float:
    take, _ = sketch_take(genre, seed, bpm=bpm)
    return Features(take.audio).beats[0]


@pytest.mark.parametrize(("genre", "seed"), [("ambient", 1), ("pop", 4)])
def test_octave_errors_of_the_librosa_prior_are_fixed(genre, seed):
    # librosa's tracker (log-normal prior at 120 bpm) read these as 140.6 and 58.6
    bpm = GENRES[genre][1]
    assert _tempo_of(genre, seed) == pytest.approx(bpm, rel=TOLERANCE)


def test_pulse_train_tempo_and_percussive_prior():
    fps = 48_000 / 1024
    env = np.zeros(int(30 * fps), dtype=np.float32)
    period = fps * 60 / 100.0  # 100 bpm quarters, weaker eighths between
    for k in range(int(env.size / period * 2)):
        i = int(round(k * period / 2))
        if i < env.size:
            env[i] = 1.0 if k % 2 == 0 else 0.9
    t_soft, _ = estimate_tempo(env, fps=fps, percussive=0.0)
    assert t_soft == pytest.approx(100.0, rel=TOLERANCE)
    assert estimate_tempo(np.zeros(100, dtype=np.float32), fps=fps, percussive=1.0) == (0.0, 0.0)


@pytest.mark.slow
@pytest.mark.parametrize("genre", list(GENRES))
def test_tempo_at_the_requested_bpm_all_genres(genre):
    bpm = GENRES[genre][1]
    assert _tempo_of(genre, 1) == pytest.approx(bpm, rel=TOLERANCE)


@pytest.mark.slow
@pytest.mark.parametrize(("genre", "bpm"), [("jazz", 120), ("rock", 140), ("metal", 140), ("hip hop", 82), ("ambient", 82),
                                            ("pop", 100), ("classical", 76), ("classical", 104), ("folk", 116), ("latin", 108)])
def test_tempo_at_other_tempi(genre, bpm):
    assert _tempo_of(genre, 11, bpm) == pytest.approx(bpm, rel=TOLERANCE)
