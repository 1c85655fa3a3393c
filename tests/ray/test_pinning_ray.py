"""A CPU engine's workers pin themselves to a core each, a lone worker too (it holds one CPU);
the setting turns it off; a killed worker's core goes to its replacement; a core is claimed by one
process at a time; without CPU affinity (macOS) nothing is pinned."""

from __future__ import annotations

import os
import signal
import time

import pytest

from agent.workers import pinning
from agent.workers.cluster import engine_factory
from agent.workers.pinning import CorePin, wanted
from agent.workers.pool import ActorSpec, RayPool

pytestmark = [pytest.mark.xdist_group("ray")]

linux_2_cores = pytest.mark.skipif(not hasattr(os, "sched_getaffinity") or len(os.sched_getaffinity(0)) < 2,
                                   reason="pinning needs Linux and 2 cores")


def _infos(pool: RayPool) -> list:
    slots = [pool.engines.take() for _ in range(pool.size)]
    for slot in slots:
        pool.engines.give_back(slot)
    return [info for _, info in slots]


def _wait_for_exit(pid: int, timeout_s: float = 15.0) -> None:
    """Until a killed worker has left: gone, or a zombie (its files, and so its core's lock, are closed). A fixed
    0.5 s was not always enough on a loaded 2-core machine."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        try:
            with open(f"/proc/{pid}/stat", encoding="ascii") as f:
                if f.read().rsplit(")", 1)[-1].split()[0] in ("Z", "X"):
                    return
        except (FileNotFoundError, ProcessLookupError):
            return
        time.sleep(0.05)
    pytest.fail(f"worker {pid} still runs {timeout_s:g} s after SIGKILL")


def _wait_for_free_cores(timeout_s: float = 30.0) -> None:
    """Until every core's lock is free: the workers of an earlier test's pool leave their processes (and so
    their locks) a moment after the pool closes, and workers started meanwhile would run unpinned."""
    deadline = time.monotonic() + timeout_s
    while True:
        claims = [pinning._claim([cpu]) for cpu in sorted(os.sched_getaffinity(0))]
        for claim in claims:
            if claim is not None:
                claim[1].close()
        if all(claims):
            return
        if time.monotonic() > deadline:
            pytest.fail(f"a core lock is still held {timeout_s:g} s after the earlier pools closed")
        time.sleep(0.2)


def test_pinning_is_wanted_for_a_cpu_engines_workers(monkeypatch):
    monkeypatch.delenv("ACEPROD_RAY_PIN", raising=False)
    assert wanted(cpu_engine=True)
    assert not wanted(cpu_engine=False)  # GPU actors and simulated ones are not pinned
    monkeypatch.setenv("ACEPROD_RAY_PIN", "0")
    assert not wanted(cpu_engine=True)
    assert wanted(cpu_engine=True, setting=True)


@pytest.mark.skipif(not hasattr(os, "sched_getaffinity"), reason="file locks per core: POSIX")
def test_a_core_is_claimed_by_one_process_at_a_time_and_freed_with_its_lock(tmp_path, monkeypatch):
    monkeypatch.setattr(pinning.tempfile, "tempdir", str(tmp_path))
    first, second = pinning._claim([0, 1]), pinning._claim([0, 1])
    assert first is not None and second is not None and (first[0], second[0]) == (0, 1)
    assert pinning._claim([0, 1]) is None  # every core taken: the next worker stays unpinned
    first[1].close()  # what a dying worker's process does
    again = pinning._claim([0, 1])
    assert again is not None and again[0] == 0
    for handle in (second[1], again[1]):
        handle.close()


def test_without_cpu_affinity_nothing_is_pinned_and_nothing_fails(monkeypatch):
    monkeypatch.delattr(os, "sched_getaffinity", raising=False)
    monkeypatch.delattr(os, "sched_setaffinity", raising=False)
    core = CorePin()
    assert core.pin() is None and core.cpu is None  # macOS, Windows: the worker runs as before


@pytest.mark.slow
@linux_2_cores
def test_workers_pin_to_own_cores_a_lone_worker_too(ray_address, monkeypatch):
    monkeypatch.delenv("ACEPROD_RAY_PIN", raising=False)
    factory = engine_factory("sketch", None)
    _wait_for_free_cores()
    with RayPool(factory, workers=2, engine=ActorSpec(num_cpus=1)) as pool:
        assert pool.pinned
        infos = _infos(pool)
        cores = [info.pinned_cpu for info in infos]
        assert None not in cores and len(set(cores)) == 2  # each on a core of its own
        assert all(info.cpus == [info.pinned_cpu] for info in infos)  # the actor reports its affinity
        # a killed worker's core is released with its process and claimed by its replacement
        victim, other = pool.engines.take(), pool.engines.take()
        os.kill(victim[1].pid, signal.SIGKILL)
        _wait_for_exit(victim[1].pid)
        pool.engines.replace(victim[0])
        fresh = pool.engines.take()  # the only one left to take: the replacement
        pool.engines.give_back(other)
        pool.engines.give_back(fresh)
        assert fresh[1].pid != victim[1].pid and fresh[1].pinned_cpu == victim[1].pinned_cpu
    _wait_for_free_cores()
    with RayPool(factory, workers=1, engine=ActorSpec(num_cpus=1)) as pool:
        assert pool.pinned
        (info,) = _infos(pool)
        assert info.pinned_cpu is not None and info.cpus == [info.pinned_cpu]  # the one CPU it holds, not two
    monkeypatch.setenv("ACEPROD_RAY_PIN", "off")
    with RayPool(factory, workers=2, engine=ActorSpec(num_cpus=1)) as pool:
        assert not pool.pinned and all(i.pinned_cpu is None and len(i.cpus) >= 2 for i in _infos(pool))
