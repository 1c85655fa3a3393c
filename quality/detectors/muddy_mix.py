"""Muddy mix: low-mid (200-500 Hz) build-up relative to the whole.

No standard exists; limit calibrated on clean reference material (bench/quality_pr.py).
"""

from __future__ import annotations

from quality.detectors.base import Context
from quality.detectors.spectral_balance import excess_defects
from quality.report import Defect, DefectKind

LOW_MID_LIMIT_DB = -4.5  # low_mid / total energy ratio; packaged recordings measure -6.3..-11.7 dB
SEVERITY_SPAN_DB = 8.0


def run(ctx: Context) -> list[Defect]:
    if ctx.stem is not None:
        return []
    return excess_defects(ctx, DefectKind.muddy_mix, ("low_mid",), limit_db=LOW_MID_LIMIT_DB, full_db=SEVERITY_SPAN_DB)
