"""Dropout: a sudden gap mid-track (the music drops out abruptly and comes back).

Intentional rests and fades are not dropouts: a fade or a natural release decays
over tens of milliseconds, a dropout falls by DROP_DB within ABRUPT_BLOCKS
5 ms blocks, and music must play on both sides of it. A dropout is an accident, a
one-off: a file holding RECURRING_GAPS or more gaps is articulated by its silences (a
tracker's note-offs between its notes), so each is reported at RECURRING_FACTOR of
its severity (a file that really drops out again and again is still reported). A gap the
music itself repeats is written, not an accident: when another silence of about its length sits
in the same music (the level curve REPEAT_CONTEXT_S before and after it within REPEAT_DB of the
gap's own), as a tracker's note-off or empty row comes back with its pattern, the gap is reported
at REPEAT_FACTOR of its severity. A dropout written into a take has no such twin: the music
around it comes back elsewhere, the silence does not.
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
# Repeated gaps (the eighteenth session, after fresh9's read: pekka-kana-2 song08, bomberclone slice_me_nice and
# pachi stage1 reported two to four identical 80-120 ms empty rows as faults at 0.78-0.82). Measured on every gap
# the detector finds in the clean and dropout-planted excerpts of --split all (bench/real_corpus.py): the RMS
# difference of the floored level curve 300 ms before and after the gap against the best other silence of its
# length. Set on the splits up to fresh8: the planted dropouts of 20 ms or more sit 11.9 dB or more from any such
# twin (the three under 2 dB are 10 ms gaps beside a plant in holotz-castle's UltraSlow title, 150 gaps of its own),
# 165 of 189 clean gaps under 4 dB. Checked on fresh9 and tracker_tune: no planted dropout under 13.3 dB, 11 of
# the 15 clean gaps at >= 0.5 (files of under five gaps) under 4 dB.
REPEAT_CONTEXT_S = 0.3
REPEAT_DB = 4.0
REPEAT_LEN_BLOCKS = 4  # a twin's length may differ by this many blocks, or by REPEAT_LEN_FRACTION of the gap's
REPEAT_LEN_FRACTION = 0.3
REPEAT_FACTOR = 0.4
REPEAT_NONE_DB = 99.0  # the evidence value when no silence of the gap's length has its context in the file


def twin_db(lv: np.ndarray, s: int, e: int, thr: float, around: int, runs: np.ndarray | None = None) -> float:
    """How far (RMS dB, the level floored at ``thr``) the ``around`` blocks before and after the gap lv[s:e] are from
    those around the best other run under ``thr`` of about its length (REPEAT_NONE_DB when there is none).
    ``runs``: the (k, 2) [start, end) runs of lv < thr, when the caller has them."""
    n = lv.size
    length = e - s
    if runs is None:
        runs = np.array(mask_ranges(lv < thr), dtype=int).reshape(-1, 2)
    a0, b0 = max(0, s - around), min(n, e + around)
    pre, post = s - a0, b0 - e
    s2, e2 = runs[:, 0], runs[:, 1]
    ok = ((np.abs(s2 - s) >= length + REPEAT_LEN_BLOCKS)
          & (np.abs((e2 - s2) - length) <= max(REPEAT_LEN_BLOCKS, REPEAT_LEN_FRACTION * length))
          & (s2 - pre >= 0) & (e2 + post <= n))
    if not ok.any() or pre + post == 0:
        return REPEAT_NONE_DB
    fl = np.maximum(lv, thr)  # under the gap threshold is silence, however deep
    own = np.concatenate([fl[a0:s], fl[e:b0]])
    idx = np.concatenate([s2[ok, None] - pre + np.arange(pre)[None, :], e2[ok, None] + np.arange(post)[None, :]], axis=1)
    d = np.sqrt(np.mean((fl[idx] - own[None, :]) ** 2, axis=1))
    return float(min(REPEAT_NONE_DB, d.min()))


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
    runs = np.array(mask_ranges(lv < thr), dtype=int).reshape(-1, 2)  # every silence: the gaps, and their twins
    min_len = max(1, int(MIN_GAP_S / block_s))
    for s, e in ((int(a), int(b)) for a, b in runs if b - a >= min_len):
        if s < guard or e > n - guard or (e - s) * block_s > MAX_GAP_S:
            continue
        gap = float(np.median(lv[s:e]))
        before = float(np.median(lv[max(0, s - CONTEXT_BLOCKS) : s]))
        after = float(np.median(lv[e : e + CONTEXT_BLOCKS]))
        edge_in = float(lv[max(0, s - ABRUPT_BLOCKS) : s].max()) - gap
        edge_out = float(lv[e : e + ABRUPT_BLOCKS].max()) - gap
        if before - gap < DROP_DB or after - gap < DROP_DB or edge_in < DROP_DB or edge_out < DROP_DB:
            continue
        out.append({"start_s": s * block_s, "end_s": e * block_s, "depth_db": min(before, after) - gap, "before_db": before,
                    "after_db": after, "twin_db": twin_db(lv, s, e, thr, int(round(REPEAT_CONTEXT_S / block_s)), runs)})
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
        if g["twin_db"] < REPEAT_DB:
            sev *= REPEAT_FACTOR
        out.append(defect(DefectKind.dropout, g["start_s"], g["end_s"], sev, ctx, depth_db=g["depth_db"],
                          level_before_dbfs=g["before_db"], level_after_dbfs=g["after_db"], on_beat=int(on_beat), gaps_in_file=len(found),
                          twin_db=g["twin_db"]))
    return out
