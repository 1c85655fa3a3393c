"""extract: isolate one track of the source (base model only; source latents pass
through unquantised)."""

from __future__ import annotations

from engine.constants import StageType, Task
from engine.errors import Problem
from engine.pipeline import StageConfig
from engine.stages._tracks import require_track_name
from engine.stages.base import CheckContext, StageSpec


class ExtractStage(StageSpec):
    type = StageType.extract
    task = Task.extract
    source_mode = "one"
    extra_fields = frozenset({"track_name"})
    what_it_does = "Isolate one track (track_name) of the source. Base model only."

    def check_specific(self, stage: StageConfig, path: str, ctx: CheckContext) -> list[Problem]:
        return require_track_name(stage, path)
