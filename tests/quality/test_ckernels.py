"""The C analysis kernels (quality/_kernels.c through quality.kernels) against straightforward
numpy/scipy versions on synthetic signals, and how the library is found or built."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy.signal import sosfilt

from quality import _build, kernels
from quality.features import LOWBAND_SOS, _mel_sparse
from quality.loudness import K_WEIGHTING_48K, _tp_filter

RNG = np.random.default_rng(11)


def _signal(n: int = 48_000 * 3 + 123) -> np.ndarray:
    """Stereo float32: two sines, noise, a DC step and a hard-clipped stretch."""
    t = np.arange(n) / 48_000
    left = 0.5 * np.sin(2 * np.pi * 220 * t) + 0.1 * RNG.standard_normal(n)
    right = 0.4 * np.sin(2 * np.pi * 55 * t + 1.0) + 0.05 * RNG.standard_normal(n) + 0.02 * (t > 1.5)
    y = np.stack([left, right]).astype(np.float32)
    y[0, 30_000:30_400] = np.clip(3 * y[0, 30_000:30_400], -0.6, 0.6)
    return y


def _sos(coefs: np.ndarray) -> np.ndarray:
    """[b0, b1, b2, a1, a2] rows -> scipy's [b0, b1, b2, 1, a1, a2]."""
    return np.insert(coefs, 3, 1.0, axis=1)


def _block_sums(v: np.ndarray, block: int) -> np.ndarray:
    m = v.shape[-1] // block
    return v[..., : m * block].reshape(*v.shape[:-1], m, block).sum(axis=-1)


def test_biquad_block_power_matches_sosfilt():
    x = _signal()[0]
    ref = _block_sums(sosfilt(_sos(K_WEIGHTING_48K), x.astype(np.float64)) ** 2, 4800) / 4800
    got = kernels.biquad_cascade_block_power(x, K_WEIGHTING_48K, 4800)
    assert got.shape == ref.shape and np.allclose(got, ref, rtol=1e-10, atol=0)


def test_time_pass_matches_numpy_and_sosfilt():
    y = _signal()
    n = y.shape[1]
    blocks, kpow, low, mono = kernels.time_pass(y, K_WEIGHTING_48K, LOWBAND_SOS, 240, 4800, 2400)
    mid = (y[0] + y[1]) * np.float32(0.5)
    assert np.array_equal(mono, mid)
    pad = (-n) % 240  # the last block is partial
    yp = np.pad(y, ((0, 0), (0, pad)))
    mp = np.pad(mid, (0, pad))
    sq = lambda a, b: (a * b).astype(np.float64).reshape(-1, 240).sum(axis=1)  # noqa: E731 (float32 products)
    ref = np.stack([sq(yp[0], yp[0]), sq(yp[1], yp[1]), sq(yp[0], yp[1]), np.abs(yp[0]).reshape(-1, 240).max(axis=1),
                    np.abs(yp[1]).reshape(-1, 240).max(axis=1), yp[0].astype(np.float64).reshape(-1, 240).sum(axis=1),
                    yp[1].astype(np.float64).reshape(-1, 240).sum(axis=1), sq(mp, mp)], axis=1)
    assert blocks.shape == ref.shape and np.allclose(blocks, ref, rtol=1e-9, atol=1e-12)
    k = sosfilt(_sos(K_WEIGHTING_48K), y.astype(np.float64), axis=1)
    assert np.allclose(kpow, (_block_sums(k[0] ** 2, 4800) + _block_sums(k[1] ** 2, 4800)) / 4800, rtol=1e-10)
    lo = sosfilt(_sos(LOWBAND_SOS), y.astype(np.float64), axis=1)
    ref_low = np.stack([_block_sums(lo[0] ** 2, 2400), _block_sums(lo[1] ** 2, 2400), _block_sums(lo[0] * lo[1], 2400)], 1)
    assert low.shape == ref_low.shape and np.allclose(low, ref_low, rtol=1e-9, atol=1e-18)
    assert kernels.time_pass(y, K_WEIGHTING_48K, LOWBAND_SOS, 240, 4800, 2400, with_mono=False)[3] is None


def test_time_pass_with_other_cascade_lengths_gives_the_same_filters():
    """The K-weighting's and the low band's 2 + 2 sections run in a loop of their own (states in
    registers); any other count takes the general loop, which must give the same values."""
    y = _signal(48_000 + 77)
    ident = np.array([[1.0, 0.0, 0.0, 0.0, 0.0]])
    _, kpow, low, _ = kernels.time_pass(y, K_WEIGHTING_48K, np.vstack([LOWBAND_SOS, ident]), 240, 4800, 2400)
    _, kpow2, low2, _ = kernels.time_pass(y, K_WEIGHTING_48K, LOWBAND_SOS, 240, 4800, 2400)
    assert np.array_equal(kpow, kpow2) and np.array_equal(low, low2)
    one = kernels.time_pass(y, K_WEIGHTING_48K[:1], LOWBAND_SOS[1:], 240, 4800, 2400)
    k = sosfilt(_sos(K_WEIGHTING_48K[:1]), y.astype(np.float64), axis=1)
    assert np.allclose(one[1], (_block_sums(k[0] ** 2, 4800) + _block_sums(k[1] ** 2, 4800)) / 4800, rtol=1e-10)


@pytest.mark.parametrize("threshold", [0.0, 0.55])
def test_true_peak_blocks_match_full_interpolation(threshold):
    x = _signal()[0]
    x[:48_000] *= 0.2  # a quiet second: its blocks need no interpolation
    phases, l1 = _tp_filter()
    n = x.shape[0]
    interp = np.stack([np.convolve(x.astype(np.float64), phases[p])[:n] for p in range(4)])
    peak = np.maximum(np.abs(x), np.abs(interp).max(axis=0))
    pad = (-n) % 480
    full = np.pad(peak, (0, pad)).reshape(-1, 480).max(axis=1)
    sample = np.pad(np.abs(x), (0, pad)).reshape(-1, 480).max(axis=1)
    got = kernels.true_peak_blocks(x, phases, 480, threshold, l1)
    exact = full >= threshold  # blocks that may reach the threshold are interpolated ...
    assert np.allclose(got[exact], full[exact], rtol=1e-6)
    rest = ~exact  # ... the others may keep their sample peak
    assert np.all(np.isclose(got[rest], full[rest], rtol=1e-6) | (got[rest] == sample[rest].astype(np.float32)))
    assert threshold == 0 or (exact.any() and (got[rest] == sample[rest].astype(np.float32)).any())


def _runs_reference(y: np.ndarray, level: float, min_run: int) -> list[tuple[int, int, int]]:
    out = []
    for ch in range(y.shape[0]):
        s = np.where(y[ch] >= level, 1, np.where(y[ch] <= -level, -1, 0))
        i = 0
        while i < s.size:
            j = i
            while j + 1 < s.size and s[j + 1] == s[i]:
                j += 1
            if s[i] != 0 and j - i + 1 >= min_run:
                out.append((i, j - i + 1, ch))
            i = j + 1
    return out


def test_flat_runs_match_a_plain_scan():
    y = _signal()
    got = [tuple(r) for r in kernels.flat_runs(y, 0.6, 3).tolist()]
    assert got and got == _runs_reference(y, 0.6, 3)
    many = np.tile(np.array([0.9, 0.9, 0.9, 0.0], dtype=np.float32), 2000)[None]  # 2000 runs: the buffer grows
    assert len(kernels.flat_runs(many, 0.5, 3)) == 2000
    assert kernels.flat_runs(np.zeros((2, 0), dtype=np.float32), 0.5, 3).shape == (0, 3)


def test_click_scan_matches_numpy():
    x = _signal()[1]
    x[50_000] += 3.0  # an impulse well above the noise's second difference (0.3 lost to it on some draws)
    block, nb_side = 240, 20
    d2 = np.zeros(x.shape[0])
    d2[2:] = x[2:].astype(np.float64) - 2.0 * x[1:-1] + x[:-2]
    nb = x.shape[0] // block
    d = d2[: nb * block].reshape(nb, block)
    rms = np.sqrt((d * d).sum(axis=1) / block)
    got = kernels.click_scan(x, block, nb_side)
    assert np.allclose(got[:, 0], np.abs(d).max(axis=1), rtol=1e-12)
    assert np.array_equal(got[:, 1].astype(int), np.abs(d).argmax(axis=1) + np.arange(nb) * block)
    assert np.allclose(got[:, 2], rms, rtol=1e-10)
    for b in (0, 1, 5, nb // 2, nb - 1):
        idx = [j for j in range(b - nb_side - 1, b + nb_side + 2) if 0 <= j < nb and abs(j - b) > 1]
        assert math.isclose(got[b, 3], float(np.median(rms[idx])), rel_tol=1e-12)
    assert got[50_000 // block, 1] in (50_000, 50_001, 50_002)


def test_window_shape_stats_match_numpy():
    x = _signal()[0]
    win = 4800
    w = x[: x.shape[0] // win * win].astype(np.float64).reshape(-1, win)
    v = w - w.mean(axis=1, keepdims=True)
    m2, m4, pk = (v**2).mean(axis=1), (v**4).mean(axis=1), np.abs(v).max(axis=1)
    got = kernels.window_shape_stats(x, win, 0.95)
    assert np.allclose(got[:, 0], np.sqrt(m2), rtol=1e-9)
    assert np.allclose(got[:, 1], pk, rtol=1e-9)
    assert np.allclose(got[:, 2], m4 / m2**2, rtol=1e-9)
    assert np.allclose(got[:, 3], (np.abs(v) >= 0.95 * pk[:, None]).mean(axis=1), atol=2 / win)


def test_spectral_pass_matches_numpy():
    x = _signal()[0]
    frames = np.lib.stride_tricks.sliding_window_view(x, 2048)[::1024]
    z = np.fft.rfft(frames * np.hanning(2049)[:-1], axis=1)
    freqs = np.fft.rfftfreq(2048, 1 / 48_000)
    edges = np.array([2, 3, 9, 21, 85, 213, 427, 853])
    mel = _mel_sparse()
    power, stats, melspec = kernels.spectral_pass(z, edges, freqs, 4, 683, *mel)
    ref = (z.real**2 + z.imag**2).astype(np.float32)
    assert np.array_equal(power, ref)
    p = power.astype(np.float64)
    bands = np.stack([p[:, a:b].sum(axis=1) for a, b in zip(edges[:-1], edges[1:], strict=True)], axis=1)
    assert np.allclose(stats[:, :7], bands, rtol=1e-10)
    assert np.allclose(stats[:, 7], p.sum(axis=1), rtol=1e-10)
    assert np.allclose(stats[:, 8], (p * freqs).sum(axis=1) / (p.sum(axis=1) + 1e-12), rtol=1e-10)
    q = p[:, 4:683] + 1e-12
    assert np.allclose(stats[:, 9], np.exp(np.log(q).mean(axis=1)) / q.mean(axis=1), rtol=1e-10)
    start, stop, w, off = mel
    dense = np.zeros((start.size, power.shape[1]), dtype=np.float32)
    for m in range(start.size):
        dense[m, start[m] : stop[m]] = w[off[m] : off[m] + stop[m] - start[m]]
    assert np.allclose(melspec, power @ dense.T, rtol=1e-4, atol=1e-9)


def _beat_dp_reference(local: np.ndarray, fpb: float, half: int, tightness: float):
    dt = local.dtype.type
    n = local.size
    back = np.full(n, -1)
    cum = np.zeros(n, dtype=local.dtype)
    thresh = 0.01 * float(local.max())
    first = True
    for i in range(n):
        best, loc_best = -math.inf, -1
        loc = i - half
        while loc > i - 2 * int(fpb) - 1 and loc >= 0:
            v = float(cum[loc]) - tightness * ((math.log(i - loc) - math.log(fpb)) ** 2)
            if v > best:
                best, loc_best = v, loc
            loc -= 1
        cum[i] = dt(float(local[i]) + best) if loc_best >= 0 else local[i]
        if first and float(local[i]) < thresh:
            back[i] = -1
        else:
            back[i] = loc_best
            first = False
    return back, cum


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_beat_dp_matches_the_plain_programme(dtype):
    local = np.abs(RNG.standard_normal(700)).astype(dtype)
    local[:30] = 0.0  # before the first beat
    back, cum = kernels.beat_dp(local, 43.0, 22, 100.0)
    ref_back, ref_cum = _beat_dp_reference(local, 43.0, 22, 100.0)
    assert cum.dtype == dtype and np.array_equal(back, ref_back) and np.array_equal(cum, ref_cum)


def test_a_library_built_from_another_source_is_refused(tmp_path):
    src = tmp_path / "_kernels.c"
    src.write_text(_build.SOURCE.read_text() + "\n/* changed */\n")
    lib = _build.build(tmp_path / "old.so", source=src)
    assert kernels._open(str(lib), _build.source_hash(src)) is not None
    assert kernels._open(str(lib), _build.source_hash()) is None


def test_missing_build_without_a_compiler_is_a_clear_error(tmp_path, monkeypatch):
    monkeypatch.setattr(kernels, "_lib", None)
    monkeypatch.setattr(kernels, "find_spec", lambda name: None)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.setenv("CC", str(tmp_path / "no-such-cc"))
    with pytest.raises(kernels.KernelBuildError, match="fix: install a C compiler"):
        kernels.library()
    monkeypatch.delenv("CC")  # with the compiler: built once into the cache, then loaded
    lib = kernels.library()
    assert lib.aq_source_hash().decode() == _build.source_hash()
    assert list((tmp_path / "aceprod" / "ckernels").glob("_ckernels-*"))


def test_windowed_frames_match_numpy():
    x = _signal()[0]
    win = np.hanning(2049)[:-1]
    ref = np.lib.stride_tricks.sliding_window_view(x, 2048)[::1024] * win
    assert np.array_equal(kernels.windowed_frames(x, 0, ref.shape[0], 1024, win), ref)
    assert np.array_equal(kernels.windowed_frames(x, 5, 3, 1024, win), ref[5:8])
    with pytest.raises(ValueError, match="end"):
        kernels.windowed_frames(x, 0, ref.shape[0] + 1, 1024, win)
