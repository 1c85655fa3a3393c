"""mix: sum earlier stages with gains (engine.stages.mix.mix_takes). When every
source is a sketch take of one arrangement, the result keeps a merged latent so
later lego/complete stages know the exact tempo, key and sections."""

from __future__ import annotations

from engine.errors import EngineError
from engine.sketch.arrangement import SketchLatent
from engine.sketch.tasks.common import latent_of
from engine.stages.mix import mix_takes
from engine.take import StageRequest, Take


def run(req: StageRequest, sources: list[Take]) -> Take:
    # 1. check inputs
    gains = list(req.source_gains_db) or [0.0] * len(sources)
    if len(gains) != len(sources):
        raise EngineError(f"stage '{req.stage_id}': {len(sources)} sources but {len(gains)} gains "
                          "(fix: give one gain_db per source)")
    # 2-5. prepare, sum (no model involved)
    out = mix_takes(sources, gains)
    # 6. latent: merge when all sources share one arrangement's grid
    lats = [latent_of(t) for t in sources]
    if lats and all(lat is not None for lat in lats):
        first = lats[0].arrangement
        same = all(lat.arrangement.bpm == first.bpm and lat.arrangement.tonic == first.tonic
                   and lat.arrangement.duration_s == first.duration_s for lat in lats)
        if same:
            arr = first.model_copy(deep=True)
            names = {t.name for t in arr.profile.tracks}
            for lat in lats[1:]:
                arr.profile.tracks += [t for t in lat.arrangement.profile.tracks if t.name not in names]
                names |= {t.name for t in lat.arrangement.profile.tracks}
            imps = [i for lat in lats for i in lat.imperfections]
            out.latent = SketchLatent(arrangement=arr, imperfections=imps, render_seed=lats[0].render_seed,
                                      steps=lats[0].steps)
    return out
