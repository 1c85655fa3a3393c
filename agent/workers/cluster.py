"""Connecting to Ray for ``--ray [ADDRESS]`` and sizing the pool to the cluster.

``--ray`` alone starts a local Ray instance with this machine's CPUs and GPUs;
``--ray ADDRESS`` (``HOST:PORT`` of a head started with ``ray start --head``, or
``auto``) joins that cluster. Ray is imported only here and in the pool, so a run
without ``--ray`` never imports it.
"""

from __future__ import annotations

import functools
import logging
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from agent.workers.actor import EngineFactory, WorkerInfo
from agent.workers.options import ADDRESS, LOCAL
from agent.workers.pool import ActorSpec, RayPool, RayTakeRunner
from agent.workers.runner import TakeRunner
from engine.errors import ConfigError
from engine.protocol import ENGINES, Engine, get_engine

GPU_ENGINES = {"acestep"}  # engines that get one actor per GPU when the cluster has GPUs


def check_address(value: str) -> str:
    """``value`` if it can be a Ray address, else a clear error (a brief taken as the address, say)."""
    if not ADDRESS.match(value):
        raise ConfigError(f"--ray {value!r} is not a Ray address (fix: HOST:PORT of the head, `auto`, or --ray "
                          "alone for a local instance)")
    return value


def _import_ray():
    try:
        import ray
    except ImportError:
        raise ConfigError("--ray needs Ray, which is not installed (fix: pip install 'aceprod[ray]' here and on "
                          "every machine of the cluster)") from None
    return ray


def same_priority_workers() -> None:
    """Ray starts its workers at nice 15 unless told otherwise; on a busy machine that starves the
    workers doing the run's work. A local instance gives them the driver's priority (what an
    in-process run has). Set before ``ray.init``; ``RAY_worker_niceness`` in the environment wins."""
    os.environ.setdefault("RAY_worker_niceness", "0")


def loopback_only() -> None:
    """A local instance serves this machine only: Ray's single-machine mode (its default on macOS and
    Windows, ``RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER=0``) puts the node on 127.0.0.1, so every Ray server
    listens on loopback instead of the machine's network address. Ray reads it when first imported:
    call before ``import ray``. A value already in the environment wins."""
    os.environ.setdefault("RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER", "0")


@contextmanager
def connected(address: str, *, local_options: dict | None = None) -> Iterator[None]:
    """Connected to Ray for the block; a local instance we started is shut down after it, a cluster is left up."""
    if address == LOCAL:
        loopback_only()
    ray = _import_ray()
    check_address(address)
    if ray.is_initialized():  # a caller (a test, a notebook) already connected
        yield
        return
    quiet = dict(log_to_driver=False, logging_level=logging.WARNING, configure_logging=True)
    try:
        if address == LOCAL:
            same_priority_workers()
            ray.init(include_dashboard=False, **quiet, **(local_options or {}))
        else:
            ray.init(address=address, **quiet)
    except (ConnectionError, ValueError, RuntimeError) as exc:
        raise ConfigError(f"cannot connect to Ray at {address}: {str(exc).splitlines()[0]} (fix: start the head "
                          "with `ray start --head` and pass its HOST:PORT, or --ray alone for a local instance)"
                          ) from None
    try:
        yield
    finally:
        ray.shutdown()


def pool_shape(engine_name: str, resources: dict[str, float]) -> tuple[int, ActorSpec, int]:
    """(engine workers, their resources, scorer workers) for the cluster's resources."""
    cpus, gpus = int(resources.get("CPU", 0)), int(resources.get("GPU", 0))
    if engine_name in GPU_ENGINES and gpus > 0:
        return gpus, ActorSpec(num_cpus=1, num_gpus=1), max(1, min(gpus, cpus - gpus))
    if cpus < 1:
        raise ConfigError("the Ray cluster has no CPUs (fix: `ray status`; start workers with `ray start`)")
    return cpus, ActorSpec(num_cpus=1), 0


def engine_factory(engine_name: str, checkpoints: str | Path | None) -> EngineFactory:
    """Builds the engine on a worker; checkpoints as an absolute path (the same on every GPU machine)."""
    if engine_name not in ENGINES:
        get_engine(engine_name)  # refused here with the list of engines, before any worker starts
    kwargs = {"checkpoints_dir": str(Path(checkpoints).expanduser().resolve())} if checkpoints else {}
    return functools.partial(get_engine, engine_name, **kwargs)


@contextmanager
def ray_pool(address: str, engine_name: str | None, *, checkpoints: str | Path | None = None,
             on_dispatch: Callable[[WorkerInfo, str], None] | None = None) -> Iterator[RayPool]:
    """Connect, start a pool sized to the cluster (scorers only when ``engine_name`` is None), stop it after."""
    factory = engine_factory(engine_name, checkpoints) if engine_name else None
    with connected(address):
        import ray

        resources = ray.cluster_resources()
        if engine_name:
            workers, spec, scorers = pool_shape(engine_name, resources)
        else:
            workers, spec, scorers = 0, None, max(1, int(resources.get("CPU", 1)))
        with RayPool(factory, workers=workers, engine=spec, scorers=scorers, on_dispatch=on_dispatch) as pool:
            yield pool


@contextmanager
def ray_runner(address: str, engine_name: str, *, checkpoints: str | Path | None = None,
               on_dispatch: Callable[[WorkerInfo, str], None] | None = None) -> Iterator[RayTakeRunner]:
    """A pool for ``engine_name`` (see ``ray_pool``) as the runner of an album's takes."""
    with ray_pool(address, engine_name, checkpoints=checkpoints, on_dispatch=on_dispatch) as pool:
        yield RayTakeRunner(pool)


@contextmanager
def engine_and_runner(engine_name: str, *, checkpoints: str | Path | None,
                      ray: str | None) -> Iterator[tuple[Engine, TakeRunner | None]]:
    """(engine, runner) for a run: without ``ray`` the engine itself and no runner (in-process, Ray never
    imported); with it, the pool's stand-in engine (its capabilities) and the pool's runner."""
    if ray is None:
        yield get_engine(engine_name, **({"checkpoints_dir": str(checkpoints)} if checkpoints else {})), None
        return
    with ray_runner(ray, engine_name, checkpoints=checkpoints) as runner:
        yield runner.engine, runner
