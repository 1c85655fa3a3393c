"""Two neighbouring sections traded: the plan's energy order, read where the two forms disagree.

When two neighbours A and B of lengths La and Lb trade places (each keeping its length),
the span they share still starts and ends where planned, and when the lengths differ the
change between them moves by La - Lb; on a short section that move falls where the
per-boundary search does not look (next to the neighbour's far end), and with equal
lengths every change stays where planned. What differs is what plays where: the plan puts
A in the span's first m = min(La, Lb) seconds and B in its last m; the traded form puts B
first and A last (the middle, if any, belongs to the longer section in both). So those
two regions are where the forms disagree, and the plan's energy ranks (a verse over an
intro, a chorus over a verse: ``structure_plan.ENERGY_RANK``) say which one should be
louder and busier.

Evidence: the loudness and the density (onset strength) of the two regions (cell features
of ``structure_plan.cell_features``, standardised over the take; the outer TRIM of each
region left out), each as the difference the plan's order predicts, sign turned so that
positive means the other way round. Both reversed, and by SWAP_LEVEL together, marks the
two sections out of order (``sounds_like`` each other's type). A whole-section comparison
(``structure_plan.SWAP_DB``) mixes the two when their lengths differ, and loudness alone is
reversed on clean takes too (metal interludes as loud as the verses).

Where the change between them goes (the sixteenth round): with lengths that differ, the trade puts the
change between the two sections at start + Lb instead of start + La, a time the trade fixes, so it is read
there without a search (no look-elsewhere): the combined novelty of ``structure_plan`` at the moved time
minus at the planned one (each the strongest within the shift tolerance; windows 0.8 x the shortest of the
two sections and the move), ``swap_changes``. A pair of ranks alike (a verse and a pre-chorus) or with no
rank is read too: the levels say nothing there. SWAP_CHANGE or more marks the two out of order.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from quality.report import SectionCheck
from quality.structure_plan import ENERGY_RANK, MAX_WINDOW_S, MIN_WINDOW_S, OTHER_MARGIN_S, _Novelty

if TYPE_CHECKING:
    from engine.pipeline import SectionEvent

TRIM = 0.1  # share of each region left out at either end
MIN_CELLS = 3  # each region needs this many cells between its trims
# Calibrated on tune and tune2 seed 1 of bench/structure.py: of the 240 clean takes of tune and tune2
# seeds 1-4, two neighbouring pairs read both reversed, summing 0.19 and 0.11; the two traded pairs that
# only this finds there 0.34 and 1.08 (README, "structure against the plan", the tenth round).
SWAP_LEVEL = 0.3
# The change where the trade puts it. A move under SWAP_MOVE_S is within the per-boundary check's reach (and
# the bench's least planted move); the moved time must lie inside the music, END_MARGIN_S from either end,
# and farther than the shift tolerance (OTHER_MARGIN_S at least) from every other planned change.
SWAP_MOVE_S = 1.2
END_MARGIN_S = 1.0
SWAP_WINDOW = 0.8  # the window, as a share of the shortest of the two sections and the move
# Calibrated on tune and tune2 seeds 1-4 of bench/structure.py (bench/structure_misses.py): the clean takes'
# best pair read at most 0.88 where nothing else flagged the take (1.09 on one the critic flags anyway), the
# one traded pair the critic missed that this reads over it 1.10 (a pop chorus traded with a 3 s solo);
# seeds 5-8, read after: clean at most 0.86, the two missed swaps over it 1.14 and 1.38 (README, sixteenth round).
SWAP_CHANGE = 1.0


def reversals(feats: dict[str, np.ndarray], cell_s: float, events: list[SectionEvent], *,
              content_end_s: float) -> list[tuple[int, float, float]]:
    """(k, loudness, density) for every pair of neighbours k, k+1 of different energy ranks
    within the music: the difference between the span's last and first min(La, Lb) seconds,
    signed against the plan's ranks (standardised units over the take; positive: the two
    regions run the way a trade of the sections predicts)."""
    loud, dens = feats["loudness"][0], feats["density"][0]
    n = loud.size
    ev = [e for e in sorted(events, key=lambda e: e.start) if e.end > e.start]
    out = []
    for k in range(len(ev) - 1):
        ra, rb = ENERGY_RANK.get(ev[k].type), ENERGY_RANK.get(ev[k + 1].type)
        if ra is None or rb is None or ra == rb:
            continue
        s, e = ev[k].start, ev[k + 1].end
        if e > content_end_s + 0.05:
            continue
        m = min(ev[k].end - s, e - ev[k + 1].start)
        tr = TRIM * m
        i0, i1 = int((s + tr) / cell_s), min(n, int((s + m - tr) / cell_s))
        j0, j1 = int((e - m + tr) / cell_s), min(n, int((e - tr) / cell_s))
        if i1 - i0 < MIN_CELLS or j1 - j0 < MIN_CELLS:
            continue
        up = float(np.sign(rb - ra))
        out.append((k, -up * float(loud[j0:j1].mean() - loud[i0:i1].mean()),
                    -up * float(dens[j0:j1].mean() - dens[i0:i1].mean())))
    return out


def check_swaps(feats: dict[str, np.ndarray], cell_s: float, events: list[SectionEvent],
                sections: list[SectionCheck], *, content_end_s: float) -> list[int]:
    """Mark (in place, matched by planned start) the two sections of every neighbouring pair
    whose regions read louder and busier the other way round than the plan's energy ranks
    predict (both reversed, SWAP_LEVEL together); returns the pairs' first indices."""
    ev = [e for e in sorted(events, key=lambda e: e.start) if e.end > e.start]
    return _mark_traded(ev, sections, [k for k, lv, dv in reversals(feats, cell_s, ev, content_end_s=content_end_s)
                                       if lv > 0 and dv > 0 and lv + dv >= SWAP_LEVEL])


def _mark_traded(ev: list[SectionEvent], sections: list[SectionCheck], pairs: list[int]) -> list[int]:
    """Mark the two sections of each pair (k, k + 1 of ``ev``) as each sounding like the other, in place
    (matched by planned start; a section already out of order keeps its reading); returns ``pairs``."""
    by_start = {round(s.start_s, 3): s for s in sections}
    for k in pairs:
        for i, j in ((k, k + 1), (k + 1, k)):
            s = by_start.get(round(ev[i].start, 3))
            if s is not None and s.order_ok:
                s.order_ok, s.sounds_like = False, ev[j].type
    return pairs


def swap_changes(feats: dict[str, np.ndarray], cell_s: float, events: list[SectionEvent], *, duration_s: float,
                 tol_s: float, content_end_s: float) -> list[tuple[int, float]]:
    """(k, change at the time trading sections k and k+1 puts their change minus the change at the planned
    time) for every two neighbours of different types whose lengths differ by SWAP_MOVE_S or more."""
    ev = [e for e in sorted(events, key=lambda e: e.start) if e.start < duration_s - 0.05 and e.end > e.start]
    starts = [e.start for e in ev] + [duration_s]
    inner = np.array(starts[1:-1])
    if inner.size == 0:
        return []
    nov = _Novelty(feats, cell_s, list(inner))
    rt = max(1, int(round(tol_s / cell_s)))
    out = []
    for k in range(len(ev) - 1):
        la, lb, t0 = starts[k + 1] - starts[k], starts[k + 2] - starts[k + 1], starts[k + 1]
        t1 = t0 + lb - la
        if ev[k].type == ev[k + 1].type or abs(lb - la) < SWAP_MOVE_S or not END_MARGIN_S < t1 < content_end_s - END_MARGIN_S \
                or np.abs(inner - t1).min() <= max(tol_s, OTHER_MARGIN_S):
            continue
        comb, _, q = nov.curve(nov.window_for(float(np.clip(SWAP_WINDOW * min(la, lb, abs(lb - la)), MIN_WINDOW_S, MAX_WINDOW_S))))
        z = comb / q
        at = [float(z[max(0, c - rt): c + rt + 1].max(initial=0.0)) for c in (nov.cell_of(t1), nov.cell_of(t0))]
        out.append((k, at[0] - at[1]))
    return out


def check_swap_changes(feats: dict[str, np.ndarray], cell_s: float, events: list[SectionEvent],
                       sections: list[SectionCheck], *, duration_s: float, tol_s: float, content_end_s: float) -> list[int]:
    """Mark (in place, matched by planned start) the two sections of every neighbouring pair whose change
    reads SWAP_CHANGE stronger where trading them puts it than where the plan does; returns the pairs' first indices."""
    ev = [e for e in sorted(events, key=lambda e: e.start) if e.start < duration_s - 0.05 and e.end > e.start]
    return _mark_traded(ev, sections, [k for k, gain in swap_changes(feats, cell_s, ev, duration_s=duration_s, tol_s=tol_s,
                                                                     content_end_s=content_end_s) if gain >= SWAP_CHANGE])
