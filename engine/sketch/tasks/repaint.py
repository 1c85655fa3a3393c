"""repaint: re-render [repainting_start, repainting_end) with a seed derived from
(seed, range) and splice it in with equal-power crossfades inside the range.
Samples outside the range are copied bit-identically from the source, and so are
the source's flaws there. New flaws arrive at the take rate scaled to the share of
the take repainted (``imperfections.window_scale``)."""

from __future__ import annotations

import numpy as np

from engine.errors import EngineError
from engine.sketch import imperfections
from engine.sketch.analysis import arrangement_from_audio
from engine.sketch.arrangement import Imperfection
from engine.sketch.fx import fade_curve
from engine.sketch.render import active_rms_db, render
from engine.sketch.tasks.common import SR, derive_seed, fit_length, latent_of, make_take, one_source, steps_of
from engine.take import StageRequest, Take

FADE_S = 0.08


def _range(req: StageRequest, duration: float) -> tuple[float, float]:
    a = float(req.repainting_start or 0.0)
    b = duration if req.repainting_end is None else min(float(req.repainting_end), duration)
    if not 0.0 <= a < b:
        raise EngineError(f"stage '{req.stage_id}': repaint range {a:g}-{b:g} s is empty or outside the "
                          f"{duration:.1f} s source (fix: set 0 <= repainting_start < repainting_end <= duration)")
    return a, b


def splice(old: np.ndarray, new: np.ndarray, i0: int, i1: int, fade_in: bool, fade_out: bool) -> np.ndarray:
    """``old`` with [i0, i1) taken from ``new``; crossfades lie inside the range."""
    out = old.copy()
    f = max(1, min(int(FADE_S * SR), (i1 - i0) // 4))
    seg = new[:, i0:i1].copy()
    if fade_in:
        up = fade_curve(f, rising=True)
        seg[:, :f] = old[:, i0:i0 + f] * up[::-1] + seg[:, :f] * up
    if fade_out:
        down = fade_curve(f, rising=False)
        seg[:, -f:] = seg[:, -f:] * down + old[:, i1 - f:i1] * down[::-1]
    out[:, i0:i1] = seg
    return out


def _outside(imp: Imperfection, a: float, b: float) -> list[Imperfection]:
    """What is left of ``imp`` once [a, b) is repainted."""
    if imp.end_s <= a or imp.start_s >= b:
        return [imp]
    if imp.kind in imperfections.STRUCTURAL:
        return [] if a <= imp.start_s + 0.05 and (imp.kind == "timing_drift" or b >= imp.end_s - 0.05) else [imp]
    left = [imp.model_copy(update={"end_s": a})] if imp.start_s < a - 0.01 else []
    right = [imp.model_copy(update={"start_s": b})] if imp.end_s > b + 0.01 else []
    return left + right


def run(req: StageRequest, sources: list[Take]) -> Take:
    # 1. check inputs
    src = one_source(req, sources)
    steps = steps_of(req)
    n = src.audio.shape[1]
    a, b = _range(req, n / SR)
    i0, i1 = int(round(a * SR)), int(round(b * SR))
    seed = derive_seed(req.seed, a, b)
    # 2. prepare sources: the arrangement under the audio
    lat = latent_of(src)
    if lat is not None:
        arr, old = lat.arrangement, lat.imperfections
    else:
        arr = arrangement_from_audio(src.audio, caption=req.caption, lyrics=req.lyrics, seed=req.seed)
        old = []
    # 3. condition: flaws of the source outside the range stay; the range gets fresh ones
    kept: list[Imperfection] = [p for imp in old for p in _outside(imp, a, b)]
    fresh = imperfections.decide(seed, steps, arr, [t.name for t in arr.profile.tracks],
                                 rate_scale=imperfections.window_scale(steps, (b - a) * SR / n),
                                 kinds=imperfections.LOCAL_KINDS, window=(a, b), salt=29)
    structural = [i for i in kept if i.kind in imperfections.STRUCTURAL and not (i.start_s >= b or i.end_s <= a)]
    # 4. render the whole arrangement with the range's seed, take the range
    mix, stems = render(arr, seed, structural + fresh)
    mix = fit_length(mix, n)
    if lat is None:  # match the source's level in the range
        gain = 10 ** ((active_rms_db(src.audio[:, i0:i1]) - active_rms_db(mix[:, i0:i1])) / 20)
        mix = mix * np.float32(min(gain, 10.0))
    # 5. decode: splice into the source
    fade_in, fade_out = i0 > 0, i1 < n
    audio = splice(src.audio, mix, i0, i1, fade_in, fade_out)
    out_stems = {}
    for name in sorted(set(src.stems) | (set(stems) if src.stems else set())):
        old_s = fit_length(src.stems.get(name, np.zeros((2, n), np.float32)), n)
        new_s = fit_length(stems.get(name, np.zeros((2, n), np.float32)), n)
        out_stems[name] = splice(old_s, new_s, i0, i1, fade_in, fade_out)
    # 6. normalise: none (outside the range must stay bit-identical)
    return make_take(audio, out_stems, arr, kept + fresh, seed, steps)
