"""reporter: plots of every chosen take and album.html."""

from __future__ import annotations

from langgraph.runtime import Runtime

from agent.context import AgentContext
from agent.report_html import render_album
from agent.state import AlbumState, album_of, plan_of
from engine.audio import read_audio, write_text_atomic
from quality.plot import plot_report
from tools.take_id import track_key
from tools.take_store import load_report


def reporter(state: AlbumState, runtime: Runtime[AgentContext]) -> dict:
    ctx = runtime.context
    plan = plan_of(state)
    result = album_of(state)
    takes = {t.take_id: t for t in result.takes}
    plots: dict[int, str] = {}
    structures = {}
    for outcome in result.tracks:
        if outcome.take_id is None:
            continue
        take = takes[outcome.take_id]
        rel = f"plots/{track_key(outcome.track)}.png"
        report = load_report(ctx.out_dir / take.report)
        plot_report(read_audio(ctx.out_dir / take.audio), report, ctx.out_dir / rel)
        plots[outcome.track] = rel
        structures[outcome.track] = report.structure
    path = ctx.out_dir / "album.html"
    write_text_atomic(path, render_album(plan, result, plots, structures))
    ctx.emit("reported", html=str(path))
    return {"report_html": str(path)}
