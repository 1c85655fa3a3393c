"""Clicks and noise bursts the critic misses on real music (the seventeenth round): for every plant and every
clean excerpt of the calibration material (``--split all`` and fresh7), the detectors' own events with the
values their rules read, so a missed plant can be told too weak to hear / masked by the music / rejected by a
guard, and a rule's change counted on clean excerpts and plants without re-running the bench.

Per excerpt: clean and planted copies of the click and the noise burst. Noise: every noisy event of the main
rule and of the quiet rule (``noise_burst.both_events``) with frames, flatness, rise, 5-20 kHz rise, whether the
file counts as recurring; the planted burst's level against the music (the mid channel's RMS over the planted
range in the clean excerpt, dB under full scale, and the burst's own). Click: every candidate of both bands
(``click._events``) with its severity and rule values; the plant's amplitude against the music's peak over 50 ms.

    nice -n 10 .venv/bin/python bench/recall_study.py --out /tmp/recall.jsonl --read /tmp/recall.jsonl
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
from quality.detectors import click as C  # noqa: E402
from quality.detectors import noise_burst as NB  # noqa: E402
from quality.features import BANDS, Features  # noqa: E402

DEVELOP = ("calibrate", "heldout", "fresh_calibrate", "fresh_heldout", "fresh2", "fresh3", "fresh4")
CHECK = ("fresh5", "fresh6", "fresh7")
TOL_S = 0.5


def _noise(y: np.ndarray) -> dict:
    f = Features(y)
    st = f.frame_stats
    nb = len(BANDS)
    noisy, quiet = NB.both_events(st[:, nb + 2], st[:, nb], frame_s=f.frame_s, high=st[:, list(NB.HIGH_BANDS)].sum(axis=1))
    return {"noisy": noisy, "quiet": quiet}


def _clicks(y: np.ndarray) -> list[dict]:
    ctx = Context(feats=Features(y))
    out = []
    for high in (False, True):
        keep, _ = C._events(ctx, high)
        out += [{k: (float(v) if isinstance(v, (np.floating, float)) else v) for k, v in g.items() if k in
                 ("start", "end", "sev", "ratio_db", "d2", "change_db", "over_db", "recurring", "n")} | {"high": high}
                for g in keep]
    return out


def _rms_db(x: np.ndarray) -> float:
    return float(10 * np.log10(np.mean(x.astype(np.float64) ** 2) + 1e-20))


def collect(out: Path) -> None:
    with out.open("a") as fh:
        for t, y, plants in RC.excerpts(DEVELOP + CHECK):
            pn, pc = plants["noise_burst"], plants["click"]
            yn = RC.planted(y, pn)[0]
            yc = RC.planted(y, pc)[0]
            a, b = int(pn.start_s * RC.SR), int(pn.end_s * RC.SR)
            i = int(pc.start_s * RC.SR)
            w = int(0.05 * RC.SR)
            row = {"track": t.id, "split": t.split, "noise_plant": pn.__dict__, "click_plant": pc.__dict__,
                   "music_db": _rms_db(y[:, a:b]), "burst_db": _rms_db(yn[:, a:b] - y[:, a:b]),
                   "music_peak_50ms": float(np.abs(y[:, max(0, i - w):i + w]).max()),
                   "clean_noise": _noise(y), "noise": _noise(yn), "clean_clicks": _clicks(y), "clicks": _clicks(yc)}
            fh.write(json.dumps(row) + "\n")
            fh.flush()


def read(path: Path) -> None:
    rows = [json.loads(s) for s in path.read_text().splitlines()]
    print(f"{len(rows)} excerpts")
    for r in rows:
        p = r["noise_plant"]
        ev = [g | {"rule": "quiet" if q else "main"} for q, k in ((0, "noisy"), (1, "quiet")) for g in r["noise"][k]
              if g["start_s"] <= p["end_s"] + TOL_S and g["end_s"] >= p["start_s"] - TOL_S]
        print("noise", r["split"], r["track"][:36], f"{p['end_s'] - p['start_s']:.2f}s +{p['params']['level_db']:.1f}dB",
              f"burst {r['burst_db']:.1f} music {r['music_db']:.1f}", len(r["noise"]["noisy"]),
              [(g["rule"], g["frames"], round(g["flatness"], 2), round(g["rise_db"], 1), round(g["high_rise_db"], 1)) for g in ev])


if __name__ == "__main__":
    raise SystemExit(study_main(__doc__, collect, read))
