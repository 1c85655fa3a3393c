"""One module per stage type; ``TASKS`` maps a StageType to its ``run(request, sources) -> Take``."""

from __future__ import annotations

from collections.abc import Callable

from engine.constants import StageType
from engine.sketch.tasks import complete, cover, extract, generate, lego, mix, refine, repaint
from engine.take import StageRequest, Take

TASKS: dict[StageType, Callable[[StageRequest, list[Take]], Take]] = {
    StageType.generate: generate.run,
    StageType.refine: refine.run,
    StageType.cover: cover.run,
    StageType.repaint: repaint.run,
    StageType.extract: extract.run,
    StageType.lego: lego.run,
    StageType.complete: complete.run,
    StageType.mix: mix.run,
}
