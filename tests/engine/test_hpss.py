"""The one HPSS both separators use: a steady tone is harmonic, a click train percussive,
and the parts sum back to the input."""

from __future__ import annotations

import numpy as np
import pytest

from engine.hpss import istft, percussive_mask, stft
from quality.separate.dsp import separate_dsp

SR = 48_000


def _tone_and_clicks() -> tuple[np.ndarray, np.ndarray]:
    t = np.arange(3 * SR) / SR
    tone = 0.3 * np.sin(2 * np.pi * 440.0 * t)
    clicks = np.zeros_like(t)
    clicks[SR // 4 :: SR // 2] = 0.9
    return np.stack([tone, tone]).astype(np.float32), np.stack([clicks, clicks]).astype(np.float32)


def _energy(x: np.ndarray) -> float:
    return float(np.sum(x.astype(np.float64) ** 2))


def test_stft_round_trip_is_exact():
    tone, clicks = _tone_and_clicks()
    y = tone + clicks
    assert np.max(np.abs(istft(stft(y, 2048, 512), 2048, 512, y.shape[1]) - y)) < 1e-5


def test_a_tone_is_harmonic_and_clicks_are_percussive():
    tone, clicks = _tone_and_clicks()
    z = stft(tone + clicks, 2048, 512)
    m = percussive_mask(np.abs(z).sum(axis=0))
    perc = istft(z * m, 2048, 512, tone.shape[1])
    harm = istft(z * (1 - m), 2048, 512, tone.shape[1])
    assert _energy(perc - clicks) < 0.2 * _energy(clicks)
    assert _energy(harm - tone) < 0.05 * _energy(tone)


def test_the_critics_dsp_stems_sum_back_to_the_input():
    tone, clicks = _tone_and_clicks()
    y = tone + clicks
    stems = separate_dsp(y)
    assert set(stems) == {"drums", "bass", "other"}
    assert np.max(np.abs(sum(stems.values()) - y)) < 1e-4
    assert _energy(stems["drums"] - clicks) < 0.2 * _energy(clicks)


def test_separators_are_looked_up_by_name():
    from engine.errors import ConfigError
    from quality.separate import separate

    tone, clicks = _tone_and_clicks()
    by_name = separate(tone + clicks, method="dsp")
    assert all(np.array_equal(by_name[k], v) for k, v in separate_dsp(tone + clicks).items())
    with pytest.raises(ConfigError, match="unknown separator 'nmf'.*dsp, spleeter, demucs"):
        separate(tone, method="nmf")
