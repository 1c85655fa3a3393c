"""curator: the best take per track, mastered to one album loudness (-14 LUFS
integrated, true peak <= -1 dBTP, under 1 LU between tracks), written as
``album/NN - Title.flac`` with ``album.json``."""

from __future__ import annotations

from langgraph.runtime import Runtime

from agent.context import AgentContext
from agent.records import AlbumResult, TrackOutcome
from agent.state import AlbumState, plan_of, repairs_of, takes_of
from engine.audio import read_audio, write_flac, write_text_atomic
from engine.files import safe_filename
from quality.loudness import loudness
from tools.mastering import master

SHORTFALL_LU = 0.5  # a track that cannot reach the target by more than this lowers the album target


def curator(state: AlbumState, runtime: Runtime[AgentContext]) -> dict:
    ctx = runtime.context
    plan = plan_of(state)
    takes = {t.take_id: t for t in takes_of(state)}
    best = state.get("best", {})
    audio = {int(k): read_audio(ctx.out_dir / takes[v].audio) for k, v in best.items()}
    ctx.emit("mastering", tracks=len(audio))
    target = ctx.target_lufs
    mastered = {k: master(y, target_lufs=target, ceiling_dbtp=ctx.ceiling_dbtp) for k, y in audio.items()}
    reached = [r.output_lufs for _, r in mastered.values() if r.output_lufs is not None]
    if reached and min(reached) < target - SHORTFALL_LU:  # one track cannot get as loud: match the album to it
        target = round(min(reached), 1)
        mastered = {k: master(y, target_lufs=target, ceiling_dbtp=ctx.ceiling_dbtp) for k, y in audio.items()}
    album_dir = ctx.out_dir / "album"
    outcomes = []
    for t in plan.tracks:
        take_id = best.get(str(t.index))
        if take_id is None:
            outcomes.append(TrackOutcome(track=t.index, title=t.title, take_id=None, score=None,
                                         note="no take could be generated for this track (see errors)"))
            continue
        y, result = mastered[t.index]
        name = f"{t.index:02d} - {safe_filename(t.title)}.flac"
        write_flac(album_dir / name, y)
        outcomes.append(TrackOutcome(track=t.index, title=t.title, take_id=take_id, score=takes[take_id].overall,
                                     mastered=f"album/{name}", lufs=loudness(y).integrated_lufs,
                                     true_peak_dbtp=result.output_true_peak_dbtp,
                                     note=f"gain {result.gain_db:+.1f} dB, limiter {result.limiter_max_reduction_db:.1f} dB"))
    levels = [o.lufs for o in outcomes if o.lufs is not None]
    result = AlbumResult(run_id=state["run_id"], title=plan.title, engine=ctx.engine.capabilities().engine,
                         planner=plan.planner, target_lufs=target,
                         loudness_spread_lu=round(max(levels) - min(levels), 2) if levels else None,
                         tracks=outcomes, takes=list(takes.values()),
                         repairs=repairs_of(state),
                         notes=plan.notes + list(state.get("errors", [])))
    write_text_atomic(ctx.out_dir / "album.json", result.model_dump_json(indent=2))
    ctx.emit("mastered", target=target, spread=result.loudness_spread_lu)
    return {"album": result.model_dump(mode="json")}
