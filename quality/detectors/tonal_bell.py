"""A resonance in a track's long-term spectrum, measured against the track's own tilt.

Without stems, a presence (harshness) or low-mid (muddy_mix) build-up can only be told
from the track's own spectrum, and the energy ratio of a band to its neighbours is a poor
measure of it: across clean recordings it spreads 20+ dB (a dark acoustic track vs a
bright chiptune), while a +10..20 dB bell of about two octaves' width moves it by only
0.5-0.7 of its gain, because the bell also lifts the neighbours it is compared with.

This measure uses the bell's whole shape instead. The long-term spectrum (mean power over
the active frames, in dB, smoothed over SMOOTH_OCT in log frequency and sampled every
1/6 octave) is fitted over a range around the band by least squares as

    level + tilt * log2(f) + gain * bell(f)

where ``bell`` is a 1 dB peaking filter (RBJ, Q BELL_Q, about two octaves wide) centred
at the band's geometric centre (presence 2-5 kHz: 3.16 kHz; low-mid 200-500 Hz: 316 Hz).
``gain`` (dB) is the measure: the tilt term absorbs the track's own brightness or
darkness, which is most of what differs between genres, and only a bump of the bell's
width and place remains. ``bell_gain_db(..., tilt=False)`` fits the level only; ``q``
sets another width (muddy_mix fits Q 0.85, see mud_allowance).

Measured on the calibration half of bench/real_corpus.py (41 excerpts, tuned there only),
a planted bell reads 0.9-1.0 of its gain; clean recordings spread with a standard
deviation of ~5 dB (harshness) and ~4.5 dB (muddy_mix), against 7+ dB for the band ratios.
The limits and their calibration are in spectral_balance (muddy_mix's in mud_allowance).
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

SMOOTH_OCT = 0.2  # Gaussian smoothing of the dB spectrum in log frequency (std, octaves): a single note's partial
GRID_STEP_OCT = 1.0 / 6.0
BELL_Q = 0.7  # about two octaves between the half-gain points
REF_SR = 48_000
# ``transient_share_db`` compares frame with frame: at 21.3 ms a tonal bed (pads, strings, a guitar's or a
# piano's partials) reads far under its level and a noisy low-mid (a drum kit's bodies, hiss, distorted
# guitars; steady white noise: -3.1 dB) close to it. Averaged over 4 frames (tried in the ninth session)
# steady noise read -5.6 dB, but a lone plucked guitar read as struck (-3.4) and its warmth passed the
# drums' limit, so frames are not averaged.
# ``level_correlation`` averages LEVEL_BLOCK_FRAMES frames (about 0.17 s at the analysis hop: a note's level, not
# its partials' beating) and needs LEVEL_MIN_BLOCKS such blocks
LEVEL_BLOCK_FRAMES = 8
LEVEL_MIN_BLOCKS = 4


def bell_db(freq_hz: np.ndarray, centre_hz: float, *, gain_db: float = 1.0, q: float = BELL_Q, sr: int = REF_SR) -> np.ndarray:
    """Magnitude response (dB) of an RBJ peaking filter at ``freq_hz``."""
    a_ = 10 ** (gain_db / 40)
    w0 = 2 * np.pi * centre_hz / sr
    al = np.sin(w0) / (2 * q)
    b = np.array([1 + al * a_, -2 * np.cos(w0), 1 - al * a_])
    a = np.array([1 + al / a_, -2 * np.cos(w0), 1 - al / a_])
    z = np.exp(-1j * 2 * np.pi * np.asarray(freq_hz, dtype=np.float64) / sr)
    zz = np.stack([np.ones_like(z), z, z * z])
    return 20 * np.log10(np.abs(b @ zz) / np.abs(a @ zz))


@lru_cache(maxsize=8)
def _smoother(n_bins: int, sr: int, lo_hz: float, hi_hz: float) -> tuple[np.ndarray, np.ndarray]:
    """(grid Hz, weights (grid, bins)): Gaussian averaging of FFT bins in log frequency."""
    f = np.fft.rfftfreq(2 * (n_bins - 1), 1.0 / sr)
    grid = 2 ** np.arange(np.log2(lo_hz), np.log2(hi_hz) + 1e-9, GRID_STEP_OCT)
    lf = np.log2(np.maximum(f, 1.0))
    w = np.exp(-0.5 * ((lf[None, :] - np.log2(grid)[:, None]) / SMOOTH_OCT) ** 2)
    w[:, 0] = 0.0  # no DC
    return grid, w / w.sum(axis=1, keepdims=True)


def long_term_db(power: np.ndarray, active: np.ndarray, *, sr: int, lo_hz: float = 30.0, hi_hz: float = 16_000.0) -> tuple[np.ndarray, np.ndarray]:
    """(grid Hz, smoothed long-term spectrum dB) from a power spectrogram (frames, bins)
    over its ``active`` frames."""
    grid, w = _smoother(power.shape[1], sr, lo_hz, hi_hz)
    if not np.any(active):
        return grid, np.full(grid.shape, -200.0)
    w_act = active.astype(power.dtype)
    mean = (w_act @ power).astype(np.float64) / float(w_act.sum())  # no copy of the active frames
    return grid, w @ (10.0 * np.log10(mean + 1e-20))


def transient_share_db(power: np.ndarray, active: np.ndarray, *, sr: int, lo_hz: float, hi_hz: float) -> float:
    """How transient the content of [lo_hz, hi_hz] is: the long-term spectrum of the rise
    in power from one frame to the next (positive changes only) minus the long-term
    spectrum, in dB, averaged over the grid points of the range (both smoothed as in
    ``long_term_db``, over consecutive frames that are both active). Frame by frame, a tonal bed (held notes: pads, strings, an organ, the partials
    of a guitar or piano past their attack) reads far under its level, a struck or noisy
    content (drum bodies, hiss, distorted guitars) close to it. A whole-mix EQ scales both
    spectra alike, so it does not move the measure (a +10..16 dB bell at 320 Hz: within 0.05 dB
    on the real recordings of bench/real_corpus.py, 0.15 dB on a chord of pure tones)."""
    grid, w = _smoother(power.shape[1], sr, 30.0, 16_000.0)
    m = (grid >= lo_hz * 0.999) & (grid <= hi_hz * 1.001)
    if power.shape[0] < 2 or not np.any(m):
        return 0.0
    wm = w[m]
    cols = np.flatnonzero(wm.max(axis=0) > 1e-6 * wm.max())  # the bins these grid points read (a run)
    c0, c1 = int(cols[0]), int(cols[-1]) + 1
    wm = wm[:, c0:c1] / wm[:, c0:c1].sum(axis=1, keepdims=True)
    p = power[:, c0:c1]
    ok = np.asarray(active[: power.shape[0]], dtype=bool)
    pair = np.flatnonzero(ok[1:] & ok[:-1])
    if pair.size == 0:
        return 0.0
    later = p[pair + 1]
    rise = np.maximum(later - p[pair], 0.0).mean(axis=0, dtype=np.float64)
    level = later.mean(axis=0, dtype=np.float64)
    return float(np.mean(wm @ (10.0 * np.log10(rise + 1e-20)) - wm @ (10.0 * np.log10(level + 1e-20))))


def bell_fit(grid: np.ndarray, level_db: np.ndarray, *, centre_hz: float, lo_hz: float, hi_hz: float, tilt: bool = True,
             q: float = BELL_Q) -> tuple[float, float]:
    """(least-squares gain dB of a bell (quality ``q``) at ``centre_hz`` in the spectrum
    ``level_db`` over [lo_hz, hi_hz] beside a level, and a tilt per octave when ``tilt``;
    RMS residual dB)."""
    m = (grid >= lo_hz * 0.999) & (grid <= hi_hz * 1.001)
    x = np.log2(grid[m] / centre_hz)
    a = np.stack([np.ones_like(x)] + ([x] if tilt else []) + [bell_db(grid[m], centre_hz, q=q)], axis=1)
    coef, *_ = np.linalg.lstsq(a, level_db[m], rcond=None)
    return float(coef[-1]), float(np.sqrt(np.mean((a @ coef - level_db[m]) ** 2)))


def bell_gain_db(grid: np.ndarray, level_db: np.ndarray, *, centre_hz: float, lo_hz: float, hi_hz: float, tilt: bool = True,
                 q: float = BELL_Q) -> float:
    """The gain of ``bell_fit``."""
    return bell_fit(grid, level_db, centre_hz=centre_hz, lo_hz=lo_hz, hi_hz=hi_hz, tilt=tilt, q=q)[0]


def level_correlation(energy_a: np.ndarray, energy_b: np.ndarray, active: np.ndarray, *, block: int = LEVEL_BLOCK_FRAMES) -> float:
    """Correlation of two bands' levels (dB) over the ``active`` frames, ``block`` frames averaged (per-frame band
    energies ``energy_a``, ``energy_b``): whether the two bands hold the same parts (near 1) or parts of their
    own (near 0 or under). A fixed EQ adds a constant to a band's level, so it does not move the measure.
    1.0 (no evidence of parts of their own) where fewer than LEVEL_MIN_BLOCKS blocks sound or a level is flat."""
    idx = np.flatnonzero(np.asarray(active, dtype=bool)[: min(energy_a.shape[0], energy_b.shape[0])])
    n = idx.size // block * block
    if n < LEVEL_MIN_BLOCKS * block:
        return 1.0
    a = 10.0 * np.log10(energy_a[idx[:n]].reshape(-1, block).mean(axis=1, dtype=np.float64) + 1e-12)
    b = 10.0 * np.log10(energy_b[idx[:n]].reshape(-1, block).mean(axis=1, dtype=np.float64) + 1e-12)
    if a.std() == 0 or b.std() == 0:
        return 1.0
    return float(np.corrcoef(a, b)[0, 1])
