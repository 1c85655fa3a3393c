"""repair: run one approved repair, verify it, keep it only if it is better.

Best-of-k inside a repair: the pipeline runs with up to ``proposal.variants`` seeds
(at most ``MAX_VARIANTS``; the router allows as many as fit the track's budget and pay), one
after the other, and stops at the first variant that passes ``agent.repair_verify``
(targeted defect gone, nothing new in the changed range, audio outside a repaint
range unchanged, score higher). Every variant is a take; the first that passes is
kept, else the best-scoring one is recorded as thrown away with the reason.
"""

from __future__ import annotations

from langgraph.runtime import Runtime

from agent.context import AgentContext
from agent.records import TakeRecord
from agent.repair_routes import pipeline_slug
from agent.repair_verify import Verdict, changed_range, outside_change_db, outside_limit_db, verify
from agent.state import RepairTask
from engine.audio import read_audio
from engine.errors import AceprodError
from engine.pipeline import PipelineConfig
from tools.take_id import TakeId
from tools.take_store import load_report
from tools.takes import ScoredTake

MAX_VARIANTS = 3  # seeds tried per repair before giving up (as many as the router's budget allows)
VARIANT_SEED_STEP = 7919


def variant(config: PipelineConfig, i: int) -> PipelineConfig:
    """The ``i``-th seed variant of a repair pipeline (0 is the pipeline itself)."""
    if i == 0:
        return config
    stages = [s.model_copy(update={"seed": None}) for s in config.stages]
    return config.model_copy(update={"seed": (config.seed + i * VARIANT_SEED_STEP) % 2**31, "stages": stages,
                                     "name": f"{config.name}-v{i + 1}"})


def _render(config: PipelineConfig, rel: str, p, ctx: AgentContext) -> ScoredTake:
    return ctx.runner.run(config, run_dir=ctx.out_dir / rel, events=config.events, planned_duration_s=config.duration,
                          on_stage=lambda stage: ctx.emit("stage", take=p.proposal_id, track=p.track,
                                                          stage=f"{p.route}:{stage}"))


def _judge(scored: ScoredTake, before: TakeRecord, p, ctx: AgentContext) -> Verdict:
    before_report = load_report(ctx.out_dir / before.report)
    outside = None
    if p.pipeline.stages[-1].type == "repaint":
        a, b = changed_range(p.pipeline, before_report.metrics.duration_s)
        outside = outside_change_db(read_audio(ctx.out_dir / before.audio), read_audio(scored.audio), a, b)
    stem = p.pipeline.stages[-1].track_name if p.route == "stem_relego" else None
    return verify(before_report, scored.report, pipeline=p.pipeline, kinds=p.defect_kinds, stem=stem,
                  outside_db=outside, outside_max_db=outside_limit_db(ctx.engine.capabilities().engine))


def repair(payload: dict, runtime: Runtime[AgentContext]) -> dict:
    ctx = runtime.context
    task = RepairTask.model_validate(payload)
    record, before = task.repair, task.before
    p = record.proposal
    pid = TakeId.parse(p.proposal_id)
    attempt = pid.number
    ctx.emit("repair_started", proposal=p.proposal_id, route=p.route, track=p.track)
    tried: list[tuple[TakeRecord, Verdict]] = []
    for i in range(max(1, min(MAX_VARIANTS, p.variants))):
        tid = pid.with_variant(i + 1)
        rel = f"takes/{pid.track_key}/{pipeline_slug(p.route, attempt)}" + (f"-v{i + 1}" if i else "")
        try:
            scored = _render(variant(p.pipeline, i), rel, p, ctx)
        except AceprodError as exc:
            if tried:
                break
            record.error = str(exc)
            ctx.emit("repair_failed", proposal=p.proposal_id, error=str(exc))
            return {"repairs": [record.model_dump(mode="json")], "errors": [f"{p.proposal_id}: {exc}"]}
        verdict = _judge(scored, before, p, ctx)
        take = TakeRecord.from_scored(tid, scored, out_dir=ctx.out_dir, parent=p.from_take, route=p.route,
                                      accepted=verdict.passed)
        tried.append((take, verdict))
        if verdict.passed:
            break
    take, verdict = next(((t, v) for t, v in tried if v.passed), max(tried, key=lambda tv: tv[0].overall))
    record.to_take, record.before, record.after, record.accepted = take.take_id, before.overall, take.overall, \
        verdict.passed
    record.engine_s = round(sum(t.engine_s for t, _ in tried), 3)
    record.attempts = len(tried)
    record.removed, record.added = verdict.removed, verdict.added
    record.verdict = verdict.reason + (f" (best of {len(tried)} seeds)" if len(tried) > 1 else "")
    ctx.emit("repair_done", proposal=p.proposal_id, before=before.overall, after=take.overall,
             accepted=verdict.passed, verdict=record.verdict)
    return {"repairs": [record.model_dump(mode="json")], "takes": [t.model_dump(mode="json") for t, _ in tried]}
