"""Where a take is rendered and scored: the seam between the graph's nodes and the engines.

The generate and repair nodes hand a pipeline to ``AgentContext.runner``. Without
``--ray`` that is ``LocalTakeRunner``: the engine in this process, behind the run's
lock, as always. With ``--ray`` it is ``agent.workers.pool.RayTakeRunner``: the take
goes to a worker of the Ray pool and its files come back to be written here.
Both return the same ``ScoredTake`` for the same pipeline and seed.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import Protocol

from engine.pipeline import PipelineConfig, SectionEvent
from engine.protocol import Engine
from tools.takes import ScoredTake, run_and_score


class TakeRunner(Protocol):
    parallelism: int  # takes it renders at once

    def run(self, config: PipelineConfig, *, run_dir: Path, events: list[SectionEvent] | None,
            planned_duration_s: float | None, on_stage: Callable[[str], None] | None = None) -> ScoredTake: ...


class LocalTakeRunner:
    """Render and score in this process, one take at a time on the engine (analysis overlaps rendering)."""

    parallelism = 1

    def __init__(self, engine: Engine, lock: threading.Lock) -> None:
        self.engine, self.lock = engine, lock

    def run(self, config: PipelineConfig, *, run_dir: Path, events: list[SectionEvent] | None,
            planned_duration_s: float | None, on_stage: Callable[[str], None] | None = None) -> ScoredTake:
        return run_and_score(config, engine=self.engine, run_dir=run_dir, events=events,
                             planned_duration_s=planned_duration_s, lock=self.lock, on_stage=on_stage)
