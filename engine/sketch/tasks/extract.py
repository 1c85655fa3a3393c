"""extract: return one stem. A sketch take's own stem is returned exactly; other
audio goes through the DSP separator (HPSS, band and centre masks)."""

from __future__ import annotations

import numpy as np

from engine.errors import EngineError
from engine.sketch import imperfections
from engine.sketch.arrangement import SketchLatent
from engine.sketch.separate import separate
from engine.sketch.tasks.common import latent_of, one_source, steps_of
from engine.take import StageRequest, Take

# flaws that live in every stem (they act on time, not on one instrument's sound)
_ALL_STEMS = ("dropout", "early_ending", "timing_drift")


def run(req: StageRequest, sources: list[Take]) -> Take:
    # 1. check inputs
    src = one_source(req, sources)
    name = req.track_name
    if not name:
        raise EngineError(f"stage '{req.stage_id}': extract needs `track_name` (fix: name the stem, e.g. "
                          "track_name: vocals)")
    # 2. prepare sources + 3. condition: the stem the source already knows, else a DSP split
    if src.stems:
        stem = src.stems.get(name)
        stem = np.zeros_like(src.audio) if stem is None else stem.copy()
    else:
        stem = separate(src.audio, name)
    # 4. render: nothing to generate; 5. decode: the stem is the audio
    lat = latent_of(src)
    latent, imps = None, []
    if lat is not None:
        arr = lat.arrangement.model_copy(deep=True)
        arr.profile.tracks = [t for t in arr.profile.tracks if t.name == name]
        imps = [i for i in lat.imperfections if i.kind in _ALL_STEMS or (i.kind in imperfections.STEM_KINDS
                                                                         and i.stem == name)]
        latent = SketchLatent(arrangement=arr, imperfections=imps, render_seed=lat.render_seed, steps=steps_of(req))
    # 6. normalise: none (a stem keeps its level in the mix)
    take = Take(audio=stem.astype(np.float32), stems={name: stem.astype(np.float32)}, latent=latent)
    take.diagnostics.extend(i.as_diagnostic() for i in imps)
    return take
