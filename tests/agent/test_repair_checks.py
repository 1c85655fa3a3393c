"""Repair verification, the route value / budget policy, and route-success learning."""

from __future__ import annotations

import numpy as np

from agent.learning import RouteOutcome, _repairs
from agent.records import RepairProposal, RepairRecord
from agent.repair_policy import MAX_GENERATIONS, MIN_VALUE, pays, route_value, spent_generations
from agent.repair_verify import outside_change_db, outside_limit_db, verify
from engine.pipeline import PipelineConfig, StageConfig
from quality.report import Defect, DefectKind, Metrics, QualityReport, StemReport

M = Metrics(duration_s=30.0, sample_rate=48000)


def report(overall, *defects, stems=()):
    return QualityReport(overall=overall, metrics=M, defects=list(defects), stems=list(stems))


def d(kind, a, b, sev=0.8, stem=None):
    return Defect(kind=DefectKind(kind), start_s=a, end_s=b, severity=sev, stem=stem)


def repaint(a, b):
    return PipelineConfig(name="r", caption="x", duration=30,
                          stages=[StageConfig(id="fix", type="repaint", src_audio="/x.flac", repainting_start=a,
                                              repainting_end=b)])


COVER = PipelineConfig(name="c", caption="x", duration=30,
                       stages=[StageConfig(id="fix", type="cover", src_audio="/x.flac", audio_cover_strength=0.9)])


def test_repaint_that_removed_its_defect_and_nothing_else_passes():
    before = report(6.0, d("dropout", 10.0, 10.2), d("muddy_mix", 0, 30, sev=0.3))
    after = report(7.5, d("muddy_mix", 0, 30, sev=0.3))
    v = verify(before, after, pipeline=repaint(8.5, 11.7), kinds=["dropout"], outside_db=float("-inf"))
    assert v.passed and v.removed == ["dropout@10.0-10.2s"] and not v.added and v.gain == 1.5
    assert v.reason.startswith("kept: removed dropout")


def test_the_verdict_names_each_removed_defect_once_per_kind_and_stem():
    parts = [d("distortion", a, a + 2.0, stem="keyboard") for a in (1.0, 5.0, 9.0)]
    v = verify(report(6.0, *parts, d("click", 3.0, 3.01)), report(8.0), pipeline=COVER, kinds=["distortion", "click"])
    assert v.passed and len(v.removed) == 4
    assert v.reason == "kept: removed distortion (keyboard) in 3 ranges, 1.0-11.0s, click@3.0-3.0s, score +2.00"


def test_defect_still_heard_new_defect_in_range_or_worse_score_is_thrown_away():
    before = report(6.0, d("dropout", 10.0, 10.2))
    still = verify(before, report(6.5, d("dropout", 10.05, 10.2)), pipeline=repaint(8.5, 11.7), kinds=["dropout"])
    assert not still.passed and "still heard: dropout" in still.reason
    new = verify(before, report(7.0, d("click", 9.0, 9.01)), pipeline=repaint(8.5, 11.7), kinds=["dropout"])
    assert not new.passed and new.added == ["click@9.0-9.0s"]
    # a defect outside the changed range is not the repair's doing
    elsewhere = verify(before, report(7.0, d("click", 25.0, 25.01)), pipeline=repaint(8.5, 11.7), kinds=["dropout"])
    assert elsewhere.passed
    worse = verify(before, report(5.9), pipeline=repaint(8.5, 11.7), kinds=["dropout"])
    assert not worse.passed and "not better" in worse.reason


def test_outside_change_is_measured_and_refused():
    rng = np.random.default_rng(0)
    src = (0.3 * rng.standard_normal((2, 48000 * 4))).astype(np.float32)
    inside = src.copy()
    inside[:, 48000:96000] = 0.0
    assert outside_change_db(src, inside, 1.0, 2.0) == float("-inf")
    leaked = inside.copy()
    leaked[:, 3 * 48000:] *= 0.5
    db = outside_change_db(src, leaked, 1.0, 2.0)
    assert outside_limit_db("acestep") < db  # even a decoding engine may not change the music outside
    before = report(6.0, d("dropout", 1.2, 1.3))
    v = verify(before, report(8.0), pipeline=repaint(1.0, 2.0), kinds=["dropout"], outside_db=db,
               outside_max_db=outside_limit_db("sketch"))
    assert not v.passed and "outside the range changed" in v.reason


def test_cover_judged_over_the_whole_take_and_stem_repairs_on_their_stem():
    before = report(5.0, d("muddy_mix", 0, 30))
    assert verify(before, report(7.0), pipeline=COVER, kinds=["muddy_mix"]).passed
    assert not verify(before, report(7.0, d("noise_burst", 20, 20.1)), pipeline=COVER, kinds=["muddy_mix"]).passed
    guitar = StemReport(name="guitar", score=2, source="engine", metrics=M, defects=[d("distortion", 0, 30, stem="guitar")])
    clean = StemReport(name="guitar", score=8, source="engine", metrics=M)
    v = verify(report(5.0, stems=[guitar]), report(6.0, stems=[clean]), pipeline=COVER, kinds=["distortion"],
               stem="guitar")
    assert v.passed and v.removed == ["distortion@0.0-30.0s (guitar)"]


def test_route_value_learns_from_outcomes_and_the_budget_stops_a_track():
    prior = route_value("repaint", None, max_variants=2)
    assert prior.source == "prior" and pays(prior, 0.0)[0] and prior.variants == 2
    bad = route_value("cover", RouteOutcome(route="cover", tried=20, worked=1, kept_gain=0.2), max_variants=2)
    assert bad.value < MIN_VALUE and not pays(bad, 0.0)[0] and bad.source == "learned from 20 repairs"
    good = route_value("cover", RouteOutcome(route="cover", tried=20, worked=19, kept_gain=2.0), max_variants=2)
    assert good.value > prior.value
    ok, why = pays(prior, MAX_GENERATIONS)
    assert not ok and "budget" in why
    # a faint defect is worth less; a repair at 6x the take's steps costs 6 generations and gets one seed
    assert route_value("repaint", None, max_variants=2, severity=0.25).value < prior.value
    dear = route_value("cover", None, max_variants=2, step_ratio=6.25)
    assert dear.variants == 1 and dear.cost == 6.25 and dear.value < route_value("cover", None, max_variants=2).value


def test_a_dear_repair_gets_a_second_seed_only_where_both_fit_the_budget_and_still_pay():
    # a stem rebuilt on the base model (50 steps) from a turbo take (8): 6.25 generations a seed
    both = route_value("stem_relego", None, max_variants=2, step_ratio=6.25, budget_left=MAX_GENERATIONS)
    assert both.variants == 2 and both.value >= MIN_VALUE and 2 * both.per_variant <= MAX_GENERATIONS
    assert route_value("stem_relego", None, max_variants=2, step_ratio=6.25, budget_left=8.0).variants == 1
    faint = route_value("stem_relego", None, max_variants=2, step_ratio=6.25, budget_left=MAX_GENERATIONS,
                        severity=0.4)
    assert faint.variants == 1 and faint.value >= MIN_VALUE  # one seed pays, a second would not
    assert route_value("cover", None, max_variants=2, step_ratio=6.25, budget_left=MAX_GENERATIONS).variants == 1


def test_spent_generations_counts_repair_steps_in_candidate_takes():
    proposal = RepairProposal(proposal_id="t01r1", track=1, from_take="t01c1", route="repaint", defect_kinds=["click"],
                              reason="x", pipeline=repaint(1, 2))
    proposal.pipeline.stages[-1].steps = 16
    rec = RepairRecord(proposal=proposal, decision="auto", engine_s=3.0, attempts=2)
    assert spent_generations(1, [rec], 8) == 4.0
    assert spent_generations(2, [rec], 8) == 0.0


def test_learned_route_outcomes_keep_the_gain_of_repairs_that_worked():
    rows = [{"route": "repaint", "decision": "auto", "decided_by": "agent", "score_before": 5.0, "score_after": a,
             "pipeline_config": None} for a in (7.0, 6.0, 4.0)]
    routes, _, _ = _repairs(rows)
    assert routes[0].tried == 3 and routes[0].worked == 2 and routes[0].kept_gain == 1.5


def test_route_outcomes_round_trip_through_the_catalog(tmp_path):
    from agent.learning import GenreHeuristics, learned_route_outcomes, store
    from catalog.store import Catalog

    path = tmp_path / "cat.duckdb"
    with Catalog.open(path) as cat:
        store(cat, {"rock": GenreHeuristics(genre="rock", repairs=[RouteOutcome(route="cover", tried=6, worked=1,
                                                                                 kept_gain=0.4)])})
    learned = learned_route_outcomes(path)
    assert learned["rock"]["cover"].worked == 1 and learned["rock"]["cover"].kept_gain == 0.4
    assert not pays(route_value("cover", learned["rock"]["cover"], max_variants=2), 0.0)[0]
    assert learned_route_outcomes(None) == {}
