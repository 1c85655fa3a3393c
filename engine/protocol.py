"""The Engine protocol, what an engine says it can do, and the engine registry."""

from __future__ import annotations

import importlib
import inspect
from typing import Protocol, runtime_checkable

from pydantic import BaseModel, Field

from engine.constants import Task
from engine.errors import ConfigError
from engine.take import StageRequest, Take


class ModelInfo(BaseModel):
    """One model variant an engine can run, its tasks and defaults."""

    name: str
    tasks: list[Task]
    default_steps: int
    default_shift: float
    default_guidance: float
    max_duration_s: float
    description: str = ""
    checkpoint_hash: str | None = None  # identity of the weights, when the model has any

    def supports(self, task: Task) -> bool:
        return task in self.tasks


class EngineCapabilities(BaseModel):
    engine: str
    version: str = ""
    default_model: str
    models: list[ModelInfo] = Field(default_factory=list)
    has_stems: bool = False
    notes: str = ""

    def model(self, name: str) -> ModelInfo | None:
        for m in self.models:
            if m.name == name:
                return m
        return None


@runtime_checkable
class Engine(Protocol):
    """What the executor needs from an engine.

    ``run`` receives a fully resolved request and the source takes in the order of
    the stage's references (src_stage/src_audio/input_stage, or the mix sources),
    and returns a new Take at 48 kHz stereo.
    """

    name: str

    def capabilities(self) -> EngineCapabilities: ...

    def load(self, model: str) -> None: ...

    def unload(self) -> None: ...

    def run(self, request: StageRequest, sources: list[Take]) -> Take: ...


# name -> "module:Class"; imported lazily so a missing optional dependency of one
# engine never breaks another.
ENGINES: dict[str, str] = {
    "sketch": "engine.sketch.engine:SketchEngine",
    "acestep": "engine.acestep.engine:AceStepEngine",
}


def get_engine(name: str, **kwargs: object) -> Engine:
    """Instantiate the engine registered under ``name``."""
    target = ENGINES.get(name)
    if target is None:
        raise ConfigError(f"unknown engine '{name}' (fix: use one of: {', '.join(ENGINES)}; see `aceprod engines`)")
    module_name, cls_name = target.split(":")
    cls = getattr(importlib.import_module(module_name), cls_name)
    accepted = inspect.signature(cls).parameters
    if not any(p.kind is p.VAR_KEYWORD for p in accepted.values()):
        kwargs = {k: v for k, v in kwargs.items() if k in accepted}  # options for other engines are ignored
    return cls(**kwargs)
