"""Precision / recall per defect kind on a planted-defect corpus.

    .venv/bin/python bench/quality_pr.py [--clips 3] [--seed 0]
    .venv/bin/python bench/quality_pr.py --sketch 6 [--steps 8]

--sketch N: the sketch engine's own corpus instead: N takes per genre (10 genres,
30 s, seeds 1000 + 100 * genre + i) analysed with their stems; the engine's private
diagnostics are the truth (kind, stem, range). A planted imperfection is found when
a defect of its kind with severity >= 0.25 overlaps its range (+-0.5 s; a stem
imperfection may be found on that stem or the mix; early endings need the planned
duration, which is passed). Every other defect >= 0.25 not matching a planted range
is a false positive of its kind; takes with empty diagnostics give the clean-take
false-positive rate (severity >= 0.5).

Clean base clips: synthetic songs (quality.fixtures.song) and, when the apt
package xmoto-data is installed, 40 s excerpts of its music. Into each clip one
defect is planted at a random time and strength; a detection counts when a defect
of that kind with severity >= 0.25 overlaps the planted range (+-0.5 s). False
positives: defects of severity >= 0.25 of that kind on a clip where it was not
planted and not already reported on the clean clip... no: every kind found on a
planted clip other than the planted one, and not on its clean base, counts as a
false positive for that kind. Prints a markdown table.
"""

from __future__ import annotations

import argparse
import sys
from collections import defaultdict
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

MIN_SEV = 0.25
REAL = Path("/usr/share/games/xmoto/Textures/Musics")


def bases(n: int, rng) -> list[tuple[str, np.ndarray]]:
    from engine.audio import read_audio
    from quality import fixtures as F

    out = [(f"song{i}", F.song(duration_s=40.0, seed=100 + i, bpm=float(rng.choice([96, 110, 124, 140])))[0]) for i in range(n)]
    for p in sorted(REAL.glob("*.ogg"))[:n]:
        y = read_audio(p)
        s = max(0, y.shape[1] // 2 - 20 * 48_000)
        out.append((p.stem, np.ascontiguousarray(y[:, s : s + 40 * 48_000])))
    return out


def plants(y: np.ndarray, rng) -> list[tuple]:
    from quality import fixtures as F

    dur = y.shape[1] / F.SR
    t = lambda d: float(rng.uniform(5.0, dur - 5.0 - d))  # noqa: E731
    return [
        F.plant_clipping(y, start_s=t(1), dur_s=float(rng.uniform(0.1, 1.0)), drive_db=float(rng.uniform(3, 12))),
        F.plant_dropout(y, start_s=t(0.5), dur_s=float(rng.uniform(0.02, 0.5))),
        F.plant_click(y, time_s=t(0), amp=float(rng.uniform(0.1, 0.6))),
        F.plant_noise_burst(y, start_s=t(0.5), dur_s=float(rng.uniform(0.05, 0.5)), level_db=float(rng.uniform(0, 10))),
        F.plant_distortion(y, start_s=t(6), dur_s=float(rng.uniform(2, 6)), drive=float(rng.uniform(4, 12))),
        F.plant_harshness(y, gain_db=float(rng.uniform(10, 20))),
        F.plant_mud(y, gain_db=float(rng.uniform(10, 16))),
        F.plant_thin(y, cutoff_hz=float(rng.uniform(250, 400))),
        F.plant_dc(y, dc=float(rng.choice([-1, 1]) * rng.uniform(0.008, 0.04))),
        F.plant_phase(y, start_s=t(8), dur_s=float(rng.uniform(3, 8))),
        F.plant_narrow(y),
        F.plant_tempo_drift(y, start_s=t(14), dur_s=14.0, ratio=float(rng.choice([0.88, 0.92, 1.08, 1.12]))),
        F.plant_gain(y, gain_db=float(rng.choice([-1, 1]) * rng.uniform(6, 12))),
    ]


def sketch_corpus(per_genre: int, steps: int) -> int:
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "quality"))
    from test_false_positives import GENRES, sketch_take

    from quality.analyze import analyze

    tp, fn, fp = defaultdict(int), defaultdict(int), defaultdict(int)
    clean, clean_bad, n_takes = 0, 0, 0
    for gi, genre in enumerate(GENRES):
        for i in range(per_genre):
            take, events = sketch_take(genre, 1000 + 100 * gi + i, steps=steps)
            r = analyze(take.audio, stems=take.stems, planned_duration_s=30.0)
            found = [d for d in r.defects + [d for s in r.stems for d in s.defects] if d.severity >= MIN_SEV]
            n_takes += 1
            truth = take.diagnostics
            used = set()
            for t in truth:
                hit = [j for j, d in enumerate(found) if d.kind.value == t["kind"] and d.stem in (None, t.get("stem"))
                       and d.start_s <= t["end_s"] + 0.5 and d.end_s >= t["start_s"] - 0.5]
                tp[t["kind"]] += bool(hit)
                fn[t["kind"]] += not hit
                used.update(hit)
            for j, d in enumerate(found):
                if j in used:
                    continue
                # consequences of a planted flaw are not false positives: a clipped bus is over the true-peak
                # limit and distorted, an early ending changes loudness and structure, a dropout is a gap
                near = any(d.start_s <= t["end_s"] + 0.5 and d.end_s >= t["start_s"] - 0.5 for t in truth)
                if near and d.kind.value in ("true_peak_over", "distortion", "clipping", "loudness_off_target", "click", "structure_mismatch"):
                    continue
                if truth and d.kind.value in ("loudness_off_target", "true_peak_over", "structure_mismatch"):
                    continue
                fp[d.kind.value] += 1
            if not truth:
                clean += 1
                clean_bad += any(d.severity >= 0.5 for d in found)
            print(f"{genre:>10} {1000 + 100 * gi + i} truth={[t['kind'] for t in truth]} found={sorted({(d.kind.value, d.stem) for d in found}, key=str)}", file=sys.stderr)
    _table(tp, fn, fp)
    print(f"\nsketch takes: {n_takes} ({steps} steps); clean takes with a defect of severity >= 0.5 (mix or stems): {clean_bad}/{clean}")
    return 0


def _table(tp, fn, fp) -> None:
    kinds = sorted(set(tp) | set(fn) | set(fp))
    print("\n| defect kind | planted | recall | precision | false positives |")
    print("|---|---|---|---|---|")
    for k in kinds:
        n = tp[k] + fn[k]
        rec = f"{tp[k] / n:.2f}" if n else "-"
        prec = f"{tp[k] / (tp[k] + fp[k]):.2f}" if tp[k] + fp[k] else "-"
        print(f"| {k} | {n} | {rec} | {prec} | {fp[k]} |")


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--clips", type=int, default=3)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--sketch", type=int, default=0, help="takes per genre of the sketch-engine corpus")
    ap.add_argument("--steps", type=int, default=8)
    a = ap.parse_args()
    if a.sketch:
        return sketch_corpus(a.sketch, a.steps)
    from quality.analyze import analyze

    rng = np.random.default_rng(a.seed)
    tp, fn, fp = defaultdict(int), defaultdict(int), defaultdict(int)
    clean_fp_files, clean_files = 0, 0
    for name, y in bases(a.clips, rng):
        base = analyze(y)
        base_kinds = {d.kind.value for d in base.defects if d.severity >= MIN_SEV}
        clean_files += 1
        clean_fp_files += any(d.severity >= 0.5 for d in base.defects)
        for yy, (kind, s, e) in plants(y, rng):
            r = analyze(yy)
            found = [d for d in r.defects if d.severity >= MIN_SEV]
            hit = any(d.kind.value == kind and d.start_s <= e + 0.5 and d.end_s >= s - 0.5 for d in found)
            tp[kind] += hit
            fn[kind] += not hit
            for k in {d.kind.value for d in found} - {kind} - base_kinds:
                if not (kind in ("harshness", "muddy_mix", "thin_low_end", "loudness_off_target") and k in ("true_peak_over", "clipping", "loudness_off_target")):
                    fp[k] += 1
            print(f"{name:>14} {kind:<20} {'hit' if hit else 'MISS'}", file=sys.stderr)
    _table(tp, fn, fp)
    print(f"\nclean base clips with a defect of severity >= 0.5: {clean_fp_files}/{clean_files}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
