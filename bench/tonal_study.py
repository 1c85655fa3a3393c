"""Tonal balance without stems: measures beside the detectors' bells (muddy_mix on the calibration half only).

    .venv/bin/python bench/tonal_study.py              # muddy_mix, calibration half: spread, cross-validated found / false alarms
    .venv/bin/python bench/tonal_study.py --sketch 3   # instead: the hits' discount on sketch takes and recordings
    .venv/bin/python bench/tonal_study.py --harsh 3    # instead: harshness readings, +6 dB sketch takes vs bright clean music
    .venv/bin/python bench/tonal_study.py --hits 3     # instead: muddy_mix with and without a floor on the drum hits' bell

What it asks: can a measure tell a percussive clean mix's natural low-mid warmth from a bus EQ
(a +dB bell at 320 Hz) better than the detector's bell (``spectral_balance.shape_measure``)?
Each candidate is the same two-octave bell fit (Q MUD_BELL_Q over MUD_BELL_RANGE_HZ, beside a level
and a tilt) on another part of the mix, or the smallest of several: a bus EQ lifts every part
alike, a natural bump may belong to one part only (a bed, one side, the sustained frames):

- level: the detector's bell (the long-term spectrum of the mid channel);
- L, R, S: the left, right and side channels' long-term spectra;
- rise: the long-term spectrum of the rise in power from one frame to the next (positive only);
- hits: that rise at the HIT_SHARE of frames with the most onset flux above 5 kHz (the drum hits'
  own spectrum: the frame difference takes away what holds, a bed or a held bass);
- loud / quiet: the louder / quieter half of the active frames;
- discount: level - percussive * max(0, level - hits) (the part of the bump the hits do not share
  is credited to the bed, as far as the track is percussive).

For each: the response to the planted bells (reading gained per dB planted), the clean spread of
the percussive excerpts (>= 0.9), and a leave-one-out estimate of what it would find: for every
excerpt, the limits (drums D, extra S for a tonal low-mid without percussion, as in the detector)
are chosen on the other 40 (every clean one >= MARGIN_DB under, most plants found) and the excerpt
is judged with them. The held-out half is never read here (bench/quality_real.py reports it).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import real_corpus as RC  # noqa: E402

HIT_SHARE = 0.2
MARGIN_DB = 1.0
PERCUSSIVE = 0.9
HITS_FLOOR_DB = -1.0  # --hits: between the synthetic warm bed's hits (-2.2 dB) and its +16 dB bus bell's (0.5)
BRIGHT_DB = 5.5  # --harsh: the readings shown (the limit is 8.5 dB; the +6 dB takes it would need read 5.8-7.8)


def _parts(y: np.ndarray, channels: bool = True) -> dict:
    """Every candidate's bell gain (dB) for the stereo signal ``y`` (without ``channels``: not the
    left, right and side channels'), its percussive evidence and low-mid sustain weight."""
    from quality.detectors import spectral_balance as SB
    from quality.detectors.tonal_bell import bell_fit, bell_gain_db, long_term_db, transient_share_db
    from quality.features import HI_FLUX_HZ, Features, _mel_centres

    f = Features(y)
    act = f.active_frames
    lo, hi = SB.MUD_BELL_RANGE_HZ
    bell = lambda spec: bell_gain_db(*spec, centre_hz=float(np.sqrt(200.0 * 500.0)), lo_hz=lo, hi_hz=hi, q=SB.MUD_BELL_Q)  # noqa: E731
    ltas = lambda p, a: long_term_db(p, a, sr=f.sr)  # noqa: E731
    level = ltas(f.power, act)
    out = {"level": bell(level)}
    resid = bell_fit(*level, centre_hz=float(np.sqrt(200.0 * 500.0)), lo_hz=lo, hi_hz=hi, q=SB.MUD_BELL_Q)[1]
    for name, x in (("L", y[0]), ("R", y[1]), ("S", 0.5 * (y[0] - y[1]))) if channels else ():
        g = Features(np.stack([x, x]))
        out[name] = bell(ltas(g.power, act[: g.power.shape[0]]))
    p = f.power
    pair = np.flatnonzero(act[1:] & act[:-1])
    rise = np.maximum(p[pair + 1] - p[pair], 0.0)
    ones = np.ones(pair.size, dtype=bool)
    out["rise"] = bell(ltas(rise, ones))
    m = f.mel_db[_mel_centres() > HI_FLUX_HZ]
    flux = np.maximum(0.0, np.diff(m, axis=1)).mean(axis=0)[pair]  # the rise into frame pair + 1
    top = flux >= np.quantile(flux, 1.0 - HIT_SHARE)
    out["hits"] = bell(ltas(rise[top], ones[top]))
    e = p[act].sum(axis=1)
    loud = np.zeros_like(act)
    loud[np.flatnonzero(act)[e >= np.median(e)]] = True
    out["loud"], out["quiet"] = bell(ltas(p, loud)), bell(ltas(p, act & ~loud))
    perc = float(np.clip(f.percussive, 0.0, 1.0))
    out["discount"] = out["level"] - perc * max(0.0, out["level"] - out["hits"])
    lo_s, hi_s = SB.MUD_SUSTAIN_RANGE_HZ
    sus = SB.sustain_weight(transient_share_db(p, act, sr=f.sr, lo_hz=lo_s, hi_hz=hi_s))
    return {"bells": out, "percussive": perc, "soft": (1.0 - perc) * sus, "residual": resid}


def _combos(b: dict) -> dict:
    return b | {"min(level,rise)": min(b["level"], b["rise"]), "min(level,hits)": min(b["level"], b["hits"]),
                "min(level,S,rise)": min(b["level"], b["S"], b["rise"]), "mean(L,R)": 0.5 * (b["L"] + b["R"])}


def _limits(clean: list[tuple[float, float]], planted: list[tuple[float, float]]) -> tuple[float, float]:
    """(D, S) finding the most of ``planted`` with every ``clean`` (reading, soft weight) MARGIN_DB under."""
    best = (-1, 0.0, 0.0)
    for s in np.arange(0.0, 20.01, 0.5):
        d = max(v - s * w for v, w in clean) + MARGIN_DB
        found = sum(v > d + s * w for v, w in planted)
        if found > best[0]:
            best = (found, d, float(s))
    return best[1], best[2]


def study() -> dict[str, dict]:
    rows = []
    for t, y, plants in RC.excerpts(("calibrate",)):
        plant = plants["muddy_mix"]
        c, m = _parts(y), _parts(RC.planted(y, plant)[0])
        rows.append((t.id, c, m, plant.params["gain_db"]))
        print(f"  {t.id}", file=sys.stderr, flush=True)
    res = {}
    for name in _combos(rows[0][1]["bells"]):
        cv = [(_combos(c["bells"])[name], c["soft"]) for _, c, _, _ in rows]
        mv = [(_combos(m["bells"])[name], m["soft"]) for _, _, m, _ in rows]
        perc = np.array([c["percussive"] >= PERCUSSIVE for _, c, _, _ in rows])
        found = fa = 0
        for i in range(len(rows)):
            d, s = _limits(cv[:i] + cv[i + 1:], mv[:i] + mv[i + 1:])
            found += mv[i][0] > d + s * mv[i][1]
            fa += cv[i][0] > d + s * cv[i][1]
        clean = np.array([v for v, _ in cv])
        resp = float(np.mean([(mv[i][0] - cv[i][0]) / rows[i][3] for i in range(len(rows))]))
        res[name] = {"response": resp, "spread_percussive": float(clean[perc].std()), "max_percussive": float(clean[perc].max()),
                     "loo_found": found, "loo_false": fa, "n": len(rows)}
    return res


def sketch(per_genre: int) -> None:
    """The hits' discount on the tonal table's material (bench/quality_pr.py --tonal): clean sketch
    takes without stems and the packaged recordings, +6 / +10 dB low-mid bells, found at the
    detector's own limits with and without the discount."""
    from quality_pr import FROZEN, FROZEN_MUSIC, REAL, _clean_sketch

    from engine.audio import read_audio
    from quality import fixtures as F
    from quality.detectors import spectral_balance as SB

    items = [(f"sketch {g} {s}", t.audio) for g, s, t in _clean_sketch(per_genre)]
    items += [(p.stem, read_audio(p)) for p in sorted(REAL.glob("*.ogg")) + [FROZEN / m for m in FROZEN_MUSIC] if p.exists()]
    count: dict[tuple[str, str, str], int] = {}
    for name, y in items:
        group = "sketch takes" if name.startswith("sketch") else "recordings"
        for label, gain in (("clean", 0.0), ("+6 dB", 6.0), ("+10 dB", 10.0)):
            r = _parts(F.peaking_eq(y, freq_hz=320.0, gain_db=gain, q=0.8) if gain else y, channels=False)
            lim = SB.MUD_BELL_LIMIT_DRUMS_DB + SB.MUD_BELL_SOFT_EXTRA_DB * r["soft"] if r["residual"] <= SB.MAX_BELL_RESIDUAL_DB \
                else float("inf")  # as the detector: a spectrum the bell does not explain is not judged
            for how in ("level", "discount"):
                count[(group, label, how)] = count.get((group, label, how), 0) + (r["bells"][how] > lim)
        print(f"  {name}", file=sys.stderr, flush=True)
    print("\n| material | muddy_mix found: the detector's bell | with the hits' discount |\n|---|---|---|")
    for group in ("sketch takes", "recordings"):
        for label in ("clean", "+6 dB", "+10 dB"):
            print(f"| {group}, {label} | {count.get((group, label, 'level'), 0)} | {count.get((group, label, 'discount'), 0)} |")


def _presence(y: np.ndarray) -> dict[str, float]:
    """harshness's readings of ``y``: its bell (the detector's fit), untilted, on the frame-to-frame
    rise, the side channel's bell minus the mid's, the presence's transient share, the percussive evidence."""
    from quality.detectors import spectral_balance as SB
    from quality.detectors.tonal_bell import bell_gain_db, long_term_db, transient_share_db
    from quality.features import Features

    f = Features(y)
    act = f.active_frames
    lo, hi = SB.HARSH_BELL_RANGE_HZ
    bell = lambda spec, tilt=True: bell_gain_db(*spec, centre_hz=float(np.sqrt(2000.0 * 5000.0)), lo_hz=lo, hi_hz=hi, tilt=tilt)  # noqa: E731
    level = long_term_db(f.power, act, sr=f.sr)
    pair = np.flatnonzero(act[1:] & act[:-1])
    rise = np.maximum(f.power[pair + 1] - f.power[pair], 0.0)
    side = Features(np.stack([0.5 * (y[0] - y[1])] * 2))
    return {"bell": bell(level), "untilted": bell(level, tilt=False),
            "rise": bell(long_term_db(rise, np.ones(pair.size, dtype=bool), sr=f.sr)),
            "side_minus_mid": bell(long_term_db(side.power, act[: side.power.shape[0]], sr=f.sr)) - bell(level),
            "transient_share": transient_share_db(f.power, act, sr=f.sr, lo_hz=2000.0, hi_hz=5000.0), "percussive": f.percussive}


def harsh(per_genre: int) -> None:
    """harshness without stems: the sketch takes' +6 dB presence bells reading >= BRIGHT_DB beside the clean
    recordings (calibration half, the tonal table's recordings) that read as high and are not dark."""
    from quality_pr import FROZEN, FROZEN_MUSIC, REAL, _clean_sketch

    from engine.audio import read_audio
    from quality import fixtures as F
    from quality.detectors import spectral_balance as SB

    rows = []
    for g, s, t in _clean_sketch(per_genre):
        rows.append((f"sketch {g} {s}, +6 dB", _presence(F.peaking_eq(t.audio, freq_hz=3000.0, gain_db=6.0, q=0.7))))
    clean = [(t.id, RC.clip(t)) for t in RC.tracks() if t.split == "calibrate"]
    clean += [(p.stem, read_audio(p)) for p in sorted(REAL.glob("*.ogg")) + [FROZEN / m for m in FROZEN_MUSIC] if p.exists()]
    rows += [(f"{name}, clean", _presence(y)) for name, y in clean]
    print("\n| harshness, no stems | bell | on the rise | side minus mid | presence transient share | percussive |\n|---|---|---|---|---|---|")
    for name, r in rows:
        if r["bell"] >= BRIGHT_DB and r["untilted"] >= SB.HARSH_BELL_FLOOR_DB:
            print(f"| {name} | {r['bell']:.1f} | {r['rise']:.1f} | {r['side_minus_mid']:.1f} | {r['transient_share']:.1f} | {r['percussive']:.2f} |")


def hits(per_genre: int) -> None:
    """muddy_mix (the detector itself) with and without a drum hits' floor: a percussive item (>= PERCUSSIVE)
    whose hits' bell (the ``hits`` candidate above) is under HITS_FLOOR_DB is not flagged, on the calibration
    half (clean, planted), N clean sketch takes per genre without stems (clean, +6 / +10 dB at 320 Hz) and
    tests/quality/test_mud_warm_bed.py's warm bed and bus bell; every item flagged is listed with its hits' bell."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "quality"))
    import test_mud_warm_bed as W
    from quality_pr import _clean_sketch

    from quality import fixtures as F
    from quality.detectors import muddy_mix
    from quality.detectors.base import Context
    from quality.features import Features

    items = []
    for t in RC.tracks():
        if t.split == "calibrate":
            y = RC.clip(t)
            plant = next(p for p in RC.plan(t, y.shape[1] / RC.SR) if p.kind == "muddy_mix")
            items += [("calibration half", "clean", t.id, y), ("calibration half", "planted", t.id, RC.planted(y, plant)[0])]
    for g, s, t in _clean_sketch(per_genre):
        items += [("sketch takes", label, f"{g} {s}", F.peaking_eq(t.audio, freq_hz=320.0, gain_db=gain, q=0.8) if gain else t.audio)
                  for label, gain in (("clean", 0.0), ("+6 dB", 6.0), ("+10 dB", 10.0))]
    items += [("test_mud_warm_bed", "warm bed", "", W._mix(W.WARM_DB)),
              ("test_mud_warm_bed", "+16 dB bus bell", "", F.peaking_eq(W._mix(0.0), freq_hz=320.0, gain_db=W.WARM_DB, q=0.8))]
    count: dict[tuple[str, str], list[int]] = {}
    print("\n| material | item | the mix's bell over its limit (dB) | percussive | hits' bell (dB) |\n|---|---|---|---|---|")
    for group, label, name, y in items:
        d = [x for x in muddy_mix.run(Context(feats=Features(y))) if x.severity >= 0.25]
        r = _parts(y, channels=False) if d else {}
        vetoed = bool(d) and r["percussive"] >= PERCUSSIVE and r["bells"]["hits"] < HITS_FLOOR_DB
        c = count.setdefault((group, label), [0, 0, 0])
        c[0] += bool(d) and not vetoed
        c[1] += bool(d)
        c[2] += 1
        if d:
            ev = d[0].evidence
            print(f"| {group}, {label} | {name} | {ev['shape_db'] - ev['shape_limit_db']:.1f} | {r['percussive']:.2f} | {r['bells']['hits']:.1f} |")
        print(f"  {group} {label} {name}", file=sys.stderr, flush=True)
    print(f"\n| material | found with the hits' floor ({HITS_FLOOR_DB} dB) | without (the detector) |\n|---|---|---|")
    for (group, label), (w, wo, n) in count.items():
        print(f"| {group}, {label} | {w}/{n} | {wo}/{n} |")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sketch", type=int, default=0, help="instead: the hits' discount on N clean sketch takes per genre and the recordings")
    ap.add_argument("--harsh", type=int, default=0, help="instead: harshness readings of N sketch takes per genre (+6 dB) "
                    "and of the clean recordings that read as high")
    ap.add_argument("--hits", type=int, default=0, help="instead: muddy_mix with and without the drum hits' floor on the "
                    "calibration half, N sketch takes per genre and the synthetic warm bed")
    a = ap.parse_args()
    if a.hits:
        hits(a.hits)
        return 0
    if a.sketch:
        sketch(a.sketch)
        return 0
    if a.harsh:
        harsh(a.harsh)
        return 0
    res = study()
    print(f"\ncalibration half, {next(iter(res.values()))['n']} excerpts; leave-one-out with limits >= {MARGIN_DB} dB over every other clean one")
    print("| measure | dB read per dB planted | clean spread, percussive (std dB) | clean max, percussive | LOO found | LOO clean flagged |")
    print("|---|---|---|---|---|---|")
    for k, v in res.items():
        print(f"| {k} | {v['response']:.2f} | {v['spread_percussive']:.2f} | {v['max_percussive']:.1f} | {v['loo_found']}/{v['n']} | {v['loo_false']}/{v['n']} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
