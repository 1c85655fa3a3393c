"""The plan as written against its best single-fault form, four ways: a study of the fifteenth round (issue 18).

    nice -n 10 .venv/bin/python bench/structure_hypotheses.py --keep DIR2 --seeds 0,1,2,3

Reads the takes ``bench/structure_rescore.py --keep DIR2`` kept (cell features, plan, planted fault; never
held-out). Every single-fault form of a take's plan (``hypotheses``: each section dropped, traded with its
neighbour, or run whole bars long or short, the later sections moved and the last filling the take) is scored
against the plan as written by four likelihood-ratio-like channels, each a gain of the form over the plan:

- ``nov``: the changes only one of the two predicts: sum of log evidence (the combined novelty of
  ``structure_plan`` over the take's own novelty inside the plan's sections, at the predicted time within
  SNAP_S, clipped to Z_FLOOR-Z_CAP; windows from the shorter neighbouring section) at the form's changes the
  plan does not have, minus the same at the plan's changes the form does not have;
- ``rep``: the planned repeats' chroma alignment (``structure_repeats``' gain);
- ``fit``: the within-type fit of the level-free cell features (``structure_form.LayoutFit``'s units: cells);
- ``lvl``: the same fit of loudness and density (each type one level).

It prints, per channel, the clean takes' best form against the faulted takes' true form (the planted one;
a tempo drift as the nearest stretch), the true forms of the faults the critic misses
(``structure_rescore.verdict``), and the channels summed in units of their clean 95th percentile.
"""

from __future__ import annotations

import argparse
import pickle
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from quality.structure_form import LayoutFit  # noqa: E402

SNAP_S = 0.3  # a predicted change is read within this of its time
Z_FLOOR, Z_CAP = 0.25, 4.0  # evidence clipped before its log: one change counts at most log 16
MIN_MOVE_S = 1.2  # a form that moves a change by less is the plan
STRETCH_RANGE = (0.3, 2.5)  # a section run long or short keeps this share of its planned length
END_MARGIN_S = 1.0  # changes this close to the ends of the music are not read
MATCH_S = 0.6  # a change of the form this close to one of the plan's is the same change
CHANNELS = ("nov", "rep", "fit", "lvl")
TRUE = {"section_dropped": "dropped", "sections_swapped": "swapped", "section_stretched": "stretched",
        "section_tempo": "stretched"}


def _tile(types: list[str], lengths: list[float], dur: float) -> tuple[list[str], list[float]]:
    """Sections laid end to end from 0 and cut at ``dur`` (the last fills it): (types, starts)."""
    ts, st, t = [], [], 0.0
    for ty, ln in zip(types, lengths, strict=True):
        if t >= dur - 0.05:
            break
        ts.append(ty)
        st.append(t)
        t += ln
    return ts, st


def hypotheses(types: list[str], lengths: list[float], dur: float, bar_s: float) -> list[tuple[str, int, float, list[str], list[float]]]:
    """(kind, k, move_s, types, starts) of the plan (kind 'plan', first) and of its every single-fault form."""
    m = len(types)
    out = [("plan", -1, 0.0, *_tile(types, lengths, dur))]
    for k in range(m - 1):
        if k == 0 or types[k - 1] != types[k + 1]:
            t2, l2 = types[:k] + types[k + 1:], lengths[:k] + lengths[k + 1:]
            l2[-1] = dur
            out.append(("dropped", k, -lengths[k], *_tile(t2, l2, dur)))
        if types[k] != types[k + 1]:
            t2, l2 = list(types), list(lengths)
            t2[k], t2[k + 1], l2[k], l2[k + 1] = t2[k + 1], t2[k], l2[k + 1], l2[k]
            out.append(("swapped", k, l2[k] - lengths[k], *_tile(t2, l2, dur)))
        for b in range(-int(lengths[k] / bar_s), int(STRETCH_RANGE[1] * lengths[k] / bar_s) + 2):
            move, new = b * bar_s, lengths[k] + b * bar_s
            if b == 0 or abs(move) < MIN_MOVE_S or new < bar_s - 0.01 \
                    or not STRETCH_RANGE[0] * lengths[k] <= new <= STRETCH_RANGE[1] * lengths[k]:
                continue
            l2 = list(lengths)
            l2[k], l2[-1] = new, dur
            out.append(("stretched", k, move, *_tile(types, l2, dur)))
    return out


class Novelty:
    """Log evidence of a change at any time, the window fitted to the neighbouring sections."""

    def __init__(self, feats: dict[str, np.ndarray], cell_s: float, plan_starts: list[float], end_s: float,
                 dur: float) -> None:
        from quality.structure_plan import _Novelty

        self.nov, self.cell_s, self.end, self.dur = _Novelty(feats, cell_s, plan_starts[1:]), cell_s, end_s, dur
        self._memo: dict[tuple[int, int], float] = {}

    def f(self, t: float, short_s: float) -> float:
        from quality.structure_plan import MAX_WINDOW_S, MIN_WINDOW_S

        w = self.nov.window_for(float(np.clip(0.8 * short_s, MIN_WINDOW_S, MAX_WINDOW_S)))
        p = self.nov.cell_of(t)
        if (p, w) not in self._memo:
            comb, _, q = self.nov.curve(w)
            s = max(1, int(round(SNAP_S / self.cell_s)))
            z = float(comb[max(0, p - s): p + s + 1].max(initial=0.0)) / q
            self._memo[(p, w)] = float(np.log(np.clip(z, Z_FLOOR, Z_CAP)))
        return self._memo[(p, w)]

    def changes(self, types: list[str], starts: list[float]) -> list[tuple[float, float]]:
        """(time, shorter neighbour's length) of every change of type within the music."""
        ends = [*starts[1:], self.dur]
        return [(starts[i], min(starts[i] - starts[i - 1], min(ends[i], self.end) - starts[i]))
                for i in range(1, len(starts)) if types[i] != types[i - 1]
                and END_MARGIN_S <= starts[i] <= self.end - END_MARGIN_S]

    def gain(self, plan: list[tuple[float, float]], form: list[tuple[float, float]]) -> float:
        pt, ft = np.array([t for t, _ in plan] or [np.inf]), np.array([t for t, _ in form] or [np.inf])
        return (sum(self.f(t, s) for t, s in form if np.abs(pt - t).min() > MATCH_S)
                - sum(self.f(t, s) for t, s in plan if np.abs(ft - t).min() > MATCH_S))


def bar_s(case: dict) -> float:
    num, den = (int(x) for x in case["meter"].split("/"))
    return num * 4 / den * 60.0 / case["bpm"]


def channels(rec: dict) -> tuple[list[tuple], list[float]] | None:
    """([(kind, k, move, nov, rep, fit, lvl)] per form, the plan's starts); rep None without repeats."""
    from quality.structure_repeats import FULL_CELLS, MIN_CELLS, _Aligned

    c, (fx, cell_s), dur, end = rec["case"], rec["fx"], rec["dur"], rec["end"]
    ev = [e for e in sorted(c["events"], key=lambda e: e.start) if e.start < dur - 0.05 and e.end > e.start]
    if len(ev) < 2:
        return None
    types, starts = [e.type for e in ev], [e.start for e in ev]
    forms = hypotheses(types, [float(x) for x in np.diff([*starts, dur])], dur, bar_s(c))
    nov = Novelty(fx, cell_s, starts, end, dur)
    plan = nov.changes(forms[0][3], forms[0][4])
    al, names = _Aligned(fx["harmony"], cell_s, end), sorted(set(types))

    def align(ts: list[str], st: list[float]) -> tuple[float, float]:
        tot, cells = al.alignment(np.array([[names.index(t) for t in ts]]), np.diff([*st, dur])[None, :], dur, 0.0)
        return float(tot[0]), float(cells[0])

    t0, c0 = align(forms[0][3], forms[0][4])
    lf = LayoutFit(fx, cell_s, end, ("timbre", "harmony", "density", "rhythm"))
    lv = LayoutFit(fx, cell_s, end, ("loudness", "density"))
    f0, v0 = lf.fit(*forms[0][3:]), lv.fit(*forms[0][3:])
    rf, rv = max(lf.total - f0, 1e-9) / lf.n, max(lv.total - v0, 1e-9) / lv.n
    out = []
    for kind, k, move, ts, st in forms[1:]:
        rep = None
        if c0 >= MIN_CELLS:
            tt, cc = align(ts, st)
            rep = (tt / cc - t0 / c0) * np.sqrt(min(cc, FULL_CELLS) / MIN_CELLS) if cc >= MIN_CELLS else None
        out.append((kind, k, move, nov.gain(plan, nov.changes(ts, st)), rep, (lf.fit(ts, st) - f0) / rf,
                    (lv.fit(ts, st) - v0) / rv))
    return out, starts


def main() -> int:
    from structure_rescore import verdict

    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--keep", type=Path, required=True)
    ap.add_argument("--seeds", default="0,1", help="0: the tune split; 1, 2, ...: tune2 --seed K (never held-out)")
    ap.add_argument("--scales", type=float, nargs=4, default=None, metavar=CHANNELS,
                    help="the channels' units for the sums (default: their clean 95th percentiles on these seeds)")
    args = ap.parse_args()
    rows = []  # (seed, i, genre, kind, critic found/flagged, forms, true form)
    for seed in (int(s) for s in args.seeds.split(",")):
        for p in sorted(args.keep.glob(f"s{seed}_*.pkl")):
            rec = pickle.loads(p.read_bytes())
            c, imp = rec["case"], rec["imp"]
            if imp is not None and imp.kind == "early_ending" or (got := channels(rec)) is None:
                continue
            forms, starts = got
            true = None
            if imp is not None:
                k = next(i for i, s in enumerate(starts) if abs(s - imp.start_s) < 0.01)
                cands = [o for o in forms if o[0] == TRUE[imp.kind] and o[1] == k]
                true = min(cands, key=lambda o: abs(o[2] - imp.params.get("move_s", o[2])), default=None)
            rows.append((seed, c["i"], c["genre"], "clean" if imp is None else imp.kind, verdict(rec), forms, true))
    clean = [r for r in rows if r[3] == "clean"]
    faults = [r for r in rows if r[3] != "clean" and r[6] is not None]
    p95 = []
    for j, name in enumerate(CHANNELS):
        best = sorted(v for r in clean if (v := max((o[3 + j] for o in r[5] if o[3 + j] is not None), default=None)) is not None)
        true = [r[6][3 + j] for r in faults if r[6][3 + j] is not None]
        missed = sorted(round(r[6][3 + j], 2) for r in faults if not r[4] and r[6][3 + j] is not None)
        p95.append(args.scales[j] if args.scales else float(np.percentile(best, 95)))
        print(f"{name}: clean takes' best form: 95th pct {np.percentile(best, 95):.2f}, top {np.round(best[-3:], 2).tolist()}; faults' true "
              f"form: median {np.median(true):.2f}, over the clean top {sum(x > best[-1] for x in true)}/{len(true)}; "
              f"the critic's misses {missed}")
    for use in ((0, 1), (1, 2), (0, 1, 2), (0, 1, 2, 3)):
        def total(forms: list[tuple], use: tuple[int, ...] = use) -> float:
            return max(sum(max(-3.0, (o[3 + j] or 0.0) / p95[j]) for j in use) for o in forms)
        cl = sorted(total(r[5]) for r in clean)
        for th in (2.0, 2.5, 3.0):
            print(f"sum of {'+'.join(CHANNELS[j] for j in use)} >= {th}: clean {sum(x >= th for x in cl)} "
                  f"(not flagged by the critic: {sum(total(r[5]) >= th and not r[4] for r in clean)}) of {len(clean)}; "
                  f"misses found {sum(total(r[5]) >= th and not r[4] for r in faults)} of {sum(not r[4] for r in faults)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
