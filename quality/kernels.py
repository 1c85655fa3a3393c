"""Numba kernels: the loops numpy would make temporaries for.

Every kernel is compiled with ``cache=True`` (first run compiles, later runs load
from ``__pycache__``). Shapes and units are in the docstrings; all audio is float32.
"""

from __future__ import annotations

import numpy as np
from numba import njit


@njit(cache=True, fastmath=False, nogil=True)
def biquad_cascade_block_power(x: np.ndarray, coefs: np.ndarray, block: int) -> np.ndarray:
    """Filter ``x`` (n,) through biquads ``coefs`` (k, 5) = [b0, b1, b2, a1, a2]
    (direct form II transposed, float64 state) and return the mean square per block
    of ``block`` samples, float64 ``(n // block,)`` (a trailing partial block is dropped)."""
    n = x.shape[0]
    k = coefs.shape[0]
    z1 = np.zeros(k)
    z2 = np.zeros(k)
    nb = n // block
    out = np.zeros(nb)
    acc = 0.0
    for i in range(nb * block):
        v = np.float64(x[i])
        for j in range(k):
            b0 = coefs[j, 0]
            b1 = coefs[j, 1]
            b2 = coefs[j, 2]
            a1 = coefs[j, 3]
            a2 = coefs[j, 4]
            o = b0 * v + z1[j]
            z1[j] = b1 * v - a1 * o + z2[j]
            z2[j] = b2 * v - a2 * o
            v = o
        acc += v * v
        if (i + 1) % block == 0:
            out[i // block] = acc / block
            acc = 0.0
    return out


@njit(cache=True, fastmath=True, nogil=True)
def true_peak_blocks(x: np.ndarray, phases: np.ndarray, block: int, threshold: float, l1: float) -> np.ndarray:
    """Per-block peak of the 4x-oversampled ``x`` (n,), float32 ``(n_blocks,)``.

    ``phases`` (4, taps) is the polyphase interpolation FIR. Blocks whose
    neighbourhood sample peak times ``l1`` (the largest phase L1 norm, an upper bound
    on any interpolated value) stays below ``threshold`` are not interpolated; their
    value is the sample peak (a lower bound no larger than ``threshold``).
    """
    n = x.shape[0]
    taps = phases.shape[1]
    nb = (n + block - 1) // block
    out = np.zeros(nb, dtype=np.float32)
    for b in range(nb):
        s0 = b * block
        s1 = min(n, s0 + block)
        lo = max(0, s0 - taps)
        pk = 0.0
        for i in range(lo, s1):
            a = abs(x[i])
            if a > pk:
                pk = a
        if pk * l1 < threshold:
            sp = 0.0
            for i in range(s0, s1):
                a = abs(x[i])
                if a > sp:
                    sp = a
            out[b] = sp
            continue
        best = 0.0
        for i in range(s0, s1):
            a = abs(x[i])
            if a > best:
                best = a
            for p in range(4):
                acc = 0.0
                for t in range(taps):
                    j = i - t
                    if j >= 0:
                        acc += phases[p, t] * x[j]
                acc = abs(acc)
                if acc > best:
                    best = acc
        out[b] = best
    return out


@njit(cache=True, nogil=True)
def flat_runs(y: np.ndarray, level: float, min_run: int) -> np.ndarray:
    """Runs of ``min_run``+ consecutive samples with ``|y| >= level`` and the same sign,
    in either channel of ``y`` (ch, n). Returns int64 ``(k, 3)``: start, length, channel."""
    out = []
    for ch in range(y.shape[0]):
        run = 0
        sign = 0
        start = 0
        n = y.shape[1]
        for i in range(n + 1):
            s = 0
            if i < n:
                v = y[ch, i]
                if v >= level:
                    s = 1
                elif v <= -level:
                    s = -1
            if s != 0 and s == sign:
                run += 1
            else:
                if run >= min_run and sign != 0:
                    out.append((start, run, ch))
                run = 1 if s != 0 else 0
                sign = s
                start = i
    res = np.zeros((len(out), 3), dtype=np.int64)
    for k in range(len(out)):
        res[k, 0] = out[k][0]
        res[k, 1] = out[k][1]
        res[k, 2] = out[k][2]
    return res


@njit(cache=True, fastmath=True, nogil=True)
def power_from_complex(z: np.ndarray) -> np.ndarray:
    """|z|^2 as float32, same shape as the complex64 ``z`` (frames, bins)."""
    out = np.empty(z.shape, dtype=np.float32)
    for i in range(z.shape[0]):
        for k in range(z.shape[1]):
            c = z[i, k]
            out[i, k] = c.real * c.real + c.imag * c.imag
    return out


@njit(cache=True, fastmath=True, nogil=True)
def click_scan(x: np.ndarray, block: int, neighbours: int) -> np.ndarray:
    """Second-difference impulse scan of ``x`` (n,).

    For each ``block``-sample block returns float64 ``(n_blocks, 4)``: peak |d2|,
    its sample index, the block's own d2 RMS, and the median d2 RMS of the
    ``neighbours`` blocks on each side (the block and its direct neighbours excluded).
    """
    n = x.shape[0]
    nb = n // block
    rms = np.zeros(nb)
    out = np.zeros((nb, 4))
    for b in range(nb):
        acc = 0.0
        m = 0.0
        a = b * block
        for i in range(max(2, b * block), (b + 1) * block):
            d = x[i] - 2.0 * x[i - 1] + x[i - 2]
            acc += d * d
            if abs(d) > m:
                m = abs(d)
                a = i
        rms[b] = np.sqrt(acc / block)
        out[b, 0] = m
        out[b, 1] = a
        out[b, 2] = rms[b]
    tmp = np.zeros(2 * neighbours)
    for b in range(nb):
        k = 0
        for j in range(b - neighbours - 1, b + neighbours + 2):
            if j < 0 or j >= nb or abs(j - b) <= 1:
                continue
            tmp[k] = rms[j]
            k += 1
        out[b, 3] = np.median(tmp[:k]) if k > 0 else rms[b]
    return out


@njit(cache=True, fastmath=True, nogil=True)
def window_shape_stats(x: np.ndarray, win: int, near: float) -> np.ndarray:
    """Amplitude-distribution shape per ``win``-sample window of ``x`` (n,).

    Returns float64 ``(n_windows, 4)``: RMS, peak, kurtosis (Pearson, 3 for
    Gaussian, 1.5 for a sine), and the fraction of samples with
    ``|x| >= near * peak`` (high for flat-topped, saturated audio).
    """
    nw = x.shape[0] // win
    out = np.zeros((nw, 4))
    for w in range(nw):
        s0 = w * win
        m2 = 0.0
        m4 = 0.0
        pk = 0.0
        mean = 0.0
        for i in range(s0, s0 + win):
            mean += x[i]
        mean /= win
        for i in range(s0, s0 + win):
            v = x[i] - mean
            v2 = v * v
            m2 += v2
            m4 += v2 * v2
            if abs(v) > pk:
                pk = abs(v)
        m2 /= win
        m4 /= win
        cnt = 0
        lvl = near * pk
        for i in range(s0, s0 + win):
            if abs(x[i] - mean) >= lvl:
                cnt += 1
        out[w, 0] = np.sqrt(m2)
        out[w, 1] = pk
        out[w, 2] = m4 / (m2 * m2) if m2 > 0 else 0.0
        out[w, 3] = cnt / win
    return out


@njit(cache=True, fastmath=True, nogil=True)
def time_pass(y: np.ndarray, kcoefs: np.ndarray, lcoefs: np.ndarray, block: int, kblock: int, lblock: int):
    """One pass over stereo ``y`` (2, n) float32 computing, for every sample once:

    - ``blocks``: float64 ``(ceil(n / block), 8)``, the ``block_stats`` sums;
    - ``kpow``: float64 ``(n // kblock,)``, K-weighted mean square per ``kblock`` summed
      over the channels (biquads ``kcoefs`` (k, 5), as ``biquad_cascade_block_power``);
    - ``low``: float64 ``(n // lblock, 3)``, L^2, R^2, L*R after the low-pass biquads
      ``lcoefs`` (as ``lowband_block_sums``);
    - ``mono``: float32 ``(n,)``, (L + R) / 2.

    The four IIR chains (K and low-pass, each channel) are independent, so running them
    in one loop lets the CPU overlap their latencies; every filter keeps float64 state.
    """
    n = y.shape[1]
    nb = (n + block - 1) // block
    blocks = np.zeros((nb, 8))
    nk = n // kblock
    kpow = np.zeros(nk)
    nl = n // lblock
    low = np.zeros((nl, 3))
    mono = np.empty(n, dtype=np.float32)
    kk = kcoefs.shape[0]
    kl = lcoefs.shape[0]
    kz1l = np.zeros(kk)
    kz2l = np.zeros(kk)
    kz1r = np.zeros(kk)
    kz2r = np.zeros(kk)
    lz1l = np.zeros(kl)
    lz2l = np.zeros(kl)
    lz1r = np.zeros(kl)
    lz2r = np.zeros(kl)
    kaccl = 0.0
    kaccr = 0.0
    kcount = 0
    kb = 0
    lcount = 0
    lb = 0
    la0 = 0.0
    la1 = 0.0
    la2 = 0.0
    for b in range(nb):
        s0 = b * block
        s1 = min(n, s0 + block)
        ll = 0.0
        rr = 0.0
        lr = 0.0
        ml = 0.0
        mr = 0.0
        sl = 0.0
        sr_ = 0.0
        mm = 0.0
        for i in range(s0, s1):
            a = y[0, i]
            c = y[1, i]
            ll += a * a
            rr += c * c
            lr += a * c
            sl += a
            sr_ += c
            m = np.float32(0.5) * (a + c)
            mono[i] = m
            mm += m * m
            aa = abs(a)
            cc = abs(c)
            if aa > ml:
                ml = aa
            if cc > mr:
                mr = cc
            # K-weighting, both channels
            if kb < nk:
                vl = np.float64(a)
                vr = np.float64(c)
                for j in range(kk):
                    b0 = kcoefs[j, 0]
                    b1 = kcoefs[j, 1]
                    b2 = kcoefs[j, 2]
                    a1 = kcoefs[j, 3]
                    a2 = kcoefs[j, 4]
                    o = b0 * vl + kz1l[j]
                    kz1l[j] = b1 * vl - a1 * o + kz2l[j]
                    kz2l[j] = b2 * vl - a2 * o
                    vl = o
                    o = b0 * vr + kz1r[j]
                    kz1r[j] = b1 * vr - a1 * o + kz2r[j]
                    kz2r[j] = b2 * vr - a2 * o
                    vr = o
                kaccl += vl * vl
                kaccr += vr * vr
                kcount += 1
                if kcount == kblock:
                    kpow[kb] = kaccl / kblock + kaccr / kblock
                    kb += 1
                    kcount = 0
                    kaccl = 0.0
                    kaccr = 0.0
            # low band, both channels
            if lb < nl:
                vl = np.float64(a)
                vr = np.float64(c)
                for j in range(kl):
                    b0 = lcoefs[j, 0]
                    b1 = lcoefs[j, 1]
                    b2 = lcoefs[j, 2]
                    a1 = lcoefs[j, 3]
                    a2 = lcoefs[j, 4]
                    o = b0 * vl + lz1l[j]
                    lz1l[j] = b1 * vl - a1 * o + lz2l[j]
                    lz2l[j] = b2 * vl - a2 * o
                    vl = o
                    o = b0 * vr + lz1r[j]
                    lz1r[j] = b1 * vr - a1 * o + lz2r[j]
                    lz2r[j] = b2 * vr - a2 * o
                    vr = o
                la0 += vl * vl
                la1 += vr * vr
                la2 += vl * vr
                lcount += 1
                if lcount == lblock:
                    low[lb, 0] = la0
                    low[lb, 1] = la1
                    low[lb, 2] = la2
                    lb += 1
                    lcount = 0
                    la0 = 0.0
                    la1 = 0.0
                    la2 = 0.0
        blocks[b, 0] = ll
        blocks[b, 1] = rr
        blocks[b, 2] = lr
        blocks[b, 3] = ml
        blocks[b, 4] = mr
        blocks[b, 5] = sl
        blocks[b, 6] = sr_
        blocks[b, 7] = mm
    return blocks, kpow, low, mono


@njit(cache=True, fastmath=True, nogil=True)
def spectral_pass(power: np.ndarray, edges: np.ndarray, freqs: np.ndarray, flat_lo: int, flat_hi: int,
                  mel_start: np.ndarray, mel_stop: np.ndarray, mel_w: np.ndarray, mel_off: np.ndarray):
    """One pass over a power spectrogram ``power`` (frames, bins) float32.

    Returns ``(stats, mel)``: ``stats`` float64 ``(frames, n_bands + 3)`` exactly as
    ``spectral_frame_stats``; ``mel`` float32 ``(frames, n_mels)``, the mel filterbank
    applied sparsely: filter m covers bins [mel_start[m], mel_stop[m]) with weights
    ``mel_w[mel_off[m] : mel_off[m] + (mel_stop[m] - mel_start[m])]``.
    """
    nf, nbins = power.shape
    nbands = edges.shape[0] - 1
    nm = mel_start.shape[0]
    out = np.zeros((nf, nbands + 3))
    mel = np.zeros((nf, nm), dtype=np.float32)
    eps = 1e-12
    m_flat = flat_hi - flat_lo
    for f in range(nf):
        row = power[f]
        for b in range(nbands):
            acc = 0.0
            for k in range(edges[b], edges[b + 1]):
                acc += row[k]
            out[f, b] = acc
        tot = 0.0
        cen = 0.0
        for k in range(nbins):
            p = row[k]
            tot += p
            cen += p * freqs[k]
        out[f, nbands] = tot
        out[f, nbands + 1] = cen / (tot + eps)
        lg = 0.0
        ar = 0.0
        for k in range(flat_lo, flat_hi):
            p = row[k] + eps
            lg += np.log(p)
            ar += p
        out[f, nbands + 2] = np.exp(lg / m_flat) / (ar / m_flat)
        for m in range(nm):
            acc32 = np.float32(0.0)
            o = mel_off[m] - mel_start[m]
            for k in range(mel_start[m], mel_stop[m]):
                acc32 += mel_w[o + k] * row[k]
            mel[f, m] = acc32
    return out, mel
