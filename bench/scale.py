"""Scale-out on Ray: throughput with 1 and 2 CPU workers, Ray's overhead per take, and a
simulated 8-GPU run, each measured in repeated rounds that interleave what they compare, and
reported as the median with its spread (min-max over the rounds) for every ratio.

    nice -n 10 .venv/bin/python bench/scale.py [--rounds 3] [--reps 9] [--gpu-rounds 5] [--json]

1. Throughput: ``--takes`` sketch takes of ``--duration`` s (render + score, files written by
   the driver) in-process, on a warm 1-worker pool and on a warm 2-worker pool, each as the pool makes
   it (``agent.workers.pinning``: each worker pinned to a core of its own, the one CPU it holds, unless
   ACEPROD_RAY_PIN=0), one or two driver threads submitting. Two variants beside them, the same pools
   with their workers given every core (what ACEPROD_RAY_PIN=0 gives): ``ray1free``, the lone worker
   free to use the second core for its take's own threads, and ``ray2free``, the two workers. The order
   is rotated each round. Takes per minute; per round the ratio 2 workers / 1 (``ratio_2_vs_1``: the
   target, >= 1.7x on 2 cores), 2 unpinned / 1 unpinned (``ratio_2free_vs_1free``), pinned / unpinned
   2 workers (``pinning_gain_2``), 2 pinned / the lone unpinned worker (``ratio_2_vs_1free``), and each
   against in-process; the cores each mode
   kept busy (CPU s / wall: more than 1 for one take at a time means the take's own threads used the
   second core); CPU seconds per take of the driver, the workers and Ray's daemons (the idle pool's
   actors included: ~0.01 CPU-s a second each).
2. Ray's overhead per take: the same take in-process (``run_and_score``) and through a 1-worker
   pool whose worker is given every core (as the in-process take has), pairs in alternating order,
   ``--reps`` pairs. Per pair: the wall outside the worker
   (transfer, scheduling, the driver's writes) as a share of the in-process engine time (target
   < 5%), Ray's wall minus in-process wall, and the CPU difference, as shares of the engine's.
3. A simulated run: 8 "GPU" actors (a custom resource ``sim_gpu``) whose engine sleeps
   ``--gpu-take-s`` per take (an ACE-Step take time; measure yours with bench/acestep_gpu.py)
   and returns a sketch-like signal, 2 CPU scorer actors, 12 tracks x 4 candidates, then the
   catalog ingest of the run; ``--gpu-rounds`` rounds on the same warm pool and catalog.
   Driver-side work = the driver process's CPU seconds (every thread: those running takes, Ray's
   own threads receiving results, DuckDB's) over wall time (target < 5%), split into take
   threads, Ray's threads, the catalog ingest and the rest. The warm-up (a take per actor,
   ingested into the same catalog) is outside the timed window; the one-time cost of that first
   ingest (imports, the catalog's schema) is shown apart.

The load average is printed with the numbers: other jobs on the machine skew them (a loaded
machine stretches walls, which shrinks the driver's share and the 2-worker ratio's gain alike).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import logging
import os
import shutil
import statistics
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import numpy as np  # noqa: E402
from scale_procs import actors_on, cpu_per_take, native_threads_cpu_s, session_cpu_s  # noqa: E402

from engine.pipeline import PipelineConfig, parse_pipeline  # noqa: E402
from engine.protocol import get_engine  # noqa: E402
from engine.take import StageRequest, Take  # noqa: E402

GENRES = ["deep house, synth bass, four on the floor", "jazz piano trio, brushed drums", "rock, electric guitar",
          "lofi hip hop, dusty piano", "ambient pads, strings", "latin, congas, piano"]


def take_config(i: int, duration: float) -> PipelineConfig:
    """One generate stage, a 30 s take with three sections; seed and genre vary with ``i``."""
    third = round(duration / 3, 2)
    return parse_pipeline({
        "name": f"bench{i}", "caption": GENRES[i % len(GENRES)], "lyrics": "[Instrumental]", "bpm": 96 + 4 * (i % 8),
        "keyscale": "A minor", "timesignature": "4/4", "duration": duration, "seed": 100 + i,
        "events": [{"type": "intro", "start": 0, "end": third}, {"type": "verse", "start": third, "end": 2 * third},
                   {"type": "chorus", "start": 2 * third, "end": duration}],
        "stages": [{"id": "gen", "type": "generate", "steps": 8}]})


def load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def make_sim_engine(take_s: float):
    """A stand-in GPU engine (built on the worker): sleeps a fixed ACE-Step take time, returns a
    deterministic tone bed; its capabilities are the sketch engine's, named "sim"."""
    from agent.workers.pool import RemoteEngine

    class SleepEngine(RemoteEngine):
        def run(self, request: StageRequest, sources: list[Take]) -> Take:
            time.sleep(take_s)
            n = int(request.duration * 48000)
            t = np.arange(n) / 48000.0
            rng = np.random.default_rng(request.seed)
            beat = np.sin(2 * np.pi * 55 * t) * np.exp(-((t * (request.bpm or 120) / 60) % 1) * 8)
            tone = 0.2 * np.sin(2 * np.pi * 220 * t) + 0.1 * np.sin(2 * np.pi * 330 * t) + 0.4 * beat
            mix = (tone + 0.02 * rng.standard_normal(n)).astype(np.float32)
            return Take(audio=np.stack([mix, 0.9 * mix]))

    caps = get_engine("sketch").capabilities()
    return SleepEngine(caps.model_copy(update={"engine": "sim", "has_stems": False}))


class TimedPool:
    """A ``RayPool`` as ``RayTakeRunner`` sees it, keeping each thread's last bundle (for the worker's timings;
    its files dropped: they pin the object store) and the CPU seconds of the driver threads running takes."""

    def __init__(self, pool) -> None:
        self.pool, self.capabilities, self.size = pool, pool.capabilities, pool.size
        self.last, self.lock, self.thread_cpu_s = threading.local(), threading.Lock(), 0.0

    def render(self, job, on_stage=None, on_rendered=None):
        bundle = self.pool.render(job, on_stage, on_rendered)
        self.last.bundle = bundle.model_copy(update={"files": {}})
        return bundle


def ray_take(pool: TimedPool, cfg: PipelineConfig, run_dir: Path):
    """One take through the pool as the album graph runs it (``RayTakeRunner.run``: job, remote render and
    score, the driver's writes); its bundle, for the worker's timings."""
    from agent.workers.pool import RayTakeRunner

    cpu0 = time.thread_time()
    RayTakeRunner(pool).run(cfg, run_dir=run_dir, events=cfg.events, planned_duration_s=cfg.duration)
    with pool.lock:
        pool.thread_cpu_s += time.thread_time() - cpu0
    return pool.last.bundle


def run_jobs(pool: TimedPool, configs: list[PipelineConfig], out: Path, threads: int) -> tuple[float, list]:
    """Every config through the pool from ``threads`` driver threads (as the graph's fan-out does):
    (wall s, bundles)."""
    t0 = time.perf_counter()
    with ThreadPoolExecutor(max_workers=threads) as ex:
        bundles = list(ex.map(lambda ic: ray_take(pool, ic[1], out / f"take{ic[0]}"), enumerate(configs)))
    return time.perf_counter() - t0, bundles


def spread(values: list[float], digits: int = 2) -> dict:
    """Median, min and max of repeated measures (the spread a shared machine gives them)."""
    vals = sorted(values)
    return {"median": round(statistics.median(vals), digits), "min": round(vals[0], digits),
            "max": round(vals[-1], digits), "n": len(vals)}


def fresh(folder: Path) -> Path:
    shutil.rmtree(folder, ignore_errors=True)  # the takes of a measured round, dropped (disk) outside the timing
    return folder


MODES = ["local", "ray1", "ray1free", "ray2", "ray2free"]


def throughput(n_takes: int, duration: float, rounds: int, tmp: Path) -> dict:
    """Takes per minute in-process, on a warm 1-worker pool and a warm 2-worker pool (each as the pool makes
    it: each worker pinned to a core of its own), and the same pools with their workers given every core,
    the order rotated each round."""
    from agent.workers.cluster import engine_factory
    from agent.workers.pool import ActorSpec, RayPool
    from tools.takes import run_and_score

    engine = get_engine("sketch")
    configs = [take_config(i, duration) for i in range(n_takes)]
    rows: list[dict] = []
    factory = engine_factory("sketch", None)
    with RayPool(factory, workers=1, engine=ActorSpec(num_cpus=1)) as one, \
            RayPool(factory, workers=2, engine=ActorSpec(num_cpus=1)) as two:
        pools = {1: TimedPool(one), 2: TimedPool(two)}
        run_jobs(pools[2], [take_config(1000 + w, duration) for w in range(2)], tmp / "warm2", 2)  # actors loaded
        run_jobs(pools[1], [take_config(1002, duration)], tmp / "warm1", 1)
        run_and_score(take_config(1003, duration), engine=engine, run_dir=tmp / "warm-local")
        pinned_by_pool = {"ray1": one.pinned, "ray2": two.pinned}
        for r in range(rounds):
            row: dict = {"load_before": load()}
            for mode in MODES[r % len(MODES):] + MODES[:r % len(MODES)]:
                out = fresh(tmp / f"tp-{mode}")
                procs0 = session_cpu_s()
                if mode == "local":
                    t0, c0 = time.perf_counter(), time.process_time()
                    for i, cfg in enumerate(configs):
                        run_and_score(cfg, engine=engine, run_dir=out / f"take{i}", events=cfg.events,
                                      planned_duration_s=cfg.duration)
                    wall, cpu = time.perf_counter() - t0, time.process_time() - c0
                    row[mode] = {"takes_per_min": round(n_takes / wall * 60, 2), "cores_busy": round(cpu / wall, 2)}
                else:
                    workers = int(mode[3])
                    pool = pools[workers]
                    moved = actors_on(pool.pool, None) if mode.endswith("free") else contextlib.nullcontext()
                    with moved:
                        wall, bundles = run_jobs(pool, configs, out, workers)
                    row[mode] = {"takes_per_min": round(n_takes / wall * 60, 2),
                                 "busy_workers": round(sum(b.worker_s for b in bundles) / wall, 2),
                                 "cores_busy": round(sum(b.worker_cpu_s for b in bundles) / wall, 2)}
                row[mode]["cpu_s_per_take"] = cpu_per_take(procs0, session_cpu_s(), n_takes)
                fresh(out)
            tpm = {mode: row[mode]["takes_per_min"] for mode in MODES}
            row["ratio_2_vs_1"] = round(tpm["ray2"] / tpm["ray1"], 3)
            row["ratio_2free_vs_1free"] = round(tpm["ray2free"] / tpm["ray1free"], 3)
            row["pinning_gain_2"] = round(tpm["ray2"] / tpm["ray2free"], 3)
            row["ratio_2_vs_1free"] = round(tpm["ray2"] / tpm["ray1free"], 3)
            row["ray1_vs_local"] = round(tpm["ray1"] / tpm["local"], 3)
            row["ray2_vs_local"] = round(tpm["ray2"] / tpm["local"], 3)
            row["load_after"] = load()
            rows.append(row)
            _progress(f"throughput round {r + 1}/{rounds}", row)
    summary = {k: spread([row[k] for row in rows], 3)
               for k in ("ratio_2_vs_1", "ratio_2free_vs_1free", "pinning_gain_2", "ratio_2_vs_1free", "ray1_vs_local",
                         "ray2_vs_local")}
    for mode in MODES:
        summary[f"{mode}_takes_per_min"] = spread([row[mode]["takes_per_min"] for row in rows])
        summary[f"{mode}_cores_busy"] = spread([row[mode]["cores_busy"] for row in rows])
        per_take = [row[mode]["cpu_s_per_take"] for row in rows if row[mode]["cpu_s_per_take"]]
        if per_take:
            summary[f"{mode}_work_cpu_s_per_take"] = spread([p["workers" if mode != "local" else "driver"]
                                                               for p in per_take], 3)
    return {"takes": n_takes, "pinned_by_pool": pinned_by_pool, "rounds": rows, "summary": summary}


def overhead(duration: float, reps: int, tmp: Path) -> dict:
    """In-process vs through a 1-worker pool, in pairs of alternating order: per pair, Ray's wall outside
    the worker, its wall and CPU (the driver's process, Ray's threads included, plus the worker's) above
    in-process, as shares of the in-process engine's wall and CPU."""
    from agent.workers.cluster import engine_factory
    from agent.workers.pool import ActorSpec, RayPool
    from tools.takes import render_take, run_and_score

    engine = get_engine("sketch")
    rows = []
    with RayPool(engine_factory("sketch", None), workers=1, engine=ActorSpec(num_cpus=1)) as ray_pool:
        pool = TimedPool(ray_pool)
        run_and_score(take_config(999, duration), engine=engine, run_dir=tmp / "warm-local")
        ray_take(pool, take_config(999, duration), tmp / "warm-ray")

        def local(cfg: PipelineConfig, out: Path) -> dict:
            w0, c0 = time.perf_counter(), time.process_time()
            render_take(cfg, engine=engine, run_dir=out)
            w1, c1 = time.perf_counter(), time.process_time()
            run_and_score(cfg, engine=engine, run_dir=out, events=cfg.events, planned_duration_s=cfg.duration)
            w2, c2 = time.perf_counter(), time.process_time()
            return {"local_wall": w2 - w0, "local_cpu": c2 - c0, "engine_wall": w1 - w0, "engine_cpu": c1 - c0}

        def remote(cfg: PipelineConfig, out: Path) -> dict:
            w0, c0 = time.perf_counter(), time.process_time()
            bundle = ray_take(pool, cfg, out)
            w1, c1 = time.perf_counter(), time.process_time()
            return {"ray_wall": w1 - w0, "ray_cpu": (c1 - c0) + bundle.worker_cpu_s,
                    "outside_worker_wall": (w1 - w0) - bundle.worker_s}

        # the worker given every core, as the in-process take has: the pairs compare Ray's own cost, not the
        # one CPU the pool's worker holds (that is the throughput's ``ray1_vs_local``)
        with actors_on(ray_pool, None):
            for r in range(reps):
                cfg = take_config(r, duration)
                a, b = fresh(tmp / "ov-local"), fresh(tmp / "ov-ray")
                row = {**local(cfg, a), **remote(cfg, b)} if r % 2 == 0 else {**remote(cfg, b), **local(cfg, a)}
                row["outside_pct_of_engine"] = 100 * row["outside_worker_wall"] / row["engine_wall"]
                row["wall_pct_of_engine"] = 100 * (row["ray_wall"] - row["local_wall"]) / row["engine_wall"]
                row["cpu_pct_of_engine"] = 100 * (row["ray_cpu"] - row["local_cpu"]) / row["engine_cpu"]
                rows.append(row)
    return {"reps": reps, **{k: spread([row[k] for row in rows], 4 if k.endswith(("wall", "cpu")) else 2)
                             for k in rows[0]}, "load": load()}


def simulated_gpus(take_s: float, duration: float, rounds: int, tmp: Path, gpus: int = 8, tracks: int = 12,
                   candidates: int = 4) -> dict:
    """Per round, the driver's CPU seconds (the whole process: its threads running takes, Ray's threads
    delivering results, the catalog ingest with DuckDB's threads) over the wall of 48 takes and their
    ingest, after a warm-up that renders a take per actor and ingests those into the same catalog
    (imports, the catalog's schema, compiled patterns: paid once per process, reported apart as
    ``warm_ingest_cpu_s``)."""
    import functools

    from agent.workers.pool import ActorSpec, RayPool
    from catalog.ingest import ingest_folder
    from catalog.store import Catalog

    n = tracks * candidates
    factory = functools.partial(make_sim_engine, take_s)
    rows: list[dict] = []
    with RayPool(factory, workers=gpus, engine=ActorSpec(num_cpus=0, resources={"sim_gpu": 1}),
                 scorers=2) as ray_pool:
        pool = TimedPool(ray_pool)
        run_jobs(pool, [take_config(2000 + i, duration) for i in range(gpus)], tmp / "sim-warm", gpus)
        warm_cpu0 = time.process_time()
        with Catalog.open(tmp / "sim.duckdb") as cat:
            ingest_folder(cat, tmp / "sim-warm", score=False)
        warm_ingest = time.process_time() - warm_cpu0
        for r in range(rounds):
            out = fresh(tmp / f"sim{r}")
            # new seeds each round (the same genres and tempi): new takes, so every round's ingest adds its rows
            configs = [take_config(i + 240 * r, duration) for i in range(n)]
            pool.thread_cpu_s = 0.0
            load_before = load()
            cpu0, t0, native0 = time.process_time(), time.perf_counter(), native_threads_cpu_s()
            run_wall, _ = run_jobs(pool, configs, out, gpus * 2)
            native1, cat_cpu0, cat_t0 = native_threads_cpu_s(), time.process_time(), time.perf_counter()
            with Catalog.open(tmp / "sim.duckdb") as cat:
                summary = ingest_folder(cat, out, score=False)
            catalog_s, catalog_cpu = time.perf_counter() - cat_t0, time.process_time() - cat_cpu0
            wall, cpu = time.perf_counter() - t0, time.process_time() - cpu0
            ray_threads = None if native0 is None or native1 is None else native1 - native0
            row = {"wall_s": round(wall, 2), "gpu_busy_pct": round(100 * len(configs) / gpus * take_s / run_wall, 1),
                   "driver_cpu_s": round(cpu, 3), "driver_pct_of_wall": round(100 * cpu / wall, 2),
                   "driver_ms_per_take": round(1000 * cpu / len(configs), 1),
                   "take_threads_cpu_s": round(pool.thread_cpu_s, 3),
                   "ray_threads_cpu_s": ray_threads and round(ray_threads, 3), "catalog_cpu_s": round(catalog_cpu, 3),
                   "other_cpu_s": round(cpu - pool.thread_cpu_s - catalog_cpu - (ray_threads or 0.0), 3),
                   "catalog_s": round(catalog_s, 2), "catalog_rows": summary.added, "load_before": load_before,
                   "load_after": load()}
            rows.append(row)
            _progress(f"simulated 8 GPUs round {r + 1}/{rounds}", row)
            fresh(out)
    keys = ("driver_pct_of_wall", "driver_cpu_s", "driver_ms_per_take", "wall_s", "gpu_busy_pct",
            "take_threads_cpu_s", "ray_threads_cpu_s", "catalog_cpu_s", "other_cpu_s")
    return {"gpus": gpus, "takes": n, "gpu_take_s": take_s, "ideal_wall_s": round(n / gpus * take_s, 2), "warm_ingest_cpu_s": round(warm_ingest, 2),
            "rounds": rows, "summary": {k: spread([row[k] for row in rows if row[k] is not None], 3) for k in keys}}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--takes", type=int, default=8, help="takes per throughput run")
    ap.add_argument("--duration", type=float, default=30.0, help="seconds of audio per take")
    ap.add_argument("--rounds", type=int, default=3, help="throughput rounds (every mode each)")
    ap.add_argument("--reps", type=int, default=9, help="in-process / Ray pairs timed for the overhead")
    ap.add_argument("--gpu-rounds", type=int, default=5, help="rounds of the simulated 8-GPU run")
    ap.add_argument("--gpu-take-s", type=float, default=2.0, help="seconds one simulated GPU take sleeps")
    ap.add_argument("--skip", nargs="*", default=[], choices=["throughput", "overhead", "gpus"])
    ap.add_argument("--json", action="store_true", help="the whole result as JSON on stdout (rounds: stderr)")
    args = ap.parse_args()
    from agent.workers.cluster import loopback_only, same_priority_workers

    loopback_only()  # as `--ray` does for a local instance
    same_priority_workers()
    import ray

    # 3 CPUs: the throughput's 1- and 2-worker pools are up at once (one idles while the other runs)
    ray.init(num_cpus=3, resources={"sim_gpu": 8}, object_store_memory=256 * 1024**2, include_dashboard=False,
             log_to_driver=False, logging_level=logging.WARNING)
    results: dict = {"cpus": os.cpu_count(), "load_start": load()}
    t0 = time.perf_counter()
    try:
        with tempfile.TemporaryDirectory(prefix="aceprod-scale-") as tmp:
            if "throughput" not in args.skip:
                results["throughput"] = throughput(args.takes, args.duration, args.rounds, Path(tmp))
                _show("throughput (median, min-max over rounds)", results["throughput"]["summary"], args.json)
            if "overhead" not in args.skip:
                results["overhead"] = overhead(args.duration, args.reps, Path(tmp))
                _show("overhead (median, min-max over pairs)", results["overhead"], args.json)
            if "gpus" not in args.skip:
                results["simulated_gpus"] = simulated_gpus(args.gpu_take_s, args.duration, args.gpu_rounds, Path(tmp))
                _show("simulated 8 GPUs (median, min-max over rounds)", results["simulated_gpus"]["summary"],
                      args.json)
    finally:
        ray.shutdown()
    results["bench_wall_s"] = round(time.perf_counter() - t0, 1)
    if args.json:
        print(json.dumps(results, indent=2))
    else:
        print(f"bench wall: {results['bench_wall_s']} s, load at the end: {load()}")


_lock = threading.Lock()


def _progress(title: str, data: dict) -> None:
    """A round's numbers as it finishes, on stderr (stdout holds the summaries, or the JSON)."""
    print(f"{title}: {json.dumps(data)}", file=sys.stderr, flush=True)


def _show(title: str, data: dict, quiet: bool) -> None:
    if not quiet:
        with _lock:
            print(f"{title}: {json.dumps(data)}", flush=True)


if __name__ == "__main__":
    main()
