"""thin_low_end and muddy_mix on real music without stems: what a lean or warm arrangement reads
beside a planted high-pass or low-mid bell (``--split tune`` material of bench/real_corpus.py only).

    .venv/bin/python bench/lowend_study.py              # tune split: every excerpt clean, high-passed, with a mud bell
    .venv/bin/python bench/lowend_study.py --show       # the same, one line per excerpt and copy
    .venv/bin/python bench/lowend_study.py --sketch 3 --show   # the tonal table's sketch takes and recordings

For each excerpt of the tune split (calibrate + heldout + fresh_calibrate; never fresh_heldout or fresh2)
the clean copy and its planted thin_low_end (4th-order high-pass at 250-400 Hz) and muddy_mix (+10..16 dB
bell at 320 Hz) copies are read once (cached in a .npz next to the corpus, keyed by quality/'s source):
the long-term spectrum (``tonal_bell.long_term_db``), the band energies, the percussive evidence and
the low-mid's transient share. Printed: each measure's clean and planted spread, and the clean
excerpts a detector rule passes.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
import tempfile
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import real_corpus as RC  # noqa: E402

SPLITS = ("calibrate", "heldout", "fresh_calibrate")  # --split tune of bench/quality_real.py
COPIES = ("clean", "thin_low_end", "muddy_mix")


def _key() -> str:
    h = hashlib.sha1()
    root = Path(__file__).resolve().parents[1]
    for p in (root / "quality" / "features.py", root / "quality" / "detectors" / "tonal_bell.py"):
        h.update(p.read_bytes())
    return h.hexdigest()[:10]


def _read(y: np.ndarray) -> dict:
    from quality.detectors import spectral_balance as SB
    from quality.detectors.tonal_bell import long_term_db, transient_share_db
    from quality.features import Features

    f = Features(y)
    act = f.active_frames
    grid, level = long_term_db(f.power, act, sr=f.sr)
    lo, hi = SB.MUD_SUSTAIN_RANGE_HZ
    return {"grid": grid, "level": level, "energy": f.band_energy[act].sum(axis=0), "percussive": float(f.percussive),
            "transient": transient_share_db(f.power, act, sr=f.sr, lo_hz=lo, hi_hz=hi)}


def collect() -> list[dict]:
    """One dict per tune excerpt: id, split, plants' params and each copy's readings (cached)."""
    cache = Path(tempfile.gettempdir()) / f"aceprod_lowend_study_{_key()}.npz"
    if cache.is_file():
        return list(np.load(cache, allow_pickle=True)["rows"])
    rows = []
    for t, y, plants in RC.excerpts(SPLITS):
        row = {"id": t.id, "split": t.split, "genre": t.genre, "cutoff_hz": plants["thin_low_end"].params["cutoff_hz"],
               "gain_db": plants["muddy_mix"].params["gain_db"]}
        for c in COPIES:
            row[c] = _read(y if c == "clean" else RC.planted(y, plants[c])[0])
        rows.append(row)
        print(f"  {t.id}", file=sys.stderr, flush=True)
    np.savez(cache, rows=np.array(rows, dtype=object))
    return rows


def collect_sketch(per_genre: int) -> list[dict]:
    """The tonal table's material (bench/quality_pr.py --tonal, no stems): clean sketch takes and the
    packaged recordings, each clean, high-passed at 250 Hz and with a +6 / +10 dB bell at 320 Hz (cached)."""
    cache = Path(tempfile.gettempdir()) / f"aceprod_lowend_sketch_{per_genre}_{_key()}.npz"
    if cache.is_file():
        return list(np.load(cache, allow_pickle=True)["rows"])
    from quality_pr import FROZEN, FROZEN_MUSIC, REAL, _clean_sketch

    from engine.audio import read_audio
    from quality import fixtures as F

    items = [(f"sketch {g} {s}", t.audio) for g, s, t in _clean_sketch(per_genre)]
    items += [(p.stem, read_audio(p)) for p in sorted(REAL.glob("*.ogg")) + [FROZEN / m for m in FROZEN_MUSIC] if p.exists()]
    rows = []
    for name, y in items:
        rows.append({"id": name, "split": "sketch" if name.startswith("sketch") else "recordings", "clean": _read(y),
                     "thin_low_end": _read(F.plant_thin(y, cutoff_hz=250.0)[0]),
                     "mud6": _read(F.peaking_eq(y, freq_hz=320, gain_db=6, q=0.8)),
                     "muddy_mix": _read(F.peaking_eq(y, freq_hz=320, gain_db=10, q=0.8))})
        print(f"  {name}", file=sys.stderr, flush=True)
    np.savez(cache, rows=np.array(rows, dtype=object))
    return rows


def measures(r: dict) -> dict[str, float]:
    """The readings a rule may use, for one copy ``r`` (``_read``)."""
    from quality.detectors import spectral_balance as SB
    from quality.report import DefectKind

    grid, level = r["grid"], r["level"]
    at = lambda hz: float(level[np.argmin(np.abs(grid - hz))])  # noqa: E731
    ltas = (grid, level)
    thin, thin_lim = SB.shape_measure(DefectKind.thin_low_end, r["energy"], ltas, r["percussive"])
    sus = SB.sustain_weight(r["transient"])
    mud, mud_lim = SB.shape_measure(DefectKind.muddy_mix, r["energy"], ltas, r["percussive"], sus)
    out = {"thin": thin, "thin_lim": thin_lim, "mud": mud, "mud_lim": mud_lim, "perc": r["percussive"], "trans": r["transient"],
           "e63_160": at(63) - at(160), "e100_200": at(100) - at(200), "e50_100": at(50) - at(100),
           "cause_thin": float(SB.low_end_cause(r["energy"], ltas, r["percussive"]) == DefectKind.thin_low_end)}
    # the steepest fall per octave between adjacent grid points under 300 Hz (a 4th-order high-pass: 24 dB/oct)
    m = (grid >= 40) & (grid <= 300)
    g, lv = np.log2(grid[m]), level[m]
    step = np.diff(lv) / np.diff(g)
    out["max_slope"] = float(step.max()) if step.size else 0.0
    out["slope_40_100"] = float(np.polyfit(g[grid[m] <= 100], lv[grid[m] <= 100], 1)[0])
    return out


def summary(rows: list[dict]) -> None:
    """The numbers quality/detectors/low_end.py and the README cite."""
    from quality.detectors import low_end as LE

    def bass_vs_mids(r: dict) -> float:
        g, lv = r["grid"], r["level"]
        return LE._band(g, lv, LE.BASS_HZ) - LE._band(g, lv, LE.MIDS_HZ, np.median)

    m = {c: [measures(r[c]) for r in rows] for c in COPIES}
    hp = [LE.high_passed((r["thin_low_end"]["grid"], r["thin_low_end"]["level"])) for r in rows]
    print(f"{len(rows)} excerpts; high-passed copies read as high-passed: {sum(hp)}; their 63 vs 160 Hz max "
          f"{max(x['e63_160'] for x in m['thin_low_end']):.1f} dB")
    thin = [(r["id"], x) for r, x in zip(rows, m["clean"], strict=True) if x["thin"] < -10.5]
    print("clean excerpts thin by density (< -10.5 dB):")
    for i, x in thin:
        r = next(r for r in rows if r["id"] == i)["clean"]
        print(f"  {i:45s} density {x['thin']:6.1f}  63 vs 160 Hz {x['e63_160']:6.1f}  100 vs 200 Hz {x['e100_200']:6.1f}  "
              f"bass vs mids {bass_vs_mids(r):6.1f}  high-passed {LE.high_passed((r['grid'], r['level']))}  lean {LE.lean((r['grid'], r['level']))}")
    b = np.array([bass_vs_mids(r["clean"]) for r in rows])
    moved = np.array([abs(bass_vs_mids(r["muddy_mix"]) - bass_vs_mids(r["clean"])) for r in rows])
    print(f"bass vs mids, clean: min {b.min():.1f}, 10th percentile {np.percentile(b, 10):.1f}, median {np.median(b):.1f} dB; "
          f"moved by the mud bell: max {moved.max():.1f}, 90th percentile {np.percentile(moved, 90):.1f} dB")
    cm = sorted(((x["mud"] - x["mud_lim"], r["id"], x["mud"]) for r, x in zip(rows, m["clean"], strict=True)), reverse=True)[:6]
    pm = np.array([x["mud"] for x in m["muddy_mix"]])
    print("clean muddy_mix bells over their limits: " + ", ".join(f"{i} {v:.1f} dB (+{d:.1f})" for d, i, v in cm if d > 0))
    for _, i, v in cm[:3]:
        print(f"  planted copies reading under {i}'s clean {v:.1f} dB: {np.mean(pm < v):.0%}")
    for extra in (0.0, 3.0, 7.0):
        found = sum(x["mud"] > x["mud_lim"] + extra for x in m["muddy_mix"])
        fa = sum(x["mud"] > x["mud_lim"] + extra for x in m["clean"])
        print(f"  limits +{extra:.0f} dB: plants over {found}/{len(rows)}, clean over {fa}")


def show(rows: list[dict]) -> None:
    keys = ("thin", "e63_160", "e100_200", "e50_100", "max_slope", "slope_40_100", "mud", "mud_lim", "perc", "trans")
    print("id copy " + " ".join(keys))
    for r in rows:
        for c in COPIES:
            m = measures(r[c])
            print(f"{r['id']:48s} {c:12s} " + " ".join(f"{m[k]:7.2f}" for k in keys))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--show", action="store_true")
    ap.add_argument("--sketch", type=int, default=0, help="instead: the tonal table's material, N clean takes per genre")
    a = ap.parse_args()
    rows = collect_sketch(a.sketch) if a.sketch else collect()
    if a.show:
        show(rows)
    elif not a.sketch:
        summary(rows)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
