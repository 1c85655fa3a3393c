"""complete: add the listed track classes to the source (base model only)."""

from __future__ import annotations

from engine.constants import TRACK_NAMES, StageType, Task
from engine.errors import Problem
from engine.pipeline import StageConfig
from engine.stages.base import CheckContext, StageSpec


class CompleteStage(StageSpec):
    type = StageType.complete
    task = Task.complete
    source_mode = "one"
    extra_fields = frozenset({"complete_track_classes"})
    what_it_does = "Add the listed track classes (complete_track_classes) to the source. Base model only."

    def check_specific(self, stage: StageConfig, path: str, ctx: CheckContext) -> list[Problem]:
        if stage.complete_track_classes:
            return []
        return [Problem(f"{path}.complete_track_classes", "a complete stage needs complete_track_classes",
                        f"list one or more of: {', '.join(TRACK_NAMES)}")]
