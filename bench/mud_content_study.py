"""muddy_mix without stems: does the content of the low-mid, read by measures no EQ moves, predict a clean track's bell?

    .venv/bin/python bench/mud_content_study.py --out /tmp/mudc.json   # measure every clean and mud-planted excerpt
    .venv/bin/python bench/mud_content_study.py --read /tmp/mudc.json  # the tables (no analysis)

A bus EQ is linear and time-invariant, so every measure of *how* a band's energy behaves in time (its
transient share, ``tonal_bell.transient_share_db``; how its level moves with another band's) reads the
same on a clean excerpt and on its planted copy. Such measures cannot see the bell, but they can say what
the low-mid holds (a held bed, struck bodies, the same sources as the mids), and a limit could follow that
content if it predicts how warm a clean mix is. The question each table answers: on the clean excerpts,
how much of the spread of the detector's bell (``spectral_balance.shape_measure``) do the invariant
measures explain, fitted (least squares) on the splits before fresh4 and checked on fresh4, fresh5 and
fresh6 (never a later set); and what a limit on the residual would trade against the detector's limit.

Per copy: the detector's bell gain and limit, the percussive evidence, the transient share of four bands
(bass 60-200 Hz, low-mid 200-500, mid 500-2000, presence 2-6 kHz), and the correlation over active frames of
the low-mid's level (dB) with the bass's and with the mid's (``ENV_HOP`` frames averaged). The same for the
tonal table's material (``bench/quality_pr.py --tonal 3``: the sketch engine's clean takes and the packaged
recordings, each clean and with a +6 and a +10 dB bell at 320 Hz, no stems).

What it found (sixteenth session): fitted on the develop splits, the clean bell follows the low-mid's transient
share (-2.0 dB per dB: a held low-mid is warmer) and the percussive evidence (-2.2 dB); a limit on the residual
beat the detector's limit on the develop and the check splits alike, but the sketch engine's takes hold the most
held low-mids of all (-9..-6.2 dB) without being warm (bells -2.8..8.6 dB), so it lost most of the tonal
table's no-stems finds. What told them apart: their low-mid's level moves with the mids' (correlation
0.71-0.93), while the real clean warm mixes over the drums' limit read -0.5..0.6, most under 0.3. The rule kept
(``spectral_balance.mud_limit``: an allowance for a held low-mid with drums as far as it moves apart from the
mids, and a little less for a struck one) is swept in the last table, from the stored measures.
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

DEVELOP = ("calibrate", "heldout", "fresh_calibrate", "fresh_heldout", "fresh2", "fresh3")
CHECK = ("fresh4", "fresh5", "fresh6")
SHARE_BANDS = {"bass": (60.0, 200.0), "lowmid": (200.0, 500.0), "mid": (500.0, 2000.0), "pres": (2000.0, 6000.0)}
ENV_HOP = 8  # frames averaged for the band-level correlations (about 0.17 s)
COVARIATES = ("perc", "tr_lowmid", "tr_lowmid_mid", "corr_mid", "corr_bass")


def measures(y: np.ndarray) -> dict:
    from quality.detectors import spectral_balance as SB
    from quality.detectors.tonal_bell import long_term_db, transient_share_db
    from quality.features import Features

    f = Features(y)
    act, p = f.active_frames, f.power
    ltas = long_term_db(p, act, sr=f.sr)
    tr = {k: transient_share_db(p, act, sr=f.sr, lo_hz=lo, hi_hz=hi) for k, (lo, hi) in SHARE_BANDS.items()}
    e = f.band_energy[act].sum(axis=0)
    g, lim = SB.shape_measure(SB.DefectKind.muddy_mix, e, ltas, f.percussive, SB.sustain_weight(tr["lowmid"]))
    freqs = np.fft.rfftfreq(2 * (p.shape[1] - 1), 1.0 / f.sr)
    idx = np.flatnonzero(act)
    n = idx.size // ENV_HOP * ENV_HOP

    def env(lo: float, hi: float) -> np.ndarray:
        cols = (freqs >= lo) & (freqs < hi)
        x = p[idx[:n]][:, cols].sum(axis=1).reshape(-1, ENV_HOP).mean(axis=1)
        return 10 * np.log10(x + 1e-12)

    out = {"g": g, "lim": lim, "perc": float(f.percussive)} | {f"tr_{k}": v for k, v in tr.items()}
    out["tr_lowmid_mid"] = tr["lowmid"] - tr["mid"]
    if n >= 4 * ENV_HOP:
        lm = env(*SHARE_BANDS["lowmid"])
        out["corr_mid"] = float(np.corrcoef(lm, env(*SHARE_BANDS["mid"]))[0, 1])
        out["corr_bass"] = float(np.corrcoef(lm, env(*SHARE_BANDS["bass"]))[0, 1])
    return out


def _tonal_material() -> list[tuple[str, str, np.ndarray]]:
    import quality_pr as QP

    from engine.audio import read_audio

    items = [("sketch", f"sketch {g} {s}", t.audio) for g, s, t in QP._clean_sketch(3)]
    return items + [("tonal_recordings", p.stem, read_audio(p))
                    for p in sorted(QP.REAL.glob("*.ogg")) + [QP.FROZEN / m for m in QP.FROZEN_MUSIC] if p.exists()]


def collect(out: Path) -> None:
    from quality import fixtures as F

    done = set()
    if out.is_file():
        done = {r["track"] for r in map(json.loads, out.read_text().splitlines())}
    with out.open("a") as fh:
        for split, name, y in _tonal_material():
            if name not in done:
                row = {"track": name, "split": split, "clean": measures(y)}
                row |= {f"+{g}": measures(F.peaking_eq(y, freq_hz=320, gain_db=g, q=0.8)) for g in (6, 10)}
                fh.write(json.dumps(row) + "\n")
                fh.flush()
        for t, y, plants in RC.excerpts(DEVELOP + CHECK):
            if t.id in done:
                continue
            plant = plants["muddy_mix"]
            row = {"track": t.id, "split": t.split, "genre": t.genre, "gain_db": plant.params["gain_db"],
                   "clean": measures(y), "mud": measures(RC.planted(y, plant)[0])}
            fh.write(json.dumps(row) + "\n")
            fh.flush()
            print(f"  {t.split} {t.id}", file=sys.stderr, flush=True)


def _x(rows: list[dict], which: str) -> np.ndarray:
    return np.array([[1.0] + [r[which].get(k, 0.0) for k in COVARIATES] for r in rows])


def _limit(c: dict, extra: float, less: float) -> float:
    """The detector's limit (``spectral_balance.mud_limit``) with MUD_APART_EXTRA_DB = ``extra`` and
    MUD_STRUCK_LESS_DB = ``less``, from a copy's stored measures."""
    from quality.detectors import spectral_balance as SB

    if not np.isfinite(c["lim"]):
        return c["lim"]
    p, s = float(np.clip(c["perc"], 0.0, 1.0)), SB.sustain_weight(c["tr_lowmid"])
    return (SB.MUD_BELL_LIMIT_DRUMS_DB + SB.MUD_BELL_SOFT_EXTRA_DB * (1.0 - p) * s
            + extra * p * s * SB.apart_weight(c.get("corr_mid", 1.0)) - less * p * SB.struck_weight(c["tr_lowmid"]))


def _rule_table(rows: list[dict], tonal: list[dict]) -> None:
    print("\n| extra, less (dB) | develop: clean over / >= 0.5 / planted found | check: the same | sketch takes: clean / +6 / +10 | recordings: the same |")
    print("|---|---|---|---|---|")
    for extra, less in ((0.0, 0.0), (2.0, 0.0), (4.0, 0.0), (6.0, 0.0), (4.0, 1.0), (4.0, 2.0)):
        cells = []
        for names in (DEVELOP, CHECK):
            rs = [r for r in rows if r["split"] in names]
            cells.append(f"{sum(r['clean']['g'] > _limit(r['clean'], extra, less) for r in rs)} / "
                         f"{sum(r['clean']['g'] > _limit(r['clean'], extra, less) + 4.0 for r in rs)} / "
                         f"{sum(r['mud']['g'] > _limit(r['mud'], extra, less) for r in rs)} of {len(rs)}")
        for split in ("sketch", "tonal_recordings"):
            rs = [r for r in tonal if r["split"] == split]
            cells.append(" / ".join(str(sum(r[k]["g"] > _limit(r[k], extra, less) for r in rs)) for k in ("clean", "+6", "+10"))
                         + f" of {len(rs)}")
        print(f"| {extra:.0f}, {less:.0f} | " + " | ".join(cells) + " |")


def read(path: Path) -> None:
    every = list(map(json.loads, path.read_text().splitlines()))
    tonal = [r for r in every if r["split"] in ("sketch", "tonal_recordings")]
    rows = [r for r in every if r["split"] in DEVELOP + CHECK and np.isfinite(r["clean"]["lim"])]
    dev = [r for r in rows if r["split"] in DEVELOP]
    chk = [r for r in rows if r["split"] in CHECK]
    for k in ("perc",) + tuple(f"tr_{b}" for b in SHARE_BANDS) + ("tr_lowmid_mid", "corr_mid", "corr_bass"):
        c = np.array([r["clean"].get(k, np.nan) for r in rows])
        m = np.array([r["mud"].get(k, np.nan) for r in rows])
        g = np.array([r["clean"]["g"] for r in rows])
        ok = np.isfinite(c)
        print(f"{k:14s} clean mean {np.nanmean(c):6.2f} sd {np.nanstd(c):5.2f}; planted - clean median "
              f"{np.nanmedian(m - c):+.3f}; corr with the clean bell {np.corrcoef(c[ok], g[ok])[0, 1]:+.2f}")
    coef, *_ = np.linalg.lstsq(_x(dev, "clean"), np.array([r["clean"]["g"] for r in dev]), rcond=None)
    print("fit on the develop splits: " + ", ".join(f"{k} {v:+.2f}" for k, v in zip(("const",) + COVARIATES, coef, strict=True)))
    for name, rs in (("develop", dev), ("check", chk)):
        g = np.array([r["clean"]["g"] for r in rs])
        res = g - _x(rs, "clean") @ coef
        gm = np.array([r["mud"]["g"] for r in rs]) - _x(rs, "mud") @ coef
        print(f"{name}: n {len(rs)}; clean bell sd {g.std():.2f}, residual sd {res.std():.2f}; "
              f"planted residual median {np.median(gm):.2f}")
        fa = sum(r["clean"]["g"] > r["clean"]["lim"] for r in rs)
        found = sum(r["mud"]["g"] > r["mud"]["lim"] for r in rs)
        print(f"  detector's limit: clean over {fa}, planted over {found}")
        for lim in np.arange(4.0, 12.1, 1.0):
            print(f"  residual limit {lim:4.1f}: clean over {int((res > lim).sum())}, planted over {int((gm > lim).sum())}")
    _rule_table(rows, tonal)


def main() -> int:
    return study_main(__doc__, collect, read)


if __name__ == "__main__":
    raise SystemExit(main())
