"""Harshness: a presence (2-5 kHz) build-up relative to the track's own balance.

Judged against the stems' sum (the master bus's own EQ) when the engine's stems are
given, and against the neighbouring mid band always; see spectral_balance for the
measures and their calibration.
"""

from __future__ import annotations

from quality.detectors.base import Context
from quality.detectors.spectral_balance import tonal_defects
from quality.report import Defect, DefectKind


def run(ctx: Context) -> list[Defect]:
    return tonal_defects(ctx, DefectKind.harshness)
