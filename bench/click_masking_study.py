"""Planted clicks the critic misses on real music, against the music's own discontinuities (the seventeenth
round): per excerpt of the calibration material (``--split all`` and fresh7), in each band the click detector
reads (the second difference, and the fourth: ``click.high_band``), the 5 ms blocks' peak |d2| of the clean
excerpt (its maximum and 99.9th percentile, i.e. the 12th largest block of the minute) and the planted click's
peak there; ``--read`` prints, for every plant the bench misses, the plant's peak over those two.

    nice -n 10 .venv/bin/python bench/click_masking_study.py --out /tmp/clickmask.jsonl --read /tmp/clickmask.jsonl
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import quality_real as Q  # noqa: E402
import real_corpus as RC  # noqa: E402
from recall_study import CHECK, DEVELOP  # noqa: E402
from study_cli import study_main  # noqa: E402

from quality import kernels  # noqa: E402
from quality.detectors import click as C  # noqa: E402


def _blocks(x: np.ndarray, high: bool) -> np.ndarray:
    x = np.ascontiguousarray(C.high_band(x) if high else x, dtype=np.float32)
    return kernels.click_scan(x, C.BLOCK, C.NEIGHBOURS)[:, 0]


def collect(out: Path) -> None:
    with out.open("a") as fh:
        for t, y, plants in RC.excerpts(DEVELOP + CHECK):
            p = plants["click"]
            yc = RC.planted(y, p)[0]
            b = int(p.start_s * RC.SR) // C.BLOCK
            row = {"track": t.id, "split": t.split, "amp": p.params["amp"]}
            for high in (False, True):
                clean = np.maximum(_blocks(y[0], high), _blocks(y[1], high))
                plant = max(float(_blocks(yc[ch], high)[max(0, b - 1):b + 2].max()) for ch in (0, 1))
                row["high" if high else "low"] = {"max": float(clean.max()), "p999": float(np.percentile(clean, 99.9)),
                                                  "plant": plant}
            row["hit"] = Q._hit(_bench_row(t, p, yc))
            fh.write(json.dumps(row) + "\n")
            fh.flush()


def _bench_row(t: RC.Track, p: RC.Plant, yc: np.ndarray) -> dict:
    return {"plant": p.__dict__, "report": Q._analyse(yc, None, ("click",))}


def read(path: Path) -> None:
    rows = [json.loads(s) for s in path.read_text().splitlines()]
    miss = [r for r in rows if not r["hit"]]
    print(f"{len(rows)} excerpts, {len(miss)} planted clicks missed")
    for band in ("low", "high"):
        over = np.array([r[band]["max"] / max(r[band]["p999"], 1e-12) for r in rows])
        print(f"{band} band: clean excerpts' largest block over their 99.9th percentile: median {np.median(over):.2f}, "
              f"95th percentile {np.percentile(over, 95):.2f}")
    for r in miss:
        lo, hi = r["low"], r["high"]
        print(f"  {r['split']:<15} {r['track'][:40]:<40} amp {r['amp']:.2f}  plant / clean p99.9: "
              f"{lo['plant'] / lo['p999']:.2f} (d2), {hi['plant'] / hi['p999']:.2f} (d4); / clean max {lo['plant'] / lo['max']:.2f}, "
              f"{hi['plant'] / hi['max']:.2f}")


if __name__ == "__main__":
    raise SystemExit(study_main(__doc__, collect, read))
