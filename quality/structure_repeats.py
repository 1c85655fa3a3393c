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

A section run long or short (the fifteenth round) is a third edited form: every later section
moves by what it gained or lost, tried in steps of the alignment unit (``_stretches``); it is
reported by moving the planned boundaries after it (``shifted``), since its sections keep their
types.

Only takes whose plan repeats a type can be checked (no pair, no evidence). Chroma only:
timbre and loudness of one type vary more between its repeats (a crescendo, a fade)
than its chords do.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from quality.report import BoundaryEvidence, SectionCheck

if TYPE_CHECKING:
    from engine.pipeline import SectionEvent

POOL = 4  # cells pooled into one 0.512 s unit (a bar is 1.2 s or more: alignment needs no finer step)
MIN_PAIR_CELLS = 4  # a pair of sections overlapping fewer cells tells nothing
MIN_CELLS = 8  # an edited form with fewer aligned cells is not tested
FULL_CELLS = 200  # (25.6 s of aligned music): more cells weigh no more
# Calibrated on the tuning split of bench/structure.py (48 clean + 48 faulted takes): the best
# edited form of a clean take gained at most 1.05 (a chorus that ends the take on the home chord
# against one in the middle; the next 0.48), the dropped and traded sections the boundaries missed
# 1.63 and 1.89. (Unpooled 128 ms cells separated them a little better, 0.80 against 1.50, at four
# times the cost: 16 ms on a 3-minute take of 24 sections against 4.)
REPEAT_GAIN = 1.35
# A section run long or short (the fifteenth round): every later section moves, so the later repeats line
# up with the earlier ones only in the moved form. Moves are tried in steps of the alignment's unit (whole
# bars, a tempo drift's fraction of one, a plan off any bar grid alike). Not fitted: a move under MIN_MOVE_S
# is within the critic's tolerance (two beats at 100 bpm), and a section is taken to run at most STRETCH_MAX x
# long; REPEAT_GAIN is the drops' and swaps' (over tune and tune2 seeds 1-3 the moved forms of clean takes
# gained at most 1.14, README).
MIN_MOVE_S = 1.2
STRETCH_MAX = 2.0


class _Aligned:
    """Sums of aligned cosines of the take's chroma: ``diag[i + n, j + n] - diag[i, j]`` is the
    sum over n units of the cosine of unit i + t with unit j + t."""

    def __init__(self, harmony: np.ndarray, cell_s: float, end_s: float) -> None:
        self.unit_s = cell_s * POOL
        n = max(1, min(harmony.shape[1], int(end_s / cell_s)) // POOL)
        x = harmony[:, : n * POOL].reshape(harmony.shape[0], n, POOL).mean(axis=2) if n * POOL <= harmony.shape[1] \
            else np.zeros((harmony.shape[0], n))
        x = x / (np.linalg.norm(x, axis=0, keepdims=True) + 1e-9)
        g = x.T @ x
        self.n, self.end_s = n, end_s
        self.diag = np.zeros((n + 1, n + 1))
        for i in range(n):  # cumulative sums along the diagonals
            self.diag[i + 1, 1:] = self.diag[i, :-1] + g[i]

    def alignment(self, code: np.ndarray, length: np.ndarray, dur: float, origin: float = 0.0) -> tuple[np.ndarray, np.ndarray]:
        """(sum of cosines, aligned cells, in 128 ms cells) over the pairs of sections of one
        type of each layout: row r lays sections of types ``code[r]`` and lengths ``length[r]``
        end to end from ``origin``, the last one filling ``dur`` (rows: layouts, columns: sections)."""
        start = origin + np.concatenate([np.zeros((code.shape[0], 1)), np.cumsum(length, axis=1)[:, :-1]], axis=1)
        end = np.minimum(start + length, self.end_s)
        end[:, -1] = min(dur, self.end_s)
        heard = start < self.end_s - 0.5
        units = np.minimum(np.round(start / self.unit_s).astype(int), self.n)
        span = np.maximum(((end - start) / self.unit_s).astype(int), 0)
        i, j = np.triu_indices(code.shape[1], 1)
        a, b = units[:, i], units[:, j]
        n = np.clip(np.minimum(np.minimum(span[:, i], span[:, j]), self.n - np.maximum(a, b)), 0, None)
        ok = (code[:, i] == code[:, j]) & heard[:, i] & heard[:, j] & (n * POOL >= MIN_PAIR_CELLS)
        n = np.where(ok, n, 0)
        total = ((self.diag[a + n, b + n] - self.diag[a, b]) * ok).sum(axis=1) * POOL
        return total, n.sum(axis=1) * POOL


def _forms(m: int) -> tuple[list[tuple[str, int]], np.ndarray, list[tuple[str, int]], np.ndarray]:
    """The edited forms of a plan of ``m`` sections as rows of section indices: each section k
    but the last dropped (the later ones come its length earlier, the last fills the take), and
    each two neighbours traded (each keeps its length)."""
    drops = [("dropped", k) for k in range(m - 1)]
    keep = np.array([[j for j in range(m) if j != k] for k in range(m - 1)]).reshape(m - 1, m - 1)
    swaps = [("swapped", k) for k in range(m - 1)]
    order = np.tile(np.arange(m), (m - 1, 1))
    for k in range(m - 1):
        order[k, [k, k + 1]] = k + 1, k
    return drops, keep, swaps, order


def edited_forms(types: list[str], lengths: list[float], dur: float) -> list[tuple[str, int, list[tuple[str, float, float]]]]:
    """('dropped' | 'swapped', k, [(type, start, end)]) of every edited form of a plan (a swap
    only of two different types)."""
    out = []
    drops, keep, swaps, order = _forms(len(types))
    for names, rows in ((drops, keep), (swaps, order)):
        for (kind, k), row in zip(names, rows, strict=True):
            if kind == "dropped" or types[k] != types[k + 1]:
                out.append((kind, k, _layout(types, lengths, row, dur, 0.0)))
    return out


def _layout(types: list[str], lengths: list[float], row: np.ndarray, dur: float,
            origin: float) -> list[tuple[str, float, float]]:
    lay, t = [], origin
    for j in row:
        if t >= dur - 0.05:
            break
        lay.append((types[j], t, min(dur, t + lengths[j])))
        t += lengths[j]
    lay[-1] = (lay[-1][0], lay[-1][1], dur)
    return lay


def _stretches(length: np.ndarray, step: float) -> tuple[list[tuple[str, int]], np.ndarray, list[float]]:
    """Every section k but the last run long or short by whole ``step`` s (keeping at least one
    step, at most STRETCH_MAX x its planned length, moved MIN_MOVE_S or more): the forms' names,
    their section lengths (rows) and moves."""
    names, rows, moves = [], [], []
    for k in range(length.size - 1):
        for j in range(-int(length[k] / step), int(STRETCH_MAX * length[k] / step) + 1):
            d = j * step
            if abs(d) < MIN_MOVE_S or not step - 1e-6 <= length[k] + d <= STRETCH_MAX * length[k] + 1e-6:
                continue
            row = length.copy()
            row[k] += d
            names.append(("stretched", k))
            rows.append(row)
            moves.append(float(d))
    return names, np.array(rows).reshape(len(rows), length.size), moves


def best_edit(harmony: np.ndarray, cell_s: float, events: list[SectionEvent], *, duration_s: float,
              content_end_s: float, moves: bool = False) -> tuple[float, str, int, list[tuple[str, float, float]], float] | None:
    """(gain, 'dropped' | 'swapped' | 'stretched', k, its layout, the later sections' move in s)
    of the edited form whose planned repeats line up best against the plan's; None when the plan
    repeats no type in the music. Stretched forms (every section run long or short, in steps of
    the alignment's unit) only with ``moves``."""
    evs = [e for e in sorted(events, key=lambda e: e.start) if e.start < duration_s - 0.05 and e.end > e.start]
    types = [e.type for e in evs]
    if len(evs) < 3 or len(set(types)) == len(types):
        return None
    names = sorted(set(types))
    code = np.array([names.index(t) for t in types])
    starts = [e.start for e in evs]  # a gap between two events belongs to the one before it
    length = np.diff(np.array([*starts, min(evs[-1].end, duration_s)]))
    origin = starts[0]
    al = _Aligned(harmony, cell_s, content_end_s)
    t0, c0 = al.alignment(code[None, :], length[None, :], duration_s, origin)
    if c0[0] < MIN_CELLS:
        return None
    m0 = t0[0] / c0[0]
    best = None
    drops, keep, swaps, order = _forms(code.size)
    stretched, lengths, shifts = _stretches(length, al.unit_s) if moves else ([], np.zeros((0, length.size)), [])
    plain = np.tile(np.arange(code.size), (len(stretched), 1))
    for forms, rows, lens in ((drops, keep, length[keep]), (swaps, order, length[order]), (stretched, plain, lengths)):
        if not forms:
            continue
        tot, cells = al.alignment(code[rows], lens, duration_s, origin)
        gain = (tot / np.maximum(cells, 1) - m0) * np.sqrt(np.minimum(cells, FULL_CELLS) / MIN_CELLS)
        valid = (cells >= MIN_CELLS) & np.array([kind != "swapped" or code[k] != code[k + 1] for kind, k in forms])
        if valid.any():
            r = int(np.argmax(np.where(valid, gain, -np.inf)))
            if best is None or gain[r] > best[0]:
                move = shifts[r] if forms is stretched else (-float(length[forms[r][1]]) if forms is drops else 0.0)
                best = (float(gain[r]), *forms[r], rows[r], lens[r], move)
    if best is None:
        return None
    gain, kind, k, row, lens, move = best
    full = length.astype(float).copy()
    full[row] = lens  # each section's length in the form
    return gain, kind, k, _layout(types, [float(x) for x in full], row, duration_s, origin), move


def check_repeats(harmony: np.ndarray, cell_s: float, events: list[SectionEvent], sections: list[SectionCheck], *,
                  duration_s: float, content_end_s: float,
                  boundaries: list[BoundaryEvidence] | None = None) -> tuple[str, int, float] | None:
    """The best edited form of the plan, (kind, k, gain), when it gains REPEAT_GAIN; its
    sections are then marked in ``sections`` (in place, matched by planned start), or for a
    section run long or short (tried only when ``boundaries`` are given) the boundaries after it
    ``shifted`` by its move. None when the plan's repeats line up best or the plan repeats no type."""
    best = best_edit(harmony, cell_s, events, duration_s=duration_s, content_end_s=content_end_s,
                     moves=boundaries is not None)
    if best is None or best[0] < REPEAT_GAIN:
        return None
    gain, kind, k, layout, move = best
    plan = [(s.type, s.start_s, s.end_s) for s in sorted(sections, key=lambda s: s.start_s)]
    if kind == "stretched":  # every change after the section moves by the move: the boundaries say where
        for b in boundaries or []:
            if b.planned_s > plan[k][1] + 0.05 and b.planned_s + move < content_end_s - 0.5 \
                    and b.status in ("hit", "weak", "shifted"):
                b.status, b.found_s, b.shift_s = "shifted", round(b.planned_s + move, 3), round(move, 3)
        return kind, k, round(gain, 3)
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
        s.order_ok, s.sounds_like = False, plan[k + 1][0]  # place's own type at its middle: the edit's first section)
    return kind, k, round(gain, 3)
