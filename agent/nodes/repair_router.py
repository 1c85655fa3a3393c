"""repair_router: for each track's best take, propose the next untried repair the
engine can run (quality/routing.py's table), when it pays for its engine time.

- Only evidence the critic reports: a suggestion that names no heard defect (an empty
  planned stem: no listener reported a missing instrument) is not proposed.
- A defect heard at the same place on every candidate of the track, about as badly, is the
  plan's (or the critic's), not the take's: re-rendering the same plan will not remove it, so
  it is not repaired. Heard much worse on this take than on another candidate
  (``CHRONIC_MARGIN``), it is the plan's part plus a flaw of the take's own, and is repaired.
- Routes are weighed by their measured success in the catalog for the genre
  (``agent.repair_policy``); the highest value goes first; a route not expected to earn
  its engine time, or one over the track's repair budget, is skipped, and the track stops.
"""

from __future__ import annotations

from pathlib import Path

from langgraph.runtime import Runtime

from agent.context import AgentContext
from agent.learning import RouteOutcome, learned_route_outcomes
from agent.nodes.repair import MAX_VARIANTS
from agent.planning.pipelines import choose_preset
from agent.plans import AlbumPlan
from agent.records import RepairProposal, RepairRecord, TakeKind, TakeRecord
from agent.repair_policy import MAX_GENERATIONS, pays, route_value, spent_generations
from agent.repair_routes import ROUTES, build_repair
from agent.state import AlbumState, plan_of, repairs_of, takes_of
from quality.report import Defect
from quality.routing import MIN_SEVERITY
from tools.take_id import TakeId
from tools.take_store import load_report


def _key(take: str, route: str, pipeline) -> tuple:
    stage = pipeline.stages[-1] if pipeline is not None else None
    where = (stage.repainting_start, stage.repainting_end, stage.track_name) if stage is not None else None
    return take, route, where


def _tried(repairs: list[RepairRecord]) -> set[tuple]:
    out = set()
    for r in repairs:
        out.add(_key(r.proposal.from_take, r.proposal.route, r.proposal.pipeline))
        if r.proposal.fallback_from:
            out.add(_key(r.proposal.from_take, r.proposal.fallback_from, r.proposal.pipeline))
    return out


CHRONIC_TOL_S = 1.0  # the same defect on another take: the same kind within this of the same place
CHRONIC_MARGIN = 0.3  # severity this much over the mildest other candidate's: the take's own flaw on top


def chronic_kinds(best: TakeRecord, takes: list[TakeRecord], out_dir: Path) -> set[str]:
    """Kinds of ``best``'s defects heard at the same place on every candidate of its track (two or
    more), on each at least ``CHRONIC_MARGIN`` under ``best``'s severity: a property of the plan (or
    of the critic), not of one take, so re-rendering the same plan will not remove them. A flaw a
    take happened to get lands elsewhere on the others, or, on a defect the plan already has (a
    muddy pad), makes this take's much worse than the others'."""
    cands = [t for t in takes if t.track == best.track and t.kind is TakeKind.candidate]
    if len(cands) < 2:
        return set()
    heard = [[d for d in load_report(out_dir / t.report).defects if d.severity >= MIN_SEVERITY] for t in cands]
    mine = next((hs for t, hs in zip(cands, heard, strict=True) if t.report == best.report), None)
    if mine is None:  # a repair's take: not among the candidates read above
        mine = [d for d in load_report(out_dir / best.report).defects if d.severity >= MIN_SEVERITY]

    def shared(d: Defect, hs: list[Defect]) -> bool:
        return any(o.kind is d.kind and abs(o.start_s - d.start_s) <= CHRONIC_TOL_S
                   and abs(o.end_s - d.end_s) <= CHRONIC_TOL_S and o.severity >= d.severity - CHRONIC_MARGIN
                   for o in hs)

    return {d.kind.value for d in mine if all(shared(d, hs) for hs in heard)}


def propose(track_best: TakeRecord, plan: AlbumPlan, repairs: list[RepairRecord], *, out_dir: Path,
            ctx: AgentContext, takes: list[TakeRecord] | None = None,
            outcomes: dict[str, RouteOutcome] | None = None) -> RepairProposal | None:
    """The next repair for one track's best take, or None when done: of the suggestions with
    heard evidence, not chronic and not tried, the one of highest value that pays."""
    mine = [r for r in repairs if r.proposal.track == track_best.track]
    if len(mine) >= ctx.max_repairs:
        return None
    report = load_report(out_dir / track_best.report)
    tried = _tried(repairs)
    track = next(t for t in plan.tracks if t.index == track_best.track)
    caps = ctx.engine.capabilities()
    chronic = chronic_kinds(track_best, takes or [], out_dir)
    explore = choose_preset(track, caps, ctx.preset_for(track.index, track.genre))
    spent = spent_generations(track.index, mine, explore.steps)
    heard = report.all_defects
    attempt = len(mine) + 1
    options = []
    for suggestion in report.suggested_repairs:
        kinds = {k.value for k in suggestion.defect_kinds}
        if suggestion.route == "master" or not kinds:
            continue  # mastering is the curator's; no heard defect, no repair
        if kinds <= chronic:
            ctx.emit("repair_skipped", track=track.index, route=suggestion.route,
                     reason=f"{', '.join(sorted(kinds))} heard on every take of the track")
            continue
        route, fell_back, pipeline = build_repair(suggestion, report=report, take_audio=out_dir / track_best.audio,
                                                  track=track, caps=caps, attempt=attempt, run_seed=ctx.seed,
                                                  cover_strength=ctx.cover_strengths.get(track.genre),
                                                  explore_model=explore.model, explore_steps=explore.steps)
        if _key(track_best.take_id, route, pipeline) in tried or _key(track_best.take_id, suggestion.route,
                                                                      pipeline) in tried:
            continue
        severity = max((d.severity for d in heard if d.kind.value in kinds - chronic
                        and (suggestion.stem is None or d.stem in (suggestion.stem, None))), default=0.0)
        steps = max((s.steps or 0) for s in pipeline.stages) or explore.steps
        value = route_value(route, (outcomes or {}).get(route), max_variants=MAX_VARIANTS, severity=severity,
                            step_ratio=steps / max(1, explore.steps), budget_left=MAX_GENERATIONS - spent)
        ok, why = pays(value, spent)
        if not ok:
            ctx.emit("repair_skipped", track=track.index, route=route, reason=why)
            continue
        options.append((value, suggestion, route, fell_back, pipeline, sorted(kinds - chronic)))
    if not options:
        return None
    value, suggestion, route, fell_back, pipeline, targets = max(options, key=lambda o: o[0].value)  # first of equals
    evidence = "; ".join(str(d) for d in track_best.defects if d.kind in targets)
    return RepairProposal(proposal_id=str(TakeId.repair(track.index, attempt)), track=track.index,
                          from_take=track_best.take_id, route=route, fallback_from=fell_back,
                          defect_kinds=targets,  # what it must remove (not the chronic ones)
                          reason=suggestion.reason + (f" ({fell_back} is not possible on this engine)"
                                                      if fell_back else ""),
                          evidence=evidence, expected=f"{ROUTES[route].expected}; {value.describe()}", pipeline=pipeline,
                          variants=value.variants)


def repair_router(state: AlbumState, runtime: Runtime[AgentContext]) -> dict:
    ctx = runtime.context
    plan = plan_of(state)
    takes = {t.take_id: t for t in takes_of(state)}
    repairs = repairs_of(state)
    learned = learned_route_outcomes(ctx.catalog_path)
    proposals = []
    for _, take_id in sorted(state.get("best", {}).items(), key=lambda kv: int(kv[0])):
        best = takes[take_id]
        genre = next((t.genre for t in plan.tracks if t.index == best.track), "")
        p = propose(best, plan, repairs, out_dir=ctx.out_dir, ctx=ctx, takes=list(takes.values()),
                    outcomes=learned.get(genre))
        if p is not None:
            proposals.append(p.model_dump(mode="json"))
    ctx.emit("proposals", count=len(proposals))
    return {"proposals": proposals, "rounds": state.get("rounds", 0) + 1}


def after_router(state: AlbumState) -> str:
    return "approval" if state.get("proposals") else "dataset_builder"
