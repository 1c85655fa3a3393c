"""CPU-core pinning of a pool's CPU engine workers (Linux; elsewhere nothing is pinned).

A CPU engine worker holds one CPU of its Ray node (``num_cpus=1``), and it uses that one: it claims
a core of its machine for itself and pins its process (every thread it has and starts) to it, with
its BLAS, OpenMP and numba thread pools cut to one thread (Ray's own rule for a task's OpenMP
threads, ``OMP_NUM_THREADS=num_cpus``, carried to the take's other threads). Unpinned, one take uses
a bit more than one core (its analysis runs two threads, the FLAC decode two halves): a lone worker
would take a core Ray counts as free, and two or more workers on as many cores would compete for
every core while the scheduler moves their threads between them.

A worker claims a core by holding an exclusive lock on a file per core in the temp folder
(``aceprod-cores/cpu<N>.lock``): the lock goes with the process (a killed worker's core is
free again for its replacement), and workers of other pools or runs on the same machine never
share a core. A worker that finds no free core of those it may run on (more workers than
cores on its machine) stays unpinned.

``ACEPROD_RAY_PIN=0`` (or ``off``/``false``/``no``) in the driver's environment turns pinning
off; it is on by default.
"""

from __future__ import annotations

import contextlib
import os
import sys
import tempfile
from pathlib import Path
from typing import IO

PIN_ENV = "ACEPROD_RAY_PIN"
THREAD_ENVS = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "NUMBA_NUM_THREADS")


def pinning_enabled() -> bool:
    """The setting: on unless ``ACEPROD_RAY_PIN`` says off."""
    return os.environ.get(PIN_ENV, "1").strip().lower() not in {"0", "off", "false", "no"}


def wanted(cpu_engine: bool, setting: bool | None = None) -> bool:
    """Whether a pool's engine workers pin themselves: those of a CPU engine, the setting on."""
    return cpu_engine and (pinning_enabled() if setting is None else setting)


def allowed_cpus() -> list[int] | None:
    """The CPUs this process may run on; None where the OS does not say (no ``sched_getaffinity``)."""
    if not hasattr(os, "sched_getaffinity"):
        return None
    return sorted(os.sched_getaffinity(0))


def _claim(cpus: list[int]) -> tuple[int, IO[bytes]] | None:
    """The first of ``cpus`` no other process holds, with the open lock file that holds it; None if none."""
    import fcntl

    folder = Path(tempfile.gettempdir()) / "aceprod-cores"
    folder.mkdir(exist_ok=True)
    for cpu in cpus:
        handle = open(folder / f"cpu{cpu}.lock", "ab")  # noqa: SIM115 - held open for the life of the process
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            handle.close()
            continue
        return cpu, handle
    return None


def _set_all_threads(cpus: set[int]) -> None:
    """Every thread of this process onto ``cpus`` (threads started later inherit it from their starter)."""
    tids = [int(t.name) for t in os.scandir("/proc/self/task")] if os.path.isdir("/proc/self/task") else [0]
    for tid in tids:
        with contextlib.suppress(ProcessLookupError):  # a thread that ended meanwhile
            os.sched_setaffinity(tid, cpus)


def _one_thread_pools() -> None:
    """BLAS/OpenMP and numba thread pools of this process cut to one thread (now, and for later imports)."""
    for name in THREAD_ENVS:
        os.environ[name] = "1"
    with contextlib.suppress(ImportError):
        from threadpoolctl import threadpool_limits

        threadpool_limits(1)
    if "numba" in sys.modules:  # imported before: the environment comes too late for its pool
        with contextlib.suppress(ValueError):
            sys.modules["numba"].set_num_threads(1)


class CorePin:
    """This process's claim on a core, for its life: ``cpu`` is None when it is not pinned."""

    def __init__(self) -> None:
        self.cpu: int | None = None
        self._lock: IO[bytes] | None = None

    def pin(self) -> int | None:
        """Claim a free core this process may run on and pin to it; the core, or None (not Linux, fewer than two
        cores allowed, none free, or the OS refused)."""
        cpus = allowed_cpus()
        if self.cpu is not None or cpus is None or len(cpus) < 2:
            return self.cpu
        try:
            claim = _claim(cpus)
            if claim is None:
                return None
            cpu, self._lock = claim
            _set_all_threads({cpu})
        except OSError:
            self.release()
            return None
        self.cpu = cpu
        _one_thread_pools()
        return cpu

    def release(self) -> None:
        if self._lock is not None:
            self._lock.close()
            self._lock = None
