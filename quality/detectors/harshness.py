"""Harshness: too much energy in the presence band (2-5 kHz) relative to the whole.

No standard exists; the limit is calibrated on clean reference material (see
bench/quality_pr.py: packaged recordings and sketch takes measure -22..-12 dB).
"""

from __future__ import annotations

from quality.detectors.base import Context
from quality.detectors.spectral_balance import excess_defects
from quality.report import Defect, DefectKind

PRESENCE_LIMIT_DB = -9.0  # presence / total energy ratio; packaged recordings measure -13.5..-27 dB
SEVERITY_SPAN_DB = 8.0


def run(ctx: Context) -> list[Defect]:
    if ctx.stem is not None:
        return []
    return excess_defects(ctx, DefectKind.harshness, ("presence",), limit_db=PRESENCE_LIMIT_DB, full_db=SEVERITY_SPAN_DB)
