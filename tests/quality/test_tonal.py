"""Tonal balance (muddy_mix, harshness, thin_low_end) judged relative to the track's own
balance: clean takes of warm and bright genres are not flagged, +6 dB boosts are found."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest

from quality import fixtures as F
from quality.analyze import analyze, analyze_file
from quality.detectors.spectral_balance import bus_transfer
from quality.report import DefectKind

sys.path.insert(0, str(Path(__file__).parent))
from test_false_positives import GENRES, _clean_take  # noqa: E402

TONAL = ("muddy_mix", "harshness", "thin_low_end")
ACT = 0.25  # the agent repairs from this severity (quality/routing.py MIN_SEVERITY)
REAL = sorted(Path("/usr/share/games/xmoto/Textures/Musics").glob("*.ogg")) + [
    p for p in (Path("/usr/share/games/frozen-bubble/snd") / n for n in ("frozen-mainzik-1p.ogg", "frozen-mainzik-2p.ogg", "introzik.ogg"))
    if p.exists()]


def _sev(report, kind):
    return max((d.severity for d in report.defects if d.kind.value == kind), default=0.0)


def _assert_tonally_clean(report, label):
    bad = {k: _sev(report, k) for k in TONAL if _sev(report, k) >= ACT}
    assert not bad, f"{label}: {bad} {[d.evidence for d in report.defects if d.kind.value in bad]}"


@pytest.mark.parametrize("genre", ["ambient", "jazz", "rock"])
def test_clean_takes_of_warm_and_lean_genres_are_not_flagged(genre):
    # ambient pads measured muddy_mix 0.25-0.45 with the absolute low-mid limit
    take, _ = _clean_take(genre)
    _assert_tonally_clean(analyze(take.audio, stems=take.stems), f"{genre} with stems")
    _assert_tonally_clean(analyze(take.audio), f"{genre} without stems")


@pytest.mark.parametrize(("kind", "freq_hz", "q"), [("muddy_mix", 320.0, 0.8), ("harshness", 3000.0, 0.7)])
def test_six_db_bus_boost_is_found_with_the_stems(kind, freq_hz, q):
    take, _ = _clean_take("pop")
    boosted = F.peaking_eq(take.audio, freq_hz=freq_hz, gain_db=6.0, q=q)
    r = analyze(boosted, stems=take.stems)
    assert _sev(r, kind) >= ACT, [d.evidence for d in r.defects]
    others = [k for k in TONAL if k != kind and _sev(r, k) >= ACT]
    assert not others


def test_ten_db_presence_bell_on_a_sketch_take_is_found_without_stems():
    # a synthetic take's spectrum has a knee at ~1 kHz (its tonal parts' partials die out) and a
    # hi-hat noise plateau above: a line fitted over 500 Hz-8 kHz put its 3 kHz in a trough and a
    # +10 dB bell read ~5 dB (1/30 takes found); fitted over the bell's shoulders (1-6 kHz) ~10
    take, _ = _clean_take("hip hop")
    assert _sev(analyze(take.audio), "harshness") < ACT
    assert _sev(analyze(F.peaking_eq(take.audio, freq_hz=3000.0, gain_db=10.0, q=0.7)), "harshness") >= ACT


def test_high_passed_pad_bed_without_a_lowest_octave_is_thin_not_muddy():
    # an ambient pad bed has next to nothing under 100 Hz, so a high-pass cannot empty its lowest
    # octave further (63 vs 160 Hz only -3..-9 dB) and its edge read as a low-mid bump; the octave
    # under 200 Hz still falls like the high-pass's skirt
    take, _ = _clean_take("ambient")
    r = analyze(F.plant_thin(take.audio, cutoff_hz=250.0)[0])
    assert _sev(r, "thin_low_end") >= ACT and _sev(r, "muddy_mix") < ACT, [(d.kind.value, d.severity) for d in r.defects]


def test_boost_in_one_section_is_found_there_with_the_stems():
    take, _ = _clean_take("rock")
    y = take.audio.copy()
    a, b = 12 * F.SR, 24 * F.SR
    y[:, a:b] = F.peaking_eq(y[:, a:b], freq_hz=300.0, gain_db=10.0, q=0.8)
    ds = [d for d in analyze(y, stems=take.stems).defects if d.kind == DefectKind.muddy_mix and d.severity >= ACT]
    assert ds and all(d.start_s >= 8.0 and d.end_s <= 28.0 for d in ds), ds


def test_bus_transfer_is_flat_for_stems_that_sum_to_the_mix():
    rng = np.random.default_rng(0)
    e = rng.uniform(1.0, 10.0, size=7)
    assert np.allclose(bus_transfer(e * 2.0, e), 0.0)
    boosted = e.copy()
    boosted[2] *= 10 ** 0.6  # +6 dB in low-mid
    assert bus_transfer(boosted, e)[2] == pytest.approx(6.0, abs=1e-6)
    assert bus_transfer(e * 1e3, e) is None  # stems 30 dB off the mix explain nothing


def test_gross_boosts_are_found_without_stems(clean_song):
    # without stems only the track's own shape is known: the fixture song is lean and dark
    # (its low-mid and presence read 3 and 5 dB under its own tilt), so only gross boosts pass
    # the limits that keep every clean take and recording unflagged
    y = clean_song[0]
    assert _sev(analyze(F.plant_mud(y, gain_db=18.0)[0]), "muddy_mix") >= ACT
    assert _sev(analyze(F.plant_harshness(y, gain_db=24.0)[0]), "harshness") >= ACT
    assert _sev(analyze(F.plant_thin(y, cutoff_hz=250.0)[0]), "thin_low_end") >= ACT
    assert not any(_sev(analyze(y), k) >= ACT for k in TONAL)



def test_six_db_presence_bell_on_a_dark_take_without_drums_is_found_without_stems():
    # a dark take (its untilted 1-6 kHz fit under the floor) without percussion is judged too: its
    # presence range holds only partials whose roll-off the tilt follows (clean ~4 dB, +6 dB ~10 dB);
    # a dark take with drums keeps a limit raised by its percussive evidence (the hats' noise band)
    take, _ = _clean_take("ambient")
    assert _sev(analyze(take.audio), "harshness") < ACT
    r = analyze(F.peaking_eq(take.audio, freq_hz=3000.0, gain_db=6.0, q=0.7))
    assert _sev(r, "harshness") >= ACT, [d.evidence for d in r.defects]


@pytest.mark.slow
@pytest.mark.parametrize("genre", list(GENRES))
def test_clean_takes_all_genres_tonally_clean(genre):
    take, _ = _clean_take(genre)
    _assert_tonally_clean(analyze(take.audio, stems=take.stems), f"{genre} with stems")
    _assert_tonally_clean(analyze(take.audio), f"{genre} without stems")


@pytest.mark.slow
@pytest.mark.skipif(not REAL, reason="apt packages xmoto-data / frozen-bubble-data are not installed")
@pytest.mark.parametrize("path", REAL, ids=lambda p: p.name)
def test_packaged_recordings_tonally_clean(path):
    _assert_tonally_clean(analyze_file(str(path)), path.name)
