"""Thin low end: too little energy below 200 Hz (sub + bass) for the track's balance.

Judged against the stems' sum (a high-pass on the master bus) when the engine's stems
are given, and against the low-mid band always; see spectral_balance.
"""

from __future__ import annotations

from quality.detectors.base import Context
from quality.detectors.spectral_balance import tonal_defects
from quality.report import Defect, DefectKind


def run(ctx: Context) -> list[Defect]:
    return tonal_defects(ctx, DefectKind.thin_low_end)
