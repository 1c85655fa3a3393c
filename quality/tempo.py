"""Global tempo from the shared onset envelope, with octave errors resolved.

The envelope's autocorrelation (ACF) peaks at the beat period and at its multiples
and fractions alike (a bar, a half bar, eighth notes), so the height of a peak alone
does not say which level is "the" tempo; librosa's tracker (a fixed log-normal prior
at 120 bpm) read ambient 70 as 140, classical 84 as 126 and some pop 118 as 59 on
the sketch engine's clean takes. Here every ACF peak between MIN_BPM and MAX_BPM is
a candidate (position refined by a parabola through the peak), weighted by a
log-normal prior whose centre depends on the percussive evidence:

- ``percussive`` (0-1) is how much of the onset flux lies above 5 kHz compared with
  the whole spectrum (``Features.percussive``): drum kits (hats, snares) put their
  attacks there, pads, strings and bells do not. Clean sketch takes measure
  0.57-0.69 (classical, ambient, brushed jazz), 0.86 (metal) and 1.2-1.8 with a
  drum kit; the packaged recordings 0.9-1.33.
- the prior's centre slides from PRIOR_SOFT_BPM (no percussion: the felt beat of
  slow, non-percussive music is the slower level) to PRIOR_DRUMS_BPM (a drum kit).

Calibrated on 74 clean sketch takes, 10 genres at 2-4 tempi each across the genre's
range (62-176 bpm; bench/quality_pr.py --tempo): 64/74 within 3 % of the requested
tempo, librosa's tempo on the same envelopes 52/74. Still wrong: very fast metal
(165, 176 read at half), jazz swing at 150 (half), ambient at 62 (double) and a latin
clave at 92 (read 4:3).
"""

from __future__ import annotations

import numpy as np

MIN_BPM = 40.0
MAX_BPM = 240.0
PRIOR_SOFT_BPM = 90.0  # prior centre without percussive evidence
PRIOR_DRUMS_BPM = 110.0  # prior centre with a drum kit
PRIOR_OCTAVES = 0.5  # prior width (standard deviation, octaves)
PERCUSSIVE_RANGE = (0.6, 1.0)  # hi-band flux ratio mapped to percussive evidence 0..1


def percussive_evidence(hi_flux_ratio: float) -> float:
    """0-1 percussive evidence from the ratio of the onset flux above 5 kHz to the
    flux over all bands (both means per mel band)."""
    lo, hi = PERCUSSIVE_RANGE
    return float(np.clip((hi_flux_ratio - lo) / (hi - lo), 0.0, 1.0))


def acf(env: np.ndarray, n_lags: int | None = None) -> np.ndarray:
    """Autocorrelation of ``env`` (its mean removed) at lags 0 .. ``n_lags`` - 1 (default: every lag),
    1 at lag 0 (zeros for a flat ``env``)."""
    e = env.astype(np.float64) - float(env.mean())
    n_lags = e.size if n_lags is None else n_lags
    spec = np.fft.rfft(e, 2 * e.size)
    a = np.fft.irfft(spec * np.conj(spec))[:n_lags]
    return a / a[0] if a[0] > 0 else np.zeros(n_lags)


def estimate_tempo(env: np.ndarray, *, fps: float, percussive: float) -> tuple[float, float]:
    """(tempo bpm, ACF height at that tempo) from an onset envelope ``env`` (frames,)
    at ``fps`` frames per second; (0.0, 0.0) when no periodicity is found."""
    if env.size < 16 or not np.any(env > 0):
        return 0.0, 0.0
    a = acf(env)
    lo = max(1, int(60.0 * fps / MAX_BPM))
    hi = min(a.size - 2, int(np.ceil(60.0 * fps / MIN_BPM)))
    centre = PRIOR_SOFT_BPM + (PRIOR_DRUMS_BPM - PRIOR_SOFT_BPM) * float(np.clip(percussive, 0.0, 1.0))
    best = (0.0, 0.0, 0.0)  # score, bpm, acf
    for lag in range(lo + 1, hi):
        v = a[lag]
        if v <= 0 or v < a[lag - 1] or v < a[lag + 1]:
            continue
        den = a[lag - 1] - 2.0 * v + a[lag + 1]
        d = 0.5 * (a[lag - 1] - a[lag + 1]) / den if den < 0 else 0.0
        bpm = 60.0 * fps / (lag + d)
        height = v - 0.25 * (a[lag - 1] - a[lag + 1]) * d
        score = height * np.exp(-0.5 * (np.log2(bpm / centre) / PRIOR_OCTAVES) ** 2)
        if score > best[0]:
            best = (float(score), float(bpm), float(height))
    return best[1], best[2]
