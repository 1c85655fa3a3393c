"""Straightforward versions of the fused quality kernels, kept as test oracles:
``test_fast_paths.py`` checks the fused passes against them."""

from __future__ import annotations

import numpy as np
from numba import njit


@njit(fastmath=True, nogil=True)
def block_stats(y: np.ndarray, block: int) -> np.ndarray:
    """Per-block sums over stereo ``y`` (2, n).

    Returns float64 ``(n_blocks, 8)``: sum L^2, sum R^2, sum L*R, max|L|, max|R|,
    sum L, sum R, sum mid^2 (mid = (L+R)/2). The last block may be partial.
    """
    n = y.shape[1]
    nb = (n + block - 1) // block
    out = np.zeros((nb, 8), dtype=np.float64)
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
            m = 0.5 * (a + c)
            mm += m * m
            aa = abs(a)
            cc = abs(c)
            if aa > ml:
                ml = aa
            if cc > mr:
                mr = cc
        out[b, 0] = ll
        out[b, 1] = rr
        out[b, 2] = lr
        out[b, 3] = ml
        out[b, 4] = mr
        out[b, 5] = sl
        out[b, 6] = sr_
        out[b, 7] = mm
    return out


@njit(fastmath=False, nogil=True)
def lowband_block_sums(y: np.ndarray, coefs: np.ndarray, block: int) -> np.ndarray:
    """Low-pass both channels of ``y`` (2, n) through biquads ``coefs`` (k, 5) and return
    per-block sums float64 ``(n // block, 3)``: L^2, R^2, L*R."""
    n = y.shape[1]
    k = coefs.shape[0]
    nb = n // block
    out = np.zeros((nb, 3))
    zl1 = np.zeros(k)
    zl2 = np.zeros(k)
    zr1 = np.zeros(k)
    zr2 = np.zeros(k)
    for i in range(nb * block):
        vl = np.float64(y[0, i])
        vr = np.float64(y[1, i])
        for j in range(k):
            b0 = coefs[j, 0]
            b1 = coefs[j, 1]
            b2 = coefs[j, 2]
            a1 = coefs[j, 3]
            a2 = coefs[j, 4]
            o = b0 * vl + zl1[j]
            zl1[j] = b1 * vl - a1 * o + zl2[j]
            zl2[j] = b2 * vl - a2 * o
            vl = o
            o = b0 * vr + zr1[j]
            zr1[j] = b1 * vr - a1 * o + zr2[j]
            zr2[j] = b2 * vr - a2 * o
            vr = o
        b = i // block
        out[b, 0] += vl * vl
        out[b, 1] += vr * vr
        out[b, 2] += vl * vr
    return out
