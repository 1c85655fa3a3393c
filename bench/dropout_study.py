"""Dropouts on the splits before fresh4: the gaps the detector finds in clean and planted copies, with their context.

    .venv/bin/python bench/dropout_study.py --out /tmp/gaps.json   # measure (block levels only: a few minutes)
    .venv/bin/python bench/dropout_study.py --read /tmp/gaps.json  # the table

For each excerpt of the splits before fresh4 (never fresh4 or fresh5), clean and with its planted dropout
(``real_corpus.planted``), every gap ``quality.detectors.dropout.detect`` returns, with the track's
typical level (median active 5 ms block, as the detector's reference), the levels before and after,
the gap's length, how many gaps the copy holds, and whether it is the planted one. What the rows
answer: what tells a cut in sound that was there (the plant) from a composed or encoded silence?
``lead-in``: the level before the gap against the typical level, less how far the level after it
rises over the level before (dB). The fourteenth session read it as a rule (a composed silence under
-29 dB) and took it out: the sketch engine's own dropouts (``bench/quality_pr.py --sketch 6``, pop
takes 1601 and 1605) are cut into a decaying tail before a hit and read -57.6 / -54.6 dB (README,
"Fourteenth session").
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import real_corpus as RC  # noqa: E402
from study_cli import study_main  # noqa: E402

SPLITS = ("calibrate", "heldout", "fresh_calibrate", "fresh_heldout", "fresh2", "fresh3")


def gaps(y: np.ndarray) -> tuple[float, list[dict]]:
    from quality.detectors.dropout import detect
    from quality.features import Features

    f = Features(y)
    lv = f.block_rms_db
    ref = float(np.median(lv[lv > -60])) if np.any(lv > -60) else -60.0
    return ref, detect(lv, block_s=f.block_s)


def collect(out: Path) -> None:
    with out.open("w") as fh:
        for t, y, plants in RC.excerpts(SPLITS):
            p = plants["dropout"]
            for kind, yy in (("clean", y), ("dropout", RC.planted(y, p)[0])):
                ref, gs = gaps(yy)
                for g in gs:
                    planted = kind == "dropout" and g["start_s"] <= p.end_s + 0.5 and g["end_s"] >= p.start_s - 0.5
                    fh.write(json.dumps({"track": t.id, "split": t.split, "copy": kind, "planted": planted, "ref_db": ref,
                                         "n_gaps": len(gs), **g}) + "\n")
            print(f"  {t.split} {t.id}", file=sys.stderr, flush=True)


def lead_in(r: dict) -> float:
    """The gap's lead-in (module docstring), dB."""
    return (r["before_db"] - r["ref_db"]) - max(0.0, r["after_db"] - r["before_db"])


def read(path: Path) -> None:
    rows = [json.loads(x) for x in path.read_text().splitlines()]
    for r in rows:
        if r["copy"] == "clean" or r["planted"]:
            print(f"{'PLANT' if r['planted'] else 'clean'} {r['track'][:45]:45s} {r['start_s']:6.2f} {1000 * (r['end_s'] - r['start_s']):5.0f} ms "
                  f"depth {r['depth_db']:5.1f} before {r['before_db'] - r['ref_db']:6.1f} after {r['after_db'] - r['ref_db']:6.1f} "
                  f"(ref {r['ref_db']:6.1f}) lead-in {lead_in(r):6.1f} gaps {r['n_gaps']}")


def main() -> int:
    return study_main(__doc__, collect, read)


if __name__ == "__main__":
    raise SystemExit(main())
