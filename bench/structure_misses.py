"""Where the critic's structure misses sit, and two kinds of evidence for them: a study of the sixteenth round (issue 18).

    nice -n 10 .venv/bin/python bench/structure_misses.py --keep DIR2 --seeds 0,1,2,3,4

Reads the takes ``bench/structure_rescore.py --keep DIR2`` kept (never held-out) and counts, for the planted faults
that move later sections (dropped, stretched or squeezed, tempo drift), found and missed by how many later planned
boundaries the rendered move makes testable (``later_testable``: the moved time inside the music and not onto
another planned boundary): one offset can explain many boundaries only when there are many. Then by kind and
whether the plan repeats a type (the repeats check's precondition), and swaps by whether their middle boundary
moves (``swap_move``). Two tests of the round, each against the same takes (``structure_rescore.verdict`` says
which the critic finds):

- ``span``: the material a single-fault form (``structure_hypotheses.hypotheses``) labels with another type than
  the plan does, against the rest of each type (level-free cell features, means; ``span_score``: distance to the
  plan's type minus distance to the form's, in units of the largest spread of the three, each one's two halves'
  distance); a form's score is its worst span; the clean takes' best form against the faults' true form;
- ``single``: one planned change weak against the take's own changes of section and one elsewhere in its two
  neighbouring sections as strong as them (``boundary_changes``: the per-boundary window and tolerance of
  ``structure_plan``, no step or neighbour-margin filter), counted per take over a small grid of thresholds;
- ``swap position``: where trading two neighbours of unequal length puts the change between them is known
  (``swap_evidence``: no search, no look-elsewhere), so the change there against the one at the planned time
  (window from the shorter of the two sections and the move); the clean takes' best swap against the swapped
  takes' true one. Kept: ``quality/structure_swap.check_swap_changes`` (the counts below are before it, as
  ``verdict`` now replays it: the found / missed split changes with it).

And, reading the engine (not something the critic may know): how many faults fall between two sections whose
types draw their chords from one family of the genre's progressions (``chord_family``: the sketch engine plays
an intro, pre-chorus, interlude or build on the verse's options and an outro on the chorus's, so such neighbours
often share their changes and the chroma evidence cannot tell them apart).
"""

from __future__ import annotations

import argparse
import pickle
import sys
from collections import Counter
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

NEAR_S = 1.0  # a moved change this close to another planned change is that one (the critic's tolerance is ~1 s)
END_MARGIN_S = 0.5  # a moved change this close to the music's end is not heard
MIN_MOVE_S = 1.2  # a swap whose sections differ by less in length keeps its middle boundary (the planter's least move)
MIN_SPAN_S = 2.0  # a relabelled span shorter than this is not compared
EDGE_S = 0.5  # left out at each end of a span
MIN_REF_S = 2.0  # a type needs this much music the plan and the form agree on
MOVING = ("section_dropped", "section_stretched", "section_tempo")


def chord_family(kind: str) -> str:
    """Which of the genre's progression lists (verse, chorus, bridge) the sketch engine draws a section of
    ``kind``'s chords from (``engine.sketch.compose.progression_for``, asked with one marker chord per list)."""
    from engine.sketch.compose import progression_for
    from engine.sketch.timbre import profile_for

    marks = {"verse": "I", "chorus": "IV", "bridge": "V"}
    prof = profile_for("pop", "pop").model_copy(update={"progressions": {k: [v] for k, v in marks.items()}})
    got = progression_for(prof, kind, np.random.default_rng(0), "major")
    return next(k for k, v in marks.items() if got == [v])


def plan_of(rec: dict) -> tuple[list[str], list[float]]:
    """(types, starts with the take's duration appended) of the planned sections inside the take."""
    dur = rec["dur"]
    ev = [e for e in sorted(rec["case"]["events"], key=lambda e: e.start) if e.start < dur - 0.05 and e.end > e.start]
    return [e.type for e in ev], [e.start for e in ev] + [dur]


def later_testable(starts: list[float], k: int, move: float, end_s: float) -> int:
    """How many planned boundaries after section ``k`` (``starts`` ends with the duration) land, moved by ``move``,
    inside the music and not within NEAR_S of another planned boundary."""
    inner = starts[1:-1]
    return sum(1 for t in starts[k + 1:-1] if t + move < end_s - END_MARGIN_S
               and min(abs(t + move - s) for s in inner) > NEAR_S)


def swap_move(starts: list[float], k: int) -> float:
    """How far trading sections k and k + 1 (each keeping its length) moves the change between them."""
    lengths = np.diff(starts)
    return float(lengths[k + 1] - lengths[k])


def labels(types: list[str], starts: list[float], n: int, cell_s: float, names: list[str]) -> np.ndarray:
    """Each of ``n`` cells labelled with its section's type (index into ``names``; -1 before the first)."""
    lab = np.full(n, -1)
    edges = [*starts, 1e9]
    for i, t in enumerate(types):
        lab[int(round(edges[i] / cell_s)): min(n, int(round(edges[i + 1] / cell_s)))] = names.index(t)
    return lab


def relabelled_spans(plan: np.ndarray, form: np.ndarray) -> list[tuple[int, int]]:
    """[a, b) cell ranges where the two labellings differ."""
    diff = (plan != form) & (plan >= 0) & (form >= 0)
    d = np.diff(np.concatenate([[0], diff.astype(int), [0]]))
    return list(zip(np.flatnonzero(d == 1).tolist(), np.flatnonzero(d == -1).tolist(), strict=True))


def _spread(x: np.ndarray, idx: np.ndarray) -> float:
    h = idx.size // 2
    return float(np.linalg.norm(x[:, idx[:h]].mean(axis=1) - x[:, idx[h:]].mean(axis=1))) if h >= 4 else np.inf


def span_score(x: np.ndarray, cell_s: float, plan: np.ndarray, form: np.ndarray) -> float | None:
    """The worst relabelled span's (distance to the plan's type - distance to the form's type) / largest spread;
    positive: the span sounds like the type the form gives it. None when no span can be compared."""
    scores, e = [], int(EDGE_S / cell_s)
    same = plan == form
    for a, b in relabelled_spans(plan, form):
        y = np.arange(a + e, b - e)
        if (b - a) * cell_s < MIN_SPAN_S or y.size < 8:
            continue
        rp, rf = np.flatnonzero(same & (plan == plan[a])), np.flatnonzero(same & (form == form[a]))
        if min(rp.size, rf.size) * cell_s < MIN_REF_S:
            continue
        s = max(_spread(x, y), _spread(x, rp), _spread(x, rf))
        m = x[:, y].mean(axis=1)
        scores.append((np.linalg.norm(m - x[:, rp].mean(axis=1)) - np.linalg.norm(m - x[:, rf].mean(axis=1))) / s)
    return min(scores) if scores else None


def span_forms(rec: dict) -> tuple[list[tuple[str, int, float, float | None]], list[float]]:
    """([(kind, k, move, span score)] of every single-fault form, the plan's starts)."""
    from structure_hypotheses import bar_s, hypotheses

    from quality.structure_cells import LEVEL_FREE_GROUPS, stacked

    (fx, cell), types, starts = rec["fx"], *plan_of(rec)
    x = stacked(fx, LEVEL_FREE_GROUPS)
    n, names = min(x.shape[1], int(rec["end"] / cell)), sorted(set(types))
    forms = hypotheses(types, [float(v) for v in np.diff(starts)], rec["dur"], bar_s(rec["case"]))
    lp = labels(types, starts[:-1], n, cell, names)
    return [(kind, k, mv, span_score(x[:, :n], cell, lp, labels(ts, st, n, cell, names)))
            for kind, k, mv, ts, st in forms[1:]], starts


def boundary_changes(rec: dict, moves: dict[int, float] | None = None) -> list[tuple[float, float, float, float | None]]:
    """(planned time, strongest change within the tolerance of it, strongest change elsewhere in its two
    neighbouring sections away from every planned boundary, the same within the tolerance of the time the
    fault moved it to: ``moves`` {boundary index j (section j starts there): move}, None where not moved or
    moved out of the music) per planned change of type inside the music."""
    import quality.structure_plan as sp

    (fx, cell), (types, starts), end = rec["fx"], plan_of(rec), rec["end"]
    tol = rec["kw"]["tol_s"] if rec["kw"] else 1.0
    nov = sp._Novelty(fx, cell, starts[1:-1])
    te = nov.edges_t
    inner = np.array(starts[1:-1])
    out = []
    for j in range(1, len(types)):
        t0 = starts[j]
        if types[j] == types[j - 1] or t0 > end - 1.0:
            continue
        short = max(0.1, min(t0 - starts[j - 1], min(starts[j + 1], end) - t0))
        radius = min(sp.MAX_RADIUS_S, sp.RADIUS_FRACTION * short)
        w = nov.window_for(float(np.clip(short - radius, sp.MIN_WINDOW_S, sp.MAX_WINDOW_S)))
        comb, _, q = nov.curve(w)
        z = comb / q
        pc, rt = nov.cell_of(t0), max(1, int(round(tol / cell)))
        near = np.min(np.abs(te[: z.size, None] - inner[None, :]), axis=1)
        reg = (te[: z.size] > starts[j - 1]) & (te[: z.size] < min(starts[j + 1], end - 1.0)) \
            & (near > max(tol, sp.OTHER_MARGIN_S)) & (te[: z.size] > 1.0)
        mv, e_true = (moves or {}).get(j), None
        if mv is not None and 1.0 < t0 + mv < end - END_MARGIN_S:
            pm = nov.cell_of(t0 + mv)
            e_true = float(z[max(0, pm - rt): pm + rt + 1].max())
        out.append((t0, float(z[max(0, pc - rt): pc + rt + 1].max()), float(z[reg].max(initial=0.0)), e_true))
    return out


def fault_moves(imp, starts: list[float], k: int) -> dict[int, float]:
    """{boundary index: move} of the planned boundaries a fault at section ``k`` moves: every later one by the
    rendered move, or a swap's middle one by the difference of the two lengths."""
    if imp.kind == "sections_swapped":
        return {k + 1: swap_move(starts, k)}
    return {j: imp.params["move_s"] for j in range(k + 1, len(starts) - 1)}


def swap_evidence(rec: dict) -> dict[int, float]:
    """{k: change at the time trading sections k and k + 1 puts their change minus the change at the planned
    time} (``quality.structure_swap.swap_changes``, the check this study led to)."""
    from quality.structure_swap import swap_changes

    fx, cell = rec["fx"]
    return dict(swap_changes(fx, cell, rec["case"]["events"], duration_s=rec["dur"],
                             tol_s=rec["kw"]["tol_s"] if rec["kw"] else 1.0, content_end_s=rec["end"]))


def single_hit(rows: list, affected: list[bool], only_affected: bool, ratio: float, at_max: float,
               alt_min: float) -> bool:
    """Some planned change (of ``boundary_changes``' rows; only those a fault moved with ``only_affected``) reads
    at most ``at_max`` x the median of the take's other planned changes while the strongest change elsewhere in
    its neighbours reads ``ratio`` x it and ``alt_min`` x that median."""
    ats = np.array([r[1] for r in rows])
    for i, (_, e_at, e_alt, _) in enumerate(rows):
        m = float(np.median(np.delete(ats, i))) if ats.size > 1 else np.nan
        if (affected[i] or not only_affected) and m == m and e_alt >= ratio * e_at and e_at <= at_max * m \
                and e_alt >= alt_min * m:
            return True
    return False


def main() -> int:
    from structure_hypotheses import TRUE
    from structure_rescore import verdict

    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--keep", type=Path, required=True)
    ap.add_argument("--seeds", default="0,1", help="0: the tune split; 1, 2, ...: tune2 --seed K (never held-out)")
    args = ap.parse_args()
    later, kinds, swaps, family = Counter(), Counter(), Counter(), Counter()
    spans, single, swapped = [], [], []  # (clean?, found?, score / per-boundary rows, repeats?)
    for seed in (int(s) for s in args.seeds.split(",")):
        for p in sorted(args.keep.glob(f"s{seed}_*.pkl")):
            rec = pickle.loads(p.read_bytes())
            imp = rec["imp"]
            if imp is not None and imp.kind == "early_ending":
                continue
            types, starts = plan_of(rec)
            rep, got = len(set(types)) < len(types), verdict(rec)
            k = None if imp is None else next(i for i, s in enumerate(starts) if abs(s - imp.start_s) < 0.01)
            if imp is not None:
                kinds[(imp.kind, rep, got)] += 1
                if k + 1 < len(types):
                    family[(chord_family(types[k]) == chord_family(types[k + 1]), got)] += 1
                if imp.kind in MOVING:
                    later[(min(3, later_testable(starts, k, imp.params["move_s"], rec["end"])), got)] += 1
                else:
                    swaps[(abs(swap_move(starts, k)) >= MIN_MOVE_S, got)] += 1
            forms, _ = span_forms(rec)
            if imp is None:
                spans.append((True, got, max((f[3] for f in forms if f[3] is not None), default=None), rep))
            else:
                cands = [f for f in forms if f[0] == TRUE[imp.kind] and f[1] == k]
                true = min(cands, key=lambda f: abs(f[2] - imp.params.get("move_s", f[2])), default=None)
                spans.append((False, got, None if true is None else true[3], rep))
            sw = swap_evidence(rec)
            if imp is None and sw:
                swapped.append((True, got, max(sw.values())))
            elif imp is not None and imp.kind == "sections_swapped" and k in sw:
                swapped.append((False, got, sw[k]))
            rows = boundary_changes(rec, None if imp is None else fault_moves(imp, starts, k))
            aff = [imp is not None and imp.start_s - 0.01 < t < imp.end_s + 0.01 for t, *_ in rows]
            single.append((imp is None, got, rows, aff))
    print("faults that move later sections, by testable later boundaries (3: three or more): found / missed")
    for n in range(4):
        print(f"  {n}: {later[(n, True)]} / {later[(n, False)]}")
    print("by kind and whether the plan repeats a type: found / missed")
    for kind in (*MOVING, "sections_swapped"):
        print(f"  {kind}: repeats {kinds[(kind, True, True)]} / {kinds[(kind, True, False)]}, "
              f"none {kinds[(kind, False, True)]} / {kinds[(kind, False, False)]}")
    print(f"swaps whose middle boundary moves >= {MIN_MOVE_S} s: {swaps[(True, True)]} / {swaps[(True, False)]}, "
          f"the others {swaps[(False, True)]} / {swaps[(False, False)]}")
    print(f"the faulted section and the next draw their chords from one family: {family[(True, True)]} / "
          f"{family[(True, False)]}, from two: {family[(False, True)]} / {family[(False, False)]}")
    for rep in (False, True):
        cl = sorted(s for c, _, s, r in spans if c and r == rep and s is not None)
        fa = [(s, got) for c, got, s, r in spans if not c and r == rep and s is not None]
        top = cl[-1] if cl else float("nan")
        print(f"span ({'plans that repeat a type' if rep else 'plans that repeat none'}): clean best forms "
              f"{len(cl)}, top {np.round(cl[-3:], 2).tolist()}; faults' true forms over the clean top "
              f"{sum(s > top for s, _ in fa)}/{len(fa)}, of the critic's misses "
              f"{sum(s > top for s, g in fa if not g)}/{sum(not g for _, g in fa)}; misses' scores "
              f"{sorted(round(float(s), 2) for s, g in fa if not g)}")
    cl = sorted(e for c, _, e in swapped if c)
    print(f"swap position: clean takes' best {len(cl)}, top {np.round(cl[-3:], 2).tolist()}; the swapped takes' true "
          f"one, found {sorted(round(e, 2) for c, g, e in swapped if not c and g)}, missed "
          f"{sorted(round(e, 2) for c, g, e in swapped if not c and not g)}")
    planned = np.array([r[1] for c, _, rows, _ in single if c for r in rows])
    p10, p25 = np.percentile(planned, [10, 25])
    for found in (True, False):
        true = [max(r[3] for r in rows if r[3] is not None) for c, got, rows, _ in single
                if not c and got == found and any(r[3] is not None for r in rows)]
        print(f"the moved change heard where the fault put it ({'found' if found else 'missed'} faults, the strongest "
              f"of its moved changes): under the clean planned changes' 10th percentile ({p10:.2f}) "
              f"{sum(t < p10 for t in true)}, under their 25th ({p25:.2f}) {sum(t < p25 for t in true)}, of {len(true)}")
    for rule in ((1.2, 0.8, 0.9), (1.4, 0.8, 1.0), (1.6, 0.9, 1.0)):
        ratio, at_max, alt_min = rule
        cl = [(got, single_hit(rows, aff, False, *rule)) for c, got, rows, aff in single if c]
        fa = [single_hit(rows, aff, True, *rule) for c, got, rows, aff in single if not c and not got]
        print(f"single (elsewhere >= {ratio} x planned, planned <= {at_max} x the take's median change, elsewhere >= "
              f"{alt_min} x it): clean takes {sum(h for _, h in cl)} of {len(cl)} (not flagged by the critic "
              f"{sum(h and not g for g, h in cl)}), the critic's misses {sum(fa)} of {len(fa)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
