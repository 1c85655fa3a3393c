"""muddy_mix without stems on the splits before fresh4: which measure tells a planted low-mid bell from warmth.

    .venv/bin/python bench/mud_study.py --out /tmp/mud.json   # measure every clean and mud-planted excerpt
    .venv/bin/python bench/mud_study.py --read /tmp/mud.json  # the tables (no analysis)

Each excerpt of the splits before fresh4 (calibrate, heldout, fresh_calibrate, fresh_heldout, fresh2, fresh3; never
fresh4) is read clean and with its planted +10..16 dB bell at 320 Hz (``real_corpus.planted``). Per copy:
the detector's bell gain and limit (``spectral_balance.shape_measure``), the percussive evidence, the
low-mid transient share, and candidate bells fitted the same way (Q MUD_BELL_Q over the detector's range)
to other spectra of the same frames:

- floor: the per-bin FLOOR_Q quantile of the power over the active frames (what every moment holds);
- win_lo / win_med: the FLOOR_Q quantile / median of the bell gains of WINDOW_S windows (a whole-mix EQ
  lifts every window alike; an arrangement's warm section lifts its own windows);

The question each table answers: is the candidate's clean spread (what a limit must clear) smaller
against the same response to a planted bell? Then, per split, the clean bell's mean and spread and
why the plants missed by the detector's bell and limit are missed (the planted bell under the drums'
limit, or over it but under a limit raised for a tonal low-mid without drums), and what an
allowance for a sustained low-mid *with* drums (SUSTAINED_DRUMS_EXTRA_DB) would trade.
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

FLOOR_Q = 0.2
WINDOW_S = 4.0
SUSTAINED_DRUMS_EXTRA_DB = (0.0, 1.0, 2.0, 3.0, 4.0, 6.0, 8.0)  # the grid read by --read
SPLITS = ("calibrate", "heldout", "fresh_calibrate", "fresh_heldout", "fresh2", "fresh3")


def measures(y: np.ndarray) -> dict:
    from quality.detectors import spectral_balance as SB
    from quality.detectors.low_end import LEAN_FIT_FROM_HZ, lean
    from quality.detectors.tonal_bell import bell_fit, long_term_db, transient_share_db
    from quality.features import Features

    f = Features(y)
    act, p = f.active_frames, f.power
    ltas = long_term_db(p, act, sr=f.sr)
    lo, hi = SB.MUD_BELL_RANGE_HZ
    lo = LEAN_FIT_FROM_HZ if lean(ltas) else lo
    centre = float(np.sqrt(200.0 * 500.0))

    def bell(spec):
        return bell_fit(*spec, centre_hz=centre, lo_hz=lo, hi_hz=hi, q=SB.MUD_BELL_Q)[0]

    e = f.band_energy[act].sum(axis=0)
    lo_s, hi_s = SB.MUD_SUSTAIN_RANGE_HZ
    tr = transient_share_db(p, act, sr=f.sr, lo_hz=lo_s, hi_hz=hi_s)
    g, lim = SB.shape_measure(SB.DefectKind.muddy_mix, e, ltas, f.percussive, SB.sustain_weight(tr))
    idx = np.flatnonzero(act)
    out = {"g": g, "lim": lim, "perc": float(f.percussive), "transient": tr, "lean": bool(lean(ltas))}
    if idx.size >= 10:
        fl = np.quantile(p[idx], FLOOR_Q, axis=0)[None, :]
        out["floor"] = bell(long_term_db(fl, np.ones(1, dtype=bool), sr=f.sr))
        per = max(1, int(round(WINDOW_S / f.frame_s)))
        wins = []
        for s in range(0, p.shape[0] - per + 1, per):
            a = act[s:s + per]
            if a.mean() > 0.5:
                wins.append(bell(long_term_db(p[s:s + per], a, sr=f.sr)))
        if wins:
            out["win_lo"] = float(np.quantile(wins, FLOOR_Q))
            out["win_med"] = float(np.median(wins))
    return out


def collect(out: Path) -> None:
    done = {}
    if out.is_file():
        done = {r["track"]: r for r in map(json.loads, out.read_text().splitlines())}
    with out.open("a") as fh:
        for t in RC.tracks():
            if t.split not in SPLITS or t.id in done:
                continue
            y = RC.clip(t)
            plant = next(p for p in RC.plan(t, y.shape[1] / RC.SR) if p.kind == "muddy_mix")
            row = {"track": t.id, "split": t.split, "genre": t.genre, "gain_db": plant.params["gain_db"],
                   "clean": measures(y), "mud": measures(RC.planted(y, plant)[0])}
            fh.write(json.dumps(row) + "\n")
            fh.flush()
            print(f"  {t.split} {t.id}", file=sys.stderr, flush=True)


def read(path: Path) -> None:
    rows = [json.loads(x) for x in path.read_text().splitlines()]
    names = [k for k in ("g", "floor", "win_lo", "win_med") if all(k in r["clean"] for r in rows)]
    for split in SPLITS + ("all",):
        rs = [r for r in rows if split in ("all", r["split"])]
        if not rs:
            continue
        fa = sum(r["clean"]["g"] > r["clean"]["lim"] for r in rs)
        found = sum(r["mud"]["g"] > r["mud"]["lim"] for r in rs)
        print(f"{split}: n {len(rs)}; detector bell over its limit: clean {fa}, planted {found}")
    for k in names:
        c = np.array([r["clean"][k] for r in rows])
        m = np.array([r["mud"][k] for r in rows])
        gain = np.array([r["gain_db"] for r in rows])
        print(f"{k:8s} response {np.median((m - c) / gain):.2f}/dB  clean mean {c.mean():6.2f} sd {c.std():5.2f}  "
              f"planted mean {m.mean():6.2f} sd {m.std():5.2f}")
    from quality.detectors import spectral_balance as SB

    for split in SPLITS + ("all",):
        rs = [r for r in rows if split in ("all", r["split"])]
        g = np.array([r["clean"]["g"] for r in rs])
        miss = [r["mud"] for r in rs if not r["mud"]["g"] > r["mud"]["lim"]]
        under = sum(m["g"] <= SB.MUD_BELL_LIMIT_DRUMS_DB for m in miss)
        print(f"{split}: clean bell mean {g.mean():5.1f} sd {g.std():4.1f}, percussive >= 0.9 "
              f"{np.mean([r['clean']['perc'] >= 0.9 for r in rs]):.2f}; missed {len(miss)}: planted bell under the drums' "
              f"limit {under}, over it but under a raised limit {len(miss) - under}")

    def limit(x: dict, extra: float) -> float:
        if not np.isfinite(x["lim"]):
            return x["lim"]
        p, s = float(np.clip(x["perc"], 0.0, 1.0)), SB.sustain_weight(x["transient"])
        return SB.MUD_BELL_LIMIT_DRUMS_DB + SB.MUD_BELL_SOFT_EXTRA_DB * (1.0 - p) * s + extra * p * s

    for e in SUSTAINED_DRUMS_EXTRA_DB:
        fa = sum(r["clean"]["g"] > limit(r["clean"], e) for r in rows)
        found = sum(r["mud"]["g"] > limit(r["mud"], e) for r in rows)
        f3 = sum(r["mud"]["g"] > limit(r["mud"], e) for r in rows if r["split"] == "fresh3")
        print(f"sustained low-mid with drums +{e:.0f} dB: clean over the limit {fa}/{len(rows)}, planted found {found}, fresh3 {f3}")


def main() -> int:
    return study_main(__doc__, collect, read)


if __name__ == "__main__":
    raise SystemExit(main())
