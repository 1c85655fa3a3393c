"""A pool of Ray actors that render and score takes, and the runner that uses it.

Engine actors hold one engine each, loaded once: one per GPU for ``acestep``
(``num_gpus=1``), one per CPU for ``sketch``. A GPU engine's takes are scored by
CPU scorer actors, so a GPU never waits on analysis; a CPU engine scores its own.
Any thread may submit: each job waits for an idle actor (the pool is the queue).

Cores: each worker of a CPU engine pins itself to a core of its own, the one CPU Ray gave it
(``agent.workers.pinning``; ``ACEPROD_RAY_PIN=0`` turns it off); GPU engines and scorers are
not pinned.

The driver's heap: once Ray is connected and the actors are up, what the process holds
(modules, Ray's, pydantic's and numpy's tables) lives as long as the pool. The pool
collects once and freezes it (``gc.freeze``) while it is open, so each later full
collection (Python's own, or the one Ray asks every process for when its object store
fills) scans only what the run allocated since, not those objects again (~60 ms each);
the last pool to close unfreezes it.

Faults: when an actor dies (killed, its node lost), the pool starts a fresh one in
the background and gives the same job (same pipeline, same seed) to the next idle
actor, up to ``max_attempts`` times. Nothing is written by workers: the driver
writes a take once, when its bundle has arrived (``agent.workers.jobs``).
"""

from __future__ import annotations

import contextlib
import gc
import queue
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field

from agent.workers.actor import EngineFactory, TakeWorker, WorkerInfo
from agent.workers.jobs import MANIFEST, TakeBundle, TakeJob, TakeWriter, make_job
from agent.workers.pinning import wanted as pinning_wanted
from engine.errors import ConfigError, EngineError
from engine.executor import PipelineResult
from engine.pipeline import PipelineConfig, SectionEvent
from engine.protocol import EngineCapabilities
from engine.take import StageRequest, Take, TakeSidecar
from quality.report import QualityReport
from tools.take_store import TakeFiles
from tools.takes import ScoredTake, finished_run, run_and_score

START_TIMEOUT_S = 180.0  # how long a job waits for a replacement worker when none is alive


class ActorSpec(BaseModel):
    """The resources of one actor of a kind."""

    num_cpus: float = 1.0
    num_gpus: float = 0.0
    resources: dict[str, float] = Field(default_factory=dict)


class _Slots:
    """Idle actors of one kind; dead ones are replaced in the background."""

    def __init__(self, kind: str, make: Callable[[], Any], count: int) -> None:
        import ray

        self.kind, self.make = kind, make
        self.idle: queue.Queue = queue.Queue()
        self.lock = threading.Lock()
        self.alive, self.starting, self.all = 0, 0, []
        actors = [make() for _ in range(count)]
        infos = ray.get([a.info.remote() for a in actors])
        for actor, info in zip(actors, infos, strict=True):
            self.all.append(actor)
            self.idle.put((actor, info))
        self.alive = count

    def take(self) -> tuple[Any, WorkerInfo]:
        waited = 0.0
        while True:
            try:
                return self.idle.get(timeout=1.0)
            except queue.Empty:
                with self.lock:
                    none_left = self.alive == 0
                    if none_left and self.starting == 0:
                        raise EngineError(f"every {self.kind} worker of the Ray pool has died and none could be "
                                          "restarted (fix: check the cluster with `ray status`, then --resume)") from None
                waited = waited + 1.0 if none_left else 0.0
                if waited > START_TIMEOUT_S:
                    raise EngineError(f"no {self.kind} worker could start in {START_TIMEOUT_S:.0f} s: the cluster "
                                      "lacks free resources for it (fix: `ray status`, add a node, then --resume)") from None

    def give_back(self, slot: tuple[Any, WorkerInfo]) -> None:
        self.idle.put(slot)

    def replace(self, dead: Any) -> None:
        """Forget a dead actor; start another where the cluster has room."""
        import ray

        with self.lock:
            self.alive -= 1
            self.starting += 1

        def start() -> None:
            try:
                actor = self.make()
                info = ray.get(actor.info.remote())
            except Exception:  # noqa: BLE001 - the cluster cannot place it now; the others carry on
                with self.lock:
                    self.starting -= 1
                return
            with self.lock:
                self.all.append(actor)
                self.starting -= 1
                self.alive += 1
            self.idle.put((actor, info))

        threading.Thread(target=start, daemon=True, name=f"aceprod-{self.kind}-restart").start()

    def kill_all(self) -> None:
        import ray

        for actor in self.all:
            ray.kill(actor, no_restart=True)
        self.all.clear()


_frozen_by = 0  # pools open that froze the heap
_frozen_lock = threading.Lock()


def _freeze_heap() -> None:
    global _frozen_by
    with _frozen_lock:
        gc.collect()  # garbage left now would be frozen for good
        gc.freeze()
        _frozen_by += 1


def _unfreeze_heap() -> None:
    global _frozen_by
    with _frozen_lock:
        _frozen_by -= 1
        if _frozen_by == 0:
            gc.unfreeze()


class RayPool:
    """Engine actors (and scorer actors for GPU engines) on a Ray cluster Ray is connected to."""

    def __init__(self, factory: EngineFactory | None, *, workers: int, engine: ActorSpec | None = None,
                 scorers: int = 0, max_attempts: int = 3, pin: bool | None = None,
                 on_dispatch: Callable[[WorkerInfo, str], None] | None = None) -> None:
        import ray

        if (factory is None) != (workers == 0) or workers + scorers < 1:
            raise ConfigError("a Ray pool needs an engine and engine workers, or scorers only (fix: give the "
                              "cluster a CPU or GPU)")
        self.max_attempts, self.on_dispatch = max_attempts, on_dispatch
        self._frozen = False
        # enable_task_events=False: the pool does not use Ray's per-task records (`ray list tasks`, the
        # dashboard's timeline); without them the driver's Ray threads do less per take
        remote = ray.remote(TakeWorker)
        spec = engine or ActorSpec()
        # a CPU engine's workers: each claims a core of its machine and pins itself (``pin``: None = the
        # ACEPROD_RAY_PIN setting); replacements of dead workers are started the same way
        self.pinned = pinning_wanted(spec.num_gpus == 0 and not spec.resources, pin)
        self.engines = _Slots("engine", lambda: remote.options(
            num_cpus=spec.num_cpus, num_gpus=spec.num_gpus, resources=spec.resources or None,
            max_restarts=0, enable_task_events=False).remote(factory, self.pinned), workers) if workers else None
        self.scorers = _Slots("scorer", lambda: remote.options(num_cpus=1, max_restarts=0,
                                                               enable_task_events=False).remote(None),
                              scorers) if scorers else None
        self.size, self.scorer_count = workers, scorers or workers
        self.capabilities: EngineCapabilities | None = None
        if self.engines is not None:
            self.capabilities = self._call(self.engines, "capabilities", lambda a: a.capabilities.remote())
        _freeze_heap()
        self._frozen = True

    def _call(self, slots: _Slots, what: str, call: Callable[[Any], Any], refs: list | None = None) -> Any:
        """``call(actor)`` on an idle actor of ``slots``, its result; retried on another actor when one dies.
        ``refs`` (a list) receives the ObjectRef of the result that came back, to hand it on unfetched."""
        import ray

        def once(actor: Any) -> Any:
            ref = call(actor)
            out = ray.get(ref)
            if refs is not None:
                refs.append(ref)
            return out

        return self._on_actor(slots, what, once)

    def _on_actor(self, slots: _Slots, what: str, work: Callable[[Any], Any]) -> Any:
        """``work(actor)`` (its calls on the actor and the waits for them) with an idle actor of ``slots`` held;
        run again on another actor when that one dies. A job's own failure is raised as in-process."""
        from ray.exceptions import ObjectLostError, RayActorError, RayTaskError

        for attempt in range(1, self.max_attempts + 1):
            actor, info = slots.take()
            if self.on_dispatch:
                self.on_dispatch(info, what)
            try:
                out = work(actor)
            except (RayActorError, ObjectLostError):  # the worker died: same job, next worker
                slots.replace(actor)
                if attempt == self.max_attempts:
                    raise EngineError(f"{what}: {slots.kind} workers died {attempt} times running it "
                                      "(fix: check the cluster with `ray status`, then --resume)") from None
                continue
            except RayTaskError as exc:  # the job itself failed: as in-process, no retry
                slots.give_back((actor, info))
                cause = exc.cause if getattr(exc, "cause", None) is not None else exc
                if isinstance(cause, EngineError | ConfigError):
                    raise cause from None
                raise EngineError(f"{what} failed on worker {info.label}: {type(cause).__name__}: {cause}") from None
            except BaseException:
                slots.give_back((actor, info))
                raise
            slots.give_back((actor, info))
            return out
        raise AssertionError("unreachable")

    def render(self, job: TakeJob, on_stage: Callable[[str], None] | None = None,
               on_rendered: Callable[[TakeBundle], None] | None = None) -> TakeBundle:
        """Render (and score) ``job`` on the pool; the finished take folder as a bundle. ``on_rendered`` (the
        driver's writing of the rendered files) is called with the render's bundle while the take is scored;
        it may be called again if a worker dies (a new render of the same take)."""
        if on_stage:
            on_stage("queued")
        if self.engines is None:
            raise ConfigError("this Ray pool only scores (this is a bug)")
        if self.scorers is None:
            if on_rendered is None:
                return self._call(self.engines, job.label, lambda a: a.render.remote(job, True))
            return self._on_actor(self.engines, job.label, lambda a: self._render_then_score(a, job, on_stage,
                                                                                            on_rendered))
        refs: list = []
        bundle = self._call(self.engines, job.label, lambda a: a.render.remote(job, False), refs)
        if on_stage:
            on_stage("score")
        last = job.config.stages[-1].id
        # The scorer reads the rendered bundle from the object store (the driver does not send it
        # again) and sends back only the report; a retry ships the bundle itself (its store copy
        # may have gone with a lost node).
        sources = [refs[0], bundle]

        def score_on(actor: Any) -> Any:
            src = sources.pop(0) if len(sources) > 1 else sources[0]
            return actor.score.remote(src, last, job.events, job.planned_duration_s)

        report = self._call(self.scorers, f"{job.label} (score)", score_on)
        return with_report(bundle, report)

    @staticmethod
    def _render_then_score(actor: Any, job: TakeJob, on_stage: Callable[[str], None] | None,
                           on_rendered: Callable[[TakeBundle], None]) -> TakeBundle:
        """A CPU engine's take on one actor in two calls, the second queued behind the first: the actor
        scores the take it kept while the driver writes the rendered files (``on_rendered``), so the
        driver's writing is off the take's path but for the report and ``run.json``."""
        import ray

        rendered = actor.render.remote(job, False, True)
        scored = actor.score_kept.remote(job.label, job.config.stages[-1].id, job.events, job.planned_duration_s)
        try:
            bundle = ray.get(rendered)
        except BaseException:
            with contextlib.suppress(Exception):  # fetched, so Ray does not report its error (a dead actor's) again
                ray.get(scored, timeout=START_TIMEOUT_S)
            raise
        if on_stage:
            on_stage("score")
        on_rendered(bundle)
        report = ray.get(scored)
        if report is None:
            raise EngineError(f"{job.label}: the worker kept no rendered take to score (this is a bug)")
        return with_report(bundle, report)

    def score_file(self, files: dict[str, bytes], name: str, stems_mode: str | None = None,
                   events: list | None = None, ingest: bool = False) -> Any:
        """A report of one file (``files``: it, its sidecar and stems), on a scorer (see ``TakeWorker.score_file``)."""
        slots = self.scorers or self.engines
        return self._call(slots, f"score {name}", lambda a: a.score_file.remote(files, name, stems_mode, events,
                                                                                 ingest))

    def close(self) -> None:
        for slots in (self.engines, self.scorers):
            if slots is not None:
                slots.kill_all()
        if self._frozen:
            self._frozen = False
            _unfreeze_heap()

    def __enter__(self) -> RayPool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def with_report(bundle: TakeBundle, report: TakeBundle) -> TakeBundle:
    """A rendered take's bundle with its report's files and the scoring worker's time added."""
    return bundle.model_copy(update={
        "files": {**bundle.files, **report.files}, "worker_roots": [*bundle.worker_roots, *report.worker_roots],
        "worker_s": round(bundle.worker_s + report.worker_s, 4),
        "worker_cpu_s": round(bundle.worker_cpu_s + report.worker_cpu_s, 4)})


class RemoteEngine:
    """The driver's stand-in for an engine that runs on the pool: it knows the
    capabilities (for planning and validation) and never renders."""

    def __init__(self, caps: EngineCapabilities) -> None:
        self.caps, self.name = caps, caps.engine

    def capabilities(self) -> EngineCapabilities:
        return self.caps

    def load(self, model: str) -> None:
        return None

    def unload(self) -> None:
        return None

    def run(self, request: StageRequest, sources: list[Take]) -> Take:
        raise EngineError("with --ray, takes render on the Ray workers, not in the driver (this is a bug)")


def scored_from_bundle(config: PipelineConfig, run_dir: Path, texts: dict[str, str],
                       engine_s: float) -> ScoredTake | None:
    """The take a bundle just wrote into ``run_dir``, from the bundle's JSON as written (``write_bundle``'s
    texts) instead of reading the files back; None when it is not a finished, scored take. The worker's
    JSON is validated here, where it enters the driver (the worker -> driver trust boundary), once."""
    files = TakeFiles.of_stage(run_dir, config.stages[-1].id, 0)
    manifest = texts.get(MANIFEST)
    sidecar = texts.get(files.sidecar.relative_to(run_dir).as_posix())
    report = texts.get(files.report.relative_to(run_dir).as_posix())
    if manifest is None or sidecar is None or report is None or PipelineResult.model_validate_json(manifest).status != "ok":
        return None
    return ScoredTake(run_dir=run_dir, audio=files.audio, sidecar=files.sidecar, report_path=files.report,
                      report=QualityReport.model_validate_json(report),
                      sidecar_data=TakeSidecar.model_validate_json(sidecar), engine_s=engine_s)


class RayTakeRunner:
    """``TakeRunner`` over a ``RayPool``: a finished take folder is reused (read as an in-process take is),
    any other is rendered remotely and written here, and its take taken from the bundle."""

    def __init__(self, pool: RayPool) -> None:
        if pool.capabilities is None:
            raise ConfigError("a take runner needs a pool with engine workers (this is a bug)")
        self.pool, self.parallelism = pool, pool.size
        self.engine = RemoteEngine(pool.capabilities)

    def run(self, config: PipelineConfig, *, run_dir: Path, events: list[SectionEvent] | None,
            planned_duration_s: float | None, on_stage: Callable[[str], None] | None = None) -> ScoredTake:
        if finished_run(run_dir) is None:
            job = make_job(config, label=str(run_dir), events=events, planned_duration_s=planned_duration_s,
                           base_dir=run_dir)
            writer = TakeWriter(job, run_dir)
            bundle = self.pool.render(job, on_stage, writer.part)
            scored = scored_from_bundle(config, run_dir, writer.finish(bundle), bundle.engine_s)
            if scored is not None:
                return scored
        return run_and_score(config, engine=self.engine, run_dir=run_dir, events=events,
                             planned_duration_s=planned_duration_s, on_stage=on_stage)
