"""Planted low-mid bells the critic misses on real music (the seventeenth round): per excerpt of the calibration
material (``--split all`` and fresh7), clean, with its planted +10..16 dB bell at 320 Hz and with its planted
high-pass (thin_low_end's plant), the muddy_mix detector's own measure and limit (``spectral_balance.shape_measure``
with the limit's inputs: percussive evidence, the low-mid's transient share and its level correlation with the
mids) and whether muddy_mix and thin_low_end report it. ``--read``: how far under its limit each missed plant
stays, how much of the planted gain its bell reads, the plants over the limit that the one-cause rule calls
thin_low_end, and what moving the limit trades: clean excerpts over the limit against plants over it, develop
(splits before fresh5) and check (fresh5-7) apart.

    nice -n 10 .venv/bin/python bench/mud_miss_study.py --out /tmp/mudmiss.jsonl --read /tmp/mudmiss.jsonl
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import real_corpus as RC  # noqa: E402
from recall_study import CHECK, DEVELOP  # noqa: E402
from study_cli import study_main  # noqa: E402

from quality.detectors import spectral_balance as SB  # noqa: E402
from quality.detectors.base import Context  # noqa: E402
from quality.features import BAND_NAMES, Features  # noqa: E402
from quality.report import DefectKind  # noqa: E402


def _measure(y: np.ndarray) -> dict:
    ctx = Context(feats=Features(y))
    f = ctx.feats
    act = f.active_frames
    transient = SB._lowmid_transient(ctx)
    corr = SB.level_correlation(f.band_energy[:, BAND_NAMES.index("low_mid")], f.band_energy[:, BAND_NAMES.index("mid")], act)
    bell, limit = SB.shape_measure(DefectKind.muddy_mix, f.band_energy[act].sum(axis=0), SB._ltas(ctx), f.percussive,
                                   SB.sustain_weight(transient), SB.apart_weight(corr), SB.struck_weight(transient))
    found = any(d.kind == DefectKind.muddy_mix and d.severity >= 0.25 for d in SB.tonal_defects(ctx, DefectKind.muddy_mix))
    thin = any(d.kind == DefectKind.thin_low_end and d.severity >= 0.25 for d in SB.tonal_defects(ctx, DefectKind.thin_low_end))
    return {"bell": bell, "limit": limit, "percussive": float(f.percussive), "transient": transient, "corr": corr, "found": found,
            "thin_found": thin}


def collect(out: Path) -> None:
    with out.open("a") as fh:
        for t, y, plants in RC.excerpts(DEVELOP + CHECK):
            p = plants["muddy_mix"]
            row = {"track": t.id, "split": t.split, "gain_db": p.params["gain_db"], "clean": _measure(y),
                   "planted": _measure(RC.planted(y, p)[0]), "thin": _measure(RC.planted(y, plants["thin_low_end"])[0])}
            fh.write(json.dumps(row) + "\n")
            fh.flush()


def read(path: Path) -> None:
    rows = [json.loads(s) for s in path.read_text().splitlines()]
    for name, group in (("develop", DEVELOP), ("check", CHECK)):
        rr = [r for r in rows if r["split"] in group]
        miss = [r for r in rr if not r["planted"]["found"]]
        resp = np.array([(r["planted"]["bell"] - r["clean"]["bell"]) / r["gain_db"] for r in rr])
        under = np.array([r["planted"]["limit"] - r["planted"]["bell"] for r in miss if np.isfinite(r["planted"]["limit"])])
        cb = np.array([r["clean"]["bell"] for r in rr])
        print(f"\n{name}: {len(rr)} excerpts, plants missed {len(miss)}; the bell reads {np.median(resp):.2f} of the planted "
              f"gain (10-90 %: {np.percentile(resp, 10):.2f}-{np.percentile(resp, 90):.2f}); clean bell median "
              f"{np.median(cb):.1f} dB, sd {np.std(cb):.1f}")
        print(f"  missed plants' bell under its limit: median {np.median(under):.1f} dB, 10-90 % "
              f"{np.percentile(under, 10):.1f}-{np.percentile(under, 90):.1f}; left out by the fit's residual "
              f"{sum(not np.isfinite(r['planted']['limit']) for r in miss)}; their clean bell median "
              f"{np.median([r['clean']['bell'] for r in miss]):.1f} dB (found plants' "
              f"{np.median([r['clean']['bell'] for r in rr if r['planted']['found']]):.1f})")
        over = [r for r in miss if r["planted"]["bell"] > r["planted"]["limit"]]
        print(f"  missed although the bell passes its limit (one cause: called thin_low_end) {len(over)}, of them reported as "
              f"thin_low_end {sum(r['planted']['thin_found'] for r in over)}; high-passed (thin) plants' bell over its limit: "
              f"{sum(r['thin']['bell'] > r['thin']['limit'] for r in rr)}, by up to "
              f"{max(r['thin']['bell'] - r['thin']['limit'] for r in rr):.1f} dB")
        print("  limit moved by | clean over the limit | plants over the limit")
        for d in (0.0, -1.0, -2.0, -3.0, -4.0):
            c = sum(r["clean"]["bell"] > r["clean"]["limit"] + d for r in rr)
            p = sum(r["planted"]["bell"] > r["planted"]["limit"] + d for r in rr)
            print(f"  {d:+.0f} dB | {c} | {p}")


if __name__ == "__main__":
    raise SystemExit(study_main(__doc__, collect, read))
