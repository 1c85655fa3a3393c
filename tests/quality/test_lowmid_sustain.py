"""muddy_mix's warm-by-nature allowance follows how tonal the low-mid is (its transient share):
synthetic signals whose answer is known by construction."""

from __future__ import annotations

import numpy as np
import pytest

from quality import fixtures as F
from quality.detectors.spectral_balance import (
    MUD_BELL_LIMIT_DRUMS_DB,
    MUD_BELL_SOFT_EXTRA_DB,
    MUD_STRUCK_DB,
    MUD_SUSTAIN_RANGE_HZ,
    MUD_SUSTAINED_DB,
    shape_measure,
    sustain_weight,
)
from quality.detectors.tonal_bell import bell_db, transient_share_db
from quality.features import Features
from quality.report import DefectKind

DUR_S = 10.0
NOTES_HZ = (110.0, 220.0, 277.0, 330.0, 440.0, 660.0)


def _stereo(x: np.ndarray) -> np.ndarray:
    return np.stack([x, x]).astype(np.float32)


def _chord(envelope: np.ndarray) -> np.ndarray:
    t = np.arange(envelope.size) / F.SR
    return _stereo(0.2 * envelope * sum(np.sin(2 * np.pi * f * t + i) / (1 + i) for i, f in enumerate(NOTES_HZ)))


def _held() -> np.ndarray:
    return _chord(np.ones(int(DUR_S * F.SR)))


def _plucked(period_s: float = 0.25, decay_s: float = 0.06) -> np.ndarray:
    t = np.arange(int(DUR_S * F.SR)) / F.SR
    return _chord(np.exp(-(t % period_s) / decay_s))


def _noise() -> np.ndarray:
    return (0.1 * np.random.default_rng(0).standard_normal((2, int(DUR_S * F.SR)))).astype(np.float32)


def _share(y: np.ndarray) -> float:
    f = Features(y)
    return transient_share_db(f.power, f.active_frames, sr=f.sr, lo_hz=MUD_SUSTAIN_RANGE_HZ[0], hi_hz=MUD_SUSTAIN_RANGE_HZ[1])


def test_a_held_chord_is_tonal_plucked_notes_and_noise_are_not():
    # a held chord barely changes from frame to frame: its rise spectrum is ~14 dB under its level
    assert _share(_held()) < MUD_SUSTAINED_DB - 5.0
    assert sustain_weight(_share(_held())) == 1.0
    # notes struck 4 times a second and dying in 60 ms rise by about their level at every attack
    assert _share(_plucked()) > MUD_STRUCK_DB
    assert sustain_weight(_share(_plucked())) == 0.0
    # steady white noise fluctuates from frame to frame (-3.1 dB): a noisy low-mid is no tonal bed
    assert _share(_noise()) == pytest.approx(-3.1, abs=0.3)
    assert sustain_weight(_share(_noise())) < 0.1


@pytest.mark.parametrize("make", [_held, _plucked, _noise], ids=["held", "plucked", "noise"])
def test_a_whole_mix_low_mid_bell_does_not_move_the_transient_share(make):
    # a bus EQ scales the rise and the level alike: the measure tells a tonal bed from a struck one
    # whatever the balance, which is why it may set the bell's limit
    y = make()
    assert _share(F.peaking_eq(y, freq_hz=320.0, gain_db=12.0, q=0.8)) == pytest.approx(_share(y), abs=0.25)


def test_sustain_weight_is_linear_between_struck_and_sustained():
    assert sustain_weight(MUD_SUSTAINED_DB - 3.0) == 1.0
    assert sustain_weight(MUD_STRUCK_DB + 3.0) == 0.0
    assert sustain_weight(0.5 * (MUD_SUSTAINED_DB + MUD_STRUCK_DB)) == pytest.approx(0.5)


def test_the_warm_allowance_needs_a_tonal_low_mid():
    # a smooth spectrum falling 4 dB per octave with a +10 dB two-octave bump at 316 Hz, percussive 0.4:
    # on a tonal bed (a pad, strings) it is natural warmth under the raised limit; on a struck or noisy
    # low-mid (a drum kit's bodies) the drums' limit applies and it is a muddy mix
    grid = 2 ** np.arange(np.log2(30.0), np.log2(16_000.0), 1 / 6)
    ltas = (grid, -4.0 * np.log2(grid / 1000.0) + bell_db(grid, 316.0, gain_db=10.0, q=0.85))
    energy = np.ones(7)
    g, lim_tonal = shape_measure(DefectKind.muddy_mix, energy, ltas, 0.4, sustain=1.0)
    _, lim_struck = shape_measure(DefectKind.muddy_mix, energy, ltas, 0.4, sustain=0.0)
    assert g == pytest.approx(10.0, abs=0.5)
    assert lim_tonal == pytest.approx(MUD_BELL_LIMIT_DRUMS_DB + 0.6 * MUD_BELL_SOFT_EXTRA_DB)
    assert lim_struck == pytest.approx(MUD_BELL_LIMIT_DRUMS_DB)
    assert lim_struck < g < lim_tonal


def test_level_correlation_reads_shared_parts_and_no_eq_moves_it():
    from quality.detectors.spectral_balance import apart_weight
    from quality.detectors.tonal_bell import level_correlation

    rng = np.random.default_rng(3)
    notes = np.repeat(rng.uniform(0.1, 1.0, 200), 8)  # one part's level, note by note
    other = np.repeat(rng.uniform(0.1, 1.0, 200), 8)  # a part of its own
    act = np.ones(notes.size, dtype=bool)
    same = level_correlation(notes, 0.3 * notes, act)
    apart = level_correlation(notes, other, act)
    assert same > 0.99 and apart_weight(same) == 0.0
    assert abs(apart) < 0.2 and apart_weight(apart) > 0.3
    assert level_correlation(10.0 * notes, other, act) == pytest.approx(apart)  # a +10 dB EQ on one band
    assert level_correlation(notes[:16], other[:16], act[:16]) == 1.0  # too short: no evidence of a part of its own
