"""Loudness and true peak against independent implementations (pyloudnorm, libebur128)."""

from __future__ import annotations

import numpy as np
import pytest

from quality.features import Features
from quality.loudness import loudness

SR = 48_000


def _signals():
    rng = np.random.default_rng(3)
    t = np.arange(SR * 12) / SR
    noise = (0.1 * rng.standard_normal((2, t.size))).astype(np.float32)
    tone = np.stack([0.3 * np.sin(2 * np.pi * 997 * t), 0.2 * np.sin(2 * np.pi * 500 * t)]).astype(np.float32)
    quiet_loud = noise.copy()
    quiet_loud[:, : SR * 6] *= 0.05  # exercises the relative gate
    return {"noise": noise, "tone": tone, "quiet_loud": quiet_loud}


@pytest.mark.parametrize("name", ["noise", "tone", "quiet_loud"])
def test_integrated_matches_pyloudnorm(name):
    pyln = pytest.importorskip("pyloudnorm")
    y = _signals()[name]
    ref = pyln.Meter(SR).integrated_loudness(y.T.astype(np.float64))
    assert loudness(y).integrated_lufs == pytest.approx(ref, abs=0.1)


def test_integrated_matches_song(clean_song):
    pyln = pytest.importorskip("pyloudnorm")
    y = clean_song[0]
    assert loudness(y).integrated_lufs == pytest.approx(pyln.Meter(SR).integrated_loudness(y.T.astype(np.float64)), abs=0.1)


def test_true_peak_and_lra_match_libebur128(clean_song):
    ebur = pytest.importorskip("pyebur128")
    y = clean_song[0] * np.float32(1.3)
    m = ebur.R128State(2, SR, ebur.MeasurementMode.MODE_TRUE_PEAK | ebur.MeasurementMode.MODE_LRA | ebur.MeasurementMode.MODE_I)
    m.add_frames(np.ascontiguousarray(y.T, dtype=np.float64).ravel(), y.shape[1])  # interleaved
    ref_tp = 20 * np.log10(max(ebur.get_true_peak(m, 0), ebur.get_true_peak(m, 1)))
    f = Features(y)
    ours = 20 * np.log10(float(f.true_peak_blocks.max()))
    assert ours == pytest.approx(ref_tp, abs=0.3)
    assert f.loudness.lra_lu == pytest.approx(ebur.get_loudness_range(m), abs=1.0)


def test_intersample_peak_exceeds_sample_peak():
    # fs/4 sine with 45 degree phase: samples at 0.707 of the true peak (+3 dB over)
    n = np.arange(SR)
    x = (0.9 * np.sin(np.pi / 2 * n + np.pi / 4)).astype(np.float32)
    f = Features(np.stack([x, x]))
    sp = 20 * np.log10(np.abs(x).max())
    tp = 20 * np.log10(float(f.true_peak_blocks.max()))
    assert tp - sp == pytest.approx(3.0, abs=0.3)
