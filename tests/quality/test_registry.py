"""Every defect kind is wired everywhere it must be: a detector, a scoring weight, a
repair route and an entry in the committed report schema."""

from __future__ import annotations

import json

from quality.detectors import DETECTORS
from quality.report import DefectKind, RepairRoute
from quality.routing import ROUTED, suggest
from quality.schema import SCHEMA_PATH
from quality.scoring import WEIGHTS


def test_every_defect_kind_has_a_detector():
    assert set(DETECTORS) == set(DefectKind)


def test_every_defect_kind_has_a_scoring_weight():
    assert set(WEIGHTS) == set(DefectKind)
    assert all(w > 0 for w in WEIGHTS.values())


def test_every_defect_kind_has_a_route():
    assert ROUTED == set(DefectKind)


def test_every_defect_kind_and_route_is_in_the_committed_schema():
    defs = json.loads(SCHEMA_PATH.read_text())["$defs"]
    assert set(defs["DefectKind"]["enum"]) == {k.value for k in DefectKind}
    assert set(defs["RepairRoute"]["enum"]) == {r.value for r in RepairRoute}


def test_a_severe_defect_of_any_kind_gets_a_suggestion():
    """Short (a glitch) or across the take (a texture): some span of each kind is routed."""
    from quality.report import Defect

    for kind in DefectKind:
        routed = False
        for start, end in ((10.0, 11.0), (0.0, 30.0)):
            d = Defect(kind=kind, start_s=start, end_s=end, severity=0.9, evidence={"planned_duration_s": 30.0})
            routed |= any(kind in s.defect_kinds for s in suggest([d], [], duration_s=30.0))
        assert routed, kind
