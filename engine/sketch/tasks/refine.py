"""refine: re-noise a previous take and denoise it again with a truncated schedule.

With a sketch latent the same arrangement is re-rendered: each imperfection of the
input survives with ``refine_keep_prob(denoise, steps)``, new ones appear at
0.5 x denoise x the normal rate, and the request's caption moves the timbre by
``denoise``. Uploaded audio is analysed first (tempo, key, sections, chords).
"""

from __future__ import annotations

import numpy as np

from engine.sketch import imperfections
from engine.sketch.render import render
from engine.sketch.tasks.common import (
    derive_seed,
    make_take,
    one_source,
    profile_for_request,
    source_arrangement,
    steps_of,
)
from engine.sketch.timbre import blend_profiles
from engine.stages import DEFAULT_DENOISE
from engine.take import StageRequest, Take


def run(req: StageRequest, sources: list[Take]) -> Take:
    # 1. check inputs
    src = one_source(req, sources)
    steps = steps_of(req)
    denoise = float(req.denoise if req.denoise is not None else DEFAULT_DENOISE)
    # 2. prepare sources: the input's arrangement (or an analysis of its audio)
    arr, old, render_seed = source_arrangement(req, src)
    new_profile = profile_for_request(req.caption, req.lyrics, req.genre)
    # 3. condition: timbre moves toward the new caption in proportion to denoise
    arr = arr.model_copy(update={"profile": blend_profiles(arr.profile, new_profile, denoise)})
    # 4. denoise: which flaws survive, which new ones appear
    rng = np.random.default_rng([derive_seed(req.seed, steps, denoise), 31])
    keep_p = imperfections.refine_keep_prob(denoise, steps)
    kept = [i for i in old if rng.random() < keep_p]
    fresh = imperfections.decide(req.seed, steps, arr, [t.name for t in arr.profile.tracks],
                                 rate_scale=0.5 * denoise, salt=17)
    kinds = {i.kind for i in kept}
    imps = kept + [i for i in fresh if i.kind not in kinds]
    mix, stems = render(arr, render_seed, imps)
    # 5. decode + 6. normalise (master bus)
    return make_take(mix, stems, arr, imps, render_seed, steps)
