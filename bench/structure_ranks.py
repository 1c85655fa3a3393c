"""How near each take's planned changes of energy rank come to ``structure_same.check_rank_changes``: a study of the
nineteenth round (issue 18).

    nice -n 10 .venv/bin/python bench/structure_ranks.py --keep DIR2 --seeds 0,1,m1

Reads the takes ``bench/structure_rescore.py --keep DIR2`` kept (never held-out). At every planned change between two
sections of different energy rank (``structure_plan.ENERGY_RANK``) it reads the two sections' sound contrast
(``structure_same``: 1 is the same-sound limit; the largest of the level-free groups' own) and the level step in dB the plan's way (the sections' mean loudness
without their outer tenth; negative: the other way). The rule marks a change whose step is RANK_STEP_DB or less and
whose contrast is under RANK_SAME. Prints, per split, the clean takes' changes nearest the rule on either side (the
lowest contrast among the changes that do not step the plan's way, the smallest step among the changes under
RANK_SAME) and the faulted takes' readings under the rule, with whether the critic finds them without it
(``structure_rescore.verdict`` with RANK_SAME 0). The twentieth round's second tier (a step RANK_AGAINST_DB or more
the other way and a contrast under RANK_AGAINST_SAME): the clean changes that step that far the other way, lowest
contrasts first (with how many of them, and their genres), and the faulted takes only that tier reads, with whether the
critic finds them without it (RANK_AGAINST_SAME 0).
"""

from __future__ import annotations

import argparse
import pickle
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def readings(rec: dict) -> list[tuple[float, float, float]]:
    """(planned time, contrast, level step in dB the plan's way) of every planned change of energy rank whose two
    sections are long enough to read, as ``check_rank_changes`` reads them."""
    import quality.structure_same as ss
    from quality.structure_plan import ENERGY_RANK, _types

    (fx, cell_s), end = rec["fx"], rec["end"]
    ev = _types(rec["case"]["events"], rec["dur"])
    level = ss.section_levels(fx["loudness"][0], cell_s, ev, content_end_s=end, db_per_unit=rec["db"])
    per_group = [ss.contrasts(fx, cell_s, ev, content_end_s=end, groups=(g,)) for g in ss.LEVEL_FREE_GROUPS]
    out = []
    for k in range(1, len(ev)):
        ra, rb, cs = ENERGY_RANK.get(ev[k - 1].type), ENERGY_RANK.get(ev[k].type), [c[k - 1] for c in per_group]
        if None in cs or ra is None or rb is None or ra == rb or level[k - 1] is None or level[k] is None:
            continue
        out.append((ev[k].start, max(ss._contrast(c) for c in cs), float(np.sign(rb - ra) * (level[k] - level[k - 1]))))
    return out


def main() -> int:
    from structure_rescore import verdict

    import quality.structure_same as ss

    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--keep", type=Path, required=True)
    ap.add_argument("--seeds", default="0,1", help="0: the tune split; K: tune2 --seed K; mK: tune3 --seed K (never held-out)")
    args = ap.parse_args()
    limit, against = ss.RANK_SAME, ss.RANK_AGAINST_SAME
    for seed in args.seeds.split(","):
        flat, alike, under = [], [], []  # clean: (contrast, ...) with no step; (step, ...) under the limit; faults under the rule
        back, tier = [], []  # clean: (contrast, ...) stepping RANK_AGAINST_DB the other way; faults under that tier only
        for p in sorted(args.keep.glob(f"s{seed}_*.pkl")):
            rec = pickle.loads(p.read_bytes())
            rows, imp = readings(rec), rec["imp"]
            if imp is None:
                flat += [(round(c, 2), round(s, 2), rec["case"]["i"], rec["case"]["genre"]) for _, c, s in rows if s <= ss.RANK_STEP_DB]
                alike += [(round(s, 2), round(c, 2), rec["case"]["i"], rec["case"]["genre"]) for _, c, s in rows if c < limit]
                back += [(round(c, 2), round(s, 2), rec["case"]["i"], rec["case"]["genre"]) for _, c, s in rows
                         if s <= -ss.RANK_AGAINST_DB]
            else:
                hit = [(round(c, 2), round(s, 2)) for _, c, s in rows if s <= ss.RANK_STEP_DB and c < limit]
                if hit:
                    ss.RANK_SAME = 0.0
                    try:
                        before = verdict(rec)
                    finally:
                        ss.RANK_SAME = limit
                    under.append((rec["case"]["i"], imp.kind, rec["case"]["genre"], before, hit))
                more = [(round(c, 2), round(s, 2)) for _, c, s in rows if s <= -ss.RANK_AGAINST_DB and limit <= c < against]
                if more:
                    ss.RANK_AGAINST_SAME = 0.0
                    try:
                        before = verdict(rec)
                    finally:
                        ss.RANK_AGAINST_SAME = against
                    tier.append((rec["case"]["i"], imp.kind, rec["case"]["genre"], before, more))
        print(f"split {seed}: clean changes with no step the plan's way, lowest contrasts {sorted(flat)[:3]}; clean changes "
              f"under RANK_SAME {limit}, smallest steps {sorted(alike)[:3]}")
        print(f"  faulted takes with a change under the rule: {len(under)}, of them missed without it "
              f"{sum(not u[3] for u in under)}: {[u for u in under if not u[3]]}")
        print(f"  clean changes stepping {ss.RANK_AGAINST_DB} dB or more the other way: {len(back)} "
              f"({sorted({b[3] for b in back})}), lowest contrasts {sorted(back)[:3]}")
        print(f"  faulted takes only the second tier (under RANK_AGAINST_SAME {against}) reads: {len(tier)}, of them missed "
              f"without it {sum(not u[3] for u in tier)}: {[u for u in tier if not u[3]]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
