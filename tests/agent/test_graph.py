"""The producer graph end to end on the sketch engine, with real checkpointers."""

from __future__ import annotations

import json
import shutil
import subprocess
from html import escape

import pytest
from langgraph.checkpoint.memory import InMemorySaver
from langgraph.types import Command

from agent.graph import build_graph
from agent.records import AlbumResult, RepairProposal, TakeRecord
from agent.repair_routes import build_repair
from agent.runner import RunInfo, initial_state, pending_interrupt, run_config
from catalog.store import Catalog
from engine.audio import read_audio
from engine.take import TakeSidecar
from quality.loudness import loudness
from quality.report import DefectKind, SuggestedRepair
from tools.mastering import _true_peak_dbtp


def _info(brief, run_id="r1"):
    return RunInfo(run_id=run_id, brief=brief, engine="sketch", llm="none", autonomy="autonomous", candidates=2,
                   seed=3, max_repairs=1, catalog=None, created_at="now")


@pytest.fixture(scope="module")
def album_run(tmp_path_factory, agent_engine):
    """One real autonomous album on the sketch engine, shared by the tests below."""
    from agent.context import AgentContext
    from agent.plans import AlbumBrief

    tmp = tmp_path_factory.mktemp("album")
    ctx = AgentContext(engine=agent_engine, out_dir=tmp / "run", catalog_path=tmp / "cat.duckdb", llm=None,
                       candidates=2, seed=3, max_repairs=1)
    ctx.out_dir.mkdir()
    brief = AlbumBrief(text="electronic album, 2 tracks, vocals on 1", genre="electronic", track_count=2,
                       vocal_tracks=1, track_duration=12, candidates=2)
    graph = build_graph(checkpointer=InMemorySaver())
    final = graph.invoke(initial_state(_info(brief)), run_config("r1"), context=ctx)
    return ctx, AlbumResult.model_validate(final["album"])


@pytest.mark.slow
def test_autonomous_album_end_to_end(album_run):
    agent_ctx, result = album_run
    out = agent_ctx.out_dir
    # every track mastered to one loudness, under the true-peak ceiling
    assert [t.track for t in result.tracks] == [1, 2] and all(t.mastered for t in result.tracks)
    levels = []
    for t in result.tracks:
        y = read_audio(out / t.mastered)
        levels.append(loudness(y).integrated_lufs)
        assert _true_peak_dbtp(y) <= -1.0 + 0.05
    assert max(levels) - min(levels) < 1.0
    assert abs(result.target_lufs - (-14.0)) < 1e-6 or result.target_lufs < -14.0
    assert all(abs(lv - result.target_lufs) < 0.6 for lv in levels)
    # the best take per track is the one the critic ranked first
    for t in result.tracks:
        mine = [k for k in result.takes if k.track == t.track and k.rankable]
        assert t.score == max(k.overall for k in mine)
    # repairs: bounded, and each accepted one beat the take it repaired
    assert len(result.repairs) <= 2
    for r in result.repairs:
        if r.accepted:
            assert r.after > r.before
    # catalog: every take once, with its report and repairs
    with Catalog.open(agent_ctx.catalog_path, read_only=True) as cat:
        assert cat._scalar("select count(*) from generations") == len(result.takes)
        assert cat._scalar("select count(*) from quality_reports") == len(result.takes)
        assert cat._scalar("select count(*) from repairs") == len(result.repairs)
        assert cat._scalar("select count(*) from plans where kind = 'track'") == 2
    html = (out / "album.html").read_text()
    assert "album/01 - " in html and "plots/t01.png" in html and (out / "plots" / "t01.png").is_file()
    for r in result.repairs:  # every repair that ran says what it removed, or why it was thrown away
        if r.to_take:
            assert r.verdict.startswith("kept: removed" if r.accepted else "thrown away:") and escape(r.verdict) in html
    assert json.loads((out / "album.json").read_text())["run_id"] == "r1"


def test_collaborative_gate_interrupts_and_applies_edits(agent_ctx, tiny_brief):
    """Seed the state at the router with one proposal; the gate must stop, then run the edited repair."""
    agent_ctx.autonomy = "collaborative"
    graph = build_graph(checkpointer=InMemorySaver())
    config = run_config("c1")
    brief = tiny_brief.model_copy(update={"track_count": 1, "vocal_tracks": 0, "candidates": 1})
    agent_ctx.candidates = 1
    # run planning + generation + critic + router, stopping before the approval gate
    graph.invoke(initial_state(_info(brief, "c1")), config, context=agent_ctx, interrupt_before=["approval"])
    state = graph.get_state(config).values
    take = TakeRecord.model_validate(state["takes"][0])
    plan_track = state["plan"]["tracks"][0]
    from agent.plans import TrackPlan
    from tools.take_store import load_report

    route, _, pipeline = build_repair(
        SuggestedRepair(route="repaint", defect_kinds=[DefectKind.click], start_s=2.0, end_s=4.0),
        report=load_report(agent_ctx.out_dir / take.report), take_audio=agent_ctx.out_dir / take.audio,
        track=TrackPlan.model_validate(plan_track), caps=agent_ctx.engine.capabilities(), attempt=1, run_seed=3)
    proposal = RepairProposal(proposal_id="t01r1", track=1, from_take=take.take_id, route=route,
                              defect_kinds=["click"], reason="test", pipeline=pipeline)
    graph.update_state(config, {"proposals": [proposal.model_dump(mode="json")]}, as_node="repair_router")
    graph.invoke(None, config, context=agent_ctx)
    qid, asked = pending_interrupt(graph, "c1")
    assert qid and asked.kind == "approve_repairs" and asked.proposals[0].proposal_id == "t01r1"
    answer = [{"proposal_id": "t01r1", "decision": "edit", "edit": {"repainting_start": 5.0, "repainting_end": 7.5}}]
    final = graph.invoke(Command(resume=answer), config, context=agent_ctx)
    record = next(r for r in final["repairs"] if r["proposal"]["proposal_id"] == "t01r1")
    assert record["decision"] == "edited" and record["who"] == "person"
    side = TakeSidecar.model_validate_json((agent_ctx.out_dir / "takes/t01/r1-repaint/fix.b0.json").read_text())
    assert (side.request.repainting_start, side.request.repainting_end) == (5.0, 7.5)
    assert final["album"] is not None


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.mark.slow
@pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed (make test installs it as root)")
def test_album_html_in_headless_chromium(album_run, tmp_path):
    ctx, result = album_run
    page = (ctx.out_dir / "album.html").resolve().as_uri()
    profile = ["--user-data-dir=" + str(tmp_path / "profile")]
    dom = subprocess.run([CHROMIUM, *FLAGS, *profile, "--dump-dom", page], capture_output=True, text=True,
                         timeout=120).stdout
    for track in result.tracks:
        assert track.title in dom and track.mastered in dom
    assert dom.count("<audio") == len(result.tracks) and dom.count('class="plot"') == len(result.tracks)
    shot = tmp_path / "album.png"
    subprocess.run([CHROMIUM, *FLAGS, *profile, f"--screenshot={shot}", "--window-size=1200,1800", page],
                   capture_output=True, timeout=120, check=True)
    from PIL import Image

    image = Image.open(shot).convert("L")
    assert image.size == (1200, 1800)
    extrema = image.getextrema()
    assert extrema[1] - extrema[0] > 100  # not a blank page: text, plots and players rendered
    shutil.copy(shot, ctx.out_dir / "screenshot.png")
