"""lego: generate one new track fitted to the source as context (base model only)."""

from __future__ import annotations

from engine.constants import StageType, Task
from engine.errors import Problem
from engine.pipeline import StageConfig
from engine.stages._tracks import require_track_name
from engine.stages.base import CheckContext, StageSpec


class LegoStage(StageSpec):
    type = StageType.lego
    task = Task.lego
    source_mode = "one"
    extra_fields = frozenset({"track_name"})
    what_it_does = "Generate one new track (track_name) against the source as context. Base model only."

    def check_specific(self, stage: StageConfig, path: str, ctx: CheckContext) -> list[Problem]:
        return require_track_name(stage, path)
