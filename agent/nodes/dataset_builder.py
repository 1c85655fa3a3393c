"""dataset_builder: write the run to the catalog in one transaction: run, brief,
plans, every scored take with its report, every repair, and the preference pairs
of strategies 1-3 (seeds, params, before/after repair). Idempotent: takes are
keyed by audio sha256 and repairs by (run, from, route, to), so a resumed run
never writes a row twice."""

from __future__ import annotations

from pathlib import Path

from langgraph.runtime import Runtime

from agent.context import AgentContext
from agent.records import TakeKind, TakeRecord
from agent.state import AlbumState, plan_of, repairs_of, takes_of
from catalog.records import BriefRecord, CatalogRepair, GenerationRecord, PlanRecord, RunRecord
from catalog.store import Catalog
from engine.pipeline import PipelineConfig
from tools.take_id import track_key
from tools.take_records import generation_record
from tools.take_store import load_report, read_sidecar

PAIR_STRATEGIES = ("seeds", "params", "repair")
WRITE_WAIT_S = 30.0  # how long the run waits for other processes (readers too) to let go of the catalog


def _generation(take: TakeRecord, out_dir: Path, run_id: str, plan_id: str,
                gen_ids: dict[str, str]) -> GenerationRecord:
    sidecar = read_sidecar(out_dir / take.sidecar)
    config = PipelineConfig.model_validate_json((out_dir / take.run_dir / "pipeline.json").read_text())
    audio = (out_dir / take.audio).resolve()
    return generation_record(sidecar, audio=audio, base=audio.parent, run_id=run_id, plan_id=plan_id,
                             parent_gen_id=gen_ids.get(take.parent or ""),
                             pipeline_config=config.model_dump(mode="json"))


def write_run(cat: Catalog, state: AlbumState, ctx: AgentContext) -> dict[str, int]:
    """Everything of the run, in one transaction. Returns counts of what was new."""
    run_id = state["run_id"]
    plan = plan_of(state)
    takes = takes_of(state)
    repairs = repairs_of(state)
    counts = {"generations": 0, "repairs": 0, "pairs": 0}
    with cat.transaction():
        brief_id = f"{run_id}-brief"
        cat.add_brief(BriefRecord(brief_id=brief_id, text=plan.brief.text, data=plan.brief.model_dump(mode="json")))
        cat.add_run(RunRecord(run_id=run_id, mode=ctx.autonomy, engine=ctx.engine.capabilities().engine,
                              brief_id=brief_id, status="running"))
        album_id = f"{run_id}-album"
        cat.add_plan(PlanRecord(plan_id=album_id, kind="album", brief_id=brief_id, run_id=run_id, title=plan.title,
                                data=plan.model_dump(mode="json", exclude={"tracks"})))
        for t in plan.tracks:
            cat.add_plan(PlanRecord(plan_id=f"{run_id}-{track_key(t.index)}", kind="track", parent_plan_id=album_id,
                                    brief_id=brief_id, run_id=run_id, title=t.title, caption=t.caption,
                                    lyrics=t.lyrics, bpm=t.bpm, keyscale=t.keyscale, timesignature=t.timesignature,
                                    duration=t.duration, vocal=t.vocal, events=t.events))
        gen_ids: dict[str, str] = {}
        for take in sorted(takes, key=lambda t: (t.kind is not TakeKind.candidate, t.take_id)):
            record = _generation(take, ctx.out_dir, run_id, f"{run_id}-{track_key(take.track)}", gen_ids)
            gen_ids[take.take_id] = record.gen_id
            new = cat.add_generations([record], [load_report(ctx.out_dir / take.report)])
            counts["generations"] += len(new)
        for r in repairs:
            p = r.proposal
            from_id, to_id = gen_ids.get(p.from_take), gen_ids.get(r.to_take or "")
            if from_id is None:
                continue
            if cat.has_repair(run_id, from_id, p.route, to_id):
                continue
            cat.add_repair(CatalogRepair(from_gen_id=from_id, to_gen_id=to_id, route=p.route,
                                         defect_kinds=p.defect_kinds, decision=r.decision.stored,
                                         decided_by=r.who, score_before=r.before, score_after=r.after,
                                         reason=p.reason + (f" [error: {r.error}]" if r.error else (f" [{r.verdict}]" if r.verdict else "")),
                                         pipeline_config=p.pipeline.model_dump(mode="json"), run_id=run_id))
            counts["repairs"] += 1
        for strategy in PAIR_STRATEGIES:
            counts["pairs"] += cat.mine_pairs(strategy, run_id=run_id).inserted
    return counts


def dataset_builder(state: AlbumState, runtime: Runtime[AgentContext]) -> dict:
    ctx = runtime.context
    if ctx.catalog_path is None:
        return {"cataloged": False}
    ctx.emit("cataloging")
    with Catalog.open(ctx.catalog_path, wait_s=WRITE_WAIT_S) as cat:  # a `catalog ls` elsewhere only delays it
        counts = write_run(cat, state, ctx)
    ctx.emit("cataloged", **counts)
    return {"cataloged": True}
