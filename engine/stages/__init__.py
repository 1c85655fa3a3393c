"""Stage types: one spec per file, registered in ``STAGES`` (see ``registry``)."""

from __future__ import annotations

from engine.constants import StageType
from engine.stages.base import CheckContext, StageSpec
from engine.stages.complete import CompleteStage
from engine.stages.cover import CoverStage
from engine.stages.extract import ExtractStage
from engine.stages.generate import GenerateStage
from engine.stages.lego import LegoStage
from engine.stages.mix_spec import MixStage
from engine.stages.refine import RefineStage
from engine.stages.registry import StageRegistry, UnknownStageTypeError
from engine.stages.repaint import RepaintStage

STAGES = StageRegistry([GenerateStage(), RefineStage(), CoverStage(), RepaintStage(), ExtractStage(), LegoStage(),
                        CompleteStage(), MixStage()])
assert set(STAGES) == set(StageType), "every built-in StageType needs a spec"

__all__ = ["STAGES", "CheckContext", "StageRegistry", "StageSpec", "UnknownStageTypeError"]
