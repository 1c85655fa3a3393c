"""Scores: ``overall`` 0-10 for a take and a 0-10 score per stem.

overall = 10 * prod_k (1 - W[k] * s_k) * structure_factor, where s_k combines the
severities of every defect of kind k the agent would act on (severity >= MIN_SEVERITY,
quality/routing.py) as 1 - prod(1 - severity) (two clicks weigh more than one, never more than 1); a kind
with only notes below MIN_SEVERITY counts its largest note times NOTE_FACTOR (dozens of
faint findings in a long recording are not a broken take: clean packaged music lost
2-4 points to them, bench/quality_real.py). W[k] is how much of the score a
severity-1 defect of that kind takes away; stem defects count STEM_FACTOR of
that (a stem problem is partly masked in the mix). With a plan, the structure
score (0-10) scales the result between STRUCTURE_FLOOR and 1.
"""

from __future__ import annotations

from collections import defaultdict

import numpy as np

from quality.report import Defect, DefectKind, StructureReport
from quality.routing import MIN_SEVERITY

WEIGHTS: dict[DefectKind, float] = {
    DefectKind.clipping: 0.35,
    # mastering targets and an inaudible offset: the mastering stage fixes them losslessly;
    # professionally mastered game music is often louder than -14 LUFS and over -1 dBTP
    DefectKind.true_peak_over: 0.04,
    DefectKind.loudness_off_target: 0.05,
    DefectKind.dc_offset: 0.04,
    DefectKind.dropout: 0.45,
    DefectKind.click: 0.25,
    DefectKind.noise_burst: 0.35,
    DefectKind.distortion: 0.40,
    DefectKind.harshness: 0.25,
    DefectKind.muddy_mix: 0.20,
    DefectKind.thin_low_end: 0.20,
    DefectKind.phase_issue: 0.35,
    DefectKind.narrow_stereo: 0.10,
    DefectKind.timing_drift: 0.30,
    DefectKind.early_ending: 0.45,
    DefectKind.structure_mismatch: 0.30,
}
NOTE_FACTOR = 0.5
STEM_FACTOR = 0.5
STRUCTURE_FLOOR = 0.8  # a structure score of 0 multiplies overall by 0.8


def _penalty_product(defects: list[Defect], factor: float = 1.0) -> float:
    keep: dict[DefectKind, float] = defaultdict(lambda: 1.0)
    note: dict[DefectKind, float] = defaultdict(float)
    for d in defects:
        if d.severity >= MIN_SEVERITY:
            keep[d.kind] *= 1.0 - d.severity
        else:
            note[d.kind] = max(note[d.kind], d.severity)
    prod = 1.0
    for kind in set(keep) | set(note):
        s = 1.0 - keep[kind] if kind in keep else NOTE_FACTOR * note[kind]
        prod *= 1.0 - WEIGHTS[kind] * factor * s
    return prod


def stem_score(defects: list[Defect]) -> float:
    """0-10 score of one stem from its own defects."""
    return round(float(np.clip(10.0 * _penalty_product(defects), 0, 10)), 2)


def overall_score(defects: list[Defect], stem_defects: list[Defect], structure: StructureReport | None) -> float:
    """0-10 score of a take (higher is better)."""
    s = 10.0 * _penalty_product(defects) * _penalty_product(stem_defects, STEM_FACTOR)
    if structure is not None and structure.score is not None:
        s *= STRUCTURE_FLOOR + (1 - STRUCTURE_FLOOR) * structure.score / 10.0
    return round(float(np.clip(s, 0.0, 10.0)), 2)
