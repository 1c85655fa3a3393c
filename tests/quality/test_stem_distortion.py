"""Distortion on an isolated stem: a part clipped and then brightened or turned down keeps
flat tops below full scale (known answers: the sketch engine's own stem distortion on the
fixture song's stems; clean and quantized parts that must stay clean)."""

from __future__ import annotations

import numpy as np
import pytest

from engine.sketch.arrangement import Imperfection
from engine.sketch.imperfections import apply_stems
from quality import fixtures as F
from quality.analyze import analyze
from quality.detectors import distortion
from quality.detectors.distortion import plateau_fraction

SR = F.SR


@pytest.fixture(scope="module")
def song20():
    return F.song(duration_s=20.0, seed=3)


def _stem_distortion(report, stem):
    return [d for s in report.stems if s.name == stem for d in s.defects if d.kind.value == "distortion"]


@pytest.mark.parametrize("stem,drive", [("bass", 0.6), ("keyboard", 1.0)])
def test_the_sketch_engines_stem_distortion_is_heard_where_it_is(song20, stem, drive):
    _, stems, _ = song20
    bad = {k: v.copy() for k, v in stems.items()}
    apply_stems(bad, [Imperfection(kind="distortion", stem=stem, start_s=6.0, end_s=12.0, params={"drive": drive})])
    r = analyze(sum(bad.values()), stems=bad)
    found = [d for d in _stem_distortion(r, stem) if d.severity >= 0.25]
    assert found and all(d.start_s >= 5.5 and d.end_s <= 12.5 for d in found), found
    assert not [d for s in r.stems if s.name != stem for d in s.defects if d.kind.value == "distortion"]


def test_clean_and_16_bit_parts_have_no_plateaus(song20):
    _, stems, _ = song20
    t = np.arange(20 * SR) / SR
    sine = np.round(0.3 * np.sin(2 * np.pi * 41.2 * t) * 32767) / 32767  # a low E, 16-bit
    for x in [*(s.mean(axis=0) for s in stems.values()), sine]:
        share = plateau_fraction(x, window=4800)
        assert share.max() < 0.02


def test_silence_between_notes_is_not_a_plateau():
    x = np.zeros(2 * SR)
    x[SR // 2 : SR] = 0.2 * np.sin(2 * np.pi * 220 * np.arange(SR // 2) / SR)
    assert plateau_fraction(x, window=4800).max() == 0.0


def test_windows_far_under_the_parts_level_are_not_judged(monkeypatch):
    # near-equal runs in a part's quiet tail (27 dB under its body) are numerics, not a clip:
    # stand-in: the tail flat-topped outright, which is only heard without the level rule
    t = np.arange(10 * SR) / SR
    body = 0.3 * np.sin(2 * np.pi * 40 * t)
    tail = np.clip(body * 10 ** (-27 / 20) * 4, -0.0134, 0.0134)
    x = np.concatenate([body, tail])
    assert plateau_fraction(x, window=4800).max() < 0.02
    monkeypatch.setattr(distortion, "PLATEAU_MIN_REL_DB", -100.0)
    assert plateau_fraction(x, window=4800).max() >= 0.04
