"""repair: run one approved repair pipeline, re-score, keep it only if it is better."""

from __future__ import annotations

from langgraph.runtime import Runtime

from agent.context import AgentContext
from agent.records import RepairRecord, TakeRecord
from agent.repair_routes import pipeline_slug
from agent.state import RepairTask
from engine.errors import AceprodError
from tools.takes import defect_summary

MIN_GAIN = 0.01  # a repair must beat the take it repairs by at least this much


def repair(task: RepairTask, runtime: Runtime[AgentContext]) -> dict:
    ctx = runtime.context
    record = RepairRecord.model_validate(task["repair"])
    before = TakeRecord.model_validate(task["before"])
    p = record.proposal
    attempt = int(p.proposal_id.rsplit("r", 1)[-1])
    rel = f"takes/t{p.track:02d}/{pipeline_slug(p.route, attempt)}"
    ctx.emit("repair_started", proposal=p.proposal_id, route=p.route, track=p.track)
    try:
        scored = ctx.runner.run(p.pipeline, run_dir=ctx.out_dir / rel, events=p.pipeline.events,
                                planned_duration_s=p.pipeline.duration,
                                on_stage=lambda stage: ctx.emit("stage", take=p.proposal_id, track=p.track,
                                                                stage=f"{p.route}:{stage}"))
    except AceprodError as exc:
        record.error = str(exc)
        ctx.emit("repair_failed", proposal=p.proposal_id, error=str(exc))
        return {"repairs": [record.model_dump(mode="json")], "errors": [f"{p.proposal_id}: {exc}"]}
    accepted = scored.report.overall >= before.overall + MIN_GAIN
    take = TakeRecord(take_id=p.proposal_id, track=p.track, kind="repair", parent=p.from_take, route=p.route,
                      run_dir=rel, audio=str(scored.audio.relative_to(ctx.out_dir)),
                      sidecar=str(scored.sidecar.relative_to(ctx.out_dir)),
                      report=str(scored.report_path.relative_to(ctx.out_dir)), sha256=scored.sidecar_data.sha256 or "",
                      overall=scored.report.overall, defects=defect_summary(scored.report), engine_s=scored.engine_s,
                      analysis_s=scored.report.analysis_seconds or 0.0, accepted=accepted)
    record.to_take, record.before, record.after, record.accepted = take.take_id, before.overall, take.overall, accepted
    ctx.emit("repair_done", proposal=p.proposal_id, before=before.overall, after=take.overall, accepted=accepted)
    return {"repairs": [record.model_dump(mode="json")], "takes": [take.model_dump(mode="json")]}
