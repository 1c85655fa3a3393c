"""A local Ray session's processes seen from /proc, for bench/scale.py: CPU seconds of the driver, its
actors and Ray's daemons; moving an actor's threads to other CPUs than its pool gave it. Linux; elsewhere
the functions say they cannot (None, False)."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path


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


RAY_AGENTS = ("ray::DashboardAg", "ray::RuntimeEnvA")  # Ray's own agents (comm is cut to 15 characters)


def session_cpu_s() -> dict[str, float] | None:
    """CPU seconds so far of this process ("driver"), of its Ray actors and workers ("workers") and of Ray's
    daemons it started (raylet, GCS, log monitor, agents: "ray"), from /proc; None where there is none.
    A process that ended meanwhile drops out: compare snapshots of a warm pool."""
    try:
        stats = {}
        for entry in os.scandir("/proc"):
            if entry.name.isdigit():
                try:
                    stats[int(entry.name)] = Path(entry.path, "stat").read_text()
                except OSError:
                    continue
    except OSError:
        return None
    tick, me = os.sysconf("SC_CLK_TCK"), os.getpid()
    parent, info = {}, {}
    for pid, stat in stats.items():
        comm, fields = stat[stat.index("(") + 1:stat.rindex(")")], stat[stat.rindex(")") + 2:].split()
        parent[pid], info[pid] = int(fields[1]), (comm, (int(fields[11]) + int(fields[12])) / tick)
    out = {"driver": 0.0, "workers": 0.0, "ray": 0.0}
    for pid, (comm, cpu) in info.items():
        up = pid
        while up not in (me, 0, 1) and up in parent:
            up = parent[up]
        if up != me:
            continue
        kind = "driver" if pid == me else "workers" if comm.startswith("ray::") and comm not in RAY_AGENTS else "ray"
        out[kind] += cpu
    return out


def cpu_per_take(before: dict | None, after: dict | None, takes: int) -> dict | None:
    """CPU seconds per take of the driver, the workers and Ray's daemons between two ``session_cpu_s``."""
    if before is None or after is None:
        return None
    return {k: round((after[k] - before[k]) / takes, 3) for k in after}


def pin(pid: int, cpus: set[int]) -> bool:
    """Every thread of process ``pid`` onto ``cpus`` (threads it starts later inherit it); False where the OS
    cannot (no /proc or no affinity: macOS)."""
    if not hasattr(os, "sched_setaffinity"):
        return False
    try:
        for task in os.scandir(f"/proc/{pid}/task"):
            with contextlib.suppress(ProcessLookupError):  # a thread that ended meanwhile
                os.sched_setaffinity(int(task.name), cpus)
    except OSError:
        return False
    return True


@contextlib.contextmanager
def actors_on(ray_pool, cpus: set[int] | None):
    """Every engine actor of ``ray_pool`` given ``cpus`` (None: every CPU of this machine) for the block, then
    put back where the pool had it (its own core, or every CPU). Yields whether it could (not on macOS)."""
    slots = [ray_pool.engines.take() for _ in range(ray_pool.size)]
    for slot in slots:
        ray_pool.engines.give_back(slot)
    everywhere = set(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else set()
    done = bool(everywhere) and all(pin(info.pid, cpus or everywhere) for _, info in slots)
    try:
        yield done
    finally:
        for _, info in slots:
            pin(info.pid, everywhere if info.pinned_cpu is None else {info.pinned_cpu})
