"""What steers a run besides its brief, saved in its folder (``steering.json``)
so a resumed run is steered the same way: the reference clip's measurements,
the presets learned from the catalog when the run started, presets a person set
for single tracks (REPL ``edit steps=...``), and the album loudness target."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, Field

from agent.context import AgentContext
from agent.planning.genres import GenrePreset
from agent.reference import ReferenceProfile
from engine.audio import write_text_atomic

if TYPE_CHECKING:
    from agent.runner import RunInfo

STEERING_FILE = "steering.json"


class RunSteering(BaseModel):
    reference: ReferenceProfile | None = None
    learned: dict[str, GenrePreset] = Field(default_factory=dict)
    cover_strengths: dict[str, float] = Field(default_factory=dict)  # genre -> learned repair cover strength
    track_presets: dict[int, GenrePreset] = Field(default_factory=dict)
    person: str = "person"


def save_steering(run_dir: Path, steering: RunSteering) -> None:
    write_text_atomic(run_dir / STEERING_FILE, steering.model_dump_json(indent=2))


def load_steering(run_dir: Path) -> RunSteering:
    path = run_dir / STEERING_FILE
    return RunSteering.model_validate_json(path.read_text()) if path.is_file() else RunSteering()


def steered_context(info: RunInfo, run_dir: Path, *, engine: Any, catalog: Path | None, on_event: Any,
                    llm: Any = None, workers: Any = None) -> AgentContext:
    """The context of the run in ``run_dir``, steered as when it started (reference, learned presets)."""
    s = load_steering(run_dir)
    return AgentContext(engine=engine, out_dir=run_dir, catalog_path=catalog, llm=llm, autonomy=info.autonomy,
                        candidates=info.candidates, seed=info.seed, max_repairs=info.max_repairs, on_event=on_event,
                        workers=workers, reference=s.reference, learned=s.learned, track_presets=s.track_presets,
                        cover_strengths=s.cover_strengths, person=s.person)
