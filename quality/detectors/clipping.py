"""Clipping: flat-topped runs of 3+ consecutive samples at the file's full scale.

Threshold source: common meter practice (e.g. broadcast QC tools count 3+
consecutive full-scale samples as a clip). Float audio above 1.0 would clip on
export and counts too.

A clip *holds* a value: the samples of a run are equal (within ``HELD_TOL`` of the
level). A low note's own rounded peak also stays within ``FULL_SCALE_TOLERANCE`` of the
peak for several samples (a 41 Hz sine at 48 kHz for ~24 samples; an isolated bass stem
peaking on one of its notes read as clipped), but its neighbours differ by about
``level x (2 pi f / sr)^2 / 2`` (1.4e-5 x level at 41 Hz, 3.4e-6 at 20 Hz), so a run counts
only where ``MIN_RUN_SAMPLES`` consecutive samples stay within ``HELD_TOL`` of each other.
"""

from __future__ import annotations

import numpy as np

from quality import kernels
from quality.detectors.base import Context, defect, mask_ranges
from quality.features import BLOCK
from quality.report import Defect, DefectKind

MIN_RUN_SAMPLES = 3  # meter practice: 3+ consecutive samples at full scale
FULL_SCALE_TOLERANCE = 0.9995  # within 0.004 dB of the peak (24-bit FLAC rounding)
MIN_PEAK_DBFS = -6.0  # a flat top below -6 dBFS is a sustained value, not clipping
MERGE_GAP_S = 0.25  # clip runs closer than this form one defect
SEVERITY_FULL_SAMPLES = 10_000
# Neighbours of a held value differ by less than this share of the level: a 16- or 24-bit clip
# is exactly flat (0); a sine's top moves >= 3.4e-6 per sample down to 20 Hz at 48 kHz.
# Calibrated on synthetic known answers (tests/quality/test_clip_held.py).
HELD_TOL = 1e-6
MAX_HOT_FRACTION = 0.3  # above this share of blocks reaching the level, one full scan is cheaper  # clipped samples in one range that mean severity 1


def _runs(y: np.ndarray, level: float, min_run: int, block_max: np.ndarray | None, block: int) -> list[tuple[int, int, int]]:
    """(start, length, channel) of the runs at ``level``; with per-block channel maxima ``block_max``
    (blocks, ch) only the stretches of blocks reaching ``level`` are scanned (a run's
    samples all reach it, so this is exact)."""
    if block_max is None:
        return [(int(a), int(n), int(c)) for a, n, c in kernels.flat_runs(y, level, min_run)]
    out = []
    for ch in range(y.shape[0]):
        hot = block_max[:, ch] >= level
        if hot.mean() > MAX_HOT_FRACTION:
            out += [(int(a), int(n), ch) for a, n, _ in kernels.flat_runs(y[ch : ch + 1], level, min_run)]
            continue
        for a, b in mask_ranges(hot):
            seg = np.ascontiguousarray(y[ch : ch + 1, a * block : b * block])
            out += [(int(s0) + a * block, int(n), ch) for s0, n, _ in kernels.flat_runs(seg, level, min_run)]
    return out


def _held(y: np.ndarray, runs: list[tuple[int, int, int]], level: float, min_run: int) -> list[tuple[int, int]]:
    """(start, length) of the runs holding a value: ``min_run`` consecutive samples within
    ``HELD_TOL x level`` of their neighbours (a rounded peak is not a clip)."""
    tol = HELD_TOL * level
    out = []
    for a, n, ch in runs:
        steady = np.abs(np.diff(y[ch, a : a + n].astype(np.float64))) <= tol
        if mask_ranges(steady, min_len=min_run - 1):
            out.append((a, n))
    return out


def detect(y: np.ndarray, *, sr: int, min_run_samples: int = MIN_RUN_SAMPLES, merge_gap_s: float = MERGE_GAP_S,
           peak: float | None = None, block_max: np.ndarray | None = None, block: int = 0) -> list[dict]:
    """Clipped ranges of ``y`` (ch, n) at ``sr`` Hz as dicts with start_s, end_s, runs,
    clipped_samples, level_dbfs. ``peak``: max |y| when already known; ``block_max``
    (blocks, ch): per-``block`` channel maxima, to scan only where the level is reached.
    Pure function."""
    if peak is None:
        peak = float(np.abs(y).max()) if y.size else 0.0
    if peak < 10 ** (MIN_PEAK_DBFS / 20):
        return []
    level = min(1.0, peak) * FULL_SCALE_TOLERANCE
    runs = _held(y, _runs(y, level, min_run_samples, block_max, block), level, min_run_samples)
    over = np.flatnonzero(np.abs(y).max(axis=0) > 1.0) if peak > 1.0 else np.zeros(0, dtype=np.int64)  # float overs clip on export
    items = [(s, s + n) for s, n in runs] + [(int(i), int(i) + 1) for i in over[:: max(1, over.size // 5000)]]
    if not items:
        return []
    items.sort()
    gap = int(merge_gap_s * sr)
    out: list[dict] = []
    for s, e in items:
        if out and s - out[-1]["e"] <= gap:
            g = out[-1]
            g["e"] = max(g["e"], e)
            g["runs"] += 1
            g["samples"] += e - s
        else:
            out.append({"s": s, "e": e, "runs": 1, "samples": e - s})
    return [
        {"start_s": g["s"] / sr, "end_s": g["e"] / sr, "runs": g["runs"], "clipped_samples": g["samples"], "level_dbfs": 20 * np.log10(level)}
        for g in out
    ]


def run(ctx: Context) -> list[Defect]:
    out = []
    f = ctx.feats
    for g in detect(f.y, sr=f.sr, peak=f.peak, block_max=f.blocks[:, 3:5], block=BLOCK):
        sev = 0.1 + 0.9 * np.log10(max(1.0, g["clipped_samples"] / MIN_RUN_SAMPLES)) / np.log10(SEVERITY_FULL_SAMPLES / MIN_RUN_SAMPLES)
        out.append(defect(DefectKind.clipping, g["start_s"], g["end_s"], sev, ctx, runs=g["runs"], clipped_samples=g["clipped_samples"], level_dbfs=g["level_dbfs"]))
    return out
