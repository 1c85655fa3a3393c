"""Detectors, one per file, looked up by defect kind.

Every defect kind has one module here, named after it, with ``run(ctx) -> list[Defect]``
(what ``DETECTORS`` maps the kind to). Only ``run`` reads the Context; what it decides
on comes from pure functions of arrays and plain numbers, which tests call with known
numbers: a ``detect(...)`` with keyword-only, unit-bearing arguments where the whole
decision fits one, else the measure itself (``narrow_stereo.side_mid_db``,
``early_ending.content_end_s``, ``timing_drift.local_stretch``,
``structure_mismatch.problems``; the three tonal kinds share ``spectral_balance``, which reads
the bus transfer through ``tonal_bus`` and the muddy_mix limit from ``mud_allowance``).
``tests/quality/test_registry.py`` checks this for every kind.
``STEM_DETECTORS`` are the ones that make sense on an isolated stem (not dropout:
an isolated instrument rests between notes; gaps are judged on the mix; nor
noise_burst: an isolated part's noisy attacks (a pluck, a snare, a breath) are its
sound, and a burst of noise made by the generator lands on the mix, judged there).
"""

from __future__ import annotations

from collections.abc import Callable
from importlib import import_module

from quality.detectors.base import Context
from quality.report import Defect, DefectKind

Detector = Callable[[Context], list[Defect]]

# The module named after each kind: a kind without one fails here, at import.
DETECTORS: dict[DefectKind, Detector] = {kind: import_module(f"quality.detectors.{kind.value}").run
                                         for kind in DefectKind}

STEM_DETECTORS: tuple[DefectKind, ...] = (
    DefectKind.clipping,
    DefectKind.dc_offset,
    DefectKind.click,
    DefectKind.distortion,
    DefectKind.phase_issue,
)

__all__ = ["DETECTORS", "STEM_DETECTORS", "Context", "Detector"]
