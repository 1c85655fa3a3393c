"""Batch work on the Ray pool: the batch items of one pipeline (`aceprod run --ray`) and
scoring many files (`aceprod score --ray`).

Batch items of a pipeline are independent (item b's stages read only item b's
earlier stages), so each item is one job; their files land in the one run folder,
and the driver writes the merged ``run.json`` last, takes in the order an
in-process run lists them.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable, Iterator
from concurrent.futures import FIRST_EXCEPTION, ThreadPoolExecutor, wait
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from agent.workers.jobs import MANIFEST, make_job, take_files, write_bundle
from agent.workers.pool import RayPool, RemoteEngine
from engine.audio import probe, write_text_atomic
from engine.executor import PipelineResult, ProgressFn, check_writable, choose_run_dir
from engine.protocol import Engine
from engine.validate import ValidatedPipeline


def run_items(validated: ValidatedPipeline, *, pool: RayPool, run_dir: Path, base_dir: Path,
              write_stems: bool = True, progress: ProgressFn | None = None) -> PipelineResult:
    """Run every batch item of a validated pipeline on the pool; write the run folder here."""
    config = validated.config
    check_writable(run_dir)
    run_id = uuid.uuid4().hex[:12]
    jobs = [make_job(config, label=f"{config.name} item {b}", base_dir=base_dir, items=[b], run_id=run_id,
                     write_stems=write_stems) for b in range(config.batch_size)]
    order = {s.id: i for i, s in enumerate(config.stages)}
    total = len(config.stages) * config.batch_size
    result = PipelineResult(run_id=run_id, pipeline=config.name, engine=pool.capabilities.engine, out_dir=str(run_dir))
    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=max(1, min(pool.size, len(jobs))), thread_name_prefix="aceprod-item") as ex:
        futures = {ex.submit(pool.render, job): job for job in jobs}
        pending = set(futures)
        error: BaseException | None = None
        while pending and error is None:
            done, pending = wait(pending, return_when=FIRST_EXCEPTION)
            for fut in done:
                if fut.exception() is not None:
                    error = error or fut.exception()
                    continue
                # popped: a written bundle is let go (its files are views that pin the object store)
                texts = write_bundle(fut.result(), futures.pop(fut), run_dir, replace=False)
                item = PipelineResult.model_validate_json(texts.get(MANIFEST) or "{}")
                result.takes.extend(item.takes)
                if progress:
                    for t in item.takes:
                        progress(t.stage_id, t.batch_index, len(result.takes), total)
        for fut in pending:
            fut.cancel()
    result.takes.sort(key=lambda t: (order[t.stage_id], t.batch_index))
    result.seconds = round(time.perf_counter() - started, 3)
    if error is not None:
        result.status, result.error = "failed", str(error) or type(error).__name__
    write_text_atomic(run_dir / "run.json", result.model_dump_json(indent=2))
    if error is not None:
        raise error
    return result


def run_pipeline_on_ray(load: Callable[[Engine], ValidatedPipeline], *, ray: str, engine_name: str,
                        checkpoints: str | None, out: Path, overwrite: bool, base_dir: Path, write_stems: bool,
                        progress: ProgressFn | None = None) -> PipelineResult:
    """`aceprod run --ray`: a pool for the engine, the pipeline validated against its capabilities
    (``load``), its batch items spread over the workers."""
    from agent.workers.cluster import ray_pool

    with ray_pool(ray, engine_name, checkpoints=checkpoints) as pool:
        validated = load(RemoteEngine(pool.capabilities))
        run_dir = choose_run_dir(out, validated.config.name, overwrite=overwrite)
        return run_items(validated, pool=pool, run_dir=run_dir, base_dir=base_dir, write_stems=write_stems,
                         progress=progress)


def score_files(pool: RayPool, paths: list[Path], *, stems_mode: str | None = None, events: list | None = None,
                ingest: bool = False) -> list[Any]:
    """Reports of ``paths`` (with their sidecars' stems and plans), scored on the pool's scorers, in order;
    each names its file as on this machine."""
    def one(path: Path) -> Any:
        report = pool.score_file(take_files(path), path.name, stems_mode, events, ingest)
        if report is not None:
            report.path = str(path)
        return report

    for p in paths:
        probe(p)  # a missing or unreadable file: the same clear error as without --ray, before any work
    with ThreadPoolExecutor(max_workers=max(1, pool.scorer_count), thread_name_prefix="aceprod-score") as ex:
        return list(ex.map(one, [Path(p) for p in paths]))


def score_on_ray(ray: str, paths: list[Path], *, stems_mode: str | None, events: list | None) -> list[Any]:
    """`aceprod score --ray`: a pool of scorers sized to the cluster scores ``paths``."""
    from agent.workers.cluster import ray_pool

    with ray_pool(ray, None) as pool:
        return score_files(pool, paths, stems_mode=stems_mode, events=events)


@contextmanager
def ingest_scorer(ray: str) -> Iterator[Callable[[list[tuple[Path, Path]]], list[Any]]]:
    """`aceprod catalog ingest --ray`: takes without a report are scored on a pool of scorers."""
    from agent.workers.cluster import ray_pool

    with ray_pool(ray, None) as pool:
        yield lambda pairs: score_files(pool, [audio for audio, _ in pairs], ingest=True)
