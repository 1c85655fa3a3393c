"""The producer graph runs unchanged on the acestep engine (tiny random weights)."""

from __future__ import annotations

import pytest
from langgraph.checkpoint.memory import InMemorySaver

from agent.context import AgentContext
from agent.graph import build_graph
from agent.plans import AlbumBrief
from agent.records import AlbumResult
from agent.runner import RunInfo, initial_state, run_config
from catalog.store import Catalog


@pytest.mark.slow
def test_album_on_acestep(engine, tmp_path):
    brief = AlbumBrief(text="house track, instrumental", genre="electronic", track_count=1, vocal_tracks=0,
                       track_duration=10, candidates=1)
    out = tmp_path / "run"
    out.mkdir()
    ctx = AgentContext(engine=engine, out_dir=out, catalog_path=tmp_path / "cat.duckdb", llm=None, candidates=1,
                       seed=1, max_repairs=1)
    info = RunInfo(run_id="a1", brief=brief, engine="acestep", llm="none", autonomy="autonomous", candidates=1,
                   seed=1, max_repairs=1, catalog=None, created_at="now")
    final = build_graph(InMemorySaver()).invoke(initial_state(info), run_config("a1"), context=ctx)
    result = AlbumResult.model_validate(final["album"])
    assert result.engine == "acestep" and result.tracks[0].mastered
    assert (out / result.tracks[0].mastered).is_file() and (out / "album.html").is_file()
    with Catalog.open(ctx.catalog_path, read_only=True) as cat:
        rows = cat._query("select engine, model, checkpoint_hash from generations")
    assert rows and all(r["engine"] == "acestep" and r["checkpoint_hash"] for r in rows)
