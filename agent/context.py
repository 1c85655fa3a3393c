"""Run-scoped context of the producer graph: things that are not state (engine,
LLM, paths, policy). Passed as LangGraph's runtime context, never checkpointed."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from agent.llm.runtime import LLM
from agent.planning.genres import GenrePreset
from agent.workers.runner import LocalTakeRunner, TakeRunner
from engine.constants import TARGET_LUFS
from engine.protocol import Engine

AUTONOMY_LEVELS = ("autonomous", "supervised", "collaborative")


@dataclass
class AgentContext:
    engine: Engine
    out_dir: Path  # the album run folder (out/<run id>)
    catalog_path: Path | None
    llm: LLM | None = None
    autonomy: str = "autonomous"
    candidates: int = 2
    seed: int = 0
    max_repairs: int = 2  # repair attempts per track
    target_lufs: float = TARGET_LUFS
    ceiling_dbtp: float = -1.0
    on_event: Callable[[str, dict[str, Any]], None] | None = None  # progress hook for the CLI
    engine_lock: threading.Lock = field(default_factory=threading.Lock)
    person: str = "person"  # who answers the questions of supervised/collaborative runs
    reference: Any = None  # agent.reference.ReferenceProfile of --reference, or None
    learned: dict[str, GenrePreset] = field(default_factory=dict)  # genre -> preset learned from the catalog
    cover_strengths: dict[str, float] = field(default_factory=dict)  # genre -> learned repair cover strength
    track_presets: dict[int, GenrePreset] = field(default_factory=dict)  # track -> preset a person set
    workers: TakeRunner | None = None  # where takes render: None = here on `engine`; a Ray pool with --ray

    @property
    def runner(self) -> TakeRunner:
        """What the generate and repair nodes hand their pipelines to."""
        return self.workers or LocalTakeRunner(self.engine, self.engine_lock)

    @property
    def asks_picks(self) -> bool:
        """Whether a person picks each track's take (supervised; collaborative runs pick by score, and the
        person can still record A/B choices afterwards)."""
        return self.autonomy == "supervised"

    @property
    def asks_repairs(self) -> bool:
        """Whether a person approves each repair (collaborative)."""
        return self.autonomy == "collaborative"

    def preset_for(self, track: int, genre: str) -> GenrePreset | None:
        """The preset a person set for the track, else the one learned for its genre."""
        return self.track_presets.get(track) or self.learned.get(genre)

    def emit(self, event: str, **data: Any) -> None:
        if self.on_event is not None:
            self.on_event(event, data)
