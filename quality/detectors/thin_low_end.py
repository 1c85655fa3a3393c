"""Thin low end: too little energy below 200 Hz (sub + bass) relative to the whole.

Calibrated on clean reference material (bench/quality_pr.py).
"""

from __future__ import annotations

from quality.detectors.base import Context
from quality.detectors.spectral_balance import excess_defects
from quality.report import Defect, DefectKind

LOW_END_MIN_DB = -10.0  # (sub + bass) / total energy ratio; packaged recordings measure -1.4..-3.5 dB
SEVERITY_SPAN_DB = 15.0


def run(ctx: Context) -> list[Defect]:
    if ctx.stem is not None:
        return []
    return excess_defects(ctx, DefectKind.thin_low_end, ("sub", "bass"), limit_db=LOW_END_MIN_DB,
                          full_db=SEVERITY_SPAN_DB, below=True, min_windows=4)
