"""cover: keep the source's structure in proportion to audio_cover_strength, re-render
it in the new caption's timbre.

strength >= 0.5 keeps tempo, meter and key; >= 0.3 keeps the section layout; the
source's chords are kept with probability ~strength (when the key is kept) and
melody notes keep their pitch with probability strength. Texture flaws of the
source never carry over (the VQ bottleneck strips them); timing drift and early
ending carry with probability strength when strength >= 0.6.
"""

from __future__ import annotations

import numpy as np

from engine.pipeline import SectionEvent, key_name
from engine.sketch import imperfections
from engine.sketch.analysis import arrangement_from_audio
from engine.sketch.arrangement import Arrangement, Imperfection
from engine.sketch.compose import compose
from engine.sketch.harmony import nearest_in, scale_pcs
from engine.sketch.render import render
from engine.sketch.tasks.common import derive_seed, latent_of, make_take, one_source, profile_for_request, steps_of
from engine.stages import DEFAULT_COVER_STRENGTH
from engine.take import StageRequest, Take


def blend_structure(src: Arrangement, req: StageRequest, strength: float, rng: np.random.Generator) -> Arrangement:
    """A new arrangement for ``req`` that keeps ``strength`` of ``src``'s structure."""
    keep_time = strength >= 0.5
    keep_form = strength >= 0.3
    duration = src.duration_s if strength > 0 else float(req.duration)
    events = [SectionEvent(type=s.kind, start=s.start_s, end=s.end_s) for s in src.sections] if keep_form else req.events
    arr = compose(caption=req.caption, lyrics=req.lyrics,
                  bpm=src.bpm if keep_time else req.bpm,
                  keyscale=key_name(src.tonic, src.mode) if keep_time else req.keyscale,
                  timesignature=src.meter if keep_time else req.timesignature,
                  duration_s=duration, events=events, seed=req.seed,
                  profile=profile_for_request(req.caption, req.lyrics, req.genre))
    if keep_time and src.chords and rng.random() < min(1.0, strength * 1.1):
        arr.chords = [c.model_copy() for c in src.chords]
    if keep_time and src.melody:
        scale = scale_pcs(arr.tonic, arr.mode)
        melody = []
        for n in src.melody:
            if rng.random() >= strength:
                n = n.model_copy(update={"pitch": nearest_in(scale, n.pitch + int(rng.integers(-4, 5)))})
            melody.append(n)
        arr.melody = melody
    return arr


def run(req: StageRequest, sources: list[Take]) -> Take:
    # 1. check inputs
    src = one_source(req, sources)
    steps = steps_of(req)
    strength = float(req.audio_cover_strength if req.audio_cover_strength is not None else DEFAULT_COVER_STRENGTH)
    # 2. prepare sources: structure from the latent, or analysed from the audio
    lat = latent_of(src)
    if lat is not None:
        src_arr, src_imps = imperfections.apply_structural(lat.arrangement, []), lat.imperfections
    else:
        src_arr = arrangement_from_audio(src.audio, caption=req.caption, lyrics=req.lyrics, seed=req.seed)
        src_imps = []
    # 3. condition: structure blended by strength, timbre from the new caption
    rng = np.random.default_rng([derive_seed(req.seed, strength), 41])
    arr = blend_structure(src_arr, req, strength, rng)
    carried: list[Imperfection] = [i for i in src_imps if i.kind in imperfections.STRUCTURAL
                                   and strength >= 0.6 and rng.random() < strength]
    # 4. render with carried structural flaws + this take's own
    names = [t.name for t in arr.profile.tracks]
    fresh = [i for i in imperfections.decide(req.seed, steps, arr, names, salt=23)
             if i.kind not in {c.kind for c in carried}]
    imps = carried + fresh
    mix, stems = render(arr, req.seed, imps)
    # 5. decode + 6. normalise (master bus)
    return make_take(mix, stems, arr, imps, req.seed, steps)
