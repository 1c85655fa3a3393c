"""Dropout: a sudden gap mid-track (the music drops out abruptly and comes back).

Intentional rests and fades are not dropouts: a fade or a natural release decays
over tens of milliseconds, a dropout falls by DROP_DB within ABRUPT_BLOCKS
5 ms blocks, and music must play on both sides of it. A dropout is an accident, a
one-off: a file holding RECURRING_GAPS or more gaps is articulated by its silences (a
tracker's note-offs between its notes), so each is reported at RECURRING_FACTOR of
its severity (a file that really drops out again and again is still reported).
"""

from __future__ import annotations

import numpy as np

from quality.detectors.base import Context, defect, mask_ranges
from quality.report import Defect, DefectKind

GAP_BELOW_ACTIVE_DB = 40.0  # gap: 40 dB under the track's typical (median active) level
GAP_ABS_DBFS = -70.0  # quiet tracks: a gap need not go below -70 dBFS
DROP_DB = 30.0  # level fall across the edge (calibrated: staccato gaps in clean recordings fall 30-48 dB)
ABRUPT_BLOCKS = 2  # edge width, 5 ms blocks
CONTEXT_BLOCKS = 40  # 200 ms of music checked on each side
MIN_GAP_S = 0.01
MAX_GAP_S = 3.0
EDGE_GUARD_S = 0.5  # not within 0.5 s of the file start or end
# A gap whose both edges sit on the beat grid (within 35 ms of a half-beat) is more
# likely a musical break (clean recordings have them); its severity is halved.
ON_BEAT_S = 0.035
ON_BEAT_FACTOR = 0.5
# Gaps per file: calibrated on the clean excerpts of bench/real_corpus.py's splits before fresh4 (0-3 gaps
# each but a slowed tracker title with 150 gaps of 10-30 ms digital silence between its notes, reported at
# up to 0.67) and checked on fresh4, fresh5 and fresh6 (0-3 but a tracker tune with 24 gaps of 70 ms every
# 2.56 s, up to 0.85); a planted dropout's copy holds 1-4 gaps but on those two tracks
RECURRING_GAPS = 5
RECURRING_FACTOR = 0.5


def detect(level_db: np.ndarray, *, block_s: float) -> list[dict]:
    """Gaps in a per-block RMS level curve ``level_db`` (dBFS). Returns dicts with
    start_s, end_s, depth_db, before_db, after_db."""
    lv = np.asarray(level_db, dtype=float)
    active = lv[lv > -60]
    if active.size < 10:
        return []
    ref = float(np.median(active))
    thr = max(GAP_ABS_DBFS, ref - GAP_BELOW_ACTIVE_DB)
    out = []
    n = lv.size
    guard = int(EDGE_GUARD_S / block_s)
    for s, e in mask_ranges(lv < thr, min_len=max(1, int(MIN_GAP_S / block_s))):
        if s < guard or e > n - guard or (e - s) * block_s > MAX_GAP_S:
            continue
        gap = float(np.median(lv[s:e]))
        before = float(np.median(lv[max(0, s - CONTEXT_BLOCKS) : s]))
        after = float(np.median(lv[e : e + CONTEXT_BLOCKS]))
        edge_in = float(lv[max(0, s - ABRUPT_BLOCKS) : s].max()) - gap
        edge_out = float(lv[e : e + ABRUPT_BLOCKS].max()) - gap
        if before - gap < DROP_DB or after - gap < DROP_DB or edge_in < DROP_DB or edge_out < DROP_DB:
            continue
        out.append({"start_s": s * block_s, "end_s": e * block_s, "depth_db": min(before, after) - gap, "before_db": before, "after_db": after})
    return out


def run(ctx: Context) -> list[Defect]:
    f = ctx.feats
    out = []
    found = detect(f.block_rms_db, block_s=f.block_s)
    grid = np.zeros(0)
    if found and ctx.stem is None:
        _, beats = f.beats
        if beats.size > 4:
            grid = np.sort(np.concatenate([beats, 0.5 * (beats[1:] + beats[:-1])]))
    for g in found:
        dur = g["end_s"] - g["start_s"]
        sev = 0.2 + 0.5 * float(np.clip((g["depth_db"] - 35.0) / 40.0, 0.0, 1.0)) + 0.3 * min(1.0, dur / 0.3)
        on_beat = grid.size > 0 and all(float(np.abs(grid - t).min()) < ON_BEAT_S for t in (g["start_s"], g["end_s"]))
        if on_beat:
            sev *= ON_BEAT_FACTOR
        if len(found) >= RECURRING_GAPS:
            sev *= RECURRING_FACTOR
        out.append(defect(DefectKind.dropout, g["start_s"], g["end_s"], sev, ctx, depth_db=g["depth_db"],
                          level_before_dbfs=g["before_db"], level_after_dbfs=g["after_db"], on_beat=int(on_beat), gaps_in_file=len(found)))
    return out
