"""generate (text2music): compose an arrangement from the request, render it."""

from __future__ import annotations

from engine.errors import EngineError
from engine.sketch import imperfections
from engine.sketch.compose import compose
from engine.sketch.render import render
from engine.sketch.tasks.common import check_duration, make_take, profile_for_request, steps_of
from engine.take import StageRequest, Take


def run(req: StageRequest, sources: list[Take]) -> Take:
    # 1. check inputs
    duration = check_duration(req)
    if sources:
        raise EngineError(f"stage '{req.stage_id}': generate takes no sources (fix: use cover/repaint/lego to work "
                          "from audio)")
    steps = steps_of(req)
    # 2. prepare sources: none
    # 3. condition: caption/lyrics/meta -> arrangement
    arr = compose(caption=req.caption, lyrics=req.lyrics, bpm=req.bpm, keyscale=req.keyscale,
                  timesignature=req.timesignature, duration_s=duration, events=req.events, seed=req.seed,
                  profile=profile_for_request(req.caption, req.lyrics, req.genre))
    # 4. render ("denoise"): imperfections decided by (seed, steps), then audio
    imps = imperfections.decide(req.seed, steps, arr, [t.name for t in arr.profile.tracks])
    mix, stems = render(arr, req.seed, imps)
    # 5. decode + 6. normalise: the master bus in render() already did both
    return make_take(mix, stems, arr, imps, req.seed, steps)
