"""Clicks judged in the high band (fourth difference) on `--split all`: every event at severity
>= 0.25, clean and planted, with the second-difference peak at its sample over its high-band
size (rel: an impulse or a step 1.0, the planted click 0.94). JSON lines on stdout; the
high band's own rule (MAX_LOW_OVER_HIGH) is what this measures, so it reads every event.

    nice -n 10 .venv/bin/python bench/click_band_study.py > F
"""

import json
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
import real_corpus as RC  # noqa: E402

from quality.detectors import Context  # noqa: E402
from quality.detectors import click as C  # noqa: E402
from quality.features import Features  # noqa: E402


def main() -> None:
    limit = C.MAX_LOW_OVER_HIGH
    C.MAX_LOW_OVER_HIGH = float("inf")  # read every high-band event, the rule included
    try:
        for t in RC.tracks():
            if t.split == RC.UNREAD:  # the set kept for one read
                continue
            y = RC.clip(t)
            p = next(p for p in RC.plan(t, y.shape[1] / RC.SR) if p.kind == "click")
            yy, _ = RC.planted(y, p)
            for kind, a in (("clean", y), ("click", yy)):
                for g in C._events(Context(feats=Features(a)), True)[0]:
                    if g["sev"] < 0.25:
                        continue
                    i = g["index"]
                    low = float(np.abs(C._d2(a[g["ch"]], i - C.GUARD_SAMPLES, i + C.GUARD_SAMPLES + 1)).max())
                    near = kind == "click" and abs(g["time_s"] - p.start_s) < 0.5
                    print(json.dumps({"track": t.id, "split": t.split, "kind": kind, "near": near, "sev": round(float(g["sev"]), 3),
                                      "high": round(float(g["d2"]), 3), "low": round(low, 3), "rel": round(float(low / g["d2"]), 3),
                                      "kept": bool(low / g["d2"] <= limit)}), flush=True)
    finally:
        C.MAX_LOW_OVER_HIGH = limit


if __name__ == "__main__":
    main()
