"""SketchEngine: the embedded CPU engine (its design: engine/sketch/__init__.py)."""

from __future__ import annotations

from collections.abc import Mapping

from engine.constants import Task
from engine.errors import EngineError
from engine.protocol import EngineCapabilities
from engine.sketch.models import DEFAULT_MODEL, MODELS
from engine.sketch.tasks import TASKS, Handler
from engine.sketch.tasks.common import remember
from engine.stages import STAGES, StageRegistry, StageSpec
from engine.take import StageRequest, Take

VERSION = "0.1.0"


class SketchEngine:
    """Arrangement synthesizer with ACE-Step's task routing (numpy/scipy/numba).

    Stage types are looked up in ``stages`` (a registry) and run by the handler of that
    name: ``TASKS`` for the shipped types, plus ``handlers`` (a registry's added types)."""

    name = "sketch"

    def __init__(self, *, stages: StageRegistry = STAGES, handlers: Mapping[str, Handler] | None = None) -> None:
        self.loaded: str | None = None
        self.stages = stages
        self.handlers: dict[str, Handler] = {**TASKS, **(handlers or {})}

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

    def _check_model(self, req: StageRequest, spec: StageSpec) -> None:
        task = spec.task
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
        spec = self.stages.spec(request.stage_type)
        fn = self.handlers.get(spec.type)
        if fn is None:
            raise EngineError(f"the sketch engine has no handler for stage type '{spec.type}' (fix: pass one: "
                              f"SketchEngine(handlers={{'{spec.type}': run}}); it runs: {', '.join(self.handlers)})")
        self._check_model(request, spec)
        if request.model and self.loaded != request.model:
            self.load(request.model)
        take = fn(request, sources)
        remember(request, take)
        return take
