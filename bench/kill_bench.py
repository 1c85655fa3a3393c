"""kill -9 at random moments of album runs and of a catalog ingest; every resume
must finish with no duplicate rows and no lost takes.

    .venv/bin/python bench/kill_bench.py [--kills 20] [--seed 0] [--work /tmp/killbench]

Album: a 2-track brief (15 s tracks, 2 candidates, 1 repair, rule-based planner, sketch
engine). A full run is timed first; then the run is killed with SIGKILL after a random
delay in [0.2 s, the full run's time], resumed, killed again ... (a killed run that had
not yet saved its run id starts over), until ``--kills`` kills landed; each run is then
resumed to its end and checked: every (track, candidate) take is in album.json with
its files on disk, the catalog holds each take once (gen_id and sha256), one row per
repair, and the run is marked done.

Ingest: a folder of real takes without reports (so ingest scores them: seconds of
work) is ingested in batches of 4; each attempt is killed at a random moment, the
catalog must open and hold no duplicates; after ``--kills`` kills a last ingest must
bring the count to every take, each once.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

BRIEF = """brief: "house album, 2 tracks, instrumental"
track_duration: 15
candidates: 2
"""


def aceprod(*args: str | Path, **kw) -> subprocess.Popen:
    env = dict(os.environ, PYTHONUNBUFFERED="1", COLUMNS="120", PYTHONPATH=str(ROOT))
    return subprocess.Popen([sys.executable, "-m", "agent.cli", *map(str, args)], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=env, cwd=ROOT, **kw)


def finish(proc: subprocess.Popen, timeout: float = 900) -> tuple[int, str, str]:
    out, err = proc.communicate(timeout=timeout)
    return proc.returncode, out, err


def kill_at(proc: subprocess.Popen, delay: float) -> bool:
    """SIGKILL ``proc`` after ``delay`` s; False when it finished first."""
    end = time.monotonic() + delay
    while time.monotonic() < end:
        if proc.poll() is not None:
            proc.communicate()
            return False
        time.sleep(0.02)
    proc.send_signal(signal.SIGKILL)
    proc.communicate()
    return True


def check_album(out: Path, cat: Path, run_id: str) -> dict:
    from catalog.store import Catalog
    from tools.take_id import TakeId

    album = json.loads((out / run_id / "album.json").read_text())
    cands = {(t["track"], t["candidate"]) for t in album["takes"] if t["kind"] == "candidate"}
    lost = [str(TakeId.candidate(t, c)) for t in (1, 2) for c in (1, 2) if (t, c) not in cands]
    missing_files = [t["take_id"] for t in album["takes"] if not (out / run_id / t["audio"]).is_file()]
    with Catalog.open(cat, read_only=True, wait_s=30) as c:
        n = c.counts(run_id)
        rows, distinct, repairs, status = n.generations, n.distinct_audio, n.repairs, n.run_status
    return {"run_id": run_id, "takes": len(album["takes"]), "rows": rows, "distinct": distinct,
            "repairs": len(album["repairs"]), "repair_rows": repairs, "status": status, "lost": lost,
            "missing_files": missing_files,
            "ok": not lost and not missing_files and rows == distinct == len(album["takes"])
            and repairs == len(album["repairs"]) and status == "done"}


def album_bench(work: Path, kills: int, rng: random.Random) -> None:
    brief = work / "brief.yaml"
    brief.write_text(BRIEF)
    out, cat = work / "album_out", work / "album_cat.duckdb"
    base = ["album", brief, "--llm", "none", "--out", out, "--catalog", cat, "--max-repairs", "1", "--json"]
    t0 = time.monotonic()
    code, _, err = finish(aceprod(*base, "--seed", "999"))
    full = time.monotonic() - t0
    assert code == 0, err[-2000:]
    print(f"album: a full run takes {full:.1f} s; killing {kills} times at random moments", flush=True)
    landed, runs, resumes, current, seed = 0, [], 0, None, 0
    while landed < kills:
        if current is None:
            seed += 1
            before = set(out.iterdir())
            proc = aceprod(*base, "--seed", str(seed))
        else:
            proc = aceprod("album", "--resume", current, "--out", out, "--json")
            resumes += 1
        if kill_at(proc, rng.uniform(0.2, full)):
            landed += 1
            if current is None:
                new = [p for p in set(out.iterdir()) - before if (p / "run-info.json").is_file()]
                current = new[0].name if new else None
            continue
        if current is None:  # finished before the kill: a whole run
            current = next(p for p in set(out.iterdir()) - before).name
        runs.append(current)
        current = None
    if current is not None:
        code, _, err = finish(aceprod("album", "--resume", current, "--out", out, "--json"))
        assert code == 0, err[-2000:]
        resumes += 1
        runs.append(current)
    results = [check_album(out, cat, r) for r in runs]
    bad = [r for r in results if not r["ok"]]
    print(f"album: {landed} kills, {resumes} resumes, {len(runs)} runs finished, "
          f"{sum(r['takes'] for r in results)} takes: lost takes {sum(len(r['lost']) for r in results)}, "
          f"missing files {sum(len(r['missing_files']) for r in results)}, "
          f"duplicate rows {sum(r['rows'] - r['distinct'] for r in results)}, "
          f"runs not marked done {sum(r['status'] != 'done' for r in results)}", flush=True)
    for r in bad:
        print("  NOT OK:", r)


def make_takes(folder: Path, pipelines: list[str]) -> int:
    """Run example pipelines into ``folder``; returns the number of distinct takes (by audio sha256)."""
    from engine.audio import sha256_file

    for name in pipelines:
        code, _, err = finish(aceprod("run", ROOT / "examples/pipelines" / name, "--out", folder, "--no-stems"))
        assert code == 0, err[-2000:]
    return len({sha256_file(p) for p in folder.rglob("*.b*.flac")})


def ingest_bench(work: Path, kills: int, rng: random.Random) -> None:
    from catalog.store import Catalog

    folder, cat = work / "ingest_takes", work / "ingest_cat.duckdb"
    total = make_takes(folder, ["quality_ladder.yaml", "generate_refine.yaml", "per_stage_captions.yaml"])
    args = ["catalog", "ingest", folder, "--catalog", cat, "--batch-size", "4", "--json"]
    probe = work / "probe.duckdb"
    t0 = time.monotonic()
    code, _, err = finish(aceprod(*args[:3], "--catalog", probe, "--batch-size", "4", "--json"))
    full = time.monotonic() - t0
    assert code == 0, err[-2000:]
    print(f"ingest: {total} distinct takes, a full ingest takes {full:.1f} s; killing {kills} times", flush=True)
    landed, attempts, worst = 0, 0, 0
    while landed < kills:
        attempts += 1
        if kill_at(aceprod(*args), rng.uniform(0.2, full)):
            landed += 1
        rows = 0
        if cat.exists():
            with Catalog.open(cat, read_only=True, wait_s=30) as c:
                n = c.counts()
                rows, dup = n.generations, n.generations - n.distinct_audio
            worst = max(worst, dup)
        if rows == total:  # done early: start the count again on a fresh catalog
            cat.unlink()
            Path(str(cat) + ".wal").unlink(missing_ok=True)
    code, out, err = finish(aceprod(*args))
    assert code == 0, err[-2000:]
    with Catalog.open(cat, read_only=True, wait_s=30) as c:
        n = c.counts()
        rows, distinct, reports = n.generations, n.distinct_audio, n.quality_reports
    print(f"ingest: {landed} kills in {attempts} attempts; after the last ingest {rows} rows for {total} takes, "
          f"{rows - distinct} duplicates (worst after a kill: {worst}), {reports} reports; "
          f"{'OK' if rows == distinct == total == reports else 'NOT OK'}", flush=True)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--kills", type=int, default=20)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--work", type=Path, default=Path("/tmp/aceprod-killbench"))
    ap.add_argument("--only", choices=["album", "ingest"])
    a = ap.parse_args()
    shutil.rmtree(a.work, ignore_errors=True)
    a.work.mkdir(parents=True)
    rng = random.Random(a.seed)
    t0 = time.monotonic()
    if a.only in (None, "album"):
        album_bench(a.work, a.kills, rng)
    if a.only in (None, "ingest"):
        ingest_bench(a.work, a.kills, rng)
    print(f"total {time.monotonic() - t0:.0f} s")


if __name__ == "__main__":
    main()
