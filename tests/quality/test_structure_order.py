"""The fingerprint order rule needs more than the sections' own spread (quality/structure_plan.py,
ORDER_SPREAD): two takes of the structure bench (bench/structure.py, tuning split) rendered by the
sketch engine. A clean classical take whose last build sounds nearer the breakdown than the other
build, by less than the three sections' halves differ from each other, is no longer out of order;
a pop take whose chorus was dropped still has its next chorus sound like the verse, by more."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from quality.analyze import analyze

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
import structure as bench  # noqa: E402


@pytest.fixture(scope="module")
def tune_cases():
    return bench.cases(bench.TUNE, 48, seed=0)


def _mismatched(c: dict, fault: str | None):
    mix, imp = bench.render_case(c, fault)
    rep = analyze(mix, events=c["events"], planned_duration_s=c["duration"])
    return rep, imp


def test_a_clean_build_near_the_breakdown_by_less_than_its_spread_is_in_order(tune_cases):
    c = tune_cases[19]
    assert (c["genre"], c["duration"]) == ("classical", 25.7)
    rep, _ = _mismatched(c, None)
    assert all(s.order_ok for s in rep.structure.sections)
    assert not [d for d in rep.defects if d.kind.value == "structure_mismatch" and d.severity >= bench.MIN_SEV]


def test_a_dropped_chorus_still_sounds_out_of_order(tune_cases):
    c = tune_cases[30]
    assert (c["genre"], c["fault"]) == ("pop", "section_dropped")
    rep, imp = _mismatched(c, c["fault"])
    assert any(not s.order_ok and s.type == "chorus" for s in rep.structure.sections)
    assert bench.found(rep, imp)


def test_a_section_heard_as_another_type_is_named_with_its_article():
    from quality.detectors.structure_mismatch import problems
    from quality.report import SectionCheck, StructureReport

    st = StructureReport(sections=[SectionCheck(type="verse", start_s=0.0, end_s=8.0, sounds_like="intro", order_ok=False),
                                   SectionCheck(type="intro", start_s=8.0, end_s=12.0, sounds_like="verse", order_ok=False)])
    said = [what for *_, what in problems(st)]
    assert "the verse at 0.0-8.0 s sounds like an intro" in said
    assert "the intro at 8.0-12.0 s sounds like a verse" in said
