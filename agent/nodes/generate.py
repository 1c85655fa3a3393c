"""generate: one candidate take of one track (a fan-out worker), scored at once."""

from __future__ import annotations

from langgraph.runtime import Runtime
from langgraph.types import Send

from agent.context import AgentContext
from agent.planning.pipelines import track_pipeline
from agent.records import TakeKind, TakeRecord
from agent.state import AlbumState, GenerateTask, plan_of, takes_of
from engine.errors import EngineError
from tools.take_id import TakeId


def fan_out(state: AlbumState, runtime: Runtime[AgentContext]) -> list[Send]:
    """One Send per (track, candidate) not yet generated."""
    plan = plan_of(state)
    done = {(t.track, t.candidate) for t in takes_of(state) if t.kind is TakeKind.candidate}
    return [Send("generate", GenerateTask(track=t, candidate=c).model_dump(mode="json"))
            for t in plan.tracks for c in range(1, plan.candidates + 1) if (t.index, c) not in done]


def generate(payload: dict, runtime: Runtime[AgentContext]) -> dict:
    ctx = runtime.context
    task = GenerateTask.model_validate(payload)
    track, c = task.track, task.candidate
    tid = TakeId.candidate(track.index, c)
    take_id = str(tid)
    config = track_pipeline(track, candidate=c, run_seed=ctx.seed, caps=ctx.engine.capabilities(),
                            learned=ctx.preset_for(track.index, track.genre))
    rel = f"takes/{tid.track_key}/c{c}"
    ctx.emit("take_started", take=take_id, track=track.index, duration=track.duration, model=config.model)
    try:
        scored = ctx.runner.run(config, run_dir=ctx.out_dir / rel, events=track.events,
                                planned_duration_s=track.duration,
                                on_stage=lambda stage: ctx.emit("stage", take=take_id, track=track.index, stage=stage))
    except EngineError as exc:  # one failed take does not stop the album
        ctx.emit("take_failed", take=take_id, error=str(exc))
        return {"errors": [f"{take_id}: {exc}"]}
    record = TakeRecord.from_scored(tid, scored, out_dir=ctx.out_dir, candidate=c)
    ctx.emit("take_done", take=take_id, track=track.index, overall=record.overall)
    return {"takes": [record.model_dump(mode="json")]}
