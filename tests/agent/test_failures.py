"""Failures mid-album: an engine error on one take, a full disk, and resuming after."""

from __future__ import annotations

import errno

import pytest
from langgraph.checkpoint.memory import InMemorySaver

import engine.audio as audio_io
from agent.graph import build_graph
from agent.plans import AlbumBrief
from agent.records import AlbumResult
from agent.runner import RunInfo, initial_state, run_config
from engine.errors import EngineError, OutputError


class FlakyEngine:
    """The real sketch engine, failing on chosen seeds (as a GPU engine might on OOM)."""

    def __init__(self, inner, fail_seeds: set[int]) -> None:
        self.inner, self.fail_seeds, self.name = inner, fail_seeds, inner.name
        self.failed: list[int] = []

    def capabilities(self):
        return self.inner.capabilities()

    def load(self, model):
        self.inner.load(model)

    def unload(self):
        self.inner.unload()

    def run(self, request, sources):
        if request.seed in self.fail_seeds:
            self.failed.append(request.seed)
            raise EngineError(f"simulated engine failure on seed {request.seed}")
        return self.inner.run(request, sources)


def _brief() -> AlbumBrief:
    return AlbumBrief(text="folk album, 2 tracks, instrumental", genre="folk", track_count=2, vocal_tracks=0,
                      track_duration=10, candidates=2)


def _info(run_id: str) -> RunInfo:
    return RunInfo(run_id=run_id, brief=_brief(), engine="sketch", llm="none", autonomy="autonomous", candidates=2,
                   seed=9, max_repairs=0, catalog=None, created_at="now")


def test_engine_failure_on_one_take_does_not_stop_the_album(agent_ctx, agent_engine):
    from agent.planning.pipelines import candidate_seed

    bad = candidate_seed(9, 2, 1)
    flaky = FlakyEngine(agent_engine, {bad})
    agent_ctx.engine, agent_ctx.seed, agent_ctx.max_repairs = flaky, 9, 0
    final = build_graph(InMemorySaver()).invoke(initial_state(_info("f1")), run_config("f1"), context=agent_ctx)
    result = AlbumResult.model_validate(final["album"])
    assert flaky.failed == [bad]
    assert result.tracks[1].take_id == "t02c2"  # the only take of track 2 that exists
    assert not any(t.take_id == "t02c1" for t in result.takes)
    assert any("t02c1" in n and "simulated engine failure" in n for n in result.notes)


def test_full_disk_stops_with_state_saved_and_resume_finishes(agent_ctx, monkeypatch):
    agent_ctx.seed, agent_ctx.max_repairs = 9, 0
    graph = build_graph(InMemorySaver())
    real_write = audio_io.write_flac
    calls = {"n": 0}

    def full_after_three(path, audio, *, sr=48000):
        calls["n"] += 1
        if calls["n"] > 3:
            raise OutputError(f"cannot write {path}: {errno.errorcode[errno.ENOSPC]} "
                              "(fix: choose a writable folder with free space)")
        return real_write(path, audio, sr=sr)

    monkeypatch.setattr("engine.executor.write_flac", full_after_three)
    with pytest.raises(OutputError, match="ENOSPC"):
        graph.invoke(initial_state(_info("d1")), run_config("d1"), context=agent_ctx)
    saved = graph.get_state(run_config("d1"))
    assert saved.values["plan"] is not None and saved.next  # the run stopped mid-way, state kept
    monkeypatch.setattr("engine.executor.write_flac", real_write)  # space freed
    final = graph.invoke(None, run_config("d1"), context=agent_ctx)
    result = AlbumResult.model_validate(final["album"])
    assert len([t for t in result.takes if t.kind == "candidate"]) == 4
    assert not list(agent_ctx.out_dir.rglob("*.part"))
