"""Muddy mix: a low-mid (200-500 Hz) build-up relative to the track's own balance.

Judged against the stems' sum (the master bus's own EQ) when the engine's stems are
given, and against the neighbouring bass and mid bands always, with a limit that
follows the percussive evidence (a pad bed is warm by nature); see spectral_balance and mud_allowance.
"""

from __future__ import annotations

from quality.detectors.base import Context
from quality.detectors.spectral_balance import tonal_defects
from quality.report import Defect, DefectKind


def run(ctx: Context) -> list[Defect]:
    return tonal_defects(ctx, DefectKind.muddy_mix)
