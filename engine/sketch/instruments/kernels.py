"""Per-sample synthesis kernels (numba, cached). Each adds one note into a stereo
buffer ``out`` of shape ``(2, n)`` float32 at 48 kHz, starting at sample ``start``,
held ``n_hold`` samples then released over ``n_rel`` samples, with channel gains
``gl``/``gr``. Nothing here allocates per sample; every loop is O(note length).
"""

from __future__ import annotations

import math

import numpy as np
from numba import njit

from engine.constants import SAMPLE_RATE

SR = float(SAMPLE_RATE)
TWO_PI = 2.0 * math.pi


@njit(cache=True)
def _blep(t: float, dt: float) -> float:
    if t < dt:
        t /= dt
        return t + t - t * t - 1.0
    if t > 1.0 - dt:
        t = (t - 1.0) / dt
        return t * t + t + t + 1.0
    return 0.0


@njit(cache=True)
def _fsin(ph: float) -> float:
    """sin(2 pi ph) for ph in [0, 1), parabolic approximation (error < 0.1 %)."""
    x = 2.0 * ph - 1.0  # -1..1 covers -pi..pi, sign flipped
    y = 4.0 * x * (1.0 - abs(x))
    return -(0.775 * y + 0.225 * y * abs(y))


@njit(cache=True)
def add_subtractive(out, start, n_hold, n_rel, freq, gl, gr, saw, square, sine, detune_cents, n_uni,
                    att, dec, sus, rel, cutoff, cut_env, cut_dec, res, vib_rate, vib_depth, drive, phase0):
    """Unison saw/square/sine oscillators -> TPT state-variable lowpass with an
    envelope on the cutoff -> ADSR -> optional tanh drive."""
    n = min(n_hold + n_rel, out.shape[1] - start)
    if n <= 0:
        return
    phases = np.empty(n_uni)
    incs = np.empty(n_uni)
    for u in range(n_uni):
        det = 0.0 if n_uni == 1 else detune_cents * (2.0 * u / (n_uni - 1) - 1.0)
        incs[u] = freq * 2.0 ** (det / 1200.0) / SR
        phases[u] = (phase0 + 0.618 * u) % 1.0
    a_n = max(1.0, att * SR)
    d_c = math.exp(-1.0 / max(1.0, dec * SR))
    r_c = math.exp(-1.0 / max(1.0, rel * SR))
    f_c = math.exp(-1.0 / max(1.0, cut_dec * SR))
    k = 2.0 - 2.0 * min(res, 0.95)
    norm = 1.0 / math.sqrt(n_uni)
    drive_g = 1.0 + 8.0 * drive
    drive_n = 1.0 / math.tanh(drive_g) if drive > 0.0 else 1.0
    env = 0.0
    fenv = 1.0
    ic1 = 0.0
    ic2 = 0.0
    a1 = a2 = a3 = 0.0
    vib = 1.0
    for i in range(n):
        if i < a_n and i < n_hold:
            env = i / a_n
        elif i < n_hold:
            env = sus + (env - sus) * d_c
        else:
            env *= r_c
            if env < 3e-4:
                break
        fenv *= f_c
        if i % 16 == 0:
            fc = min(cutoff + cut_env * fenv, 18000.0)
            g = math.tan(math.pi * fc / SR)
            a1 = 1.0 / (1.0 + g * (g + k))
            a2 = g * a1
            a3 = g * a2
            if vib_depth > 0.0:
                ramp = min(1.0, i / (0.25 * SR))
                vib = 1.0 + vib_depth * ramp * math.sin(TWO_PI * vib_rate * i / SR)
        x = 0.0
        for u in range(n_uni):
            ph = phases[u]
            dt = incs[u] * vib
            if saw > 0.0:
                x += saw * (2.0 * ph - 1.0 - _blep(ph, dt))
            if square > 0.0:
                sq = 1.0 if ph < 0.5 else -1.0
                x += square * (sq + _blep(ph, dt) - _blep((ph + 0.5) % 1.0, dt))
            if sine > 0.0:
                x += sine * _fsin(ph)
            ph += dt
            if ph >= 1.0:
                ph -= 1.0
            phases[u] = ph
        x *= norm
        v3 = x - ic2
        v1 = a1 * ic1 + a2 * v3
        v2 = ic2 + a2 * ic1 + a3 * v3
        ic1 = 2.0 * v1 - ic1
        ic2 = 2.0 * v2 - ic2
        y = v2 * env
        if drive > 0.0:
            y = math.tanh(y * drive_g) * drive_n
        out[0, start + i] += y * gl
        out[1, start + i] += y * gr


@njit(cache=True)
def add_fm(out, start, n_hold, n_rel, freq, gl, gr, ratio, index, index_dec, att, dec, rel, tine):
    """Two-operator FM (electric piano / bell): index and amplitude decay exponentially."""
    n = min(n_hold + n_rel, out.shape[1] - start)
    if n <= 0:
        return
    wc = TWO_PI * freq / SR
    wm = wc * ratio
    wt = wc * 14.0
    d_c = math.exp(-1.0 / max(1.0, dec * SR))
    i_c = math.exp(-1.0 / max(1.0, index_dec * SR))
    r_c = math.exp(-1.0 / max(1.0, rel * SR))
    t_c = math.exp(-1.0 / (0.03 * SR))
    a_n = max(1.0, att * SR)
    amp = 1.0
    idx = index
    tamp = tine
    for i in range(n):
        a = amp * min(1.0, i / a_n)
        y = a * math.sin(wc * i + idx * math.sin(wm * i)) + tamp * a * math.sin(wt * i)
        amp *= d_c if i < n_hold else r_c
        if amp < 1e-4:
            break
        idx *= i_c
        tamp *= t_c
        out[0, start + i] += y * gl
        out[1, start + i] += y * gr


@njit(cache=True)
def add_additive(out, start, n_hold, n_rel, freq, gl, gr, amps, decays, inharm, att, rel, trem_rate, trem_depth):
    """Sum of damped partials (piano, organ, timpani) with recursive oscillators.
    ``amps[k]``/``decays[k]`` (seconds, 0 = sustained) describe partial k+1."""
    n = min(n_hold + n_rel, out.shape[1] - start)
    if n <= 0:
        return
    p = amps.shape[0]
    re_ = np.zeros(p)
    im_ = np.zeros(p)
    cr = np.zeros(p)
    ci = np.zeros(p)
    for k in range(p):
        h = k + 1.0
        f = freq * h * math.sqrt(1.0 + inharm * h * h)
        if f > 20000.0:
            continue
        r = 1.0 if decays[k] <= 0.0 else math.exp(-1.0 / (decays[k] * SR))
        cr[k] = r * math.cos(TWO_PI * f / SR)
        ci[k] = r * math.sin(TWO_PI * f / SR)
        re_[k] = 0.0
        im_[k] = amps[k]
    a_n = max(1.0, att * SR)
    r_c = math.exp(-1.0 / max(1.0, rel * SR))
    rel_amp = 1.0
    for i in range(n):
        y = 0.0
        for k in range(p):
            nr = re_[k] * cr[k] - im_[k] * ci[k]
            im_[k] = re_[k] * ci[k] + im_[k] * cr[k]
            re_[k] = nr
            y += im_[k]
        if i >= n_hold:
            rel_amp *= r_c
            if rel_amp < 3e-4:
                break
        a = rel_amp * min(1.0, i / a_n)
        if trem_depth > 0.0:
            a *= 1.0 - trem_depth * (0.5 + 0.5 * math.sin(TWO_PI * trem_rate * i / SR))
        out[0, start + i] += y * a * gl
        out[1, start + i] += y * a * gr


@njit(cache=True)
def add_pluck(out, start, n_hold, n_rel, freq, gl, gr, excitation, t60, t60_rel, damp):
    """Karplus-Strong string: a noise burst (``excitation``) circulating in a delay
    line of one period with a two-tap loss filter; ``damp`` 0 bright .. 1 dull."""
    n = min(n_hold + n_rel, out.shape[1] - start)
    if n <= 0:
        return
    period = SR / freq
    L = int(period)
    frac = period - L
    if L < 2:
        return
    y = np.zeros(n)
    g_hold = 10.0 ** (-3.0 / (t60 * freq))
    g_rel = 10.0 ** (-3.0 / (max(t60_rel, 0.01) * freq))
    w = 0.5 + 0.5 * damp
    lp = 0.0
    m = excitation.shape[0]
    for i in range(n):
        x = excitation[i] if i < m else 0.0
        fb = 0.0
        if i >= L + 1:
            a = y[i - L]
            b = y[i - L - 1]
            d = a + frac * (b - a)  # fractional delay, linear
            lp = w * d + (1.0 - w) * lp
            fb = (g_hold if i < n_hold else g_rel) * (0.5 * d + 0.5 * lp)
        y[i] = x + fb
        out[0, start + i] += y[i] * gl
        out[1, start + i] += y[i] * gr


@njit(cache=True)
def add_voice(out, start, n_hold, n_rel, freq, gl, gr, f1, f2, f3, breath, vib_rate, vib_depth, att, rel, phase0):
    """Formant voice: band-limited glottal pulse with vibrato through three
    resonators tuned to a vowel (f1, f2, f3 in Hz)."""
    n = min(n_hold + n_rel, out.shape[1] - start)
    if n <= 0:
        return
    fs = (f1, f2, f3)
    gains = (1.0, 0.55, 0.3)
    bws = (80.0, 110.0, 160.0)
    b0 = np.zeros(3)
    a1 = np.zeros(3)
    a2 = np.zeros(3)
    for j in range(3):
        r = math.exp(-math.pi * bws[j] / SR)
        a1[j] = -2.0 * r * math.cos(TWO_PI * fs[j] / SR)
        a2[j] = r * r
        b0[j] = (1.0 - r) * gains[j] * 4.0
    s1 = np.zeros(3)
    s2 = np.zeros(3)
    a_n = max(1.0, att * SR)
    r_c = math.exp(-1.0 / max(1.0, rel * SR))
    env = 0.0
    ph = phase0
    seed = 12345 + int(phase0 * 1000.0)
    for i in range(n):
        if i < n_hold:
            env = min(1.0, i / a_n)
        else:
            env *= r_c
            if env < 3e-4:
                break
        ramp = min(1.0, i / (0.3 * SR))
        f = freq * (1.0 + vib_depth * ramp * math.sin(TWO_PI * vib_rate * i / SR))
        dt = f / SR
        src = 2.0 * ph - 1.0 - _blep(ph, dt)
        ph += dt
        if ph >= 1.0:
            ph -= 1.0
        seed = (seed * 1103515245 + 12345) & 0x7FFFFFFF
        src += breath * (seed / 1073741824.0 - 1.0)
        y = 0.0
        for j in range(3):
            v = b0[j] * src - a1[j] * s1[j] - a2[j] * s2[j]
            s2[j] = s1[j]
            s1[j] = v
            y += v
        y *= env
        out[0, start + i] += y * gl
        out[1, start + i] += y * gr


@njit(cache=True)
def reverb(send, size, damp, width):
    """Freeverb-style stereo reverb of a mono send ``(n,)`` at 24 kHz -> ``(2, n)`` wet signal."""
    n = send.shape[0]
    combs = (607, 647, 695, 738, 774, 812, 848, 880)  # Freeverb's tunings scaled to 24 kHz
    alls = (303, 240, 186, 122)
    spread = 13
    wet = np.zeros((2, n), dtype=np.float32)
    fb = 0.7 + 0.28 * size
    for ch in range(2):
        off = spread * ch
        acc = np.zeros(n)
        for c in combs:
            L = c + off
            buf = np.zeros(L)
            store = 0.0
            p = 0
            for i in range(n):
                o = buf[p]
                store = o * (1.0 - damp) + store * damp
                buf[p] = send[i] + store * fb
                acc[i] += o
                p += 1
                if p == L:
                    p = 0
        for a in alls:
            L = a + off
            buf = np.zeros(L)
            p = 0
            for i in range(n):
                bo = buf[p]
                x = acc[i]
                buf[p] = x + bo * 0.5
                acc[i] = bo - x
                p += 1
                if p == L:
                    p = 0
        for i in range(n):
            wet[ch, i] = acc[i] * 0.03
    m = 0.5 * (1.0 + width)
    s = 0.5 * (1.0 - width)
    for i in range(n):
        left = wet[0, i]
        right = wet[1, i]
        wet[0, i] = left * m + right * s
        wet[1, i] = right * m + left * s
    return wet


@njit(cache=True)
def sos_filter(x, sos):
    """Cascade of biquads (scipy ``sos`` layout, float64) over each row of ``x``
    ``(channels, n)`` float32, direct form II transposed; returns float32."""
    c, n = x.shape
    y = np.empty((c, n), dtype=np.float32)
    ns = sos.shape[0]
    for ch in range(c):
        for i in range(n):
            y[ch, i] = x[ch, i]
        for s in range(ns):
            b0, b1, b2 = sos[s, 0], sos[s, 1], sos[s, 2]
            a1, a2 = sos[s, 4], sos[s, 5]
            z1 = 0.0
            z2 = 0.0
            for i in range(n):
                v = y[ch, i]
                out = b0 * v + z1
                z1 = b1 * v - a1 * out + z2
                z2 = b2 * v - a2 * out
                y[ch, i] = out
    return y


@njit(cache=True)
def sum_squares(x):
    """Per-sample sum over channels of x**2, float64 ``(n,)``."""
    c, n = x.shape
    out = np.zeros(n)
    for ch in range(c):
        for i in range(n):
            v = x[ch, i]
            out[i] += v * v
    return out


@njit(cache=True)
def accumulate(dry, send, stem, send_gain):
    """dry += stem; send += send_gain * mean(stem channels) — one pass."""
    n = stem.shape[1]
    h = 0.5 * send_gain
    for i in range(n):
        a = stem[0, i]
        b = stem[1, i]
        dry[0, i] += a
        dry[1, i] += b
        send[i] += h * (a + b)
