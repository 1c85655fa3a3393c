"""The shape of a track's low end in its long-term spectrum: a high-pass, or a lean arrangement.

Both leave little energy under 200 Hz, so the band-density measure of thin_low_end (sub + bass
minus low-mid) reads both as thin, and the muddy_mix bell, fitted from 80 Hz, reads the fall
under the low-mid as its lower skirt. What tells them apart is what lies under the fall:

- a high-pass on the master (the planted thin_low_end: 4th order at 250-400 Hz, 24 dB per
  octave) keeps falling through the lowest octave: the smoothed spectrum at 63 Hz is
  HIGH_PASS_EDGE_DB or more under 160 Hz, or (a track that had no lowest octave to empty)
  the octave under 200 Hz falls by HIGH_PASS_SLOPE_DB *and* the lowest octave (40-63 Hz) lies
  HIGH_PASS_DEPTH_DB or more under the mids (500 Hz-2 kHz, which such a high-pass leaves);
- a lean arrangement (solo instruments, an ambient bed, strings without basses) stops at its
  lowest voice and leaves a floor under it (reverb, room, the instruments' noise): the spectrum
  flattens under 150 Hz instead of falling on.

Tune split of bench/real_corpus.py (calibrate + heldout + fresh_calibrate, 128 excerpts, each
clean and high-passed; ``bench/lowend_study.py``): high-passed, 63 Hz vs 160 Hz <= -12.9 dB on
all 128; the clean excerpts the density measure calls thin (4: a lean orchestral or acoustic
arrangement) -8.0..-2.9 dB. One of them (flare safe_room_theme) falls 18 dB over the octave
under 200 Hz, like a high-pass's skirt, but its lowest octave sits 12.8 dB under its mids
against 31 dB for the sketch engine's high-passed ambient pad beds (the skirt rule's reason).
"""

from __future__ import annotations

import numpy as np

# a high-pass empties the lowest octave: 63 Hz vs 160 Hz on the smoothed spectrum, calibration
# half: high-passes at 250-400 Hz -13..-37 dB (tune split: all 128 <= -12.9); +10..16 dB low-mid
# bells read as thin by the density measure -18..+12 (one at -18: the track had no sub already)
HIGH_PASS_EDGE_DB = -12.0
# or the octave under 200 Hz falls like a high-pass's skirt: 100 Hz vs 200 Hz, calibration half
# and clean sketch takes: high-passes at 250-400 Hz -31..-13 dB, +10..16 dB low-mid bells
# >= -12.8, clean >= -7.2. For a track that had no lowest octave to empty (a sketch ambient pad
# bed high-passed at 250 Hz: 63 Hz vs 160 Hz only -3..-9 dB, both already near the floor)
HIGH_PASS_SLOPE_DB = -14.0
# ... and then only with its lowest octave (mean 40-63 Hz) this far under the mids (median 500 Hz-2 kHz):
# the sketch engine's high-passed ambient beds that need the skirt rule -31.3 / -31.2 dB; a clean lean
# arrangement with a skirt-like fall (tune split: one, flare safe_room_theme) -12.8: a floor under its voices
HIGH_PASS_DEPTH_DB = -20.0
LOWEST_OCTAVE_HZ = (40.0, 63.0)
MIDS_HZ = (500.0, 2000.0)
BASS_HZ = (60.0, 125.0)
# a lean arrangement: not high-passed and its bass (mean 60-125 Hz) this far under its mids (median
# 500 Hz-2 kHz). Tune split: clean 10th percentile +6.9 dB, median +18.7, one excerpt under 0 (-10.7,
# flare safe_room_theme, whose muddy_mix bell reads 26.5 dB fitted from 80 Hz, 4.4 from LEAN_FIT_FROM_HZ);
# a +10..16 dB bell at 320 Hz moves the measure by <= 1.7 dB (90 % of the excerpts <= 0.6); the sketch
# engine's clean takes >= +7.5, the tonal table's packaged recordings >= +17
LEAN_BASS_DB = -5.0
# where a lean arrangement's muddy_mix bell is fitted from: above the fall under its lowest voice
LEAN_FIT_FROM_HZ = 200.0


def _at(grid: np.ndarray, level: np.ndarray, hz: float) -> float:
    return float(level[np.argmin(np.abs(grid - hz))])


def _band(grid: np.ndarray, level: np.ndarray, band: tuple[float, float], how=np.mean) -> float:
    m = (grid >= band[0] * 0.999) & (grid <= band[1] * 1.001)
    return float(how(level[m]))


def high_passed(ltas: tuple[np.ndarray, np.ndarray]) -> bool:
    """Whether the long-term spectrum ``ltas`` (grid Hz, dB; ``tonal_bell.long_term_db``) falls
    through its lowest octave as a high-pass makes it (see the module docstring)."""
    grid, level = ltas
    if _at(grid, level, 63.0) - _at(grid, level, 160.0) <= HIGH_PASS_EDGE_DB:
        return True
    deep = _band(grid, level, LOWEST_OCTAVE_HZ) - _band(grid, level, MIDS_HZ, np.median) <= HIGH_PASS_DEPTH_DB
    return _at(grid, level, 100.0) - _at(grid, level, 200.0) <= HIGH_PASS_SLOPE_DB and deep


def lean(ltas: tuple[np.ndarray, np.ndarray]) -> bool:
    """A lean arrangement: little bass under the mids (LEAN_BASS_DB) without a high-pass's fall."""
    grid, level = ltas
    bass_vs_mids = _band(grid, level, BASS_HZ) - _band(grid, level, MIDS_HZ, np.median)
    return bass_vs_mids <= LEAN_BASS_DB and not high_passed(ltas)
