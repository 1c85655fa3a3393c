"""A GPU engine's pool shape on the tests' Ray instance: takes render on an engine actor and are
scored on a separate CPU scorer actor, which reads the rendered take from the object store and
sends back only its report. The take written by the driver equals the in-process take, and the
local instance listens on loopback only."""

from __future__ import annotations

import gc
from pathlib import Path

import pytest

from agent.workers.cluster import engine_factory
from agent.workers.jobs import make_job, write_bundle
from agent.workers.pool import ActorSpec, RayPool, scored_from_bundle
from engine.pipeline import parse_pipeline
from engine.protocol import get_engine
from tools.takes import run_and_score

from .conftest import snapshot

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("ray")]

TAKE = dict(name="take", caption="deep house, synth bass, four on the floor", bpm=124, keyscale="A minor",
            duration=6, seed=21, events=[{"type": "intro", "start": 0, "end": 3}, {"type": "drop", "start": 3, "end": 6}],
            stages=[{"id": "gen", "type": "generate", "model": "turbo"}])


def test_take_rendered_on_one_actor_and_scored_on_another_equals_in_process(ray_address, tmp_path: Path):
    assert ray_address.startswith("127.0.0.1:")  # loopback_only(): Ray's servers are not on the network
    cfg = parse_pipeline(TAKE)
    local = run_and_score(cfg, engine=get_engine("sketch"), run_dir=tmp_path / "local" / "t", events=cfg.events,
                          planned_duration_s=cfg.duration)
    with RayPool(engine_factory("sketch", None), workers=1, engine=ActorSpec(num_cpus=1), scorers=1) as pool:
        job = make_job(cfg, label="t", events=cfg.events, planned_duration_s=cfg.duration)
        bundle = pool.render(job)
        assert gc.get_freeze_count() > 0  # the driver's long-lived heap is out of the GC's reach while the pool runs
    assert gc.get_freeze_count() == 0  # and back in it once the pool is closed
    render_root, score_root = bundle.worker_roots  # two workers: the renderer's and the scorer's scratch
    assert render_root != score_root
    assert "gen.b0.quality.json" in bundle.files and "gen.b0.flac" in bundle.files
    flac = bundle.files["gen.b0.flac"]  # a read-only view of the object store's shared memory, not a copy
    assert not flac.flags.writeable and not flac.flags.owndata
    texts = write_bundle(bundle, job, tmp_path / "ray" / "t")
    scored = scored_from_bundle(cfg, tmp_path / "ray" / "t", texts, bundle.engine_s)
    remote = run_and_score(cfg, engine=get_engine("sketch"), run_dir=tmp_path / "ray" / "t", events=cfg.events,
                           planned_duration_s=cfg.duration)
    assert scored is not None and scored == remote  # the take from the bundle is the take read back
    assert remote.report.model_dump(exclude={"analysis_seconds", "path"}) == \
        local.report.model_dump(exclude={"analysis_seconds", "path"})
    assert snapshot(tmp_path / "ray", under=("t",)) == snapshot(tmp_path / "local", under=("t",))
