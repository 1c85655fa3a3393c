"""The analysis loops numpy would make temporaries for, as compiled C (``quality/_kernels.c``).

The C library is built when the package is installed (setup.py: ``pip install -e .`` or
``make setup``) and called through ctypes, so ``aceprod score`` neither imports numba nor
compiles anything when it starts (numba's import and its cache loading cost more than a
second of CPU before the first kernel ran). ctypes releases the GIL during a call, so the
mix's sample pass and its spectral chain run side by side in threads.

A source checkout without the installed build (or one built from an older ``_kernels.c``:
the library carries the hash of its source) gets the library built once with the C
compiler into ``~/.cache/aceprod/ckernels`` (``python -m quality._build`` builds it beside
the source instead); without a compiler the first analysis fails with a ``KernelBuildError``
that says how to fix it. Shapes and units are in the docstrings; audio is float32.
"""

from __future__ import annotations

import ctypes
import os
import threading
from importlib.util import find_spec
from pathlib import Path

import numpy as np

from engine.errors import AceprodError

_P = ctypes.c_void_p
_I = ctypes.c_int64
_D = ctypes.c_double
_SIGNATURES = {
    "aq_source_hash": (ctypes.c_char_p, []),
    "aq_biquad_block_power": (_I, [_P, _I, _P, _I, _I, _P]),
    "aq_time_pass": (_I, [_P, _I, _P, _I, _P, _I, _I, _I, _I, _P, _P, _P, _P]),
    "aq_true_peak_blocks": (_I, [_P, _I, _P, _I, _I, _D, _D, _P]),
    "aq_flat_runs": (_I, [_P, _I, _I, _D, _I, _P, _I]),
    "aq_click_scan": (_I, [_P, _I, _I, _I, _P]),
    "aq_window_shape_stats": (None, [_P, _I, _I, _D, _P]),
    "aq_windowed_frames": (None, [_P, _I, _I, _I, _I, _P, _P]),
    "aq_spectral_pass": (None, [_P, _I, _I, _P, _I, _P, _I, _I, _P, _P, _P, _P, _I, _P, _P, _P]),
    "aq_beat_dp_f32": (_I, [_P, _I, _D, _I, _D, _P, _P]),
    "aq_beat_dp_f64": (_I, [_P, _I, _D, _I, _D, _P, _P]),
}
_lib: ctypes.CDLL | None = None
_load_lock = threading.Lock()  # the first analysis loads (or builds) the library from two threads at once


class KernelBuildError(AceprodError):
    """The compiled analysis kernels are missing and could not be built."""


def _open(path: str, want: str | None) -> ctypes.CDLL | None:
    """The library at ``path`` with its signatures set, or None when it was built from another source."""
    lib = ctypes.CDLL(path)
    for name, (res, args) in _SIGNATURES.items():
        fn = getattr(lib, name)
        fn.restype, fn.argtypes = res, args
    if want is not None and lib.aq_source_hash().decode() != want:
        return None
    return lib


def _cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "aceprod" / "ckernels"


def library() -> ctypes.CDLL:
    """The loaded C kernels: the installed extension ``quality._ckernels``, else a build of
    this checkout's source cached under ``~/.cache/aceprod/ckernels`` (built on first use)."""
    global _lib
    if _lib is not None:
        return _lib
    with _load_lock:
        if _lib is None:
            _lib = _load()
    return _lib


def _load() -> ctypes.CDLL:
    from quality import _build

    lib: ctypes.CDLL | None = None
    want = _build.source_hash() if _build.SOURCE.exists() else None
    spec = find_spec("quality._ckernels")
    if spec is not None and spec.origin and os.path.exists(spec.origin):
        lib = _open(spec.origin, want)
    if lib is None and want is not None:
        cached = _cache_dir() / f"_ckernels-{want}{Path(_build.library_name()).suffix}"
        if not cached.exists():
            try:
                _build.build(cached)
            except (OSError, RuntimeError) as exc:
                raise KernelBuildError(
                    f"the compiled analysis kernels (quality/_kernels.c) are not built and building them failed: {exc} "
                    "(fix: install a C compiler, e.g. `apt-get install gcc`, then run `make setup` or "
                    "`pip install -e .`)") from exc
        lib = _open(str(cached), want)
    if lib is None:
        raise KernelBuildError("the compiled analysis kernels (quality._ckernels) are missing "
                               "(fix: reinstall aceprod with `pip install .`, which needs a C compiler)")
    return lib


def _f32(x: np.ndarray) -> np.ndarray:
    return np.ascontiguousarray(x, dtype=np.float32)


def _f64(x: np.ndarray) -> np.ndarray:
    return np.ascontiguousarray(x, dtype=np.float64)


def _i64(x: np.ndarray) -> np.ndarray:
    return np.ascontiguousarray(x, dtype=np.int64)


def _ptr(a: np.ndarray | None) -> int | None:
    return None if a is None else a.ctypes.data


def _check(rc: int, what: str) -> None:
    if rc != 0:
        raise ValueError(f"{what}: invalid arguments (a filter cascade over 8 sections, or out of memory)")


def biquad_cascade_block_power(x: np.ndarray, coefs: np.ndarray, block: int) -> np.ndarray:
    """Filter ``x`` (n,) through biquads ``coefs`` (k, 5) = [b0, b1, b2, a1, a2]
    (direct form II transposed, float64 state) and return the mean square per block
    of ``block`` samples, float64 ``(n // block,)`` (a trailing partial block is dropped)."""
    x, c = _f32(x), _f64(coefs)
    out = np.empty(x.shape[0] // block)
    _check(library().aq_biquad_block_power(_ptr(x), x.shape[0], _ptr(c), c.shape[0], block, _ptr(out)), "biquad")
    return out


def time_pass(y: np.ndarray, kcoefs: np.ndarray, lcoefs: np.ndarray, block: int, kblock: int, lblock: int,
              *, with_mono: bool = True):
    """One pass over stereo ``y`` (2, n) float32 computing, for every sample once:

    - ``blocks``: float64 ``(ceil(n / block), 8)``: per block sum L^2, sum R^2, sum L*R,
      max|L|, max|R|, sum L, sum R, sum mid^2 (mid = (L+R)/2; products in float32);
    - ``kpow``: float64 ``(n // kblock,)``, K-weighted mean square per ``kblock`` summed
      over the channels (biquads ``kcoefs`` (k, 5), as ``biquad_cascade_block_power``);
    - ``low``: float64 ``(n // lblock, 3)``, L^2, R^2, L*R after the low-pass biquads ``lcoefs``;
    - ``mono``: float32 ``(n,)``, (L + R) / 2 (None unless ``with_mono``).

    The four IIR chains (K and low-pass, each channel) are independent, so running them
    in one loop lets the CPU overlap their latencies; every filter keeps float64 state.
    """
    y, kc, lc = _f32(y), _f64(kcoefs), _f64(lcoefs)
    n = y.shape[1]
    blocks = np.empty(((n + block - 1) // block, 8))
    kpow = np.empty(n // kblock)
    low = np.empty((n // lblock, 3))
    mono = np.empty(n, dtype=np.float32) if with_mono else None
    rc = library().aq_time_pass(_ptr(y), n, _ptr(kc), kc.shape[0], _ptr(lc), lc.shape[0], block, kblock, lblock,
                                _ptr(blocks), _ptr(kpow), _ptr(low), _ptr(mono))
    _check(rc, "time_pass")
    return blocks, kpow, low, mono


def true_peak_blocks(x: np.ndarray, phases: np.ndarray, block: int, threshold: float, l1: float) -> np.ndarray:
    """Per-block peak of the 4x-oversampled ``x`` (n,), float32 ``(n_blocks,)``.

    ``phases`` (4, taps) is the polyphase interpolation FIR. Blocks whose
    neighbourhood sample peak times ``l1`` (the largest phase L1 norm, an upper bound
    on any interpolated value) stays below ``threshold`` are not interpolated; their
    value is the sample peak (a lower bound no larger than ``threshold``).
    """
    x, ph = _f32(x), _f64(phases)
    out = np.empty((x.shape[0] + block - 1) // block, dtype=np.float32)
    _check(library().aq_true_peak_blocks(_ptr(x), x.shape[0], _ptr(ph), ph.shape[1], block, threshold, l1, _ptr(out)),
           "true_peak_blocks")
    return out


def flat_runs(y: np.ndarray, level: float, min_run: int) -> np.ndarray:
    """Runs of ``min_run``+ consecutive samples with ``|y| >= level`` and the same sign,
    in either channel of ``y`` (ch, n). Returns int64 ``(k, 3)``: start, length, channel."""
    y = _f32(y)
    lib = library()
    out = np.empty((256, 3), dtype=np.int64)
    while True:
        k = lib.aq_flat_runs(_ptr(y), y.shape[0], y.shape[1], level, min_run, _ptr(out), out.shape[0])
        if k <= out.shape[0]:
            return out[:k].copy()
        out = np.empty((k, 3), dtype=np.int64)


def click_scan(x: np.ndarray, block: int, neighbours: int) -> np.ndarray:
    """Second-difference impulse scan of ``x`` (n,).

    For each ``block``-sample block returns float64 ``(n_blocks, 4)``: peak |d2|,
    its sample index, the block's own d2 RMS, and the median d2 RMS of the
    ``neighbours`` blocks on each side (the block and its direct neighbours excluded).
    """
    x = _f32(x)
    out = np.empty((x.shape[0] // block, 4))
    _check(library().aq_click_scan(_ptr(x), x.shape[0], block, neighbours, _ptr(out)), "click_scan")
    return out


def window_shape_stats(x: np.ndarray, win: int, near: float) -> np.ndarray:
    """Amplitude-distribution shape per ``win``-sample window of ``x`` (n,).

    Returns float64 ``(n_windows, 4)``: RMS, peak, kurtosis (Pearson, 3 for
    Gaussian, 1.5 for a sine), and the fraction of samples with
    ``|x| >= near * peak`` (high for flat-topped, saturated audio).
    """
    x = _f32(x)
    out = np.empty((x.shape[0] // win, 4))
    library().aq_window_shape_stats(_ptr(x), x.shape[0], win, near, _ptr(out))
    return out


def windowed_frames(x: np.ndarray, first: int, nframes: int, hop: int, win: np.ndarray,
                    out: np.ndarray | None = None) -> np.ndarray:
    """Frames ``first`` .. ``first + nframes`` of ``x`` (n,) float32, ``len(win)`` samples every
    ``hop``, times the window ``win``: float64 ``(nframes, len(win))`` (into ``out`` when given),
    the same values as ``sliding_window_view(x, len(win))[::hop][first:first + nframes] * win``."""
    x, w = _f32(x), _f64(win)
    n_fft = w.shape[0]
    if nframes < 0 or first < 0 or (nframes and (first + nframes - 1) * hop + n_fft > x.shape[0]):
        raise ValueError(f"windowed_frames: frames {first}..{first + nframes} of {n_fft} every {hop} pass the signal's end")
    if out is None:
        out = np.empty((nframes, n_fft))
    elif out.shape != (nframes, n_fft) or out.dtype != np.float64 or not out.flags.c_contiguous:
        raise ValueError(f"windowed_frames: out must be C-contiguous float64 {(nframes, n_fft)}")
    library().aq_windowed_frames(_ptr(x), first, nframes, n_fft, hop, _ptr(w), _ptr(out))
    return out


def spectral_pass(z: np.ndarray, edges: np.ndarray, freqs: np.ndarray, flat_lo: int, flat_hi: int,
                  mel_start: np.ndarray, mel_stop: np.ndarray, mel_w: np.ndarray, mel_off: np.ndarray,
                  out: tuple[np.ndarray, np.ndarray, np.ndarray] | None = None):
    """One pass over a complex spectrogram ``z`` (frames, bins) (complex128; complex64 is widened).

    Returns ``(power, stats, mel)``: ``power`` float32 (frames, bins) |z|^2; ``stats`` float64
    ``(frames, n_bands + 3)``: energy per band [edges[b], edges[b + 1]), total, centroid
    (Hz, from ``freqs``), flatness (geometric over arithmetic mean of bins [flat_lo, flat_hi));
    ``mel`` float32 ``(frames, n_mels)``, the mel filterbank applied sparsely: filter m covers
    bins [mel_start[m], mel_stop[m]) with weights ``mel_w[mel_off[m] : mel_off[m] + (mel_stop[m] - mel_start[m])]``.
    ``out``: C-contiguous arrays of those shapes and types to write into (rows of larger arrays).
    """
    z = np.ascontiguousarray(z, dtype=np.complex128)
    e, f, ms, me, mw, mo = _i64(edges), _f64(freqs), _i64(mel_start), _i64(mel_stop), _f32(mel_w), _i64(mel_off)
    nf, nbins = z.shape
    if out is None:
        out = (np.empty((nf, nbins), dtype=np.float32), np.empty((nf, e.shape[0] + 2)),
               np.empty((nf, ms.shape[0]), dtype=np.float32))
    power, stats, mel = out
    want = (((nf, nbins), np.float32), ((nf, e.shape[0] + 2), np.float64), ((nf, ms.shape[0]), np.float32))
    for a, (shape, dtype) in zip(out, want, strict=True):
        if a.shape != shape or a.dtype != dtype or not a.flags.c_contiguous:
            raise ValueError(f"spectral_pass: an output array must be C-contiguous {np.dtype(dtype).name} {shape}")
    library().aq_spectral_pass(_ptr(z), nf, nbins, _ptr(e), e.shape[0] - 1, _ptr(f), flat_lo, flat_hi, _ptr(ms),
                               _ptr(me), _ptr(mw), _ptr(mo), ms.shape[0], _ptr(power), _ptr(stats), _ptr(mel))
    return power, stats, mel


def beat_dp(local: np.ndarray, fpb: float, half: int, tightness: float) -> tuple[np.ndarray, np.ndarray]:
    """(backlink, cumulative score) of the beat tracker's dynamic programme over ``local``
    (frames,) float32 or float64: for each frame the best previous beat ``half`` .. 2 * ``fpb``
    frames back, nearest first on ties (-1 before the first beat, whose local score must pass
    1 % of the maximum). The score is kept in ``local``'s precision."""
    f32 = np.asarray(local).dtype == np.float32
    loc = _f32(local) if f32 else _f64(local)
    backlink = np.empty(loc.shape[0], dtype=np.int64)
    cum = np.empty_like(loc)
    fn = library().aq_beat_dp_f32 if f32 else library().aq_beat_dp_f64
    _check(fn(_ptr(loc), loc.shape[0], float(fpb), int(half), float(tightness), _ptr(backlink), _ptr(cum)), "beat_dp")
    return backlink, cum
