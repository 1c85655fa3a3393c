"""Scale-out on Ray: throughput with 1 and 2 CPU workers, Ray's overhead per take, and a
simulated 8-GPU run (numbers side by side in one run).

    nice -n 10 .venv/bin/python bench/scale.py [--takes 8] [--duration 30] [--gpu-take-s 2.0] [--json]

1. Sketch takes of ``--duration`` s (render + score, files written by the driver) on a pool of
   1, then 2 CPU workers: takes per minute and the ratio (target >= 1.7x on 2 cores).
2. Ray's overhead per take: the same take in-process (``run_and_score``) and through a
   1-worker pool, interleaved, medians; the difference against the take's engine time
   (target < 5%). Also split: time outside the worker (transfer, scheduling, the driver's writes).
3. A simulated run: 8 "GPU" actors (a custom resource ``sim_gpu``) whose engine sleeps
   ``--gpu-take-s`` per take (an ACE-Step take time; measure yours with bench/acestep_gpu.py)
   and returns a sketch-like signal, 2 CPU scorer actors, 12 tracks x 4 candidates, then the
   catalog ingest of the run. Driver-side work = the driver process's CPU seconds (every thread:
   those running takes, Ray's own threads receiving results, DuckDB's) over wall time (target
   < 5%), split into take threads, Ray's threads, the catalog ingest and the rest. The warm-up
   (a take per actor, ingested into the same catalog) is outside the timed window; the one-time
   cost of that first ingest (imports, the catalog's schema) is shown apart.

The load average is printed with the numbers: other jobs on the machine skew them.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import statistics
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import numpy as np  # noqa: E402

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

    def render(self, job, on_stage=None):
        bundle = self.pool.render(job, on_stage)
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


def native_threads_cpu_s() -> float | None:
    """CPU seconds of this process's threads that are not Python's (Ray's C++ threads name themselves:
    worker.io, client.poll0, ...), from /proc; None where there is no /proc."""
    try:
        own = Path("/proc/self/comm").read_text().strip()
        total = 0
        for task in Path("/proc/self/task").iterdir():
            try:
                comm, stat = (task / "comm").read_text().strip(), (task / "stat").read_text()
            except OSError:  # the thread ended meanwhile
                continue
            if comm != own:
                fields = stat[stat.rindex(")") + 2:].split()
                total += int(fields[11]) + int(fields[12])  # utime + stime, in clock ticks
        return total / os.sysconf("SC_CLK_TCK")
    except OSError:
        return None


def throughput(n_takes: int, duration: float, tmp: Path) -> dict:
    from agent.workers.cluster import engine_factory
    from agent.workers.pool import ActorSpec, RayPool

    configs = [take_config(i, duration) for i in range(n_takes)]
    out: dict = {}
    for workers in (1, 2):
        with RayPool(engine_factory("sketch", None), workers=workers, engine=ActorSpec(num_cpus=1)) as ray_pool:
            pool = TimedPool(ray_pool)
            run_jobs(pool, [take_config(1000 + w, duration) for w in range(workers)], tmp / f"warm{workers}",
                     workers)  # every worker loaded and compiled before timing
            load_before = load()
            wall, bundles = run_jobs(pool, configs, tmp / f"w{workers}", workers)
        out[workers] = {"wall_s": round(wall, 2), "takes_per_min": round(n_takes / wall * 60, 2),
                        "busy_workers": round(sum(b.worker_s for b in bundles) / wall, 2),
                        "worker_cpu_s_per_take": round(statistics.mean(b.worker_cpu_s for b in bundles), 3),
                        "load_before": load_before, "load_after": load()}
    out["ratio"] = round(out[2]["takes_per_min"] / out[1]["takes_per_min"], 2)
    return out


def overhead(duration: float, reps: int, tmp: Path) -> dict:
    """In-process vs through a 1-worker pool, interleaved: wall and CPU seconds (CPU: the driver's
    process, Ray's threads included, plus the worker's), against the engine's share."""
    from agent.workers.cluster import engine_factory
    from agent.workers.pool import ActorSpec, RayPool
    from tools.takes import render_take, run_and_score

    engine = get_engine("sketch")
    rows = []
    with RayPool(engine_factory("sketch", None), workers=1, engine=ActorSpec(num_cpus=1)) as ray_pool:
        pool = TimedPool(ray_pool)
        run_and_score(take_config(999, duration), engine=engine, run_dir=tmp / "warm-local")
        ray_take(pool, take_config(999, duration), tmp / "warm-ray")
        for r in range(reps):
            cfg = take_config(r, duration)
            w0, c0 = time.perf_counter(), time.process_time()
            render_take(cfg, engine=engine, run_dir=tmp / f"local{r}")
            w1, c1 = time.perf_counter(), time.process_time()
            run_and_score(cfg, engine=engine, run_dir=tmp / f"local{r}", events=cfg.events,
                          planned_duration_s=cfg.duration)
            w2, c2 = time.perf_counter(), time.process_time()
            bundle = ray_take(pool, cfg, tmp / f"ray{r}")
            w3, c3 = time.perf_counter(), time.process_time()
            rows.append({"local_wall": w2 - w0, "local_cpu": c2 - c0, "engine_wall": w1 - w0, "engine_cpu": c1 - c0,
                         "ray_wall": w3 - w2, "ray_cpu": (c3 - c2) + bundle.worker_cpu_s,
                         "outside_worker_wall": (w3 - w2) - bundle.worker_s})
    med = {k: statistics.median(r[k] for r in rows) for k in rows[0]}
    return {"reps": reps, **{k: round(v, 4) for k, v in med.items()},
            "overhead_cpu_pct_of_engine_cpu": round(100 * (med["ray_cpu"] - med["local_cpu"]) / med["engine_cpu"], 2),
            "overhead_wall_pct_of_engine_wall": round(100 * (med["ray_wall"] - med["local_wall"]) / med["engine_wall"],
                                                      2), "load": load()}


def simulated_gpus(take_s: float, duration: float, tmp: Path, gpus: int = 8, tracks: int = 12,
                   candidates: int = 4) -> dict:
    """The driver's CPU seconds (the whole process: its threads running takes, Ray's threads delivering
    results, the catalog ingest with DuckDB's threads) over the wall of 48 takes and their ingest, after a
    warm-up that renders a take per actor and ingests those into the same catalog (imports, the catalog's
    schema, compiled patterns: paid once per process, reported apart as ``warm_ingest_cpu_s``)."""
    import functools

    from agent.workers.pool import ActorSpec, RayPool
    from catalog.ingest import ingest_folder
    from catalog.store import Catalog

    configs = [take_config(i, duration) for i in range(tracks * candidates)]
    factory = functools.partial(make_sim_engine, take_s)
    with RayPool(factory, workers=gpus, engine=ActorSpec(num_cpus=0, resources={"sim_gpu": 1}),
                 scorers=2) as ray_pool:
        pool = TimedPool(ray_pool)
        run_jobs(pool, [take_config(2000 + i, duration) for i in range(gpus)], tmp / "sim-warm", gpus)
        warm_cpu0 = time.process_time()
        with Catalog.open(tmp / "sim.duckdb") as cat:
            ingest_folder(cat, tmp / "sim-warm", score=False)
        warm_ingest = time.process_time() - warm_cpu0
        pool.thread_cpu_s = 0.0
        cpu0, t0, native0 = time.process_time(), time.perf_counter(), native_threads_cpu_s()
        run_wall, _ = run_jobs(pool, configs, tmp / "sim", gpus * 2)
        native1, cat_cpu0, cat_t0 = native_threads_cpu_s(), time.process_time(), time.perf_counter()
        with Catalog.open(tmp / "sim.duckdb") as cat:
            summary = ingest_folder(cat, tmp / "sim", score=False)
        catalog_s, catalog_cpu = time.perf_counter() - cat_t0, time.process_time() - cat_cpu0
        wall, cpu = time.perf_counter() - t0, time.process_time() - cpu0
    ideal = len(configs) / gpus * take_s
    ray_threads = None if native0 is None or native1 is None else native1 - native0
    split = {"take_threads_cpu_s": round(pool.thread_cpu_s, 3), "ray_threads_cpu_s": ray_threads and round(ray_threads, 3),
             "catalog_cpu_s": round(catalog_cpu, 3)}
    split["other_cpu_s"] = round(cpu - pool.thread_cpu_s - catalog_cpu - (ray_threads or 0.0), 3)
    return {"gpus": gpus, "takes": len(configs), "gpu_take_s": take_s, "wall_s": round(wall, 2),
            "ideal_wall_s": round(ideal, 2), "gpu_busy_pct": round(100 * ideal / run_wall, 1),
            "driver_cpu_s": round(cpu, 2), "driver_pct_of_wall": round(100 * cpu / wall, 2),
            "driver_ms_per_take": round(1000 * cpu / len(configs), 1), **split,
            "catalog_s": round(catalog_s, 2), "catalog_rows": summary.added,
            "warm_ingest_cpu_s": round(warm_ingest, 2), "load": load()}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--takes", type=int, default=8, help="takes per throughput run")
    ap.add_argument("--duration", type=float, default=30.0, help="seconds of audio per take")
    ap.add_argument("--reps", type=int, default=5, help="takes timed for the overhead")
    ap.add_argument("--gpu-take-s", type=float, default=2.0, help="seconds one simulated GPU take sleeps")
    ap.add_argument("--skip", nargs="*", default=[], choices=["throughput", "overhead", "gpus"])
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    from agent.workers.cluster import loopback_only, same_priority_workers

    loopback_only()  # as `--ray` does for a local instance
    same_priority_workers()
    import ray

    ray.init(num_cpus=2, resources={"sim_gpu": 8}, object_store_memory=256 * 1024**2, include_dashboard=False,
             log_to_driver=False, logging_level=logging.WARNING)
    results: dict = {"cpus": os.cpu_count(), "load_start": load()}
    try:
        with tempfile.TemporaryDirectory(prefix="aceprod-scale-") as tmp:
            if "throughput" not in args.skip:
                results["throughput"] = throughput(args.takes, args.duration, Path(tmp))
                _show("throughput", results["throughput"], args.json)
            if "overhead" not in args.skip:
                results["overhead"] = overhead(args.duration, args.reps, Path(tmp))
                _show("overhead", results["overhead"], args.json)
            if "gpus" not in args.skip:
                results["simulated_gpus"] = simulated_gpus(args.gpu_take_s, args.duration, Path(tmp))
                _show("simulated 8 GPUs", results["simulated_gpus"], args.json)
    finally:
        ray.shutdown()
    if args.json:
        print(json.dumps(results, indent=2))


_lock = threading.Lock()


def _show(title: str, data: dict, quiet: bool) -> None:
    if not quiet:
        with _lock:
            print(f"{title}: {json.dumps(data)}", flush=True)


if __name__ == "__main__":
    main()
