"""Pure routing functions and repair-route fallbacks."""

from __future__ import annotations

from pathlib import Path

from langgraph.types import Send

from agent.nodes.approval import after_approval
from agent.nodes.critic import best_per_track, rank
from agent.nodes.repair_router import after_router
from agent.plans import TrackPlan
from agent.records import DefectSummary, RepairProposal, RepairRecord, TakeRecord
from agent.repair_routes import ROUTES, build_repair, resolve_route
from engine.constants import Task
from engine.pipeline import SectionEvent
from engine.protocol import EngineCapabilities, ModelInfo
from quality.report import DefectKind, Metrics, QualityReport, RepairRoute, StemReport, SuggestedRepair

TURBO_ONLY = EngineCapabilities(engine="x", default_model="turbo", models=[
    ModelInfo(name="turbo", tasks=[Task.text2music, Task.cover, Task.repaint], default_steps=8, default_shift=3,
              default_guidance=0, max_duration_s=600)])
WITH_BASE = TURBO_ONLY.model_copy(update={"models": TURBO_ONLY.models + [
    ModelInfo(name="base", tasks=list(Task), default_steps=50, default_shift=3, default_guidance=7,
              max_duration_s=600)]})


D = DefectSummary(kind="clipping", start_s=1.0, end_s=2.0, severity=0.5)


def take(tid, track, overall, kind="candidate", accepted=True, defects=()):
    return TakeRecord(take_id=tid, track=track, kind=kind, run_dir="x", audio="a", sidecar="s", report="r",
                      sha256="0" * 64, overall=overall, defects=list(defects), accepted=accepted)


def test_critic_ranks_by_score_then_defects_and_ignores_rejected_repairs():
    takes = [take("t01c1", 1, 7.0, defects=[D, D]), take("t01c2", 1, 7.0, defects=[D]),
             take("t01r1", 1, 9.9, kind="repair", accepted=False), take("t02c1", 2, 5.0)]
    assert [t.take_id for t in rank(takes[:2])] == ["t01c2", "t01c1"]
    best = best_per_track([t for t in takes if t.rankable])
    assert best[1].take_id == "t01c2" and best[2].take_id == "t02c1"


def test_router_and_gate_routing():
    assert after_router({"proposals": [{"x": 1}]}) == "approval"
    assert after_router({"proposals": []}) == "dataset_builder"
    assert after_approval({"approved": []}) == "repair_router"
    _, _, pipeline = build_repair(SuggestedRepair(route="repaint", defect_kinds=[DefectKind.dropout], start_s=1.0,
                                                  end_s=2.0), report=_report(), take_audio=Path("/t.flac"),
                                  track=TRACK, caps=TURBO_ONLY, attempt=1, run_seed=0)
    p = RepairProposal(proposal_id="t01r1", track=1, from_take="t01c1", route="repaint", defect_kinds=["dropout"],
                       reason="dropout", pipeline=pipeline)
    state = {"approved": [RepairRecord(proposal=p, decision="auto").model_dump(mode="json")],
             "takes": [take("t01c1", 1, 6.5).model_dump(mode="json"), take("t02c1", 2, 7.0).model_dump(mode="json")]}
    sends = after_approval(state)
    assert isinstance(sends[0], Send) and sends[0].node == "repair" and sends[0].arg["before"]["overall"] == 6.5


def test_routes_fall_back_when_the_engine_cannot_run_them():
    assert resolve_route("stem_relego", TURBO_ONLY) == ("cover", "stem_relego")
    assert resolve_route("complete", TURBO_ONLY) == ("regenerate", "complete")
    assert resolve_route("stem_relego", WITH_BASE) == ("stem_relego", None)


def _report(duration=30.0):
    m = Metrics(duration_s=duration, sample_rate=48000)
    stems = [StemReport(name=n, score=s, source="engine", metrics=m) for n, s in
             (("drums", 9), ("bass", 8), ("guitar", 2), ("vocals", 7))]
    return QualityReport(overall=5, metrics=m, stems=stems)


TRACK = TrackPlan(index=3, title="x", genre="rock", caption="rock", lyrics="[Instrumental]", vocal=False, bpm=120,
                  keyscale="E minor", timesignature="4/4", duration=30,
                  events=[SectionEvent(type="verse", start=0, end=30)])


def test_repaint_range_is_clipped_and_stem_relego_keeps_good_stems():
    route, fb, p = build_repair(SuggestedRepair(route="repaint", defect_kinds=[DefectKind.dropout], start_s=27.5,
                                                end_s=31.0), report=_report(), take_audio=Path("/t.flac"),
                                track=TRACK, caps=TURBO_ONLY, attempt=1, run_seed=0)
    assert route == "repaint" and p.stages[0].repainting_end == 30.0 and p.stages[0].src_audio == "/t.flac"
    route, fb, p = build_repair(SuggestedRepair(route="stem_relego", defect_kinds=[DefectKind.distortion],
                                                stem="guitar"), report=_report(), take_audio=Path("/t.flac"),
                                track=TRACK, caps=WITH_BASE, attempt=2, run_seed=0)
    assert [s.type for s in p.stages] == ["extract", "extract", "extract", "mix", "lego"]
    assert {s.track_name for s in p.stages if s.type == "extract"} == {"drums", "bass", "vocals"}
    assert p.stages[-1].track_name == "guitar" and p.model == "base"
    route, fb, p = build_repair(SuggestedRepair(route="stem_relego", defect_kinds=[DefectKind.distortion],
                                                stem="guitar"), report=_report(), take_audio=Path("/t.flac"),
                                track=TRACK, caps=TURBO_ONLY, attempt=2, run_seed=0)
    assert (route, fb) == ("cover", "stem_relego") and p.stages[0].audio_cover_strength in (0.9, 0.95)


def test_learned_cover_strength_replaces_the_default():
    suggestion = SuggestedRepair(route="cover", defect_kinds=[DefectKind.harshness])
    _, _, default = build_repair(suggestion, report=_report(), take_audio=Path("/t.flac"), track=TRACK,
                                 caps=TURBO_ONLY, attempt=1, run_seed=0)
    _, _, learned = build_repair(suggestion, report=_report(), take_audio=Path("/t.flac"), track=TRACK,
                                 caps=TURBO_ONLY, attempt=1, run_seed=0, cover_strength=0.8)
    assert default.stages[0].audio_cover_strength == 0.95 and learned.stages[0].audio_cover_strength == 0.8


def test_every_route_but_mastering_has_one_spec_whose_fallbacks_end_at_a_new_take():
    assert set(ROUTES) == set(RepairRoute) - {RepairRoute.master}
    for route in ROUTES:
        seen = [route]
        while ROUTES[seen[-1]].fallback is not None:
            seen.append(ROUTES[seen[-1]].fallback)
            assert len(seen) <= len(ROUTES), seen
        assert seen[-1] is RepairRoute.regenerate and ROUTES[seen[-1]].needs == (Task.text2music,)
