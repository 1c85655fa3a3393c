"""An album on a Ray pool equals the in-process album (same files, same catalog rows), also when a
worker is killed mid-run; the pool's seams (batch items, scoring) match their in-process twins."""

from __future__ import annotations

import os
import signal
import threading
from pathlib import Path

import pytest
from langgraph.checkpoint.memory import InMemorySaver

from agent.context import AgentContext
from agent.graph import build_graph
from agent.plans import AlbumBrief
from agent.records import AlbumResult
from agent.runner import RunInfo, initial_state, run_config
from agent.workers.cluster import ray_runner
from catalog.store import Catalog
from engine.protocol import get_engine

from .conftest import snapshot

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("ray")]

BRIEF = AlbumBrief(text="electronic album, 2 tracks, vocals on 1", genre="electronic", track_count=2,
                   vocal_tracks=1, track_duration=10, candidates=2)


def _album(out: Path, *, engine, workers=None) -> AlbumResult:
    """One autonomous album (seed 3, one repair per track at most) into ``out/run``."""
    ctx = AgentContext(engine=engine, out_dir=out / "run", catalog_path=out / "cat.duckdb", llm=None,
                       candidates=2, seed=3, max_repairs=1, workers=workers)
    ctx.out_dir.mkdir(parents=True)
    info = RunInfo(run_id="r1", brief=BRIEF, engine="sketch", llm="none", autonomy="autonomous", candidates=2,
                   seed=3, max_repairs=1, catalog=None, created_at="now")
    final = build_graph(checkpointer=InMemorySaver()).invoke(initial_state(info), run_config("r1"), context=ctx)
    return AlbumResult.model_validate(final["album"])


def _rows(cat: Path) -> list[tuple]:
    with Catalog.open(cat, read_only=True) as c:
        return c.conn.execute("SELECT sha256, model, seed, task FROM generations ORDER BY sha256").fetchall()


@pytest.fixture(scope="module")
def in_process(tmp_path_factory) -> tuple[Path, AlbumResult]:
    out = tmp_path_factory.mktemp("inproc")
    return out, _album(out, engine=get_engine("sketch"))


def _same_album(a: tuple[Path, AlbumResult], b: tuple[Path, AlbumResult]) -> None:
    (out_a, res_a), (out_b, res_b) = a, b
    snap_a, snap_b = snapshot(out_a / "run"), snapshot(out_b / "run")
    assert sorted(snap_a) == sorted(snap_b)  # the same files, no missing or extra take
    for rel in snap_a:
        assert snap_a[rel] == snap_b[rel], rel  # audio bit-identical, JSON equal but for timings and paths
    assert [(t.take_id, t.overall) for t in res_a.takes] == [(t.take_id, t.overall) for t in res_b.takes]
    assert [(r.proposal.proposal_id, r.accepted) for r in res_a.repairs] == \
        [(r.proposal.proposal_id, r.accepted) for r in res_b.repairs]
    assert [(t.take_id, t.lufs) for t in res_a.tracks] == [(t.take_id, t.lufs) for t in res_b.tracks]
    assert _rows(out_a / "cat.duckdb") == _rows(out_b / "cat.duckdb")


@pytest.fixture(scope="module")
def sketch_pool(ray_address):
    """One pool of sketch workers for the tests below; ``hooks`` hear every dispatch (worker, job)."""
    hooks: list = []
    with ray_runner(ray_address, "sketch", on_dispatch=lambda w, what: [h(w, what) for h in list(hooks)]) as runner:
        yield runner, hooks


def test_album_on_ray_equals_in_process(sketch_pool, in_process, tmp_path):
    runner, hooks = sketch_pool
    seen: list[str] = []
    hooks[:] = [lambda w, what: seen.append(w.label)]
    assert runner.pool.size == 2  # one sketch worker per CPU of the cluster
    result = _album(tmp_path, engine=runner.engine, workers=runner)
    hooks.clear()
    assert len(set(seen)) == 2  # both workers rendered takes
    assert os.getpid() not in {int(s.rsplit(":", 1)[1]) for s in seen}
    _same_album(in_process, (tmp_path, result))


def test_killed_worker_is_retried_without_duplicate_or_missing_take(sketch_pool, in_process, tmp_path):
    runner, hooks = sketch_pool
    dispatched: list[tuple[int, str]] = []
    killed: list[int] = []

    def kill_third(worker, what: str) -> None:
        dispatched.append((worker.pid, what))
        if len(dispatched) == 3:  # kill that worker while it renders the take
            threading.Timer(0.3, lambda: (os.kill(worker.pid, signal.SIGKILL), killed.append(worker.pid))).start()

    hooks[:] = [kill_third]
    result = _album(tmp_path, engine=runner.engine, workers=runner)
    hooks.clear()
    assert killed, "no worker was killed"
    victim_job = dispatched[2][1]
    retries = [(pid, what) for pid, what in dispatched[3:] if what == victim_job]
    assert retries and all(pid != killed[0] for pid, _ in retries)  # the same job, on another worker
    _same_album(in_process, (tmp_path, result))
