"""Precision / recall per defect kind on a planted-defect corpus.

    .venv/bin/python bench/quality_pr.py [--clips 3] [--seed 0]
    .venv/bin/python bench/quality_pr.py --sketch 6 [--steps 8]
    .venv/bin/python bench/quality_pr.py --tonal 3      # tonal balance: clean vs planted boosts
    .venv/bin/python bench/quality_pr.py --tempo        # tempo at known bpm across genres

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
            found = [d for d in r.all_defects if d.severity >= MIN_SEV]
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


TONAL = ("muddy_mix", "harshness", "thin_low_end")
FROZEN = Path("/usr/share/games/frozen-bubble/snd")
FROZEN_MUSIC = ("frozen-mainzik-1p.ogg", "frozen-mainzik-2p.ogg", "introzik.ogg")


def _clean_sketch(per_genre: int):
    """(genre, seed, take) for the first ``per_genre`` clean takes (empty diagnostics) of each genre."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "quality"))
    from test_false_positives import GENRES, sketch_take

    for genre in GENRES:
        n = 0
        for seed in range(1, 100):
            take, _ = sketch_take(genre, seed)
            if not take.diagnostics:
                yield genre, seed, take
                n += 1
                if n >= per_genre:
                    break


def _tonal_found(r) -> dict[str, float]:
    return {k: max([d.severity for d in r.defects if d.kind.value == k], default=0.0) for k in TONAL}


def tonal_corpus(per_genre: int) -> int:
    """Tonal balance on clean material and planted boosts with known answers.

    Clean: sketch takes (empty diagnostics) across the 10 genres, with and without their
    stems, and the packaged recordings (xmoto-data, frozen-bubble-data). Planted: a +6 dB
    and a +10 dB bell at 320 Hz (Q 0.8: muddy_mix) and at 3 kHz (Q 0.7: harshness), and a
    4th-order high-pass at 250 Hz (thin_low_end), on the mix bus (sketch takes: analysed
    with their unchanged stems, and without stems) and on the recordings.
    Found: a defect of the planted kind with severity >= 0.25.
    """
    from engine.audio import read_audio
    from quality import fixtures as F
    from quality.analyze import analyze

    plants = [("muddy_mix", "+6 dB", lambda y: F.peaking_eq(y, freq_hz=320, gain_db=6, q=0.8)),
              ("muddy_mix", "+10 dB", lambda y: F.peaking_eq(y, freq_hz=320, gain_db=10, q=0.8)),
              ("harshness", "+6 dB", lambda y: F.peaking_eq(y, freq_hz=3000, gain_db=6, q=0.7)),
              ("harshness", "+10 dB", lambda y: F.peaking_eq(y, freq_hz=3000, gain_db=10, q=0.7)),
              ("thin_low_end", "hp 250 Hz", lambda y: F.plant_thin(y, cutoff_hz=250)[0])]
    clean = defaultdict(list)  # group -> [max severity per kind]
    found = defaultdict(list)  # (group, kind, label) -> [bool]
    items = [(f"sketch {g} {s}", t.audio, t.stems) for g, s, t in _clean_sketch(per_genre)]
    items += [(p.stem, read_audio(p), None) for p in sorted(REAL.glob("*.ogg")) + [FROZEN / m for m in FROZEN_MUSIC] if p.exists()]
    for name, y, stems in items:
        modes = [("sketch+stems", stems), ("sketch", None)] if stems else [("recordings", None)]
        for group, st in modes:
            r = _tonal_found(analyze(y, stems=st))
            clean[group].append(r)
            bad = {k: v for k, v in r.items() if v >= MIN_SEV}
            for kind, label, fn in plants:
                hit = _tonal_found(analyze(fn(y), stems=st))[kind] >= MIN_SEV
                found[(group, kind, label)].append(hit)
            print(f"{group:>13} {name:<24} clean {bad or '-'}", file=sys.stderr)
    print("\n| material | files | clean with muddy/harsh/thin >= 0.25 | max clean severity (mud, harsh, thin) |")
    print("|---|---|---|---|")
    for group, rs in clean.items():
        n_bad = sum(any(v >= MIN_SEV for v in r.values()) for r in rs)
        mx = ", ".join(f"{max(r[k] for r in rs):.2f}" for k in TONAL)
        print(f"| {group} | {len(rs)} | {n_bad} | {mx} |")
    print("\n| material | planted | found (severity >= 0.25) |")
    print("|---|---|---|")
    for (group, kind, label), hits in found.items():
        print(f"| {group} | {kind} {label} | {sum(hits)}/{len(hits)} |")
    return 0


def tempo_corpus() -> int:
    """Tempo of clean sketch takes at known tempi (2-4 per genre, seeds 1 and 11), +-3 %."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "quality"))
    import librosa
    from test_false_positives import sketch_take

    from quality.features import HOP, Features

    grid = {"jazz": (100, 120, 135, 150), "rock": (112, 128, 140), "metal": (140, 150, 165, 176), "electronic": (120, 124, 130),
            "hip hop": (82, 90, 96), "ambient": (62, 70, 76, 82), "pop": (100, 110, 118, 124), "classical": (76, 84, 92, 104),
            "folk": (86, 96, 106, 116), "latin": (92, 100, 104, 108)}
    ok = ok_lib = n = 0
    for genre, bpms in grid.items():
        for bpm in bpms:
            for seed in (1, 11):
                take, _ = sketch_take(genre, seed, bpm=bpm)
                f = Features(take.audio)
                t = f.beats[0]
                t_lib = float(librosa.feature.tempo(onset_envelope=f.onset_env, sr=f.sr, hop_length=HOP)[0])
                n += 1
                ok += abs(t / bpm - 1) <= 0.03
                ok_lib += abs(t_lib / bpm - 1) <= 0.03
                print(f"{genre:>10} {bpm:>4} seed {seed:>2}: {t:6.1f} (librosa {t_lib:6.1f})", file=sys.stderr)
    print(f"tempo within 3 %: {ok}/{n} (librosa's tempo on the same onset envelopes: {ok_lib}/{n})")
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
    ap.add_argument("--tonal", type=int, default=0, help="tonal balance: clean takes per genre (+ recordings, planted boosts)")
    ap.add_argument("--tempo", action="store_true", help="tempo of sketch takes at known tempi")
    a = ap.parse_args()
    if a.tonal:
        return tonal_corpus(a.tonal)
    if a.tempo:
        return tempo_corpus()
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
