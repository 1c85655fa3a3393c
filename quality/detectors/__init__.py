"""Detectors, one per file, looked up by defect kind.

Every defect kind has one module here, named after it, with ``run(ctx) -> list[Defect]``
(what ``DETECTORS`` maps the kind to). Only ``run`` reads the Context; what it decides
on comes from pure functions of arrays and plain numbers, which tests call with known
numbers: a ``detect(...)`` with keyword-only, unit-bearing arguments where the whole
decision fits one, else the measure itself (``narrow_stereo.side_mid_db``,
``early_ending.content_end_s``, ``timing_drift.local_stretch``,
``structure_mismatch.problems``; the three tonal kinds share ``spectral_balance``).
``tests/quality/test_registry.py`` checks this for every kind.
``STEM_DETECTORS`` are the ones that make sense on an isolated stem (not dropout:
an isolated instrument rests between notes; gaps are judged on the mix; nor
noise_burst: an isolated part's noisy attacks (a pluck, a snare, a breath) are its
sound, and a burst of noise made by the generator lands on the mix, judged there).
"""

from __future__ import annotations

from collections.abc import Callable

from quality.detectors import (
    click,
    clipping,
    dc_offset,
    distortion,
    dropout,
    early_ending,
    harshness,
    loudness_off_target,
    muddy_mix,
    narrow_stereo,
    noise_burst,
    phase_issue,
    structure_mismatch,
    thin_low_end,
    timing_drift,
    true_peak_over,
)
from quality.detectors.base import Context
from quality.report import Defect, DefectKind

Detector = Callable[[Context], list[Defect]]

DETECTORS: dict[DefectKind, Detector] = {
    DefectKind.clipping: clipping.run,
    DefectKind.true_peak_over: true_peak_over.run,
    DefectKind.loudness_off_target: loudness_off_target.run,
    DefectKind.dc_offset: dc_offset.run,
    DefectKind.dropout: dropout.run,
    DefectKind.click: click.run,
    DefectKind.noise_burst: noise_burst.run,
    DefectKind.distortion: distortion.run,
    DefectKind.harshness: harshness.run,
    DefectKind.muddy_mix: muddy_mix.run,
    DefectKind.thin_low_end: thin_low_end.run,
    DefectKind.phase_issue: phase_issue.run,
    DefectKind.narrow_stereo: narrow_stereo.run,
    DefectKind.timing_drift: timing_drift.run,
    DefectKind.early_ending: early_ending.run,
    DefectKind.structure_mismatch: structure_mismatch.run,
}

STEM_DETECTORS: tuple[DefectKind, ...] = (
    DefectKind.clipping,
    DefectKind.dc_offset,
    DefectKind.click,
    DefectKind.distortion,
    DefectKind.phase_issue,
)

__all__ = ["DETECTORS", "STEM_DETECTORS", "Context", "Detector"]
