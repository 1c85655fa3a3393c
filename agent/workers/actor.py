"""The code that runs inside a Ray worker: one engine, loaded once, rendering take
after take (and scoring them, on CPU engines); or a scorer only.

A plain class: ``agent.workers.pool`` wraps it with ``ray.remote`` and the
resources of its kind (one GPU for acestep, one CPU for sketch and for scoring),
so importing this module never imports Ray. The engine keeps its loaded model and
pipeline cache for the life of the actor: run_pipeline leaves it loaded.
"""

from __future__ import annotations

import os
import shutil
import socket
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from agent.workers.jobs import (
    BASE_SUBDIR,
    RUN_SUBDIR,
    TakeBundle,
    TakeJob,
    audio_digests,
    audio_headers,
    collect,
    unpack_inputs,
)
from agent.workers.pinning import CorePin, allowed_cpus
from engine.audio import write_text_atomic
from engine.executor import run_pipeline
from engine.pipeline import SectionEvent
from engine.protocol import Engine, EngineCapabilities
from engine.take import TakeSidecar
from engine.validate import validate_pipeline
from tools.take_store import report_path_for, score_take, take_name
from tools.takes import render_take, run_and_score

EngineFactory = Callable[[], Engine]


class WorkerInfo(BaseModel):
    host: str
    pid: int
    cpus: list[int] | None = None  # the CPUs the worker may run on (None: the OS does not say)
    pinned_cpu: int | None = None  # the core it pinned itself to (``agent.workers.pinning``), or None

    @property
    def label(self) -> str:
        return f"{self.host}:{self.pid}"


SHM_MIN_FREE = 1 << 30  # /dev/shm is used for scratch only with this much free (containers often give 64 MB)


def scratch_root() -> Path:
    """A fresh scratch folder: in memory (/dev/shm) where the OS has room there, else the temp folder."""
    base = None
    if os.path.isdir("/dev/shm") and os.access("/dev/shm", os.W_OK) and shutil.disk_usage("/dev/shm").free > SHM_MIN_FREE:
        base = "/dev/shm"
    return Path(tempfile.mkdtemp(prefix="aceprod-worker-", dir=base)).resolve()


class TakeWorker:
    """One engine in one process. ``factory`` builds the engine (on first use); ``pin``: claim a core of this
    machine and pin the process to it (``agent.workers.pinning``; the pool asks for it)."""

    def __init__(self, factory: EngineFactory | None, pin: bool = False) -> None:
        self.factory = factory
        self.engine: Engine | None = None
        self.kept: tuple[str, Path] | None = None  # (label, scratch folder) of a rendered take to score next
        self.core = CorePin()
        if pin:
            self.core.pin()
        self.me = WorkerInfo(host=socket.gethostname(), pid=os.getpid())

    def info(self) -> WorkerInfo:
        """Who this worker is, with the CPUs it runs on now."""
        return self.me.model_copy(update={"cpus": allowed_cpus(), "pinned_cpu": self.core.cpu})

    def _engine(self) -> Engine:
        if self.engine is None:
            if self.factory is None:
                raise RuntimeError("this worker only scores (it has no engine)")
            self.engine = self.factory()
        return self.engine

    def capabilities(self) -> EngineCapabilities:
        return self._engine().capabilities()

    def render(self, job: TakeJob, score: bool, keep: bool = False) -> TakeBundle:
        """Render ``job`` in a scratch folder (and score it when ``score``); every file back as bytes.
        ``keep``: the folder stays for ``score_kept``, the call the driver queues right behind this one
        (this worker scores the take while the driver writes the files sent back)."""
        t0, cpu0 = time.perf_counter(), time.process_time()
        self._drop_kept()
        root = scratch_root()
        kept = False
        try:
            config = unpack_inputs(job, root)
            run_dir, base = root / RUN_SUBDIR, root / BASE_SUBDIR
            engine = self._engine()
            if job.items is not None:  # some batch items of a pipeline (`aceprod run --ray`)
                validated = validate_pipeline(config, engine.capabilities(), base_dir=base, source=config.name)
                result = run_pipeline(validated, engine=engine, run_dir=run_dir, write_stems=job.write_stems,
                                      run_id=job.run_id, items=job.items)
                engine_s = sum(t.render_s for t in result.takes)
            elif score:
                engine_s = run_and_score(config, engine=engine, run_dir=run_dir, base_dir=base, events=job.events,
                                         planned_duration_s=job.planned_duration_s).engine_s
            else:
                result = render_take(config, engine=engine, run_dir=run_dir, base_dir=base)
                engine_s = sum(t.render_s for t in result.takes)
            files = collect(run_dir)
            bundle = TakeBundle(label=job.label, worker_roots=[str(root)], files=files, sha256=audio_digests(files),
                                headers=audio_headers(run_dir, files),
                                engine_s=round(engine_s, 3),
                                worker_s=round(time.perf_counter() - t0, 4),
                                worker_cpu_s=round(time.process_time() - cpu0, 4), worker=self.me.label)
            if keep:
                self.kept, kept = (job.label, root), True
            return bundle
        finally:
            if not kept:
                shutil.rmtree(root, ignore_errors=True)

    def _drop_kept(self) -> None:
        if self.kept is not None:
            shutil.rmtree(self.kept[1], ignore_errors=True)
            self.kept = None

    def score_kept(self, label: str, last_stage: str, events: list[SectionEvent] | None,
                   planned_duration_s: float | None) -> TakeBundle | None:
        """Score the take the last ``render(..., keep=True)`` left here (``label``); back only the report.
        None when that render failed (the driver reports its error)."""
        if self.kept is None or self.kept[0] != label:
            self._drop_kept()
            return None
        t0, cpu0 = time.perf_counter(), time.process_time()
        _, root = self.kept
        self.kept = None
        try:
            return self._score_in(root, label, last_stage, events, planned_duration_s, t0, cpu0)
        finally:
            shutil.rmtree(root, ignore_errors=True)

    def score(self, bundle: TakeBundle, last_stage: str, events: list[SectionEvent] | None,
              planned_duration_s: float | None) -> TakeBundle:
        """Score the final take of a rendered bundle; back only what scoring adds (the report file, this
        worker's scratch folder and time): the driver has the rest already."""
        t0, cpu0 = time.perf_counter(), time.process_time()
        root = scratch_root()
        try:
            run_dir = root / RUN_SUBDIR
            for rel, data in bundle.files.items():
                (run_dir / rel).parent.mkdir(parents=True, exist_ok=True)
                (run_dir / rel).write_bytes(data)
            return self._score_in(root, bundle.label, last_stage, events, planned_duration_s, t0, cpu0)
        finally:
            shutil.rmtree(root, ignore_errors=True)

    def _score_in(self, root: Path, label: str, last_stage: str, events: list[SectionEvent] | None,
                  planned_duration_s: float | None, t0: float, cpu0: float) -> TakeBundle:
        """Score the final take of the run folder under ``root``; a bundle of its report."""
        run_dir = root / RUN_SUBDIR
        name = take_name(last_stage, 0)
        audio = run_dir / f"{name}.flac"
        sidecar = TakeSidecar.model_validate_json((run_dir / f"{name}.json").read_text())
        report = score_take(audio, sidecar, events=events, planned_duration_s=planned_duration_s)
        rpath = write_text_atomic(report_path_for(audio), report.model_dump_json(indent=2))
        return TakeBundle(label=label, worker_roots=[str(root)],
                          files={rpath.relative_to(run_dir).as_posix(): rpath.read_bytes()},
                          worker_s=round(time.perf_counter() - t0, 4),
                          worker_cpu_s=round(time.process_time() - cpu0, 4), worker=self.me.label)

    def score_file(self, files: dict[str, bytes], name: str, stems_mode: str | None, events: list | None,
                   ingest: bool = False) -> Any:
        """A report of one file shipped as bytes (with its sidecar and stems): as `aceprod score` makes it, or
        (``ingest``) as `aceprod catalog ingest` does (a QualityReport, or a Skip saying why not)."""
        root = scratch_root()
        try:
            for rel, data in files.items():
                (root / rel).parent.mkdir(parents=True, exist_ok=True)
                (root / rel).write_bytes(data)
            if ingest:
                from catalog.ingest import score_take_file

                side = (root / name).with_suffix(".json")
                return score_take_file(root / name, TakeSidecar.model_validate_json(side.read_text()), root)
            from tools.take_store import score_file

            report, _ = score_file(root / name, stems_mode=stems_mode, events=events)
            return report
        finally:
            shutil.rmtree(root, ignore_errors=True)
