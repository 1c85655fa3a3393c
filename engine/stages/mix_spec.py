"""mix: sum earlier stages with per-source gains (gap 2). Not a model task."""

from __future__ import annotations

from engine.constants import StageType
from engine.pipeline import StageConfig
from engine.stages.base import CheckContext, StageSpec


class MixStage(StageSpec):
    type = StageType.mix
    task = None
    source_mode = "many"
    model_stage = False
    what_it_does = "Sum two or more earlier stages (sources: [{stage, gain_db}])."

    def output_duration(self, stage: StageConfig, ctx: CheckContext) -> float:
        lengths = [ctx.stage_durations.get(s.stage, 0.0) for s in stage.sources or []]
        return max(lengths, default=ctx.pipeline_duration)
