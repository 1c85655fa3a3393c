"""Structure mismatch: the sections differ from the planned events, and where.

Reads the plan-aware structure check (``quality.structure_plan``): a planned
boundary where no change is heard (``missing``: a section merged, dropped or cut
short) or where the change comes more than a beat or two off (``shifted``: a section
stretched, squeezed or drifting in tempo), and sections that sound like another
planned type (``reordered``; also every section a dropped or traded one moved, when the
planned repeats of a type line up only without it: ``quality.structure_repeats``; and two neighbours
louder and busier the other way round where a trade of the two would put them: ``quality.structure_swap``). Each problem covers the two sections around it; the
problems that touch are merged into one defect whose range is what a repaint must
redo. Boundaries after the music has ended are the early_ending detector's. No plan,
no defect.
"""

from __future__ import annotations

from quality.detectors.base import Context, defect
from quality.report import BoundaryEvidence, Defect, DefectKind, SectionCheck, StructureReport
from quality.structure_plan import MISS

MISSING_BASE = 0.3  # a missing change just below MISS; 0.9 with no change at all
SHIFT_BASE = 0.3  # a change just past the tolerance; +0.4 at SHIFT_FULL_S
SHIFT_FULL_S = 3.0
ORDER_SEVERITY = 0.4



def _a(word: str) -> str:
    """The word with its indefinite article: "an intro", "a verse"."""
    return f"{'an' if word[:1].lower() in 'aeiou' else 'a'} {word}"

def _span(sections: list[SectionCheck], b: BoundaryEvidence) -> tuple[float, float]:
    before = next((s for s in sections if abs(s.end_s - b.planned_s) < 0.01), None)
    after = next((s for s in sections if abs(s.start_s - b.planned_s) < 0.01), None)
    return (before.start_s if before else b.planned_s), (after.end_s if after else b.planned_s)


def problems(st: StructureReport) -> list[tuple[float, float, float, str]]:
    """(start_s, end_s, severity, what) of every disagreement with the plan."""
    out = []
    for b in st.boundaries:
        if b.status == "missing":
            sev = MISSING_BASE + 0.6 * min(1.0, max(0.0, (MISS - b.evidence) / MISS))
            what = f"no change heard at {b.planned_s:.1f} s ({b.before} -> {b.after})"
        elif b.status == "shifted":
            sev = SHIFT_BASE + 0.4 * min(1.0, abs(b.shift_s or 0.0) / SHIFT_FULL_S)
            what = f"{b.before} -> {b.after} heard at {b.found_s:.1f} s, planned {b.planned_s:.1f} s"
        else:
            continue
        out.append((*_span(st.sections, b), sev, what))
    for s in st.sections:
        if not s.order_ok:
            out.append((s.start_s, s.end_s, ORDER_SEVERITY, f"the {s.type} at {s.start_s:.1f}-{s.end_s:.1f} s sounds like {_a(s.sounds_like)}"))
    return sorted(out)


def run(ctx: Context) -> list[Defect]:
    st = ctx.structure
    if ctx.stem is not None or st is None or not st.boundaries:
        return []
    merged: list[list] = []
    for a, b, sev, what in problems(st):
        if merged and a <= merged[-1][1] + 1e-6:  # overlapping or touching
            m = merged[-1]
            m[1], m[2] = max(m[1], b), max(m[2], sev)
            m[3].append(what)
        else:
            merged.append([a, b, sev, [what]])
    return [defect(DefectKind.structure_mismatch, a, b, sev, ctx, problems=len(whats), what="; ".join(whats)[:400],
                   boundary_hit_rate=st.boundary_hit_rate if st.boundary_hit_rate is not None else -1.0,
                   planned_boundaries=len(st.planned_boundaries_s))
            for a, b, sev, whats in merged]
