"""Structure: section boundaries from audio, and the take against the planned events.

Blind detection (no plan needed; shown in plots and reports): beat-synchronous
chroma + MFCC from the shared STFT, a cosine self-similarity matrix, a
Gaussian-tapered checkerboard novelty curve (Foote 2000), peaks at least
MIN_SECTION_S apart; with a plan, mir_eval's boundary hit rate of those detections
(``segment.detection``, trim=True) at 0.5 s and 3 s is reported too.

With a plan, the critic does not segment blindly: ``quality.structure_plan`` asks
whether there is a change of section near each planned boundary (evidence per
boundary), whether the sections last as planned and sound like their planned type;
``quality.structure_repeats`` then asks whether the planned repeats of a type (verse 1,
verse 2) line up chord for chord, or line up only with a section dropped or two traded;
``quality.structure_swap`` whether two neighbours play louder and busier the other way round
than the plan's energy ranks, where the plan and the traded form disagree.
The structure score is 10 x (0.6 hit rate + 0.2 length agreement + 0.2 order).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from quality.features import HOP, N_FFT, Features
from quality.report import StructureReport

if TYPE_CHECKING:
    from engine.pipeline import SectionEvent

KERNEL_BEATS = 16  # checkerboard half-size in beats (four bars of 4/4: longer than a chord cycle)
MIN_SECTION_S = 6.0
PEAK_Z = 0.5  # novelty peak must exceed mean + 0.5 std
GRID_S = 0.5  # feature grid when no beats are found
WEIGHTS = {"hits": 0.6, "lengths": 0.2, "order": 0.2}  # structure score weights (sum 1)
HIT_WINDOW_S = 3.0  # a planned change heard within 3 s counts as a hit


def _beat_features(f: Features) -> tuple[np.ndarray, np.ndarray]:
    """(features (d, segments), segment start times s) beat-synchronous."""
    from quality.dsp import chroma_filterbank, dct_ortho, sync

    chroma_fb = chroma_filterbank(sr=f.sr, n_fft=N_FFT).astype(np.float32)
    chroma = chroma_fb @ f.power.T
    chroma /= np.maximum(chroma.max(axis=0, keepdims=True), 1e-10)
    mfcc = dct_ortho(f.mel_db)[1:14]
    mfcc = (mfcc - mfcc.mean(axis=1, keepdims=True)) / (mfcc.std(axis=1, keepdims=True) + 1e-6)
    feats = np.vstack([0.5 * chroma, mfcc / 2.0])  # timbre (instrumentation) weighs more than harmony
    _, beats = f.beats
    if beats.size >= 2 * KERNEL_BEATS:
        frames = np.round((beats * f.sr - N_FFT / 2) / HOP).astype(int)
    else:
        frames = np.arange(0, feats.shape[1], max(1, int(GRID_S / f.frame_s)))
    frames = np.unique(np.clip(frames, 0, feats.shape[1] - 1))
    synced = sync(feats, frames, aggregate=np.median)
    times = np.concatenate([[0.0], np.asarray(f.frame_time(frames), dtype=float)])
    return synced, times[: synced.shape[1]]


def novelty(feats: np.ndarray, *, half: int = KERNEL_BEATS) -> np.ndarray:
    """Checkerboard novelty (segments,) of a feature matrix (d, segments)."""
    x = feats / (np.linalg.norm(feats, axis=0, keepdims=True) + 1e-9)
    s = x.T @ x
    n = s.shape[0]
    idx = np.arange(-half, half)
    g = np.exp(-0.5 * ((idx + 0.5) / (0.5 * half)) ** 2)
    gs = g * np.sign(idx + 0.5)
    k = np.outer(gs, gs)
    pad = np.pad(s, half, mode="edge")
    nov = np.zeros(n)
    for i in range(n):
        nov[i] = float((pad[i : i + 2 * half, i : i + 2 * half] * k).sum())
    return np.maximum(nov, 0)


def detect_boundaries(f: Features) -> list[float]:
    """Section boundaries in seconds (excluding 0 and the end)."""
    if f.duration_s < 2 * MIN_SECTION_S:
        return []
    feats, times = _beat_features(f)
    if feats.shape[1] < 2 * KERNEL_BEATS:
        return []
    nov = novelty(feats)
    thr = nov.mean() + PEAK_Z * nov.std()
    order = np.argsort(-nov)
    chosen: list[float] = []
    for i in order:
        if nov[i] <= thr:
            break
        t = float(times[i])
        if t < MIN_SECTION_S / 2 or t > f.duration_s - MIN_SECTION_S / 2:
            continue
        if all(abs(t - c) >= MIN_SECTION_S for c in chosen):
            chosen.append(t)
    return sorted(round(c, 2) for c in chosen)


def planned_boundaries(events: list[SectionEvent], *, duration_s: float) -> list[float]:
    """Interior boundaries of the plan (event starts and ends, without 0 and the end)."""
    pts = sorted({round(e.start, 3) for e in events} | {round(e.end, 3) for e in events})
    return [p for p in pts if 0.5 < p < duration_s - 0.5]


def _intervals(bounds: list[float], duration_s: float) -> np.ndarray:
    pts = [0.0] + [b for b in bounds if 0 < b < duration_s] + [duration_s]
    return np.array([[a, b] for a, b in zip(pts[:-1], pts[1:], strict=True) if b > a])


def analyze_structure(f: Features, events: list[SectionEvent] | None) -> StructureReport:
    """Detected boundaries, and the plan-aware check (``quality.structure_plan``) when a
    plan is given: evidence per planned boundary, section lengths and order."""
    det = detect_boundaries(f)
    rep = StructureReport(detected_boundaries_s=det)
    if not events:
        return rep
    from mir_eval.segment import detection  # (heavy import: only with a plan)

    from quality.detectors.early_ending import content_end_s
    from quality.structure_plan import cell_features, check_boundaries, check_sections, shift_tolerance_s
    from quality.structure_repeats import check_repeats
    from quality.structure_swap import check_swap_changes, check_swaps

    dur = f.duration_s
    plan = planned_boundaries(events, duration_s=dur)
    rep.planned_boundaries_s = plan
    if not plan:
        return rep
    ref = _intervals(plan, dur)
    est = _intervals(det, dur)
    _, _, f05 = detection(ref, est, window=0.5, trim=True)
    p3, r3, f3 = detection(ref, est, window=3.0, trim=True)
    rep.f_measure_0_5s = round(float(f05), 3)
    rep.f_measure_3s = round(float(f3), 3)
    rep.precision_3s = round(float(p3), 3)
    rep.recall_3s = round(float(r3), 3)
    feats = cell_features(f)
    end = min(content_end_s(f.block_rms_db, block_s=f.block_s), dur)
    rep.boundaries = check_boundaries(f, events, content_end_s=end, feats=feats)
    rep.sections = check_sections(f, events, rep.boundaries, feats=feats, content_end_s=end)
    check_repeats(feats[0]["harmony"], feats[1], events, rep.sections, duration_s=dur, content_end_s=end,
                  boundaries=rep.boundaries)
    check_swaps(feats[0], feats[1], events, rep.sections, content_end_s=end)
    check_swap_changes(feats[0], feats[1], events, rep.sections, duration_s=dur, tol_s=shift_tolerance_s(f), content_end_s=end)
    expected = [b for b in rep.boundaries if b.status not in ("same", "cut")]
    hit = sum(b.status in ("hit", "shifted") and abs(b.shift_s or 0.0) <= HIT_WINDOW_S for b in expected)
    rep.boundary_hit_rate = round(hit / len(expected), 3) if expected else None
    tol = shift_tolerance_s(f)
    inner = [s for s in rep.sections if s.end_s <= end + 0.5]
    lengths = [s.heard_length_s is not None and abs(s.heard_length_s - (s.end_s - s.start_s)) <= 2 * tol for s in inner]
    rep.section_length_agreement = round(float(np.mean(lengths)), 3) if lengths else None
    rep.section_order_agreement = round(float(np.mean([s.order_ok for s in rep.sections])), 3) if rep.sections else None
    parts = {"hits": rep.boundary_hit_rate, "lengths": rep.section_length_agreement, "order": rep.section_order_agreement}
    got = {k: v for k, v in parts.items() if v is not None}
    if got:
        rep.score = round(10.0 * sum(WEIGHTS[k] * v for k, v in got.items()) / sum(WEIGHTS[k] for k in got), 2)
    return rep
