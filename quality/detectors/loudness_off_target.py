"""Integrated loudness away from the streaming target (-14 LUFS, BS.1770-4 gating).

Sources: streaming services normalise to about -14 LUFS; AES TD1008 recommends
<= -16 LUFS for music. Deviations within TOLERANCE_LU are not reported.
"""

from __future__ import annotations

from engine.constants import TARGET_LUFS
from quality.detectors.base import Context, defect
from quality.report import Defect, DefectKind

TOLERANCE_LU = 2.0  # -16..-12 LUFS is fine
SEVERITY_SPAN_LU = 12.0  # 14 LU off target means severity 1


def detect(integrated_lufs: float | None, *, target_lufs: float = TARGET_LUFS, tolerance_lu: float = TOLERANCE_LU) -> float | None:
    """Deviation in LU beyond the tolerance (signed), or None when within it."""
    if integrated_lufs is None:
        return None
    dev = integrated_lufs - target_lufs
    return dev if abs(dev) > tolerance_lu else None


def run(ctx: Context) -> list[Defect]:
    if ctx.stem is not None:
        return []
    lu = ctx.feats.loudness.integrated_lufs
    dev = detect(lu)
    if dev is None:
        return []
    sev = (abs(dev) - TOLERANCE_LU) / SEVERITY_SPAN_LU
    return [
        defect(DefectKind.loudness_off_target, 0.0, ctx.feats.duration_s, max(0.05, sev), ctx,
               integrated_lufs=lu, target_lufs=TARGET_LUFS, deviation_lu=dev)
    ]
