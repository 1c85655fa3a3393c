"""Every defect kind is wired everywhere it must be: a detector, a scoring weight, a
repair route and an entry in the committed report schema."""

from __future__ import annotations

import json

from quality.detectors import DETECTORS
from quality.detectors.spectral_balance import KIND_BANDS as TONAL_KINDS
from quality.report import DefectKind, RepairRoute
from quality.routing import ROUTED, suggest
from quality.schema import SCHEMA_PATH
from quality.scoring import WEIGHTS


def test_every_defect_kind_has_a_detector():
    assert set(DETECTORS) == set(DefectKind)


def test_every_detector_has_the_same_interface():
    """One module per kind, named after it; ``run(ctx)`` is the only function that reads the
    Context (the package docstring's contract)."""
    import importlib
    import inspect

    for kind in DefectKind:
        module = importlib.import_module(f"quality.detectors.{kind.value}")
        assert DETECTORS[kind] is module.run, kind
        assert list(inspect.signature(module.run).parameters) == ["ctx"], kind
        helpers = [f for name, f in vars(module).items() if inspect.isfunction(f) and f.__module__ == module.__name__
                   and not name.startswith("_") and name != "run"]
        assert helpers or kind in TONAL_KINDS, f"{kind}: no pure function to test its decision with"
        for f in helpers:
            annotations = " ".join(str(p.annotation) for p in inspect.signature(f).parameters.values())
            assert "Context" not in annotations and "ctx" not in inspect.signature(f).parameters, (kind, f.__name__)


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
