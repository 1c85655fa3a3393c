"""Square edges at zero crossings: a part clipped far under its peak and then brightened has no
flat tops left, but it still jumps between its two levels at every crossing (known answers: sines and
noise, the sketch engine's own stem distortion on bright synthetic and rendered parts, through 24-bit
FLAC; clean parts that must stay clean)."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.signal import butter, lfilter

from engine.audio import read_audio, write_flac
from engine.sketch.arrangement import Imperfection
from engine.sketch.imperfections import apply_stems
from quality.analyze import analyze
from quality.detectors.distortion import plateau_fraction
from quality.detectors.square_edges import EDGE_MIN_STEEPNESS, crossings

SR = 48000
W = 4800


def _steep(x):
    return crossings(x, window=W, judge=np.ones(x.size // W, dtype=bool))[0]


def test_smooth_signals_cross_zero_at_the_rate_their_level_and_pitch_predict():
    t = np.arange(2 * SR) / SR
    for f, a in [(55.0, 0.3), (440.0, 0.05), (1760.0, 0.5)]:
        s = _steep(a * np.sin(2 * np.pi * f * t + 0.3))
        assert np.median(s) == pytest.approx(np.pi * np.sqrt(2), rel=0.1), f
    noise = lfilter(*butter(4, 6000, fs=SR), np.random.default_rng(0).standard_normal(2 * SR))
    assert np.median(_steep(noise)) == pytest.approx(np.pi * np.sqrt(np.pi / 2), rel=0.15)
    assert np.median(_steep(np.clip(10 * np.sin(2 * np.pi * 440 * t), -1, 1))) > 3 * EDGE_MIN_STEEPNESS


def _bright_part(seconds: float, seed: int = 1) -> np.ndarray:
    """A string-section-like part: three detuned saw voices per note, chords of three notes in a
    high register, a bright low-pass; stereo (2, n)."""
    rng = np.random.default_rng(seed)
    n = int(seconds * SR)
    t = np.arange(n) / SR
    x = np.zeros(n)
    for i in range(int(seconds)):
        root = 440.0 * 2 ** (rng.integers(0, 12) / 12)
        seg = slice(i * SR, (i + 1) * SR)
        for ratio in (1.0, 1.26, 1.5):
            for det in (-0.004, 0.0, 0.005):
                f = root * ratio * (1 + det)
                ph = 2 * np.pi * f * t[seg] + 0.002 * np.sin(2 * np.pi * 5.5 * t[seg])
                x[seg] += 0.05 * (2 * ((ph / (2 * np.pi)) % 1.0) - 1)
    x = lfilter(*butter(2, 6000, fs=SR), x)
    return np.stack([x, 0.95 * x]).astype(np.float32)


def _through_flac(tmp_path, name, x):
    return read_audio(write_flac(tmp_path / f"{name}.flac", x))


def _distortion(report, stem):
    return [d for s in report.stems if s.name == stem for d in s.defects
            if d.kind.value == "distortion" and d.severity >= 0.25]


@pytest.mark.parametrize("drive", [0.6, 1.0])
def test_a_bright_part_clipped_then_brightened_is_heard_where_it_is(tmp_path, drive):
    part = _bright_part(16.0)
    bad = {"strings": part.copy()}
    apply_stems(bad, [Imperfection(kind="distortion", stem="strings", start_s=5.0, end_s=11.0,
                                   params={"drive": drive})])
    ride = (0.6 + 0.1 * np.sin(2 * np.pi * 0.7 * np.arange(part.shape[1]) / SR)).astype(np.float32)  # a bus gain
    stem = _through_flac(tmp_path, "bad", bad["strings"] * ride)
    # the flat tops are gone (the brightening tilts them): the plateau rule alone misses it
    assert plateau_fraction(stem.mean(axis=0), window=W).max() < 0.04
    r = analyze(stem, stems={"strings": stem})
    found = _distortion(r, "strings")
    assert found and all(4.5 <= d.start_s and d.end_s <= 11.5 for d in found), found
    assert any(d.evidence.get("rule") == "square edges at zero crossings" for d in found)
    clean = _through_flac(tmp_path, "clean", part * ride)
    assert not _distortion(analyze(clean, stems={"strings": clean}), "strings")


@pytest.fixture(scope="module")
def folk_stems():
    from engine.pipeline import SectionEvent
    from engine.sketch.compose import compose
    from engine.sketch.render import render_stems
    from engine.sketch.tasks.common import profile_for_request

    cap, lyr, dur = "folk songs, acoustic guitar, fiddle, strings", "[instrumental]", 12.0
    events = [SectionEvent(type=k, start=i * 4.0, end=(i + 1) * 4.0) for i, k in enumerate(("verse", "chorus", "outro"))]
    arr = compose(caption=cap, lyrics=lyr, bpm=None, keyscale=None, timesignature="4/4", duration_s=dur,
                  events=events, seed=5, profile=profile_for_request(cap, lyr))
    return render_stems(arr, 5)


def test_the_sketch_engines_bright_parts_distorted_are_heard_and_clean_ones_are_not(tmp_path, folk_stems):
    loud = [k for k, v in folk_stems.items() if k in ("guitar", "strings") and np.sqrt(np.mean(v ** 2)) > 1e-3]
    assert loud
    for name in loud:
        bad = {k: v.copy() for k, v in folk_stems.items()}
        apply_stems(bad, [Imperfection(kind="distortion", stem=name, start_s=0.0, end_s=12.0, params={"drive": 0.8})])
        stem = _through_flac(tmp_path, name, 0.5 * bad[name])
        assert _distortion(analyze(stem, stems={name: stem}), name), name
    for name, x in folk_stems.items():
        if np.sqrt(np.mean(x ** 2)) > 1e-4:
            stem = _through_flac(tmp_path, f"clean_{name}", 0.5 * x)
            assert not _distortion(analyze(stem, stems={name: stem}), name), name
