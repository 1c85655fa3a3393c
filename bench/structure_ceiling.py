"""How much of a planted fault the check's features can hear at all: a study of the seventeenth round (issue 18).

    nice -n 10 .venv/bin/python bench/structure_ceiling.py --render-cache DIR --keep DIR2 --seeds 0,1,2,3,4

For every faulted take of ``bench/structure.py`` (never held-out) whose clean and faulted renders are both in the
render cache, the two renders of the same case are compared where they differ: the clean take is the plan as
played, so what differs is what a listener comparing the take with the plan could hear. The audio itself differs
from the fault's start on (the later sections move, so every sample does); the question is whether the music
differs, as the check's features read it: the unstandardised cell features of ``structure_plan`` (timbre,
harmony, density, loudness, rhythm), both takes standardised with the clean take's statistics, their 1 s means
compared cell by cell, each group in units of how far the clean take's own 1 s means move in 1 s inside its
planned sections (their median; capped at ``GROUP_CAP``), the groups combined by root-mean-square. ``heard_s``:
the seconds where the two takes differ by more than ``AUDIBLE`` such units. A fault the check misses with
``heard_s`` under ``MIN_HEARD_S`` differs from the plan only where no feature of the check looks (a loop moved by
its own period, two sections that play alike): the ceiling leaves it out. Found and missed faults are listed side
by side (``structure_rescore.verdict``).
"""

from __future__ import annotations

import argparse
import pickle
import sys
from collections import defaultdict
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

WINDOW_S = 1.0  # the means compared: about a bar, the check's shortest window
GROUP_CAP = 4.0  # one group counts at most this many of its units (structure_plan.GROUP_CAP)
# A cell differs when the takes differ by half the clean take's own change over 1 s inside a section (not fitted:
# where both takes play the same audio, before the fault, they read 0.15; a traded intro and verse 1.0-1.4).
AUDIBLE = 0.5
ALSO = (1.0,)  # the seconds over these are printed too
MIN_HEARD_S = 2.0  # a fault whose takes differ for less than this (about a bar or two) is not heard by the features


def raw_groups(mix: np.ndarray) -> tuple[dict[str, np.ndarray], float]:
    """The cell features of ``structure_cells.cell_features`` before standardisation."""
    from quality.features import Features
    from quality.structure_cells import raw_cell_features

    return raw_cell_features(Features(mix))


def _means(x: np.ndarray, w: int) -> np.ndarray:
    c = np.cumsum(np.pad(x, ((0, 0), (1, 0))), axis=1)
    return (c[:, w:] - c[:, :-w]) / w


def difference(clean: dict[str, np.ndarray], fault: dict[str, np.ndarray], cell_s: float,
               starts: list[float]) -> np.ndarray:
    """Per cell (1 s means, from the window's start): how far the faulted take's features lie from the clean
    take's, in units of the clean take's own 1 s change inside its planned sections (``starts`` ends with the
    duration)."""
    w = max(1, int(round(WINDOW_S / cell_s)))
    n = min(next(iter(clean.values())).shape[1], next(iter(fault.values())).shape[1])
    inside = np.zeros(n - 2 * w + 1, dtype=bool)  # both windows of a 1 s step inside one planned section
    for a, b in zip(starts[:-1], starts[1:], strict=True):
        i0, i1 = int(np.ceil(a / cell_s)), int(b / cell_s) - 2 * w + 1
        inside[max(0, i0): max(0, min(inside.size, i1))] = True
    parts = []
    for g in clean:
        mu, sd = clean[g][:, :n].mean(axis=1, keepdims=True), clean[g][:, :n].std(axis=1, keepdims=True) + 1e-9
        mc, mf = _means((clean[g][:, :n] - mu) / sd, w), _means((fault[g][:, :n] - mu) / sd, w)
        own = np.sqrt(((mc[:, w:] - mc[:, :-w]) ** 2).mean(axis=0))
        unit = float(np.median(own[inside[: own.size]])) if inside[: own.size].any() else float(np.median(own))
        parts.append(np.minimum(np.sqrt(((mf - mc) ** 2).mean(axis=0)) / max(unit, 1e-9), GROUP_CAP))
    return np.sqrt(np.mean(np.square(parts), axis=0))


def main() -> int:
    import structure as bench
    from structure_rescore import split_cases, verdict

    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--render-cache", type=Path, required=True)
    ap.add_argument("--keep", type=Path, required=True)
    ap.add_argument("--seeds", default="0,1,2,3,4")
    ap.add_argument("--render", action="store_true", help="render takes missing from the cache (else skip them)")
    ap.add_argument("--missed-only", action="store_true", help="only the faults the critic misses")
    args = ap.parse_args()
    rows = []
    for seed in args.seeds.split(","):
        for c in split_cases(seed):
            p = args.keep / f"s{seed}_{c['i']}_fault.pkl"
            if not p.exists():
                continue
            rec = pickle.loads(p.read_bytes())
            if args.missed_only and verdict(rec):
                continue
            if not args.render and not all(bench.cached(c, f, args.render_cache) for f in (None, c["fault"])):
                continue
            mc, _ = bench.render_case(c, None, args.render_cache)
            mf, imp = bench.render_case(c, c["fault"], args.render_cache)
            if imp.kind == "early_ending":  # silence after the end: nothing to compare, and all are found
                continue
            gc, cell_s = raw_groups(mc)
            gf, _ = raw_groups(mf)
            dur = mc.shape[-1] / 48000.0
            ev = [e for e in sorted(c["events"], key=lambda e: e.start) if e.start < dur - 0.05 and e.end > e.start]
            z = difference(gc, gf, cell_s, [e.start for e in ev] + [dur])
            end = min(rec["end"], dur)
            t = np.arange(z.size) * cell_s
            heard = float(((z > AUDIBLE) & (t < end - WINDOW_S)).sum() * cell_s)
            more = [float(((z > a) & (t < end - WINDOW_S)).sum() * cell_s) for a in ALSO]
            rows.append((f"s{seed}_{c['i']}", c["genre"], c["meter"], imp.kind, imp.params.get("move_s"), heard,
                         verdict(rec)))
            print(f"  {rows[-1][0]:8s} {c['genre']:10s} {c['meter']} {imp.kind:18s} move {imp.params.get('move_s', 0):6.2f} s"
                  f"  differs {heard:5.1f} s ({', '.join(f'{m:.1f} s over {a}' for m, a in zip(more, ALSO, strict=True))})"
                  f"  {'found' if rows[-1][-1] else 'MISSED'}", flush=True)
    by = defaultdict(lambda: [0, 0, 0, 0])  # kind: found, found quiet, missed, missed quiet
    for _, _, _, kind, _, heard, ok in rows:
        quiet = heard < MIN_HEARD_S
        by[kind][0 if ok else 2] += 1
        by[kind][1 if ok else 3] += quiet
    print(f"\nby kind: found (of them differing < {MIN_HEARD_S} s) / missed (of them differing < {MIN_HEARD_S} s)")
    for kind, (f, fq, m, mq) in sorted(by.items()):
        print(f"  {kind:18s} found {f:3d} ({fq})  missed {m:3d} ({mq})")
    tot = np.array(list(by.values())).sum(axis=0) if by else np.zeros(4, int)
    print(f"  {'all':18s} found {tot[0]:3d} ({tot[1]})  missed {tot[2]:3d} ({tot[3]}): audible misses {tot[2] - tot[3]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
