"""The repair loop on the real sketch engine: evidence-only routing, a verified repaint,
repairs at the exploration setting, and the sketch engine recognising its own takes."""

from __future__ import annotations

import numpy as np
from langgraph.runtime import Runtime

from agent.nodes.repair import repair
from agent.nodes.repair_router import propose
from agent.planning.genres import GenrePreset
from agent.plans import AlbumBrief, AlbumPlan, TrackPlan
from agent.records import RepairRecord, TakeRecord
from engine.audio import read_audio, write_flac
from engine.pipeline import PipelineConfig, SectionEvent, StageConfig
from engine.take import TakeSidecar
from quality.report import Metrics, QualityReport, StemReport, SuggestedRepair
from tools.take_records import defect_summary
from tools.take_store import report_path_for, score_take
from tools.takes import run_and_score

TRACK = TrackPlan(index=1, title="Test", genre="electronic", caption="electronic, synth pads, four on the floor drums",
                  lyrics="[Instrumental]", vocal=False, bpm=120, keyscale="A minor", timesignature="4/4", duration=12,
                  events=[SectionEvent(type="intro", start=0, end=4), SectionEvent(type="verse", start=4, end=12)])
PLAN = AlbumPlan(title="T", brief=AlbumBrief(), genre="electronic", tracks=[TRACK])


def _record(tid, rel_audio, rel_side, rel_report, report: QualityReport, engine_s=1.0) -> TakeRecord:
    return TakeRecord(take_id=tid, track=1, kind="candidate", candidate=1, run_dir="takes/t01/c1", audio=rel_audio,
                      sidecar=rel_side, report=rel_report, sha256="0", overall=report.overall,
                      defects=defect_summary(report), engine_s=engine_s)


def test_no_repair_for_an_instrument_nobody_heard_missing(agent_ctx):
    m = Metrics(duration_s=12.0, sample_rate=48000)
    empty = StemReport(name="bass", score=5, source="engine", metrics=m.model_copy(update={"sample_peak_dbfs": -90.0}))
    rep = QualityReport(overall=8.0, metrics=m, stems=[empty],
                        suggested_repairs=[SuggestedRepair(route="complete", defect_kinds=[], stem="bass",
                                                           reason="the bass stem is empty")])
    (agent_ctx.out_dir / "r.json").write_text(rep.model_dump_json())
    best = _record("t01c1", "a.flac", "a.json", "r.json", rep)
    assert propose(best, PLAN, [], out_dir=agent_ctx.out_dir, ctx=agent_ctx) is None


def test_a_dropout_is_repainted_verified_and_kept(agent_ctx):
    agent_ctx.max_repairs = 2
    agent_ctx.track_presets = {1: GenrePreset(model="base", steps=200, guidance=7.0)}
    # seed 6: a take with no flaw of its own (seed 5's has a distorted bass stem, heard since stems' flat tops are)
    config = PipelineConfig(name="c1", caption=TRACK.caption, lyrics=TRACK.lyrics, bpm=TRACK.bpm,
                            keyscale=TRACK.keyscale, timesignature=TRACK.timesignature, duration=TRACK.duration,
                            events=TRACK.events, seed=6, model="base",
                            stages=[StageConfig(id="gen", type="generate", steps=200)])
    run_dir = agent_ctx.out_dir / "takes/t01/c1"
    scored = run_and_score(config, engine=agent_ctx.engine, run_dir=run_dir, events=TRACK.events,
                           planned_duration_s=TRACK.duration)
    # the take as it came out, then a dropout in it and its stems (the engine's own file, a flaw it did not plan)
    sl = slice(int(6.0 * 48000), int(6.25 * 48000))
    audio = read_audio(scored.audio)
    audio[:, sl] = 0.0
    write_flac(scored.audio, audio)
    side = TakeSidecar.model_validate_json(scored.sidecar.read_text())
    for rel in side.stems.values():
        stem = read_audio(scored.audio.parent / rel)
        stem[:, sl] = 0.0
        write_flac(scored.audio.parent / rel, stem)
    rep = score_take(scored.audio, side, events=TRACK.events, planned_duration_s=TRACK.duration)
    report_path_for(scored.audio).write_text(rep.model_dump_json())
    assert any(d.kind.value == "dropout" for d in rep.defects), rep.defects
    out = agent_ctx.out_dir
    best = _record("t01c1", str(scored.audio.relative_to(out)), str(scored.sidecar.relative_to(out)),
                   str(report_path_for(scored.audio).relative_to(out)), rep, engine_s=scored.engine_s)
    p = propose(best, PLAN, [], out_dir=out, ctx=agent_ctx, takes=[best])
    assert p is not None and p.route == "repaint" and "dropout" in p.defect_kinds
    stage = p.pipeline.stages[-1]
    assert stage.repainting_start < 6.0 and stage.repainting_end > 6.25 and stage.steps == 200
    assert stage.model == "base"  # the exploration model runs the repair
    result = repair({"repair": RepairRecord(proposal=p, decision="auto").model_dump(mode="json"),
                     "before": best.model_dump(mode="json")}, Runtime(context=agent_ctx))
    rec = RepairRecord.model_validate(result["repairs"][0])
    assert rec.accepted, rec.verdict
    assert any(x.startswith("dropout") for x in rec.removed) and not rec.added and rec.verdict.startswith("kept")
    fixed = read_audio(out / TakeRecord.model_validate(result["takes"][-1]).audio)
    a, b = int(stage.repainting_start * 48000), int(stage.repainting_end * 48000)
    np.testing.assert_array_equal(fixed[:, :a], audio[:, :a])  # outside the range: the same samples
    np.testing.assert_array_equal(fixed[:, b:], audio[:, b:])
    assert np.abs(fixed[:, sl]).max() > 0.01  # the gap is filled


def test_a_defect_at_the_same_place_on_every_candidate_is_chronic(agent_ctx):
    from agent.nodes.repair_router import chronic_kinds
    from quality.report import Defect, DefectKind

    m = Metrics(duration_s=20.0, sample_rate=48000)
    shared = Defect(kind=DefectKind.structure_mismatch, start_s=0, end_s=20, severity=0.4)
    takes = []
    for c, end_at in ((1, 16.0), (2, 11.0)):
        rep = QualityReport(overall=6, metrics=m, defects=[shared, Defect(kind=DefectKind.early_ending, start_s=end_at,
                                                                          end_s=20, severity=0.8)])
        (agent_ctx.out_dir / f"r{c}.json").write_text(rep.model_dump_json())
        takes.append(_record(f"t01c{c}", "a.flac", "a.json", f"r{c}.json", rep).model_copy(update={"candidate": c}))
    assert chronic_kinds(takes[0], takes, agent_ctx.out_dir) == {"structure_mismatch"}
    assert chronic_kinds(takes[0], takes[:1], agent_ctx.out_dir) == set()
