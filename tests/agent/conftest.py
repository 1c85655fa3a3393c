"""Fixtures for agent tests: a real sketch engine, tiny briefs, tmp catalogs."""

from __future__ import annotations

from pathlib import Path

import pytest

from agent.context import AgentContext
from agent.plans import AlbumBrief
from engine.protocol import get_engine


@pytest.fixture(scope="session")
def agent_engine():
    return get_engine("sketch")


@pytest.fixture
def tiny_brief() -> AlbumBrief:
    return AlbumBrief(text="electronic album, 2 tracks, vocals on 1", genre="electronic", track_count=2,
                      vocal_tracks=1, track_duration=12, candidates=2)


@pytest.fixture
def agent_ctx(tmp_path: Path, agent_engine) -> AgentContext:
    out = tmp_path / "run"
    out.mkdir()
    return AgentContext(engine=agent_engine, out_dir=out, catalog_path=tmp_path / "cat.duckdb", llm=None,
                        candidates=2, seed=3, max_repairs=1)
