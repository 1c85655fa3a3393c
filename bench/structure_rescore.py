"""Rescore the structure bench's takes with the plan-aware check's constants changed, without the analysis.

    nice -n 10 .venv/bin/python bench/structure_rescore.py --render-cache DIR --keep DIR2 --seeds 0,1,2
        [--set structure_plan.ORDER_SPREAD=0 --set structure_bars.MOVE_SCORE=0.9 ...]

A study tool of the fourteenth round (README, "Structure against the plan"). The first run keeps, per take of
``bench/structure.py`` (the tune split is seed 0, tune2 seeds 1, 2, ...; 48 cases, clean and faulted, rendered from
``--render-cache``), what the check reads after the shared analysis: the cell features, the music's end, the dB scale,
the bench's defects and the planned boundaries as the per-boundary search left them, before the bar-move check
(``--keep``). Later runs replay the bar-move check, the same-sound check, the sections' order, the repeats and the
swap-level check with the constants given by ``--set`` (module of ``quality``, name, value) and print, per seed,
clean takes flagged / faults found, as ``bench/structure.py`` counts them (severity >= 0.25; an early ending also
found by the early_ending detector). With no ``--set`` the counts are the bench's. The per-boundary search (``check_boundaries``
up to the bar-move check: HIT, OTHER_RATIO, the windows) is not replayed: its boundaries are kept, so constants it
reads change nothing here.
"""

from __future__ import annotations

import argparse
import copy
import importlib
import pickle
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import structure as bench  # noqa: E402


def split_cases(token: str) -> list[dict]:
    """The bench's cases for a seed token: "0" the tune split, "K" tune2 --seed K, "mK" tune3 --seed K."""
    mixed = token.startswith("m")
    return bench.cases(bench.TUNE, 48, seed=int(token.lstrip("m")), mixed_meters=mixed)


def keep(seed: str, cache: Path, out: Path) -> None:
    import quality.structure_bars as sb
    from quality.analyze import analyze
    from quality.detectors.early_ending import content_end_s
    from quality.features import Features
    from quality.structure_plan import _db_scale, cell_features

    orig, box = sb.check_bar_moves, {}

    def spy(nov, boundaries, **kw):
        box.update(pre=copy.deepcopy(boundaries), kw=kw)
        return orig(nov, boundaries, **kw)

    sb.check_bar_moves = spy
    try:
        for c in split_cases(seed):
            for fault in (None, c["fault"]):
                p = out / f"s{seed}_{c['i']}_{'fault' if fault else 'clean'}.pkl"
                if p.exists():
                    continue
                mix, imp = bench.render_case(c, fault, cache)
                box.clear()
                rep = analyze(mix, events=c["events"], planned_duration_s=c["duration"])
                f = Features(mix)
                rec = {"case": c, "imp": imp, "fx": cell_features(f), "dur": f.duration_s, "db": _db_scale(f),
                       "end": min(content_end_s(f.block_rms_db, block_s=f.block_s), f.duration_s),
                       "pre": box.get("pre"), "kw": box.get("kw"), "post": rep.structure.boundaries,
                       "defects": [(d.kind.value, d.start_s, d.end_s, d.severity) for d in rep.defects]}
                p.write_bytes(pickle.dumps(rec))
    finally:
        sb.check_bar_moves = orig


class _Take:  # what check_sections reads of Features besides the cell features
    def __init__(self, rec: dict) -> None:
        self.duration_s, self.db = rec["dur"], rec["db"]


def verdict(rec: dict) -> bool:
    """Flagged (clean) or found (faulted), as bench/structure.py counts it."""
    import quality.structure_plan as sp
    from quality.detectors.structure_mismatch import problems
    from quality.report import StructureReport
    from quality.structure_bars import check_bar_moves
    from quality.structure_repeats import check_repeats
    from quality.structure_same import check_rank_changes, check_same_sound
    from quality.structure_swap import check_swap_changes, check_swaps

    c, (fx, cell_s) = rec["case"], rec["fx"]
    ev = sp._types(c["events"], rec["dur"])
    if rec["pre"] is None:
        b = copy.deepcopy(rec["post"])
    else:
        b = copy.deepcopy(rec["pre"])
        check_bar_moves(sp._Novelty(fx, cell_s, [x.planned_s for x in b]), b, **rec["kw"])
        check_same_sound(fx, cell_s, ev, b, content_end_s=rec["end"])
        check_rank_changes(fx, cell_s, ev, b, content_end_s=rec["end"], db_per_unit=rec["db"], ranks=sp.ENERGY_RANK)
    scale, sp._db_scale = sp._db_scale, lambda f: f.db
    try:
        secs = sp.check_sections(_Take(rec), c["events"], b, feats=rec["fx"], content_end_s=rec["end"])
    finally:
        sp._db_scale = scale
    check_repeats(fx["harmony"], cell_s, c["events"], secs, duration_s=rec["dur"], content_end_s=rec["end"], boundaries=b)
    check_swaps(fx, cell_s, c["events"], secs, content_end_s=rec["end"])
    check_swap_changes(fx, cell_s, c["events"], secs, duration_s=rec["dur"], tol_s=rec["kw"]["tol_s"] if rec["kw"] else 1.0,
                       content_end_s=rec["end"])
    merged: list[list[float]] = []
    for a, e, sev, _ in problems(StructureReport(boundaries=b, sections=secs)):
        if merged and a <= merged[-1][1] + 1e-6:
            merged[-1][1], merged[-1][2] = max(merged[-1][1], e), max(merged[-1][2], sev)
        else:
            merged.append([a, e, sev])
    bad = [(a, e) for a, e, sev in merged if sev >= bench.MIN_SEV]
    imp = rec["imp"]
    if imp is None:
        return bool(bad)
    return any(a < imp.end_s and e > imp.start_s for a, e in bad) or (imp.kind == "early_ending" and any(
        k == "early_ending" and sev >= bench.MIN_SEV and a < imp.end_s and e > imp.start_s
        for k, a, e, sev in rec["defects"]))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--render-cache", type=Path, required=True)
    ap.add_argument("--keep", type=Path, required=True, help="where the per-take pieces are kept")
    ap.add_argument("--seeds", default="0,1", help="0: the tune split; 1, 2, ...: tune2 --seed K; m1, m2, ...: tune3 "
                    "--seed K (never held-out)")
    ap.add_argument("--set", action="append", default=[], metavar="MODULE.NAME=VALUE")
    args = ap.parse_args()
    args.keep.mkdir(parents=True, exist_ok=True)
    for item in args.set:
        name, value = item.split("=", 1)
        mod, attr = name.rsplit(".", 1)
        m = importlib.import_module(f"quality.{mod}")
        if not hasattr(m, attr):
            raise SystemExit(f"quality.{mod} has no {attr}")
        setattr(m, attr, type(getattr(m, attr))(value) if getattr(m, attr) is not None else float(value))
    tot = [0, 0, 0]
    for seed in args.seeds.split(","):
        keep(seed, args.render_cache, args.keep)
        flags = found = n = 0
        for p in sorted(args.keep.glob(f"s{seed}_*.pkl")):
            rec = pickle.loads(p.read_bytes())
            v = verdict(rec)
            if rec["imp"] is None:
                flags += v
            else:
                found, n = found + v, n + 1
        tot = [tot[0] + flags, tot[1] + found, tot[2] + n]
        name = "tune" if seed == "0" else f"tune3 seed {seed[1:]}" if seed.startswith("m") else f"tune2 seed {seed}"
        print(f"{name}: clean flagged {flags}/{n}, faults found {found}/{n}",
              flush=True)
    print(f"total: clean flagged {tot[0]}/{tot[2]}, faults found {tot[1]}/{tot[2]}" + (f" with {args.set}" if args.set else ""))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
