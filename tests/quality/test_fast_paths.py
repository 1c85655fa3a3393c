"""The fast paths compute what the straightforward versions compute."""

from __future__ import annotations

import numpy as np
import pytest

from quality import fixtures as F
from quality import kernels
from quality.detectors import clipping
from quality.features import BLOCK, LOWBAND_BLOCK, LOWBAND_SOS, N_FFT, N_MELS, Features
from quality.loudness import K_WEIGHTING_48K, loudness


@pytest.fixture(scope="module")
def song():
    return F.song(duration_s=12.0, seed=5)[0]


def test_fused_time_pass_matches_separate_kernels(song, reference_kernels):
    f = Features(song)
    assert np.allclose(f.blocks, reference_kernels.block_stats(song, BLOCK), rtol=1e-5, atol=1e-6)
    assert np.array_equal(f.mono, (0.5 * (song[0] + song[1])).astype(np.float32))
    # Features.mono (numpy, so the spectral chain need not wait for the sample pass) is the kernel's mid channel
    y = np.ascontiguousarray(song, dtype=np.float32)
    assert np.array_equal(f.mono, kernels.time_pass(y, K_WEIGHTING_48K, LOWBAND_SOS, BLOCK, 4800, LOWBAND_BLOCK)[3])
    assert np.allclose(f.lowband_sums, reference_kernels.lowband_block_sums(song, LOWBAND_SOS, LOWBAND_BLOCK), rtol=1e-6)
    kpow = sum(kernels.biquad_cascade_block_power(song[ch], K_WEIGHTING_48K, 4800) for ch in (0, 1))
    assert np.allclose(f._time[1], kpow, rtol=1e-9)
    assert f.loudness.integrated_lufs == pytest.approx(loudness(song).integrated_lufs, abs=1e-6)


def test_sparse_mel_matches_the_dense_filterbank(song):
    import librosa

    f = Features(song)
    fb = librosa.filters.mel(sr=48_000, n_fft=N_FFT, n_mels=N_MELS, fmax=16000).astype(np.float32)
    dense = 10 * np.log10(np.maximum(fb @ f.power.T, 1e-10))
    assert np.abs(dense - f.mel_db).max() < 1e-3


def test_block_restricted_clip_scan_equals_full_scan(song):
    y, _ = F.plant_clipping(song, start_s=4.0, dur_s=0.6, drive_db=9.0)
    f = Features(y)
    full = clipping.detect(y, sr=48_000)
    fast = clipping.detect(y, sr=48_000, peak=f.peak, block_max=f.blocks[:, 3:5], block=BLOCK)
    assert full and full == fast


def test_stem_features_at_a_coarser_hop_keep_band_balance(song):
    from quality.features import STEM_HOP
    from quality.metrics import compute_metrics

    a = compute_metrics(Features(song), full=False).band_energy_db
    b = compute_metrics(Features(song, hop=STEM_HOP), full=False).band_energy_db
    assert max(abs(a[k] - b[k]) for k in a if a[k] > -60) < 1.0


def test_running_median_equals_scipy_median_filter():
    """noise_burst's local medians: the numpy running median gives scipy.ndimage's values exactly."""
    from scipy.ndimage import median_filter

    from quality.dsp import running_median

    rng = np.random.default_rng(5)
    for n, k in [(9, 3), (400, 95), (8437, 93), (4, 7)]:
        for dtype in (np.float32, np.float64):
            x = rng.standard_normal(n).astype(dtype)
            x[::5] = x[1]  # ties
            want = median_filter(x, size=k, mode="nearest")
            got = running_median(x, k)
            assert got.dtype == want.dtype and np.array_equal(got, want), (n, k, dtype)
