"""Essentia's audio-problem detectors beside aceprod's critic, on the same held-out real recordings.

    nice -n 10 .venv/bin/python bench/essentia_peer.py             # held-out half: side-by-side table
    nice -n 10 .venv/bin/python bench/essentia_peer.py --json      # the same as JSON
    .venv/bin/python bench/essentia_peer.py --limit 3               # first 3 tracks of the split only
    .venv/bin/python bench/essentia_peer.py --setup-only            # build the Essentia venv and stop

Essentia (``essentia`` on PyPI, AGPL) is a peer in this benchmark only, never a dependency of
aceprod: it is installed once into its own virtual environment outside the repository
(VENV, default ``~/.cache/aceprod/essentia-venv``, made with the running Python or
``--python``) and driven through ``bench/essentia_worker.py``, run by that venv's python
(one JSON request per excerpt over a pipe; the audio goes over as a temporary .npy).

Same material as ``bench/quality_real.py``: the split's excerpts of ``bench/real_corpus.py``,
clean and with each planted kind. aceprod's rows are quality_real's (its cached reports
for the current analyser, or it analyses the same way). Essentia's detectors keep their
documented defaults (the worker says how they are framed). Each detector is mapped to the
aceprod kind it speaks to (DETECTOR_KINDS); kinds no Essentia detector speaks to show
"n/a". Found = an event of the planted kind overlapping the planted range +-TOL_S (aceprod:
a defect of the kind at severity >= MIN_SEV, as in quality_real). A clean false alarm = a
clean excerpt with at least one event of the kind (aceprod: at severity >= MIN_SEV).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import quality_real as Q  # noqa: E402
import real_corpus as RC  # noqa: E402

VENV = Path(os.environ.get("ACEPROD_ESSENTIA_VENV", Path.home() / ".cache" / "aceprod" / "essentia-venv"))
ESSENTIA_REQ = "essentia==2.1b6.dev1389"  # the PyPI build measured (manylinux wheels for CPython 3.x)
WORKER = Path(__file__).resolve().parent / "essentia_worker.py"
MIN_SEV, TOL_S = Q.MIN_SEV, Q.TOL_S

# Essentia detector -> the aceprod kind(s) its events speak to. Approximate where noted.
DETECTOR_KINDS: dict[str, tuple[str, ...]] = {
    "SaturationDetector": ("clipping", "distortion"),  # flat runs near full scale; a soft saturator under -1 dBFS is out of its reach
    "GapsDetector": ("dropout",),
    "ClickDetector": ("click",),
    "DiscontinuityDetector": ("click",),  # a jump in the waveform; aceprod calls it a click
    "NoiseBurstDetector": ("noise_burst",),
    "FalseStereoDetector": ("narrow_stereo",),  # identical channels only; no polarity (phase_issue) flag
    "StartStopCut": ("early_ending",),  # read backwards: stopCut == 0 means sound stops before the file's end
    "HumDetector": ("hum",),  # no aceprod kind: reported on clean excerpts only
    "TruePeakDetector": ("true_peak_over",),  # a mastering target, not a fault; slow, only with --true-peak
}
CLEAN_ONLY = ("HumDetector", "TruePeakDetector")  # no plant of theirs: run on clean excerpts only
DC_DERIVED = "dc_offset"  # from DCRemoval's removed mean against aceprod's own limit: not an Essentia decision
SHARED_FAULTS = ("clipping", "dropout", "click", "noise_burst", "distortion", "early_ending")  # both have detectors


def detectors_for(kind: str, true_peak: bool = False) -> list[str]:
    """The worker's detectors to run on a copy planted with ``kind`` ("clean": all of them)."""
    names = [d for d, ks in DETECTOR_KINDS.items() if true_peak or d != "TruePeakDetector"]
    if kind == "clean":
        return names + ["DCRemoval"]
    return [d for d in names if kind in DETECTOR_KINDS[d] and d not in CLEAN_ONLY] + (["DCRemoval"] if kind == DC_DERIVED else [])


def kind_events(answer: dict, duration_s: float, dc_limit: float) -> dict[str, list[list[float]]]:
    """The worker's answer as aceprod kinds -> event ranges (every mapped detector joined)."""
    out: dict[str, list[list[float]]] = {}
    for det, evs in answer.get("events", {}).items():
        for k in DETECTOR_KINDS.get(det, ()):
            out.setdefault(k, []).extend(evs)
    dc = answer.get("values", {}).get("dc_removed")
    if dc is not None and dc > dc_limit:
        out.setdefault(DC_DERIVED, []).append([0.0, duration_s])
    return out


def overlaps(events: list[list[float]], start_s: float, end_s: float, tol: float = TOL_S) -> bool:
    return any(s <= end_s + tol and e >= start_s - tol for s, e in events)


def score(rows: list[dict], events_of, covered: set[str] | None = None) -> dict:
    """Recall per planted kind and clean false alarms per kind. ``events_of(row)`` gives a row's
    kind -> ranges; ``covered`` the kinds that side can report (others are "n/a")."""
    clean = [r for r in rows if r["kind"] == "clean"]
    kinds = [k for k in RC.KINDS if covered is None or k in covered]
    rec = {k: [0, 0] for k in kinds}
    for r in rows:
        if r["kind"] in rec:
            p = r["plant"]
            rec[r["kind"]][0] += overlaps(events_of(r).get(r["kind"], []), p["start_s"], p["end_s"])
            rec[r["kind"]][1] += 1
    fa_kinds = kinds + sorted({k for r in clean for k in events_of(r)} - set(RC.KINDS))
    fa = {k: sum(bool(events_of(r).get(k)) for r in clean) for k in fa_kinds}
    shared = sum(any(events_of(r).get(k) for k in SHARED_FAULTS) for r in clean)
    return {"clean": len(clean), "recall": rec, "clean_fa": fa, "clean_any_shared_fault": shared}


def aceprod_events(row: dict) -> dict[str, list[list[float]]]:
    out: dict[str, list[list[float]]] = {}
    for d in row["report"]["defects"]:
        if d["severity"] >= MIN_SEV:
            out.setdefault(d["kind"], []).append([d["start_s"], d["end_s"]])
    return out


# ---- the Essentia side: its venv, its worker, its cached answers ---------------------------

def ensure_venv(python: str | None = None) -> Path:
    """The Essentia venv's python, created and filled from PyPI on first use."""
    py = VENV / "bin" / "python"
    ok = py.is_file() and subprocess.run([str(py), "-c", "import essentia"], capture_output=True).returncode == 0
    if ok:
        return py
    base = python or sys.executable
    print(f"essentia_peer: creating {VENV} with {base} and installing {ESSENTIA_REQ} from PyPI", file=sys.stderr)
    subprocess.run([base, "-m", "venv", str(VENV)], check=True)
    r = subprocess.run([str(py), "-m", "pip", "install", "--quiet", ESSENTIA_REQ], capture_output=True, text=True)
    if r.returncode:
        ver = subprocess.run([str(py), "--version"], capture_output=True, text=True).stdout.strip()
        last = (r.stderr.strip().splitlines() or ["no output"])[-1]
        raise SystemExit(f"essentia_peer: pip could not install {ESSENTIA_REQ} into {VENV} ({ver}: {last}). Essentia ships "
                         "manylinux wheels for some CPython 3 versions only: remove the venv and pass --python with a "
                         "Debian python3.x that has one (apt-get install python3.x-venv)")
    return py


class Worker:
    """bench/essentia_worker.py under the Essentia venv: one request, one answer."""

    def __init__(self, py: Path):
        self.p = subprocess.Popen([str(py), str(WORKER)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)

    def ask(self, req: dict) -> dict:
        self.p.stdin.write(json.dumps(req) + "\n")
        self.p.stdin.flush()
        line = self.p.stdout.readline()
        if not line:
            raise SystemExit(f"essentia_peer: the Essentia worker stopped (exit {self.p.wait()}); run it by hand: "
                             f"echo '{{\"hello\": true}}' | {self.p.args[0]} {WORKER}")
        return json.loads(line)

    def close(self) -> None:
        self.p.stdin.close()
        self.p.wait(timeout=30)


def _fingerprint(version: str, true_peak: bool) -> str:
    h = hashlib.sha1(f"{version}|{true_peak}|{sorted(DETECTOR_KINDS.items())}".encode())
    for p in (WORKER, Path(RC.__file__)):
        h.update(p.read_bytes())
    return h.hexdigest()[:12]


def run_essentia(split: str, limit: int | None, true_peak: bool, python: str | None) -> tuple[list[dict], str]:
    """One row per analysed copy (track, kind, plant, answer), cached per worker version."""
    w = Worker(ensure_venv(python))
    try:
        version = w.ask({"hello": True})["essentia"]
        cache = RC.CACHE / "essentia" / f"{_fingerprint(version, true_peak)}.jsonl"
        cache.parent.mkdir(parents=True, exist_ok=True)
        done = {json.loads(x)["key"]: json.loads(x) for x in cache.read_text().splitlines()} if cache.is_file() else {}
        rows = []
        ts = [t for t in RC.tracks() if split == "all" or t.split == split][: limit or None]
        with cache.open("a") as fh, tempfile.TemporaryDirectory(prefix="essentia_peer_") as tmp:
            for i, t in enumerate(ts):
                y = RC.clip(t)
                dur = y.shape[1] / RC.SR
                jobs = [("clean", None)] + [(p.kind, p) for p in RC.plan(t, dur) if detectors_for(p.kind)]
                for kind, p in jobs:
                    key = f"{t.id}|{p.key() if p else 'clean'}"
                    if key not in done:
                        yy = RC.planted(y, p)[0] if p else y
                        np.save(Path(tmp) / "x.npy", np.ascontiguousarray(yy, dtype=np.float32))
                        ans = w.ask({"npy": str(Path(tmp) / "x.npy"), "sr": RC.SR, "detectors": detectors_for(kind, true_peak)})
                        done[key] = {"key": key, "track": t.id, "kind": kind, "plant": p.__dict__ if p else None,
                                     "duration_s": dur, "answer": ans}
                        fh.write(json.dumps(done[key]) + "\n")
                        fh.flush()
                    rows.append(done[key])
                print(f"  essentia {i + 1}/{len(ts)} {t.id}", file=sys.stderr)
        return rows, version
    finally:
        w.close()


def per_detector(rows: list[dict], dc_limit: float) -> dict[str, dict]:
    """Each detector alone: planted copies of its kinds it finds, clean excerpts where it fires, seconds."""
    out: dict[str, dict] = {}
    for r in rows:
        events = dict(r["answer"].get("events", {}))
        if "DCRemoval" in r["answer"].get("seconds", {}):  # a filter: its event is the derived one
            events["DCRemoval"] = kind_events({"values": r["answer"].get("values", {})}, r["duration_s"], dc_limit).get(DC_DERIVED, [])
        for det, evs in events.items():
            kinds = [DC_DERIVED] if det == "DCRemoval" else list(DETECTOR_KINDS.get(det, ()))
            o = out.setdefault(det, {"kinds": kinds, "found": 0, "planted": 0, "clean_fa": 0, "clean": 0, "seconds": 0.0})
            o["seconds"] += r["answer"]["seconds"].get(det, 0.0)
            if r["kind"] == "clean":
                o["clean"] += 1
                o["clean_fa"] += bool(evs)
            elif r["kind"] in o["kinds"]:
                o["planted"] += 1
                o["found"] += overlaps(evs, r["plant"]["start_s"], r["plant"]["end_s"])
    return out


def summarize(ace_rows: list[dict], ess_rows: list[dict], version: str) -> dict:
    from quality.detectors.dc_offset import MAX_DC

    ess_kinds = {k for ks in DETECTOR_KINDS.values() for k in ks} | {DC_DERIVED}
    ess = score(ess_rows, lambda r: kind_events(r["answer"], r["duration_s"], MAX_DC), ess_kinds)
    ace = score(ace_rows, aceprod_events)
    return {"essentia_version": version, "essentia_requirement": ESSENTIA_REQ, "aceprod": ace, "essentia": ess,
            "essentia_detectors": per_detector(ess_rows, MAX_DC), "derived": {DC_DERIVED: f"DCRemoval's removed mean > {MAX_DC}"},
            "shared_faults": list(SHARED_FAULTS)}


def _cell(rec: dict, fa: dict, k: str, n: int) -> str:
    if k not in rec:
        return "n/a"
    h, m = rec[k]
    return f"{h}/{m} ({fa.get(k, 0)})"


def print_table(s: dict, split: str) -> None:
    ace, ess = s["aceprod"], s["essentia"]
    n = ace["clean"]
    kinds = [k for k in RC.KINDS]
    print(f"\n{split}: {n} clean excerpts, each kind planted once per excerpt; cell = found/planted "
          f"(clean excerpts with an event of that kind, of {n}); Essentia {s['essentia_version']}\n")
    print("| detector | " + " | ".join(kinds) + " | clean with a shared fault |")
    print("|---" * (len(kinds) + 2) + "|")
    for name, side in (("aceprod", ace), ("Essentia", ess)):
        cells = [_cell(side["recall"], side["clean_fa"], k, n) + ("*" if name == "Essentia" and k == DC_DERIVED and k in side["recall"] else "")
                 for k in kinds]
        print(f"| {name} | " + " | ".join(cells) + f" | {side['clean_any_shared_fault']}/{n} |")
    print(f"\n* derived: {s['derived'][DC_DERIVED]} (aceprod's limit; Essentia has no DC detector)")
    print(f"shared faults: {', '.join(SHARED_FAULTS)}")
    extra = {k: v for k, v in ess["clean_fa"].items() if k not in RC.KINDS}
    if extra:
        print("Essentia events on clean excerpts of kinds with no plant: " + ", ".join(f"{k} {v}/{n}" for k, v in extra.items()))
    print("\n| Essentia detector | aceprod kind | found | clean excerpts with an event | seconds per copy |")
    print("|---|---|---|---|---|")
    for det, o in s["essentia_detectors"].items():
        copies = o["planted"] + o["clean"]
        found = f"{o['found']}/{o['planted']}" if o["planted"] else "-"
        print(f"| {det} | {', '.join(o['kinds']) or '-'} | {found} | {o['clean_fa']}/{o['clean']} | {o['seconds'] / max(copies, 1):.2f} |")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--split", default="heldout", choices=("heldout", "calibrate", "all"))
    ap.add_argument("--limit", type=int, default=None, help="first N tracks of the split only")
    ap.add_argument("--json", action="store_true", help="print the summary as JSON")
    ap.add_argument("--true-peak", action="store_true", help="also run TruePeakDetector on clean excerpts (slow)")
    ap.add_argument("--python", default=None, help="interpreter to build the Essentia venv with (default: this one)")
    ap.add_argument("--setup-only", action="store_true", help="create the Essentia venv, print its python, stop")
    a = ap.parse_args()
    if a.setup_only:
        print(ensure_venv(a.python))
        return 0
    t0 = time.perf_counter()
    ess_rows, version = run_essentia(a.split, a.limit, a.true_peak, a.python)
    ace_rows = Q.run(a.split, RC.KINDS, a.limit)
    s = summarize(ace_rows, ess_rows, version) | {"split": a.split}
    if a.json:
        print(json.dumps(s, indent=1))
    else:
        print_table(s, a.split)
    print(f"({len(ess_rows)} Essentia + {len(ace_rows)} aceprod analyses, {time.perf_counter() - t0:.0f} s)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
