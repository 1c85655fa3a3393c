"""Structure mismatch: detected sections disagree with the planned events.

Reads the structure report (quality/structure.py, mir_eval boundary hit rate at
3 s). No plan, no defect.
"""

from __future__ import annotations

from quality.detectors.base import Context, defect
from quality.report import Defect, DefectKind

MIN_F_3S = 0.4  # calibrated: F@3s of matching sketch takes 0.5-0.9; random boundaries ~0.2
MIN_PLANNED_BOUNDARIES = 1
# Boundary detection is itself weak (F@3s about 0.6 on synthetic songs, DESIGN.md 10): a
# clean jazz sketch take read F@3s 0 with the sections in the planned order. Boundary
# misses alone are capped at MISS_ONLY_MAX; with section order disagreeing too
# (agreement < MIN_ORDER) the full range applies.
MISS_ONLY_MAX = 0.45
MIN_ORDER = 0.5


def run(ctx: Context) -> list[Defect]:
    st = ctx.structure
    if ctx.stem is not None or st is None or st.f_measure_3s is None:
        return []
    if len(st.planned_boundaries_s) < MIN_PLANNED_BOUNDARIES:
        return []
    f3 = st.f_measure_3s
    if f3 >= MIN_F_3S:
        return []
    sev = 0.3 + 0.5 * (MIN_F_3S - f3) / MIN_F_3S
    if st.section_order_agreement is None or st.section_order_agreement >= MIN_ORDER:
        sev = min(sev, MISS_ONLY_MAX)
    return [defect(DefectKind.structure_mismatch, 0.0, ctx.feats.duration_s, sev, ctx, f_measure_3s=f3,
                   section_order_agreement=st.section_order_agreement if st.section_order_agreement is not None else -1.0,
                   planned_boundaries=len(st.planned_boundaries_s), detected_boundaries=len(st.detected_boundaries_s))]
