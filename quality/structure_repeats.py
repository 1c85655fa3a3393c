"""Do the sections the plan calls one type repeat each other, bar for bar?

The plan names every section's type, and a type that comes back (verse 1 and verse 2,
chorus 1 and chorus 2) comes back with its own chord changes from its start: the
chroma of verse 2 a time t after its start is the chroma of verse 1 a time t after
its. A section dropped or two sections traded break that: what plays where the plan
puts verse 2 is what the plan put after it, so the planned repeats no longer line up,
while the edited form (the plan with section k dropped, the later ones earlier by its
length and the last filling the take; or sections k and k+1 traded, each with its own
length) lines them up again. Boundaries cannot tell: a dropped section between
sections of equal length moves every later change onto a planned one, and a chord
change on a bar line reads as a change of section to a short novelty window.

``repeat_alignment`` of a layout: the mean cosine, over the cells of every pair of its
sections of one type aligned from their starts, of the take's chroma (each dimension
standardised over the take, each cell to unit length). ``check_repeats`` compares
every edited form with the plan: the gain in mean alignment, weighted by how many
aligned cells the edited form has (up to FULL_CELLS, over MIN_CELLS: a gain over a few
cells is noise). When the best edited form gains REPEAT_GAIN, the sections it changes
are marked out of order (``order_ok`` false, ``sounds_like`` the type the edited form
hears in that place); ``structure_mismatch`` reports them, so the range is the
sections from the dropped one to the end of the music, or the two traded ones.

Only takes whose plan repeats a type can be checked (no pair, no evidence). Chroma only:
timbre and loudness of one type vary more between its repeats (a crescendo, a fade)
than its chords do.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from quality.report import SectionCheck

if TYPE_CHECKING:
    from engine.pipeline import SectionEvent

MIN_PAIR_CELLS = 4  # a pair of sections overlapping fewer cells tells nothing
MIN_CELLS = 8  # an edited form with fewer aligned cells is not tested
FULL_CELLS = 200  # (25.6 s of aligned music): more cells weigh no more
# Calibrated on the tuning split of bench/structure.py (48 clean + 48 faulted takes): the best
# edited form of a clean take gained at most 0.80 (a chorus that ends the take on the home chord
# against one in the middle), dropped or traded sections that the boundaries missed 1.5 and 1.8.
REPEAT_GAIN = 1.2


class _Aligned:
    """Sums of aligned-cell cosines of the take's chroma (memoised per pair of starts)."""

    def __init__(self, harmony: np.ndarray, cell_s: float, end_s: float) -> None:
        x = harmony / (np.linalg.norm(harmony, axis=0, keepdims=True) + 1e-9)
        self.n = max(1, min(x.shape[1], int(end_s / cell_s)))
        self.x, self.cell_s, self.end_s = x[:, : self.n], cell_s, end_s
        self._memo: dict[tuple[int, int], np.ndarray] = {}

    def pair(self, ia: int, ib: int, length: int) -> float:
        if (ia, ib) not in self._memo:
            m = self.n - max(ia, ib)
            dots = np.einsum("ij,ij->j", self.x[:, ia:ia + m], self.x[:, ib:ib + m]) if m > 0 else np.zeros(0)
            self._memo[(ia, ib)] = np.concatenate([[0.0], np.cumsum(dots)])
        c = self._memo[(ia, ib)]
        return float(c[min(length, c.size - 1)])

    def alignment(self, layout: list[tuple[str, float, float]]) -> tuple[float, int]:
        """(sum of cosines, aligned cells) over the same-type pairs of ``layout``
        ((type, start, end) tiling the take)."""
        secs = [(t, a, min(b, self.end_s)) for t, a, b in layout if a < self.end_s - 0.5]
        total, cells = 0.0, 0
        for i, (ta, a0, a1) in enumerate(secs):
            for tb, b0, b1 in secs[i + 1:]:
                if ta != tb:
                    continue
                ia, ib = int(round(a0 / self.cell_s)), int(round(b0 / self.cell_s))
                n = min(int(min(a1 - a0, b1 - b0) / self.cell_s), self.n - max(ia, ib))
                if n >= MIN_PAIR_CELLS:
                    total += self.pair(ia, ib, n)
                    cells += n
        return total, cells


def _tile(parts: list[tuple[str, float]], dur: float) -> list[tuple[str, float, float]]:
    out, t = [], 0.0
    for kind, length in parts:
        if t >= dur - 0.05:
            break
        out.append((kind, t, min(dur, t + length)))
        t += length
    if out:
        out[-1] = (out[-1][0], out[-1][1], dur)
    return out


def edited_forms(types: list[str], lengths: list[float], dur: float) -> list[tuple[str, int, list[tuple[str, float, float]]]]:
    """('dropped' | 'swapped', k, layout) for every section k but the last dropped (the
    last section fills the take) and every neighbouring pair of two types traded."""
    out = []
    for k in range(len(types) - 1):
        parts = list(zip(types, lengths, strict=True))
        parts.pop(k)
        parts[-1] = (parts[-1][0], dur)
        out.append(("dropped", k, _tile(parts, dur)))
        if types[k] != types[k + 1]:
            parts = list(zip(types, lengths, strict=True))
            parts[k], parts[k + 1] = parts[k + 1], parts[k]
            out.append(("swapped", k, _tile(parts, dur)))
    return out


def check_repeats(harmony: np.ndarray, cell_s: float, events: list[SectionEvent], sections: list[SectionCheck], *,
                  duration_s: float, content_end_s: float) -> tuple[str, int, float] | None:
    """The best edited form of the plan, (kind, k, gain), when it gains REPEAT_GAIN; its
    sections are then marked in ``sections`` (in place, matched by planned start). None
    when the plan's repeats line up best or the plan repeats no type."""
    evs = [e for e in sorted(events, key=lambda e: e.start) if e.start < duration_s - 0.05 and e.end > e.start]
    types = [e.type for e in evs]
    if len(evs) < 3 or len(set(types)) == len(types):
        return None
    al = _Aligned(harmony, cell_s, content_end_s)
    plan = [(e.type, e.start, min(e.end, duration_s)) for e in evs]
    t0, c0 = al.alignment(plan)
    if c0 < MIN_CELLS:
        return None
    m0 = t0 / c0
    best: tuple[float, str, int, list[tuple[str, float, float]]] | None = None
    for kind, k, layout in edited_forms(types, [b - a for _, a, b in plan], duration_s):
        t1, c1 = al.alignment(layout)
        if c1 < MIN_CELLS:
            continue
        gain = (t1 / c1 - m0) * np.sqrt(min(c1, FULL_CELLS) / MIN_CELLS)
        if best is None or gain > best[0]:
            best = (gain, kind, k, layout)
    if best is None or best[0] < REPEAT_GAIN:
        return None
    gain, kind, k, layout = best
    by_start = {round(s.start_s, 3): s for s in sections}
    changed = range(k, len(plan) - 1) if kind == "dropped" else (k, k + 1)
    marked = 0
    for i in changed:
        s = by_start.get(round(plan[i][1], 3))
        heard = next((t for t, a, b in layout if a <= plan[i][1] + 0.5 * (plan[i][2] - plan[i][1]) < b), None)
        if s is not None and heard is not None and heard != s.type and plan[i][1] < content_end_s - 0.5:
            s.order_ok, s.sounds_like = False, heard
            marked += 1
    if not marked and (s := by_start.get(round(plan[k][1], 3))) is not None:  # (the edited form hears each
        s.order_ok, s.sounds_like = False, types[k + 1]  # place's own type at its middle: the edit's first section)
    return kind, k, round(float(gain), 3)
