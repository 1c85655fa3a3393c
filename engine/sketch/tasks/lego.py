"""lego: render a new track fitted to the source's tempo, key and sections and lay
it over the source. Output audio = source + new stem; stems = source's + new."""

from __future__ import annotations

import numpy as np

from engine.constants import TRACK_NAMES
from engine.errors import EngineError
from engine.sketch import fx, imperfections
from engine.sketch.render import ROLE_LEVEL, active_rms_db, render_stems
from engine.sketch.tasks.common import SR, derive_seed, fit_length, make_take, one_source, source_arrangement, steps_of
from engine.sketch.timbre import track_for
from engine.take import StageRequest, Take

# new flaws a generated stem can bring
STEM_LOCAL = ("distortion", "phase_issue", "dropout", "click", "noise_burst")


def add_tracks(req: StageRequest, src: Take, names: list[str]) -> Take:
    """Render ``names`` against ``src`` and sum them in (shared by lego and complete)."""
    steps = steps_of(req)
    arr, src_imps, render_seed = source_arrangement(req, src)
    n = src.audio.shape[1]
    tracks = [track_for(name, req.caption, req.genre) for name in names]
    seed = derive_seed(req.seed, *[TRACK_NAMES.index(x) for x in names], n)
    # the new parts follow the source's actual timing (its drift / early ending)
    timing = imperfections.apply_structural(arr, [i for i in src_imps if i.kind in imperfections.STRUCTURAL])
    stems = render_stems(timing, seed, tracks)
    fresh = imperfections.decide(seed, steps, arr, names, kinds=STEM_LOCAL, salt=37)
    imperfections.apply_stems(stems, fresh)
    mix_rms = active_rms_db(src.audio)
    audio = src.audio.astype(np.float32).copy()
    out_stems = {k: v.copy() for k, v in src.stems.items()}
    for t in tracks:
        s = fit_length(stems[t.name], n)
        level = active_rms_db(s)
        if level > -90:  # sit the part ~where the master bus would put its role
            s = s * np.float32(10 ** ((mix_rms + ROLE_LEVEL.get(t.role, -24.0) + 12.0 - level) / 20))
        audio += s
        out_stems[t.name] = out_stems[t.name] + s if t.name in out_stems else s
    audio = imperfections.apply_mix(audio, out_stems, [i for i in fresh if i.kind not in imperfections.STEM_KINDS], seed)
    peak = float(np.max(np.abs(audio)))
    if peak > 1.0:  # only when the sum would clip: a limiter, not a normaliser (the stems follow it)
        limit = fx.limiter_gain(audio, 10 ** (-1.0 / 20))
        audio = audio * limit
        out_stems = {k: v * limit for k, v in out_stems.items()}
    new_arr = arr.model_copy(deep=True)
    have = {t.name for t in new_arr.profile.tracks}
    new_arr.profile.tracks += [t for t in tracks if t.name not in have]
    return make_take(audio, out_stems, new_arr, src_imps + fresh, render_seed, steps)


def run(req: StageRequest, sources: list[Take]) -> Take:
    # 1. check inputs
    src = one_source(req, sources)
    if not req.track_name:
        raise EngineError(f"stage '{req.stage_id}': lego needs `track_name` (fix: name the track to add, e.g. "
                          "track_name: guitar)")
    # 2. prepare sources, 3. condition, 4. render, 5. decode, 6. normalise: see add_tracks
    return add_tracks(req, src, [req.track_name])


__all__ = ["add_tracks", "run", "SR"]
