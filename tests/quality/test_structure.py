"""The plan-aware structure check: evidence per planned boundary, mismatches with a range."""

from __future__ import annotations

import numpy as np
import pytest

from engine.pipeline import SectionEvent
from quality.analyze import analyze
from quality.report import Defect, DefectKind
from quality.routing import suggest
from quality.structure_plan import contrast

PLAN = [("intro", 0.0, 4.0), ("verse", 4.0, 12.0), ("chorus", 12.0, 20.0), ("bridge", 20.0, 24.0), ("outro", 24.0, 30.0)]


def _events(plan=PLAN) -> list[SectionEvent]:
    return [SectionEvent(type=t, start=a, end=b) for t, a, b in plan]


def _render(imps=None, *, caption="pop band, piano", seed=5):
    from engine.sketch.arrangement import Imperfection
    from engine.sketch.compose import compose
    from engine.sketch.render import render

    arr = compose(caption=caption, lyrics="[Instrumental]", bpm=120, keyscale="A minor", timesignature="4/4",
                  duration_s=30.0, events=_events(), seed=seed)
    mix, _ = render(arr, seed, [Imperfection(**i) for i in (imps or [])])
    return mix


def _mismatches(rep, min_sev: float = 0.25) -> list[Defect]:
    return [d for d in rep.defects if d.kind is DefectKind.structure_mismatch and d.severity >= min_sev]


@pytest.fixture(scope="module")
def clean_take():
    return _render()


@pytest.fixture(scope="module")
def clean_rep(clean_take):
    return analyze(clean_take, events=_events(), planned_duration_s=30.0)


def test_contrast_peaks_at_a_change():
    x = np.zeros((3, 200))
    x[:, 120:] = 1.0
    x += np.random.default_rng(0).normal(0, 0.2, x.shape)
    c = contrast(x, 16)
    assert abs(int(np.argmax(c)) - 120) <= 1
    assert c[60] < 0.3 * c[120]


def test_clean_take_follows_the_plan(clean_rep):
    st = clean_rep.structure
    assert [b.planned_s for b in st.boundaries] == [4.0, 12.0, 20.0, 24.0]
    assert st.boundary_hit_rate >= 0.75
    assert all(b.status in ("hit", "weak") for b in st.boundaries)
    assert all(abs(b.shift_s) <= 1.0 for b in st.boundaries if b.status == "hit")
    assert not _mismatches(clean_rep)
    assert st.score is not None and st.score >= 8.0
    assert st.section_order_agreement == 1.0


def test_a_dropped_section_is_found_with_its_range():
    rep = analyze(_render([{"kind": "section_dropped", "start_s": 12.0, "end_s": 30.0, "params": {"length_s": 8.0}}]),
                  events=_events(), planned_duration_s=30.0)
    bad = _mismatches(rep)
    assert bad and any(d.start_s < 30.0 and d.end_s > 12.0 for d in bad)
    assert {b.status for b in rep.structure.boundaries if b.planned_s >= 20.0} & {"missing", "shifted", "weak"}
    fix = [s for s in rep.suggested_repairs if DefectKind.structure_mismatch in s.defect_kinds]
    assert fix and fix[0].route in ("repaint", "regenerate") and (fix[0].start_s or 0.0) <= 12.0


def test_a_stretched_section_shifts_the_next_boundary():
    rep = analyze(_render([{"kind": "section_stretched", "start_s": 4.0, "end_s": 30.0, "params": {"factor": 1.5}}]),
                  events=_events(), planned_duration_s=30.0)
    b12 = next(b for b in rep.structure.boundaries if b.planned_s == 12.0)
    assert b12.status in ("missing", "shifted")
    assert any(d.start_s <= 12.0 <= d.end_s for d in _mismatches(rep))


def test_swapped_neighbours_keep_their_boundaries_but_not_their_levels():
    # verse and chorus are both 8 s: every planned boundary still has its change, only
    # the levels run the wrong way (the chorus slot is quieter than the verse slot)
    rep = analyze(_render([{"kind": "sections_swapped", "start_s": 4.0, "end_s": 20.0}]), events=_events(),
                  planned_duration_s=30.0)
    assert {(s.type, s.sounds_like) for s in rep.structure.sections if not s.order_ok} == {("verse", "chorus"),
                                                                                           ("chorus", "verse")}
    bad = _mismatches(rep)
    assert bad and all(d.start_s <= 4.0 and d.end_s >= 20.0 and d.end_s <= 24.0 for d in bad)


def test_wrong_plan_on_a_clean_take_is_a_mismatch(clean_take):
    late = [("intro", 0.0, 7.0), ("verse", 7.0, 12.0), ("chorus", 12.0, 20.0), ("bridge", 20.0, 24.0), ("outro", 24.0, 30.0)]
    rep = analyze(clean_take, events=_events(late), planned_duration_s=30.0)
    b = next(b for b in rep.structure.boundaries if b.planned_s == 7.0)
    assert b.status in ("missing", "shifted", "weak") and b.evidence < 1.0
    assert rep.structure.boundary_hit_rate < 1.0


def test_boundaries_after_the_music_ends_are_the_early_ending(clean_take):
    cut = clean_take.copy()
    cut[:, int(18.5 * 48000):] = 0.0
    rep = analyze(cut, events=_events(), planned_duration_s=30.0)
    assert [b.status for b in rep.structure.boundaries if b.planned_s > 18.0] == ["cut", "cut"]
    assert any(d.kind is DefectKind.early_ending for d in rep.defects)
    assert not any(d.start_s >= 18.0 for d in _mismatches(rep))


def test_no_plan_no_boundaries_no_mismatch(clean_take):
    rep = analyze(clean_take)
    assert rep.structure is not None and not rep.structure.boundaries and rep.structure.boundary_hit_rate is None
    assert not _mismatches(rep, 0.0)


def test_routing_repaints_a_ranged_mismatch_and_regenerates_a_whole_one():
    local = Defect(kind=DefectKind.structure_mismatch, start_s=12.0, end_s=20.0, severity=0.5)
    whole = Defect(kind=DefectKind.structure_mismatch, start_s=0.0, end_s=30.0, severity=0.5)
    r = suggest([local], [], duration_s=30.0)
    assert [(s.route, s.start_s, s.end_s) for s in r] == [("repaint", 10.5, 21.5)]
    assert [s.route for s in suggest([whole], [], duration_s=30.0)] == ["regenerate"]


def test_album_html_names_the_missed_boundary():
    from agent.report_html import _structure_html
    from quality.report import BoundaryEvidence, StructureReport

    st = StructureReport(boundaries=[BoundaryEvidence(planned_s=4.0, before="intro", after="verse", status="hit", evidence=2.0),
                                     BoundaryEvidence(planned_s=12.0, before="verse", after="chorus", status="missing", evidence=0.3)])
    html = _structure_html(st)
    assert "verse &rarr; chorus at 12.0 s: <b>missing</b>" in html and "intro" not in html
    assert "all 1 planned" in _structure_html(StructureReport(boundaries=st.boundaries[:1]))
