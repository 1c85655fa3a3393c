"""Small numpy versions of the few librosa functions the analysis uses.

``aceprod score`` must start in well under a second, and importing librosa costs more
than the whole analysis: its package import pulls in every ``librosa.core`` module, and
some of them build numba ufuncs when imported. The analysis needs only these pieces,
written here from their published definitions and checked against librosa in
``tests/quality/test_fast_paths.py`` (same values to float precision):

- ``mel_frequencies`` / ``mel_filterbank``: Slaney's auditory mel scale (linear below
  1 kHz, logarithmic above) with area-normalised triangles (librosa's defaults);
- ``chroma_filterbank``: Ellis's STFT-to-chroma Gaussian weights (librosa.filters.chroma);
- ``sync``: frame aggregation between boundaries (librosa.util.sync);
- ``find_peaks``: local maxima with a minimum height and distance (scipy.signal.find_peaks;
  scipy.signal's import alone costs ~0.3 s);
- ``running_median``: a centred running median with edges repeated
  (scipy.ndimage.median_filter(mode="nearest") on 1-D data; scipy.ndimage's import costs
  more than the detector that uses it);
- ``beat_track``: Ellis's dynamic-programming beat tracker at a given tempo
  (librosa.beat.beat_track with ``bpm=``), its inner loop in ``quality.kernels`` (C);
- ``dct_ortho``: the orthonormal DCT-II (scipy.fft.dct(norm="ortho")) as one matrix
  product (scipy.fft's import costs more than the analysis that uses it).
"""

from __future__ import annotations

import numpy as np

from quality.kernels import beat_dp

_F_SP = 200.0 / 3  # Slaney mel scale: 66.7 Hz per mel below 1 kHz
_MIN_LOG_HZ = 1000.0
_MIN_LOG_MEL = _MIN_LOG_HZ / _F_SP
_LOGSTEP = np.log(6.4) / 27.0


def hz_to_mel(f: np.ndarray | float) -> np.ndarray:
    f = np.asanyarray(f, dtype=float)
    lin = f / _F_SP
    return np.where(f >= _MIN_LOG_HZ, _MIN_LOG_MEL + np.log(np.maximum(f, 1e-10) / _MIN_LOG_HZ) / _LOGSTEP, lin)


def mel_to_hz(m: np.ndarray | float) -> np.ndarray:
    m = np.asanyarray(m, dtype=float)
    return np.where(m >= _MIN_LOG_MEL, _MIN_LOG_HZ * np.exp(_LOGSTEP * (m - _MIN_LOG_MEL)), _F_SP * m)


def mel_frequencies(n_mels: int, *, fmin: float = 0.0, fmax: float) -> np.ndarray:
    """``n_mels`` frequencies (Hz) evenly spaced on the mel scale from fmin to fmax."""
    return mel_to_hz(np.linspace(hz_to_mel(fmin), hz_to_mel(fmax), n_mels))


def mel_filterbank(*, sr: int, n_fft: int, n_mels: int, fmin: float = 0.0, fmax: float | None = None) -> np.ndarray:
    """(n_mels, n_fft // 2 + 1) triangular mel filters, each normalised to unit area
    in Hz (Slaney), as librosa.filters.mel(norm="slaney")."""
    fmax = sr / 2 if fmax is None else fmax
    fft_f = np.fft.rfftfreq(n_fft, 1.0 / sr)
    mel_f = mel_frequencies(n_mels + 2, fmin=fmin, fmax=fmax)
    fdiff = np.diff(mel_f)
    ramps = mel_f[:, None] - fft_f[None, :]
    lower = -ramps[:-2] / fdiff[:-1, None]
    upper = ramps[2:] / fdiff[1:, None]
    w = np.maximum(0.0, np.minimum(lower, upper))
    w *= (2.0 / (mel_f[2:] - mel_f[:-2]))[:, None]
    return w


def chroma_filterbank(*, sr: int, n_fft: int, n_chroma: int = 12, tuning: float = 0.0, ctroct: float = 5.0,
                      octwidth: float = 2.0) -> np.ndarray:
    """(n_chroma, n_fft // 2 + 1) STFT-bin to pitch-class weights starting at C: a
    Gaussian around each bin's pitch, as wide as the bin in pitch units, unit L2 norm
    per bin, weighted by a Gaussian over octaves centred at ``ctroct`` (as
    librosa.filters.chroma). ``tuning``: the reference A's deviation from 440 Hz in
    fractions of a chroma bin."""
    freqs = np.linspace(0, sr, n_fft, endpoint=False)[1:]
    a0 = 440.0 * 2.0 ** (tuning / n_chroma) / 16  # octaves counted from A0 (as librosa's hz_to_octs)
    frqbins = n_chroma * np.log2(freqs / a0)
    frqbins = np.concatenate([[frqbins[0] - 1.5 * n_chroma], frqbins])
    width = np.concatenate([np.maximum(np.diff(frqbins), 1.0), [1.0]])
    d = frqbins[None, :] - np.arange(n_chroma, dtype=float)[:, None]
    half = int(round(n_chroma / 2))
    d = np.remainder(d + half + 10 * n_chroma, n_chroma) - half
    w = np.exp(-0.5 * (2 * d / width[None, :]) ** 2)
    w /= np.maximum(np.sqrt((w * w).sum(axis=0, keepdims=True)), np.finfo(float).tiny)
    w *= np.exp(-0.5 * ((frqbins / n_chroma - ctroct) / octwidth) ** 2)[None, :]
    w = np.roll(w, -3 * (n_chroma // 12), axis=0)
    return np.ascontiguousarray(w[:, : 1 + n_fft // 2])


def sync(data: np.ndarray, idx: np.ndarray, *, aggregate=np.median) -> np.ndarray:
    """Aggregate the columns of ``data`` (d, n) between consecutive boundaries ``idx``
    (with 0 and n added), as librosa.util.sync(pad=True)."""
    n = data.shape[-1]
    b = np.unique(np.clip(np.asarray(idx, dtype=int), 0, n))
    b = np.concatenate([[0] if b.size == 0 or b[0] > 0 else [], b, [n] if b.size == 0 or b[-1] < n else []]).astype(int)
    segs = [(s, e) for s, e in zip(b[:-1], b[1:], strict=True) if e > s]
    if aggregate is np.median and data.ndim == 2:  # segments of one length in one call: the same values
        out = np.empty((data.shape[0], len(segs)), dtype=np.result_type(data.dtype, np.float64)
                       if data.dtype.kind in "iub" else data.dtype)
        starts = np.array([s for s, _ in segs])
        lengths = np.array([e - s for s, e in segs])
        for length in np.unique(lengths):
            cols = np.flatnonzero(lengths == length)
            idx = starts[cols, None] + np.arange(length)
            out[:, cols] = np.median(data[:, idx], axis=-1)
        return out
    return np.stack([aggregate(data[..., s:e], axis=-1) for s, e in segs], axis=-1)


def running_median(x: np.ndarray, size: int) -> np.ndarray:
    """Median of the ``size`` (odd) samples centred on each sample of ``x`` (n,), edges
    repeated: scipy.ndimage.median_filter(x, size, mode="nearest"), value for value (the
    median of an odd count is one of the samples)."""
    if size % 2 == 0:
        raise ValueError("running_median needs an odd size")
    half = size // 2
    padded = np.pad(np.asarray(x), half, mode="edge")
    windows = np.lib.stride_tricks.sliding_window_view(padded, size)
    return np.partition(windows, half, axis=1)[:, half]


def find_peaks(x: np.ndarray, *, height: float, distance: int) -> np.ndarray:
    """Indices of the local maxima of ``x`` (n,) at or above ``height`` (a plateau
    counts once, at its middle), thinned so no two are closer than ``distance``
    samples, higher peaks first (as scipy.signal.find_peaks(height=, distance=))."""
    x = np.asarray(x, dtype=float)
    n = x.size
    pk = []
    i = 1
    while i < n - 1:
        if x[i - 1] < x[i]:
            j = i
            while j + 1 < n - 1 and x[j + 1] == x[i]:
                j += 1
            if x[j + 1] < x[i]:
                pk.append((i + j) // 2)
                i = j
        i += 1
    p = np.array([k for k in pk if x[k] >= height], dtype=np.int64)
    if p.size < 2 or distance <= 1:
        return p
    keep = np.ones(p.size, dtype=bool)
    for k in np.argsort(x[p], kind="stable")[::-1]:
        if not keep[k]:
            continue
        j = k - 1
        while j >= 0 and p[k] - p[j] < distance:
            keep[j] = False
            j -= 1
        j = k + 1
        while j < p.size and p[j] - p[k] < distance:
            keep[j] = False
            j += 1
    return p[keep]


def beat_track(env: np.ndarray, *, fps: float, bpm: float, tightness: float = 100.0) -> np.ndarray:
    """Beat frame indices for onset envelope ``env`` at tempo ``bpm`` (Ellis 2007).

    Local score: the envelope over its standard deviation, smoothed by a Gaussian one
    period wide; each frame's cumulative score adds the best previous beat 0.5-2
    periods back, penalised by ``tightness`` * log(interval/period)^2; the last beat is
    the last cumulative-score peak at or above half their median, the path is read
    back, and beats before the first (after the last) frame whose local score passes
    half the RMS of the smoothed beat scores are dropped. Arithmetic in the envelope's
    precision, as librosa.beat.beat_track(onset_envelope=, bpm=, trim=True).
    """
    env = np.asarray(env)
    if env.dtype != np.float32:
        env = env.astype(np.float64)
    if env.size < 2 or not np.any(env) or bpm <= 0:
        return np.zeros(0, dtype=int)
    fpb = float(np.round(fps * 60.0 / bpm))
    x = env / (env.std(ddof=1) + np.finfo(env.dtype).tiny)
    win = np.exp(-0.5 * (np.arange(-fpb, fpb + 1) * 32.0 / fpb) ** 2)
    local = np.convolve(x.astype(np.float64), win, "same").astype(env.dtype)
    backlink, cum = beat_dp(local, fpb, int(np.round(fpb / 2)), float(np.float32(tightness)))
    peaks = np.zeros(cum.size, dtype=bool)
    peaks[1:-1] = (cum[1:-1] > cum[:-2]) & (cum[1:-1] >= cum[2:])
    peaks[-1] = cum[-1] > cum[-2]
    if not peaks.any():
        return np.zeros(0, dtype=int)
    thr = 0.5 * np.median(cum[peaks])
    ok = np.flatnonzero(peaks & (cum >= thr))
    n = int(ok[-1]) if ok.size else cum.size - 1
    beats = []
    while n >= 0:
        beats.append(n)
        n = int(backlink[n])
    out = np.array(beats[::-1], dtype=int)
    smooth = np.convolve(local[out], np.hanning(5))[2:]
    thr = 0.5 * np.sqrt(np.mean(smooth.astype(np.float64) ** 2))
    strong = np.flatnonzero(local > thr)
    if strong.size == 0:
        return np.zeros(0, dtype=int)
    return out[(out >= strong[0]) & (out <= strong[-1])]


def dct_ortho(x: np.ndarray, *, axis: int = 0) -> np.ndarray:
    """Orthonormal DCT-II of ``x`` along ``axis`` (scipy.fft.dct(x, axis=axis, norm="ortho")):
    a matrix product, for the short axes it is used on (64 mel bands)."""
    x = np.moveaxis(np.asarray(x), axis, 0)
    n = x.shape[0]
    k = np.arange(n)[:, None]
    m = np.cos(np.pi * k * (2 * np.arange(n)[None, :] + 1) / (2 * n)) * np.sqrt(2.0 / n)
    m[0] /= np.sqrt(2.0)
    out = np.tensordot(m.astype(np.result_type(x.dtype, np.float32)), x, axes=(1, 0))
    return np.moveaxis(out, 0, axis)
