"""SketchEngine: the embedded CPU engine (its design: engine/sketch/__init__.py)."""

from __future__ import annotations

from engine.constants import StageType, Task
from engine.errors import EngineError
from engine.protocol import EngineCapabilities
from engine.sketch.models import DEFAULT_MODEL, MODELS
from engine.sketch.tasks import TASKS
from engine.sketch.tasks.common import remember
from engine.stages import STAGES
from engine.take import StageRequest, Take

VERSION = "0.1.0"


class SketchEngine:
    """Arrangement synthesizer with ACE-Step's task routing (numpy/scipy/numba)."""

    name = "sketch"

    def __init__(self) -> None:
        self.loaded: str | None = None

    def capabilities(self) -> EngineCapabilities:
        return EngineCapabilities(engine=self.name, version=VERSION, default_model=DEFAULT_MODEL,
                                  models=list(MODELS.values()), has_stems=True,
                                  notes="CPU arrangement synthesizer; a structure sketch ACE-Step can cover")

    def load(self, model: str) -> None:
        if model not in MODELS:
            raise EngineError(f"the sketch engine has no model '{model}' (fix: use one of: {', '.join(MODELS)})")
        self.loaded = model

    def unload(self) -> None:
        self.loaded = None

    def _check_model(self, req: StageRequest) -> None:
        task = STAGES[req.stage_type].task
        if task is None:
            return
        info = MODELS.get(req.model or DEFAULT_MODEL)
        if info is None:
            raise EngineError(f"stage '{req.stage_id}': the sketch engine has no model '{req.model}' "
                              f"(fix: use one of: {', '.join(MODELS)})")
        if not info.supports(Task(task)):
            able = [m.name for m in MODELS.values() if m.supports(Task(task))]
            raise EngineError(f"stage '{req.stage_id}': model '{info.name}' cannot run {task} "
                              f"(fix: set `model: {able[0]}` on that stage; {task} needs: {', '.join(able)})")

    def run(self, request: StageRequest, sources: list[Take]) -> Take:
        self._check_model(request)
        fn = TASKS.get(StageType(request.stage_type))
        if fn is None:
            raise EngineError(f"the sketch engine cannot run stage type '{request.stage_type}'")
        if request.model and self.loaded != request.model:
            self.load(request.model)
        take = fn(request, sources)
        remember(request, take)
        return take
