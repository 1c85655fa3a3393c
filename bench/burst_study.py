"""Noise bursts and distortion the critic misses on real music: which of the detectors' gates a missed
plant fails, and what the quiet-burst rule (``noise_burst.QUIET_*``) and the crest-drop rule
(``distortion.CREST_*``) would flag on clean excerpts and find among the plants at other limits.

For every excerpt of ``--split all`` and fresh5 (the calibration material): the clean excerpt, its planted
noise burst and its planted distortion (bench/real_corpus.py). Noise: the detector's gates over the planted
frames, and every noisy event at loose limits (flatness > LOOSE_FLATNESS and > LOOSE_OVER_LOCAL x its 2 s
median, the loud / high-rise rules off) with its values. Distortion: per 100 ms window of the mid channel
the crest factor, RMS, kurtosis and near-peak fraction, and the shape rules' own defects (the crest rule off). ``--read`` prints
the missed plants' values and, per group (develop: the splits before fresh4; check: fresh4 and fresh5),
clean excerpts with an event and plants found at each limit.

    nice -n 10 .venv/bin/python bench/burst_study.py --out /tmp/burst.jsonl --read /tmp/burst.jsonl
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

from quality.detectors import Context  # noqa: E402
from quality.detectors import distortion as D  # noqa: E402
from quality.detectors import noise_burst as NB  # noqa: E402
from quality.features import BANDS, Features  # noqa: E402

CHECK = ("fresh4", "fresh5")
SPLITS = ("calibrate", "heldout", "fresh_calibrate", "fresh_heldout", "fresh2", "fresh3", *CHECK)  # the material already read
CREST_RULE = "crest factor fallen against the passage around it"  # distortion's evidence "rule" of the crest-drop rule
LOOSE_FLATNESS = 0.1
LOOSE_OVER_LOCAL = 1.5
TOL_S = 0.5


def _noise(f: Features) -> list[dict]:
    """Every flat event at the loose limits (MIN_FLATNESS, FLATNESS_OVER_LOCAL lowered, the loud rule kept
    as it is: MIN_RISE_DB on the total or MIN_HIGH_RISE_DB above 5 kHz), with its values."""
    st = f.frame_stats
    nb = len(BANDS)
    keep = (NB.MIN_FLATNESS, NB.FLATNESS_OVER_LOCAL)
    NB.MIN_FLATNESS, NB.FLATNESS_OVER_LOCAL = LOOSE_FLATNESS, LOOSE_OVER_LOCAL
    try:
        loose = NB.events(st[:, nb + 2], st[:, nb], frame_s=f.frame_s, high=st[:, list(NB.HIGH_BANDS)].sum(axis=1))
    finally:
        NB.MIN_FLATNESS, NB.FLATNESS_OVER_LOCAL = keep
    return [{k: round(v, 4) if isinstance(v, float) else v for k, v in g.items()} for g in loose]


def _windows(f: Features) -> dict:
    s = f.shape_stats
    return {"rms": np.round(s[:, 0], 6).tolist(), "peak": np.round(s[:, 1], 6).tolist(),
            "kurtosis": np.round(s[:, 2], 3).tolist(), "near": np.round(s[:, 3], 4).tolist()}


def collect(out: Path) -> None:
    with out.open("a") as fh:
        for t, y, plan in RC.excerpts(SPLITS):
            f = Features(y)
            row = {"track": t.id, "split": t.split, "kind": "clean", "noise": _noise(f), "windows": _windows(f)}
            fh.write(json.dumps(row) + "\n")
            for kind in ("noise_burst", "distortion"):
                p = plan[kind]
                f = Features(RC.planted(y, p)[0])
                row = {"track": t.id, "split": t.split, "kind": kind, "plant": [p.start_s, p.end_s], "params": p.params}
                if kind == "noise_burst":
                    row["noise"] = _noise(f)
                    st = f.frame_stats
                    row["detected"] = NB.detect(st[:, len(BANDS) + 2], st[:, len(BANDS)], frame_s=f.frame_s,
                                                high=st[:, list(NB.HIGH_BANDS)].sum(axis=1))
                else:
                    row["windows"] = _windows(f)
                    keep = D.CREST_DROP_DB
                    D.CREST_DROP_DB = float("inf")  # the shape rules alone
                    try:
                        row["detected"] = [[d.start_s, d.end_s, d.severity, d.evidence.get("rule", "shape")] for d in D.run(Context(feats=f))]
                    finally:
                        D.CREST_DROP_DB = keep
                fh.write(json.dumps(row) + "\n")
            fh.flush()


def _near(a: float, b: float, p: list[float]) -> bool:
    return a <= p[1] + TOL_S and b >= p[0] - TOL_S


def _current(g: dict) -> bool:
    """The noise detector's own rule (its flatness limits; its loud rule is in the loose events)."""
    return g["flatness"] > NB.MIN_FLATNESS and g["flatness"] > NB.FLATNESS_OVER_LOCAL * g["local_flatness"] and g["frames"] >= NB.MIN_FRAMES


def _group(split: str) -> str:
    return "check" if split in CHECK else "develop"


def read_noise(rows: list[dict]) -> None:
    pl = [r for r in rows if r["kind"] == "noise_burst"]
    miss = [r for r in pl if not any(_near(g["start_s"], g["end_s"], r["plant"]) for g in r["detected"])]
    print(f"noise bursts planted {len(pl)}, no event of the detector's rule (noise_burst.detect) near the plant {len(miss)}:")
    for r in miss:
        ev = [g for g in r["noise"] if _near(g["start_s"], g["end_s"], r["plant"])]
        g = max(ev, key=lambda g: g["frames"]) if ev else None
        vals = (f"flatness {g['flatness']:.2f} local {g['local_flatness']:.3f} rise {g['rise_db']:5.1f} dB 5-20 kHz {g['high_rise_db']:5.1f} dB "
                f"frames {g['frames']}" if g else "no flat frame at all")
        print(f"  {r['split']:15s} {r['track'][:44]:44s} level {r['params']['level_db']:4.1f} dB  {vals}")
    print("\nquiet rule: flatness > F, > R x local, 5-20 kHz rise > H dB, >= N frames (clean excerpts with such an event; "
          "plants found by the detector's rule or this one)")
    for fl in (0.12, 0.15, 0.18):
        for ratio in (5.0, 10.0):
            for hr in (15.0, 20.0, 25.0):
                for nfr in (2, 3):
                    def ok(g: dict, fl=fl, ratio=ratio, hr=hr, nfr=nfr) -> bool:
                        return g["flatness"] > fl and g["flatness"] > ratio * g["local_flatness"] and g["high_rise_db"] > hr and g["frames"] >= nfr
                    cells = []
                    for grp in ("develop", "check"):
                        cl = [r for r in rows if r["kind"] == "clean" and _group(r["split"]) == grp]
                        pp = [r for r in pl if _group(r["split"]) == grp]
                        c = sum(any(ok(g) and not _current(g) for g in r["noise"]) for r in cl)
                        f0 = sum(any(_current(g) and _near(g["start_s"], g["end_s"], r["plant"]) for g in r["noise"]) for r in pp)
                        f1 = sum(any((_current(g) or ok(g)) and _near(g["start_s"], g["end_s"], r["plant"]) for g in r["noise"]) for r in pp)
                        cells.append(f"{grp} clean {c:3d}/{len(cl)} found {f0} -> {f1}/{len(pp)}")
                    print(f"  F {fl:.2f} R {ratio:4.1f} H {hr:4.1f} N {nfr}: " + "; ".join(cells))


def _shape(w: dict) -> np.ndarray:
    return np.stack([w["rms"], w["peak"], w["kurtosis"], w["near"]], axis=1)


def read_distortion(rows: list[dict]) -> None:
    clean = {r["track"]: r for r in rows if r["kind"] == "clean"}
    pl = [r for r in rows if r["kind"] == "distortion"]
    shape_hit = lambda r: any(d[2] >= 0.25 and d[3] != CREST_RULE and _near(d[0], d[1], r["plant"]) for d in r["detected"])  # noqa: E731
    print(f"\ndistortion planted {len(pl)}, missed by the shape rules {sum(not shape_hit(r) for r in pl)}:")
    win = 0.1
    for r in pl:
        if shape_hit(r):
            continue
        a, b = int(r["plant"][0] / win), int(r["plant"][1] / win)
        s0, s1 = _shape(clean[r["track"]]["windows"])[a:b], _shape(r["windows"])[a:b]
        crest = lambda s: float(np.median(20 * np.log10(np.maximum(s[:, 1], 1e-9) / np.maximum(s[:, 0], 1e-9))))  # noqa: E731
        print(f"  {r['split']:15s} {r['track'][:40]:40s} drive {r['params']['drive']:5.1f} crest {crest(s0):4.1f} -> {crest(s1):4.1f} dB "
              f"kurtosis {np.median(s0[:, 2]):.2f} -> {np.median(s1[:, 2]):.2f} near-peak {np.median(s0[:, 3]):.3f} -> {np.median(s1[:, 3]):.3f}")
    print("\ncrest-drop rule: fall >= X dB over >= L s (clean excerpts with such a passage; plants found by the shape rules or this one)")
    keep = (D.CREST_DROP_DB, D.CREST_MIN_S)
    try:
        for drop in (2.5, 3.0, 4.0):
            for length in (1.0, 1.5, 2.0):
                D.CREST_DROP_DB, D.CREST_MIN_S = drop, length
                cells = []
                for grp in ("develop", "check"):
                    cl = [r for r in clean.values() if _group(r["split"]) == grp]
                    pp = [r for r in pl if _group(r["split"]) == grp]
                    c = sum(bool(D.crest_drops(_shape(r["windows"]), window_s=win)) for r in cl)
                    f0 = sum(shape_hit(r) for r in pp)
                    f1 = sum(shape_hit(r) or any(_near(g["start_s"], g["end_s"], r["plant"]) for g in D.crest_drops(_shape(r["windows"]), window_s=win))
                             for r in pp)
                    cells.append(f"{grp} clean {c:3d}/{len(cl)} found {f0} -> {f1}/{len(pp)}")
                print(f"  X {drop:3.1f} L {length:3.1f}: " + "; ".join(cells))
    finally:
        D.CREST_DROP_DB, D.CREST_MIN_S = keep


def read(path: Path) -> None:
    rows = [json.loads(s) for s in path.read_text().splitlines()]
    read_noise(rows)
    read_distortion(rows)


if __name__ == "__main__":
    sys.exit(study_main(__doc__, collect, read))
