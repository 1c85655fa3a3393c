"""Why click, noise_burst and phase_issue miss plants or flag clean music on real recordings:
the measures behind the thirteenth session's rules, read from a ``quality_real.py --dump``.

    .venv/bin/python bench/quality_real.py --split tune --fast --kinds click,noise_burst,phase_issue --dump d.jsonl
    .venv/bin/python bench/transient_study.py d.jsonl

Only the tracks in the dump are read (calibrate on ``--split tune``; never dump the held-out
splits for this; the after table was read on ``--split all --fast --kinds click``, every split but
fresh3, which no one has read). Four tables:

- phase: every negative range the detector reports on a clean excerpt and on a planted
  inversion, its whole-band and low-band contrast against the 10 s around (the old rule) and
  its per-octave flip score (``phase_issue.flip_score``);
- noise: per planted burst, the rise of the total and of 5-20 kHz over their 2 s medians and
  the flatness (the frames the plant covers); per clean excerpt, its noisy events by length;
- click: the clean candidates at severity >= 0.25 and the planted clicks found: their beat
  phase (against ``Features.beats``) and how many of the excerpt's other candidates sit at a
  whole number of beats from them (+-12 ms);
- after: how far the 5 ms after each click's peak stand over the 50 ms around (ratio_db -
  peak_over_after_db, read from the dump alone), for the planted clicks found and the clean
  ones at severity >= 0.25 (the thirteenth session's second click rule,
  ``click.MAX_AFTER_OVER_AROUND_DB``).
  ``--tables after`` prints only this one (seconds, no audio read).
"""

from __future__ import annotations

import argparse
import functools
import json
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import real_corpus as RC  # noqa: E402

GRID_TOL_S = 0.012
ACT = 0.25


def _overlaps(d: dict, p: dict) -> bool:
    return d["start_s"] <= p["end_s"] + 0.5 and d["end_s"] >= p["start_s"] - 0.5


def phase_table(rows: list[dict], clips: dict) -> None:
    from quality.detectors import phase_issue as P

    print("\n## phase_issue: reported negative ranges (clean: all; planted: overlapping the plant)")
    print("| copy | ranges | flip score: min / median / max | full contrast < 0.55 | at >= 0.25 |")
    print("|---|---|---|---|---|")
    for copy in ("clean", "phase_issue"):
        scores, weak, acted, n = [], 0, 0, 0
        for r in rows:
            if r["kind"] != copy:
                continue
            y = clips[r["track"]] if copy == "clean" else RC.planted(clips[r["track"]], RC.Plant(**r["plant"]))[0]
            for d in r["report"]["defects"]:
                if d["kind"] != "phase_issue" or (copy != "clean" and not _overlaps(d, r["plant"])):
                    continue
                n += 1
                s = P.flip_score(y, d["start_s"], d["end_s"], sr=RC.SR)
                if s is not None:
                    scores.append(s)
                ev = d["evidence"]
                weak += ev.get("full_context", 1.0) - ev.get("full_range", 0.0) < P.MIN_CONTRAST
                acted += d["severity"] >= ACT
        q = np.percentile(scores, [0, 50, 100]) if scores else [np.nan] * 3
        print(f"| {copy} | {n} ({len(scores)} with >= {P.MIN_INFORMATIVE_BANDS} octaves to read) | "
              f"{q[0]:.2f} / {q[1]:.2f} / {q[2]:.2f} | {weak} | {acted} |")


def noise_table(rows: list[dict], clips: dict) -> None:
    from quality.detectors import noise_burst as N
    from quality.dsp import running_median
    from quality.features import BANDS, Features

    nb = len(BANDS)
    tot_r, high_r, flat = [], [], []
    for r in rows:
        if r["kind"] != "noise_burst":
            continue
        y = RC.planted(clips[r["track"]], RC.Plant(**r["plant"]))[0]
        f = Features(y)
        st = f.frame_stats
        k = max(3, int(N.LOCAL_S / f.frame_s) | 1)
        tot = 10 * np.log10(np.maximum(st[:, nb], 1e-20))
        hi = 10 * np.log10(np.maximum(st[:, list(N.HIGH_BANDS)].sum(axis=1), 1e-20))
        p = r["plant"]
        a = max(0, int((p["start_s"] * RC.SR - 2048) / f.hop) + 1)
        b = int(p["end_s"] * RC.SR / f.hop) + 1
        tot_r.append(float((tot - running_median(tot, k))[a:b].max()))
        high_r.append(float((hi - running_median(hi, k))[a:b].max()))
        flat.append(float(st[a:b, nb + 2].max()))
    print("\n## noise_burst: planted bursts (max over the frames they cover)")
    print("| measure | min | 10th pct | median |")
    print("|---|---|---|---|")
    for name, v in (("total rise over 2 s median, dB", tot_r), ("5-20 kHz rise over 2 s median, dB", high_r), ("flatness", flat)):
        print(f"| {name} | {min(v):.2f} | {np.percentile(v, 10):.2f} | {np.median(v):.2f} |")
    print(f"plants under MIN_RISE_DB ({N.MIN_RISE_DB} dB) in total: {sum(x <= N.MIN_RISE_DB for x in tot_r)}/{len(tot_r)}; "
          f"under MIN_FLATNESS ({N.MIN_FLATNESS}): {sum(x <= N.MIN_FLATNESS for x in flat)}")


def click_table(rows: list[dict], clips: dict) -> None:
    from quality.features import Features

    print("\n## click: beat phase and the beat grid")
    print("| copy | candidates | within 0.05 beat of a tracked beat | on a beat and >= 2 others a whole number of beats away |")
    print("|---|---|---|---|")
    beats = {}
    for copy in ("clean", "click"):
        n = on_beat = grid = 0
        for r in rows:
            if r["kind"] != copy:
                continue
            if r["track"] not in beats:
                beats[r["track"]] = Features(clips[r["track"]]).beats
            tempo, bt = beats[r["track"]]
            per = 60.0 / tempo if tempo else 0.5
            cs = [d for d in r["report"]["defects"] if d["kind"] == "click"]
            times = np.array([(d["start_s"] + d["end_s"]) / 2 for d in cs])
            for i, d in enumerate(cs):
                if (copy == "clean" and d["severity"] < ACT) or (copy == "click" and not _overlaps(d, r["plant"])):
                    continue
                n += 1
                ph = float(np.min(np.abs(bt - times[i])) / per) if len(bt) else 1.0
                others = np.delete(times, i)
                frac = ((others - times[i]) / per) % 1.0
                k = int(np.sum((frac < GRID_TOL_S / per) | (frac > 1 - GRID_TOL_S / per)))
                on_beat += ph < 0.05
                grid += ph < 0.05 and k >= 2
        print(f"| {copy} | {n} | {on_beat} | {grid} |")


def after_table(rows: list[dict]) -> None:
    print("\n## click: the 5 ms after the peak over the 50 ms around (dB)")
    print("| copy | clicks | min | median | 95th percentile | max | excerpts at severity >= 0.5 |")
    print("|---|---|---|---|---|---|---|")
    for copy in ("clean", "click"):
        v, loud = [], set()
        for r in rows:
            if r["kind"] != copy:
                continue
            for d in r["report"]["defects"]:
                if d["kind"] != "click" or (copy == "clean" and d["severity"] < ACT) or (copy == "click" and not _overlaps(d, r["plant"])):
                    continue
                e = d["evidence"]
                v.append(e["ratio_db"] - e["peak_over_after_db"])
                if copy == "clean" and d["severity"] >= 0.5:
                    loud.add(f"{r['track']} {v[-1]:.1f}")
        q = np.percentile(v, [0, 50, 95, 100]) if v else [float("nan")] * 4
        print(f"| {copy} | {len(v)} | " + " | ".join(f"{x:.1f}" for x in q) + f" | {'; '.join(sorted(loud)) or '-'} |")


class _Clips:
    """Track id -> its excerpt, the last few kept (the rows of a dump come track by track)."""

    def __init__(self, by_id: dict) -> None:
        self.by_id = by_id

    @functools.lru_cache(maxsize=4)  # noqa: B019 (one instance per run)
    def __getitem__(self, tid: str) -> np.ndarray:
        return RC.clip(self.by_id[tid])


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("dump", type=Path)
    ap.add_argument("--tables", default="phase,noise,click,after", help="comma-separated tables to print")
    a = ap.parse_args()
    rows = [json.loads(line) for line in a.dump.read_text().splitlines()]
    by_id = {t.id: t for t in RC.tracks()}
    clips = _Clips(by_id)
    tables = set(a.tables.split(","))
    if "phase" in tables:
        phase_table(rows, clips)
    if "noise" in tables:
        noise_table(rows, clips)
    if "click" in tables:
        click_table(rows, clips)
    if "after" in tables:
        after_table(rows)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
