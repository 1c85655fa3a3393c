"""Suggested repairs: the routing table from defects to repair routes, as data.

| found | route |
|---|---|
| local defect (dropout, click, noise burst, short clipping, a section's tempo drift, a short severe true-peak over) | repaint the range (+-1.5 s) |
| texture across the track (distortion, harshness, mud, long clipping) | cover at 0.9-0.95, "clean mix" |
| one stem bad, rest fine | stem_relego (extract the good ones, lego the bad one) |
| an empty stem (instrument missing) | complete with that class |
| structure mismatch in a range | repaint that range (+-1.5 s) with the planned events |
| structure mismatch across the take / early ending | regenerate, or repaint_tail when only the end is short |
| loudness / true peak / DC only | master (gain + true-peak limiter) |
Routes the engine cannot run fall back to the next row; the agent's router does that.
"""

from __future__ import annotations

from quality.report import Defect, DefectKind, StemReport, SuggestedRepair

MIN_SEVERITY = 0.25  # defects milder than this suggest nothing
MARGIN_S = 1.5  # repaint margins (1-2 s leave the model context on both sides)
LOCAL_MAX_FRACTION = 0.2  # a "local" defect covers less than 20 % of the take
TAIL_MAX_FRACTION = 0.35  # repaint the tail when less than 35 % is missing, else regenerate
WHOLE_FRACTION = 0.8  # a structure mismatch over less of the take than this is repainted, else regenerated
EMPTY_STEM_DBFS = -60.0
DRIFT_MAX_FRACTION = 0.6  # tempo drift lives in one section: repaint it even when the section is long
TRANSIENT_MAX_S = 1.0  # a true-peak over this short and this severe is a glitch: repaint it
TRANSIENT_MIN_SEVERITY = 0.4

LOCAL = {DefectKind.dropout, DefectKind.click, DefectKind.noise_burst, DefectKind.clipping, DefectKind.timing_drift}
TEXTURE = {DefectKind.distortion, DefectKind.harshness, DefectKind.muddy_mix, DefectKind.thin_low_end,
           DefectKind.clipping, DefectKind.phase_issue, DefectKind.narrow_stereo}
MASTER = {DefectKind.loudness_off_target, DefectKind.true_peak_over, DefectKind.dc_offset}
STRUCTURAL = {DefectKind.structure_mismatch, DefectKind.early_ending}
ROUTED = LOCAL | TEXTURE | MASTER | STRUCTURAL  # every DefectKind (tests/quality/test_registry.py)


def _merge(ranges: list[tuple[float, float, DefectKind]]) -> list[tuple[float, float, list[DefectKind]]]:
    out: list[list] = []
    for s, e, k in sorted(ranges):
        if out and s <= out[-1][1]:
            out[-1][1] = max(out[-1][1], e)
            if k not in out[-1][2]:
                out[-1][2].append(k)
        else:
            out.append([s, e, [k]])
    return [(s, e, ks) for s, e, ks in out]


def suggest(defects: list[Defect], stems: list[StemReport], *, duration_s: float) -> list[SuggestedRepair]:
    """Repairs for a take's mix defects and stem reports, most important first."""
    out: list[SuggestedRepair] = []
    bad = [d for d in defects if d.severity >= MIN_SEVERITY]
    structural = [d for d in bad if d.kind in STRUCTURAL]
    ranged = [d for d in structural if d.kind is DefectKind.structure_mismatch and d.end_s - d.start_s < WHOLE_FRACTION * duration_s]
    for d in ranged:  # sections off the plan in one range: repaint that range with the planned events
        out.append(SuggestedRepair(route="repaint", defect_kinds=[d.kind], start_s=round(max(0.0, d.start_s - MARGIN_S), 2),
                                   end_s=round(min(duration_s, d.end_s + MARGIN_S), 2),
                                   reason="sections differ from the plan in this range: repaint it with the planned events"))
    structural = [d for d in structural if d not in ranged]
    if any(d.kind is DefectKind.structure_mismatch for d in structural):
        out.append(SuggestedRepair(route="regenerate", defect_kinds=sorted({d.kind for d in structural}),
                                   reason="sections do not follow the plan: regenerate with the planned events and duration"))
    else:
        for d in structural:
            missing = d.end_s - d.start_s
            planned = float(d.evidence.get("planned_duration_s", duration_s))
            if missing <= TAIL_MAX_FRACTION * planned:
                out.append(SuggestedRepair(route="repaint_tail", defect_kinds=[d.kind], start_s=max(0.0, d.start_s - MARGIN_S),
                                           end_s=planned, reason="the music stops early: repaint the tail up to the planned end"))
            else:
                out.append(SuggestedRepair(route="regenerate", defect_kinds=[d.kind], reason="most of the planned duration is missing"))
    local = [(max(0.0, d.start_s - MARGIN_S), min(duration_s, d.end_s + MARGIN_S), d.kind) for d in bad
             if (d.kind in LOCAL and (d.end_s - d.start_s) < LOCAL_MAX_FRACTION * duration_s)
             or (d.kind is DefectKind.timing_drift and (d.end_s - d.start_s) < DRIFT_MAX_FRACTION * duration_s)
             or (d.kind is DefectKind.true_peak_over and d.end_s - d.start_s <= TRANSIENT_MAX_S
                 and d.severity >= TRANSIENT_MIN_SEVERITY)]
    for s, e, ks in _merge(local):
        out.append(SuggestedRepair(route="repaint", defect_kinds=ks, start_s=round(s, 2), end_s=round(e, 2),
                                   reason="local defect: repaint the range with margins, same caption"))
    texture = sorted({d.kind for d in bad if d.kind in TEXTURE and (d.end_s - d.start_s) >= LOCAL_MAX_FRACTION * duration_s})
    if texture:
        out.append(SuggestedRepair(route="cover", defect_kinds=texture,
                                   reason="texture problem across the take: cover at 0.9-0.95 with a 'clean mix' caption"))
    bad_stems = [s for s in stems if any(d.severity >= MIN_SEVERITY for d in s.defects)]
    if bad_stems and len(bad_stems) < max(2, len(stems)):
        for s in bad_stems:
            ks = sorted({d.kind for d in s.defects if d.severity >= MIN_SEVERITY})
            out.append(SuggestedRepair(route="stem_relego", defect_kinds=ks, stem=s.name,
                                       reason=f"the {s.name} stem is bad, the rest is fine: extract the others, lego {s.name} anew"))
    elif bad_stems and not texture:
        out.append(SuggestedRepair(route="cover", defect_kinds=sorted({d.kind for s in bad_stems for d in s.defects}),
                                   reason="every stem has problems: cover the whole take"))
    for s in stems:
        lvl = s.metrics.sample_peak_dbfs
        if s.source == "engine" and (lvl is None or lvl < EMPTY_STEM_DBFS):
            out.append(SuggestedRepair(route="complete", defect_kinds=[], stem=s.name,
                                       reason=f"the {s.name} stem is empty: complete the take with {s.name.upper()}"))
    master = {d.kind for d in defects if d.kind in MASTER}  # cheap and safe: suggested at any severity
    if master:
        out.append(SuggestedRepair(route="master", defect_kinds=sorted(master),
                                   reason="loudness/peak only: gain + true-peak limiter to -14 LUFS, -1 dBTP (no diffusion)"))
    return out
