"""cover: re-render a source through the 5 Hz VQ bottleneck. The first
``audio_cover_strength`` of the steps see the source skeleton, the rest only the
caption: structure is kept, timbre comes from the caption."""

from __future__ import annotations

from engine.constants import StageType, Task
from engine.stages.base import StageSpec

DEFAULT_COVER_STRENGTH = 1.0


class CoverStage(StageSpec):
    type = StageType.cover
    task = Task.cover
    source_mode = "one"
    extra_fields = frozenset({"audio_cover_strength"})
    what_it_does = "Restyle a source: keep its structure in proportion to audio_cover_strength (0-1)."
    request_defaults = {"audio_cover_strength": DEFAULT_COVER_STRENGTH}
