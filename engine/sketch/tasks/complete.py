"""complete: add every requested track class (lego for each), fitted to the source."""

from __future__ import annotations

from engine.sketch.tasks.common import latent_of, one_source
from engine.sketch.tasks.lego import add_tracks
from engine.take import StageRequest, Take

# what "complete the input track" adds when no classes are named: the core band
_DEFAULT_CLASSES = ("drums", "bass", "keyboard")


def run(req: StageRequest, sources: list[Take]) -> Take:
    # 1. check inputs
    src = one_source(req, sources)
    # 2. prepare sources: which classes to add
    classes = list(dict.fromkeys(req.complete_track_classes or []))
    if not classes:
        lat = latent_of(src)
        have = set(src.stems) | ({t.name for t in lat.arrangement.profile.tracks} if lat else set())
        classes = [c for c in _DEFAULT_CLASSES if c not in have] or ["strings"]
    # 3-6. condition, render, decode, normalise: lego for all classes at once
    return add_tracks(req, src, classes)
