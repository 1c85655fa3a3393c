"""Which type verdicts of the structure check the take can carry: a study of the seventeenth round (issue 18).

    nice -n 10 .venv/bin/python bench/structure_types.py --keep DIR2 --seeds 0,1,2,3,4

Reads the takes ``bench/structure_rescore.py --keep DIR2`` kept (never held-out). The check says a section "sounds
like" another type by six rules: the fingerprint order rule and the level order rule (``structure_plan``), two
neighbours a level step the wrong way (``structure_plan.SWAP_DB``), the repeats' best edited form
(``structure_repeats``), the swap-level and the swap-change reads (``structure_swap``). For each rule this prints
its strongest reading on every take in units of its own threshold (1: the rule marks), with what the reading stands
on (the shorter section's length in s and in bars, the metre, the genre), clean takes against faulted ones, and for
each faulted take whether the critic finds it without the rule (``structure_rescore.verdict`` with the rule off):
a limit on the evidence (a shortest section, a metre) that would have cleared the clean readings near 1 must not
clear a fault only that rule finds.
"""

from __future__ import annotations

import argparse
import pickle
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

RULES = {  # rule: (module, constant that switches it off when huge)
    "fingerprint": ("structure_plan", "ORDER_SPREAD"),
    "level_order": ("structure_plan", "ORDER_DB"),
    "swap_db": ("structure_plan", "SWAP_DB"),
    "repeats": ("structure_repeats", "REPEAT_GAIN"),
    "swap_level": ("structure_swap", "SWAP_LEVEL"),
    "swap_change": ("structure_swap", "SWAP_CHANGE"),
}


def _bar_s(c: dict) -> float:
    num, den = (int(x) for x in c["meter"].split("/"))
    return num * 4.0 / den * 60.0 / c["bpm"]


def pair_contrast(fx: dict[str, np.ndarray], cell_s: float, evs: list, k: int, end: float,
                  groups: tuple[str, ...] = ("timbre", "harmony", "density", "rhythm", "loudness")) -> float:
    """How much the music a trade of sections k and k + 1 moves differs from itself: the span's first and last
    min(La, Lb) seconds (what the plan and the traded form put there, either way round) as two sections of
    ``structure_same.contrasts`` (their distance over their halves' and over ``SAME_DIST``, the smaller; < 1:
    they sound alike, so neither the plan nor its trade can be told from the take). nan when too short."""
    from types import SimpleNamespace

    from quality.structure_same import SAME_DIST, SAME_RATIO, contrasts

    a, e = evs[k].start, min(evs[k + 1].end, end)
    m = min(evs[k].end - a, e - evs[k + 1].start)
    if m <= 0:
        return float("nan")
    regions = [SimpleNamespace(start=a, end=a + m), SimpleNamespace(start=e - m, end=e)]
    c = contrasts({g: fx[g] for g in groups}, cell_s, regions, content_end_s=end)[0]
    return float("nan") if c is None else min(c[0] / max(c[1], 1e-9) / SAME_RATIO, c[0] / SAME_DIST)


def readings(rec: dict) -> dict[str, tuple[float, float, float]]:
    """rule -> (strongest reading over threshold, the shorter section's length in s, the pair's contrast: nan
    for rules of one section) on one take."""
    import quality.structure_plan as sp
    import quality.structure_repeats as sr
    import quality.structure_swap as sw

    c, (fx, cell_s) = rec["case"], rec["fx"]
    dur, end = rec["dur"], rec["end"]
    ev = sp._types(c["events"], dur)
    music_end = min(dur, end)
    prints, spread, levels = sp.section_prints(fx, cell_s, ev, music_end)
    level = [loud for loud, _ in levels]
    length = [min(e.end, music_end) - e.start for e in ev]
    heard = [e.start < music_end - sp.CUT_MARGIN_S for e in ev]
    out: dict[str, tuple[float, float, float]] = {k: (0.0, np.nan, np.nan) for k in RULES}
    evs = [e for e in sorted(c["events"], key=lambda e: e.start) if e.end > e.start]

    def put(rule: str, value: float, short: float, pair: int | None = None) -> None:
        if value > out[rule][0]:
            con = pair_contrast(fx, cell_s, evs, pair, end) if pair is not None and pair + 1 < len(evs) else np.nan
            out[rule] = (float(value), float(short), con)

    dist = sp.print_distances(prints)
    for i in range(len(ev)):
        if not heard[i]:
            continue
        same, other = sp.type_rivals(ev, heard, i)
        if same and other:
            jo, js = min(other, key=lambda j: dist[i, j]), min(same, key=lambda j: dist[i, j])
            gap = dist[i, js] - dist[i, jo]
            s3 = max(spread[k] for k in (i, js, jo))
            put("fingerprint", min(gap / (sp.ORDER_SPREAD * s3) if s3 > 0 else 0.0,
                                   sp.ORDER_MARGIN * dist[i, js] / max(dist[i, jo], 1e-9)), min(length[k] for k in (i, js, jo)))
    db = rec["db"]
    ranks = [sp.ENERGY_RANK.get(e.type) for e in ev]
    for i in range(len(ev) - 1):
        j = i + 1
        if None in (ranks[i], ranks[j]) or ranks[i] == ranks[j] or not (heard[i] and heard[j]):
            continue
        up = np.sign(ranks[j] - ranks[i])
        put("swap_db", -up * (level[j] - level[i]) * db / sp.SWAP_DB, min(length[i], length[j]), i)
    best = sr.best_edit(fx["harmony"], cell_s, c["events"], duration_s=dur, content_end_s=end, moves=True)
    if best is not None:
        k = best[2]
        put("repeats", best[0] / sr.REPEAT_GAIN, min(length[k], length[min(k + 1, len(ev) - 1)]),
            k if best[1] == "swapped" else None)
    lens = [min(e.end, music_end) - e.start for e in evs]
    for k, lv, dv in sw.reversals(fx, cell_s, evs, content_end_s=end):
        put("swap_level", (lv + dv) / sw.SWAP_LEVEL if lv > 0 and dv > 0 else 0.0, min(lens[k], lens[k + 1]), k)
    tol = rec["kw"]["tol_s"] if rec["kw"] else 1.0
    for k, g in sw.swap_changes(fx, cell_s, evs, duration_s=dur, tol_s=tol, content_end_s=end):
        put("swap_change", g / sw.SWAP_CHANGE, min(lens[k], lens[k + 1]), k)
    return out


def found_without(rec: dict) -> dict[str, bool]:
    """rule -> the critic's verdict on the take with that rule switched off (and 'all': with every rule on)."""
    import importlib

    from structure_rescore import verdict

    out = {"all": verdict(rec)}
    for rule, (mod, name) in RULES.items():
        m = importlib.import_module(f"quality.{mod}")
        old = getattr(m, name)
        setattr(m, name, 1e9)
        try:
            out[rule] = verdict(rec)
        finally:
            setattr(m, name, old)
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--keep", type=Path, required=True)
    ap.add_argument("--seeds", default="0,1,2,3,4")
    ap.add_argument("--near", type=float, default=0.6, help="print clean readings at least this (units of the threshold)")
    args = ap.parse_args()
    rows = []
    for seed in args.seeds.split(","):
        for p in sorted(args.keep.glob(f"s{seed}_*.pkl")):
            rec = pickle.loads(p.read_bytes())
            c = rec["case"]
            rows.append((p.stem, c, rec["imp"], readings(rec), found_without(rec)))
    for rule in RULES:
        print(f"== {rule}: clean readings >= {args.near} and faults only this rule finds (value, shorter section s / bars)")
        for stem, c, imp, r, v in rows:
            val, short, con = r[rule]
            only = imp is not None and v["all"] and not v[rule]
            if (imp is None and val >= args.near) or only:
                tag = "clean" if imp is None else f"FAULT {imp.kind} (only this rule)"
                flag = " flagged" if imp is None and v["all"] else ""
                print(f"  {stem:18s} {c['genre']:10s} {c['meter']} {c['bpm']:3d} bpm  {val:5.2f}  "
                      f"{short:5.1f} s {short / _bar_s(c):4.1f} bars  contrast {con:5.2f}  {tag}{flag}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
