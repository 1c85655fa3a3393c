"""What steers a run besides its brief, saved in its folder (``steering.json``)
so a resumed run is steered the same way: the reference clip's measurements,
the presets learned from the catalog when the run started, presets a person set
for single tracks (REPL ``edit steps=...``), and the album loudness target."""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, Field

from agent.context import AgentContext
from agent.planning.genres import GenrePreset
from agent.reference import ReferenceProfile
from engine.audio import write_text_atomic

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


def apply_steering(ctx: AgentContext, steering: RunSteering) -> AgentContext:
    ctx.reference, ctx.learned, ctx.track_presets = steering.reference, steering.learned, steering.track_presets
    ctx.cover_strengths = steering.cover_strengths
    ctx.person = steering.person
    return ctx
