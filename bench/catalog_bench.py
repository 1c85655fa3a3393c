"""Catalog at scale: bulk ingest, strategy-1 mining, a filtered `ls`, export of 100k pairs.

    .venv/bin/python bench/catalog_bench.py [--n 1000000] [--dir /tmp/catalog-bench]

Synthetic rows: N generations (N/8 prompts x 8 seeds, turbo), each with a report and
3 defects. Records are built with pydantic ``model_construct`` outside the timed part
(the time is printed too); "ingest" times ``Catalog.add_generations`` on batches of
125,000 typed records: columnarising, de-duplication against the catalog, and the
three inserts in one transaction per batch. Targets from issue 4.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import time
from datetime import datetime, timedelta
from pathlib import Path

import numpy as np

import catalog.export  # noqa: F401  (import everything up front: edits during a run cannot mix versions)
import catalog.mining  # noqa: F401
import catalog.query  # noqa: F401
from catalog.records import GenerationRecord
from catalog.store import Catalog
from engine.pipeline import SectionEvent
from engine.take import StageRequest
from quality.report import Defect, Metrics, QualityReport

GENRES = ["jazz", "rock", "synthwave", "folk", "house", "soul", "ambient", "hip-hop"]
KEYS = ["C major", "A minor", "F major", "D minor", "G major", "E minor"]
BATCH = 125_000  # >= one DuckDB row group (122,880): big inserts skip the WAL


def make_batch(start: int, n: int, rng: np.random.Generator, t0: datetime) -> tuple[list, list]:
    recs, reps = [], []
    scores = rng.uniform(0, 10, n)
    events = [SectionEvent.model_construct(type="intro", start=0.0, end=8.0),
              SectionEvent.model_construct(type="verse", start=8.0, end=30.0)]
    # identical sub-objects are shared between records (the writer reads every one anyway)
    m = Metrics.model_construct(duration_s=30.0, sample_rate=48000, integrated_lufs=-14.0, true_peak_dbtp=-1.0)
    defects = [Defect.model_construct(kind=kind, start_s=float(j), end_s=j + 0.1, severity=0.5, stem=None, evidence={})
               for j, kind in enumerate(("click", "clipping", "muddy_mix"))]
    for k in range(n):
        i = start + k
        prompt = i // 8
        req = StageRequest.model_construct(
            stage_id="gen", stage_type="generate", task="text2music", model="turbo",
            instruction="Fill the audio semantic mask based on the given conditions:",
            caption=f"{GENRES[prompt % 8]} track {prompt}, piano, drums", lyrics="[Instrumental]",
            bpm=70 + prompt % 90, keyscale=KEYS[prompt % 6], timesignature="4/4", duration=30.0,
            vocal_language="en", events=events, seed=i % 8, batch_index=i % 8, steps=8, shift=3.0,
            guidance_scale=None, denoise=None, audio_cover_strength=None, repainting_start=None,
            repainting_end=None, track_name=None, complete_track_classes=None, source_gains_db=[])
        recs.append(GenerationRecord.model_construct(
            sha256=os.urandom(32).hex(), audio_path=f"out/run{prompt // 1000}/gen.b{i % 8}.{prompt}.flac",
            request=req, engine="sketch", engine_version="", duration_s=30.0, sample_rate=48000,
            run_id=f"run{prompt // 1000}", plan_id=None, parent_gen_id=None, source_gen_ids=[], sources=[],
            pipeline="bench", pipeline_config=None, checkpoint_hash=None, scheduler=None, latent_path=None,
            stems={}, timings_s={"render": 1.0}, lm=None, tags=None, created_at=t0 + timedelta(seconds=i)))
        reps.append(QualityReport.model_construct(
            overall=float(scores[k]), metrics=m, stems=[], structure=None, suggested_repairs=[], schema_version=1,
            analyzer_version="bench", analysis_seconds=1.0, defects=defects))
    return recs, reps


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=1_000_000)
    ap.add_argument("--dir", type=Path, default=Path("/tmp/catalog-bench"))
    ap.add_argument("--reuse", action="store_true", help="Skip ingest: reuse the catalog in --dir (pairs are reset).")
    args = ap.parse_args()
    rng = np.random.default_rng(0)
    t_start = datetime(2026, 10, 1)
    build_s = write_s = write_cpu = 0.0
    load_start = os.getloadavg()[0]
    if not args.reuse:
        shutil.rmtree(args.dir, ignore_errors=True)
        args.dir.mkdir(parents=True)
        shutil.rmtree(args.dir / "ds", ignore_errors=True)
    else:
        shutil.rmtree(args.dir / "ds", ignore_errors=True)
    with Catalog.open(args.dir / "catalog.duckdb") as cat:
        if args.reuse:
            cat.conn.execute("DELETE FROM pairs")
            cat.conn.execute("DELETE FROM dataset_versions")
        else:
            for start in range(0, args.n, BATCH):
                t = time.perf_counter()
                recs, reps = make_batch(start, min(BATCH, args.n - start), rng, t_start)
                build_s += time.perf_counter() - t
                t, c0 = time.perf_counter(), time.process_time()
                cat.add_generations(recs, reps)
                write_s += time.perf_counter() - t
                write_cpu += time.process_time() - c0
        counts = cat.counts()
        n, nd = counts.generations, counts.defects
        if write_s:
            print(f"ingest: {n:,} generations in {write_s:.1f} s = {n / write_s:,.0f}/s wall; CPU time of this "
                  f"process {write_cpu:.1f} s = {n / write_cpu:,.0f}/CPU-s (building records, untimed: {build_s:.1f} s)",
                  flush=True)
        cat.conn.execute("CHECKPOINT")
        t = time.perf_counter()
        res = cat.mine_pairs("seeds", min_margin=1.0, top_k=2)
        mine_s = time.perf_counter() - t
        print(f"mining: {mine_s:.2f} s, {res.inserted:,} pairs", flush=True)
    with Catalog.open(args.dir / "catalog.duckdb", read_only=True) as cat:
        since = t_start + timedelta(seconds=args.n // 2)
        times = []
        for _ in range(7):
            t = time.perf_counter()
            rows = cat.ls(min_score=7, tag="jazz", since=since, limit=50)
            times.append(time.perf_counter() - t)
        ls_s = statistics.median(times)
    with Catalog.open(args.dir / "catalog.duckdb") as cat:
        t = time.perf_counter()
        dv = cat.export(args.dir / "ds", format="parquet", audio="none", limit=100_000)
        export_s = time.perf_counter() - t
    rate = n / write_s if write_s else float("nan")
    print(f"load average: {load_start:.1f} at the start, {os.getloadavg()[0]:.1f} at the end, on {os.cpu_count()} cores "
          "(other jobs share the machine: wall times stretch with load)")
    print(f"rows: {n:,} generations, {n:,} reports, {nd:,} defects; {res.inserted:,} strategy-1 pairs")
    print(f"{'measure':<34}{'result':>16}{'target':>14}  ok")
    for name, val, target, ok in [
        ("bulk ingest (generations/s)", f"{rate:,.0f}", ">= 20,000", rate >= 20_000),
        ("mine strategy 1, whole catalog", f"{mine_s:.2f} s", "< 5 s", mine_s < 5),
        (f"ls --min-score 7 --tag jazz ({len(rows)})", f"{ls_s * 1000:.0f} ms", "< 100 ms", ls_s < 0.1),
        (f"export {dv.n_rows:,} pairs to Parquet", f"{export_s:.2f} s", "< 10 s", export_s < 10),
    ]:
        print(f"{name:<34}{val:>16}{target:>14}  {'yes' if ok else 'NO'}")


if __name__ == "__main__":
    main()
