"""repair_router: for each track's best take, propose the next untried repair the
engine can run (DESIGN.md section 6), within the per-track attempt budget."""

from __future__ import annotations

from pathlib import Path

from langgraph.runtime import Runtime

from agent.context import AgentContext
from agent.plans import AlbumPlan
from agent.records import RepairProposal, RepairRecord, TakeRecord
from agent.repair_routes import EXPECTED, build_repair
from agent.state import AlbumState
from tools.takes import load_report


def _tried(repairs: list[RepairRecord]) -> set[tuple[str, str]]:
    out = set()
    for r in repairs:
        out.add((r.proposal.from_take, r.proposal.route))
        if r.proposal.fallback_from:
            out.add((r.proposal.from_take, r.proposal.fallback_from))
    return out


def propose(track_best: TakeRecord, plan: AlbumPlan, repairs: list[RepairRecord], *, out_dir: Path,
            ctx: AgentContext) -> RepairProposal | None:
    """The next repair for one track's best take, or None when done."""
    mine = [r for r in repairs if r.proposal.track == track_best.track]
    if len(mine) >= ctx.max_repairs:
        return None
    report = load_report(out_dir / track_best.report)
    tried = _tried(repairs)
    track = next(t for t in plan.tracks if t.index == track_best.track)
    caps = ctx.engine.capabilities()
    for suggestion in report.suggested_repairs:
        if suggestion.route == "master" or (track_best.take_id, suggestion.route) in tried:
            continue
        attempt = len(mine) + 1
        route, fell_back, pipeline = build_repair(suggestion, report=report, take_audio=out_dir / track_best.audio,
                                                  track=track, caps=caps, attempt=attempt, run_seed=ctx.seed,
                                                  cover_strength=ctx.cover_strengths.get(track.genre))
        if (track_best.take_id, route) in tried:
            continue
        evidence = "; ".join(d for d in track_best.defects if d.split("@")[0] in {k.value for k in suggestion.defect_kinds})
        return RepairProposal(proposal_id=f"t{track.index:02d}r{attempt}", track=track.index,
                              from_take=track_best.take_id, route=route, fallback_from=fell_back,
                              defect_kinds=[k.value for k in suggestion.defect_kinds],
                              reason=suggestion.reason + (f" ({fell_back} is not possible on this engine)"
                                                          if fell_back else ""),
                              evidence=evidence, expected=EXPECTED[route], pipeline=pipeline)
    return None


def repair_router(state: AlbumState, runtime: Runtime[AgentContext]) -> dict:
    ctx = runtime.context
    plan = AlbumPlan.model_validate(state["plan"])
    takes = {t["take_id"]: TakeRecord.model_validate(t) for t in state.get("takes", [])}
    repairs = [RepairRecord.model_validate(r) for r in state.get("repairs", [])]
    proposals = []
    for _, take_id in sorted(state.get("best", {}).items(), key=lambda kv: int(kv[0])):
        p = propose(takes[take_id], plan, repairs, out_dir=ctx.out_dir, ctx=ctx)
        if p is not None:
            proposals.append(p.model_dump(mode="json"))
    ctx.emit("proposals", count=len(proposals))
    return {"proposals": proposals, "rounds": state.get("rounds", 0) + 1}


def after_router(state: AlbumState) -> str:
    return "approval" if state.get("proposals") else "dataset_builder"
