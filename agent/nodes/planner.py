"""planner: brief -> AlbumPlan (numbers from code, words from the LLM or rules)."""

from __future__ import annotations

from langgraph.runtime import Runtime

from agent.context import AgentContext
from agent.planning.planner import plan_album
from agent.plans import AlbumBrief
from agent.state import AlbumState
from engine.audio import write_text_atomic


def planner(state: AlbumState, runtime: Runtime[AgentContext]) -> dict:
    ctx = runtime.context
    if state.get("plan"):  # a resumed run keeps its plan
        return {}
    brief = AlbumBrief.model_validate(state["brief"])
    caps = ctx.engine.capabilities()
    max_s = min(m.max_duration_s for m in caps.models)
    ctx.emit("planning", tracks=brief.track_count)
    plan = plan_album(brief, llm=ctx.llm, seed=ctx.seed, max_duration_s=max_s, candidates=ctx.candidates)
    write_text_atomic(ctx.out_dir / "plan.json", plan.model_dump_json(indent=2))
    dumped = plan.model_dump(mode="json")
    ctx.emit("planned", plan=dumped)
    return {"plan": dumped, "rounds": 0}
