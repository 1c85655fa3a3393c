"""One module per stage type; ``TASKS`` maps a stage type's name to its ``run(request, sources) -> Take``."""

from __future__ import annotations

from collections.abc import Callable

from engine.constants import StageType
from engine.sketch.tasks import complete, cover, extract, generate, lego, mix, refine, repaint
from engine.take import StageRequest, Take

Handler = Callable[[StageRequest, list[Take]], Take]

TASKS: dict[str, Handler] = {
    StageType.generate: generate.run,
    StageType.refine: refine.run,
    StageType.cover: cover.run,
    StageType.repaint: repaint.run,
    StageType.extract: extract.run,
    StageType.lego: lego.run,
    StageType.complete: complete.run,
    StageType.mix: mix.run,
}
