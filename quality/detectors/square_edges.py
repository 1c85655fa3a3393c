"""Square edges: a part clipped far below its peak jumps between two levels at every zero crossing.

Where a signal crosses zero, its slope divided by (RMS x crossing rate) is close to a constant for
anything smooth: pi x sqrt(2) = 4.4 for a sine, pi x sqrt(pi / 2) = 3.9 for Gaussian noise (Rice's
formula), whatever the pitch or level. A part driven hard into a clip far under its peak is nearly a
square wave: it crosses zero in a sample or two and the ratio goes to 10-90. A linear filter after the
clip (brightening the part, a high-pass) keeps the jump or makes it steeper, and a gain (the bus
limiter) changes nothing, so the edges survive where flat tops do not (``distortion.plateau_fraction``
misses a bright part whose tops the filter tilted). Kurtosis under EDGE_MAX_KURTOSIS (a square wave:
1.0, a sine: 1.5, music: 2.5-10) confirms the samples sit at a level rather than in a transient's spike
(a drum hit's attack is steep too). A low part clipped this way keeps its flat tops and is heard by
the plateau rule; this one is for the parts whose crossings take about one sample (EDGE_MIN_JUMP).

Calibrated on the sketch engine's stems of the loop benchmark's ``tune`` genres (jazz, indie rock,
synthwave, folk, lofi; 15 takes, every part of each clipped in turn, 44 distorted stems): windows of
clean stems reach the ratio on drum hits and single notes (at most 4 flagged 100 ms windows in one
range), distorted ones run for 8+ windows wherever the part plays.
"""

from __future__ import annotations

import numpy as np

from quality.detectors.base import mask_ranges

EDGE_MIN_STEEPNESS = 10.0  # median |slope| at crossings / (RMS x crossings per sample)
EDGE_MAX_KURTOSIS = 2.0
# ... and the crossing is made in about one sample: its step is half the part's RMS or more (a smooth
# wave's step is 2 x sqrt(2) x pi x f / SR of its RMS: 0.5 for a sine at 2.7 kHz). A part saturated on
# purpose (a tanh-driven 808 or sub bass) crosses steeply for its low pitch but takes many samples
# to do it (step 0.03-0.12 of its RMS), the planted clip of a bright part 1-2.
EDGE_MIN_JUMP = 0.5
EDGE_MIN_WINDOWS = 6  # flagged windows in one range (0.6 s)
EDGE_MERGE_GAP = 2
EDGE_FULL_STEEPNESS = 40.0  # severity full


def crossings(x: np.ndarray, *, window: int, judge: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per ``window``-sample window of ``x`` (n,), where the mean-removed signal changes sign:
    (steepness: the median |slope| per sample over (RMS x sign changes per sample), jump: the median
    |slope| per sample over RMS); 0 where ``judge`` is false or with fewer than 4 crossings."""
    n = x.size // window
    steep, jump = np.zeros(n), np.zeros(n)
    for i in np.flatnonzero(judge[:n]):
        w = np.asarray(x[i * window:(i + 1) * window], dtype=np.float64)
        w = w - w.mean()
        neg = np.signbit(w)
        c = np.flatnonzero(neg[1:] != neg[:-1])
        rms = float(np.sqrt(np.mean(w * w)))
        if c.size < 4 or rms <= 0.0:
            continue
        jump[i] = float(np.median(np.abs(w[c + 1] - w[c]))) / rms
        steep[i] = jump[i] / (c.size / window)
    return steep, jump


def square_ranges(steep: np.ndarray, jump: np.ndarray, kurtosis: np.ndarray, *, window_s: float) -> list[dict]:
    """Ranges of windows with steep, one-sample crossings and a flat amplitude distribution, each with
    at least EDGE_MIN_WINDOWS such windows: start_s, end_s, steepness (median over the flagged
    windows), covered."""
    mask = (steep > EDGE_MIN_STEEPNESS) & (jump >= EDGE_MIN_JUMP) & (kurtosis[: steep.size] < EDGE_MAX_KURTOSIS)
    out = []
    for s, e in mask_ranges(mask, merge_gap=EDGE_MERGE_GAP):
        hit = mask[s:e]
        if hit.sum() < EDGE_MIN_WINDOWS:
            continue
        out.append({"start_s": s * window_s, "end_s": e * window_s, "steepness": float(np.median(steep[s:e][hit])),
                    "covered": float(hit.mean())})
    return out


def severity(g: dict) -> float:
    """0.5 at the threshold, 1 at EDGE_FULL_STEEPNESS, times (0.5 + 0.5 x covered)."""
    over = (g["steepness"] - EDGE_MIN_STEEPNESS) / (EDGE_FULL_STEEPNESS - EDGE_MIN_STEEPNESS)
    return (0.5 + 0.5 * min(1.0, max(0.0, over))) * (0.5 + 0.5 * g["covered"])
