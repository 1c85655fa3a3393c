"""Pipeline planner: TrackPlan -> PipelineConfig for one candidate take.

Genre presets choose model, steps, shift and CFG (and an optional refine rung);
learned heuristics from the catalog may override them; the engine's capabilities
have the last word (a preset model the engine lacks falls back to its default).
"""

from __future__ import annotations

import re

from pydantic import BaseModel

from agent.planning.genres import GenrePreset, genre
from agent.plans import TrackPlan
from engine.constants import Task
from engine.pipeline import PipelineConfig, StageConfig
from engine.protocol import EngineCapabilities
from tools.take_id import track_key


class PresetChoice(BaseModel):
    """The generation settings chosen for a track, and why."""

    model: str
    steps: int
    shift: float
    guidance: float
    refine_denoise: float | None = None
    source: str  # "genre preset" | "learned" | "engine default"


def slug(text: str, limit: int = 32) -> str:
    s = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return (s[:limit].strip("-")) or "track"


def choose_preset(track: TrackPlan, caps: EngineCapabilities,
                  learned: GenrePreset | None = None) -> PresetChoice:
    preset = learned or genre(track.genre).preset
    source = "learned" if learned else "genre preset"
    info = caps.model(preset.model)
    if info is None or not info.supports(Task.text2music):
        info = caps.model(caps.default_model)
        assert info is not None, "an engine's default model must exist"
        return PresetChoice(model=info.name, steps=info.default_steps, shift=info.default_shift,
                            guidance=info.default_guidance, refine_denoise=preset.refine_denoise,
                            source="engine default")
    return PresetChoice(model=preset.model, steps=preset.steps, shift=preset.shift, guidance=preset.guidance,
                        refine_denoise=preset.refine_denoise, source=source)


def candidate_seed(run_seed: int, track_index: int, candidate: int) -> int:
    return (run_seed * 1_000_003 + track_index * 1009 + candidate * 7919) % (2**31)


def track_pipeline(track: TrackPlan, *, candidate: int, run_seed: int, caps: EngineCapabilities,
                   learned: GenrePreset | None = None) -> PipelineConfig:
    """One candidate take of ``track`` as a pipeline (generate, and refine when the preset says so)."""
    choice = choose_preset(track, caps, learned)
    stages = [StageConfig(id="gen", type="generate", model=choice.model, steps=choice.steps, shift=choice.shift,
                          guidance_scale=choice.guidance)]
    if choice.refine_denoise:
        stages.append(StageConfig(id="refine", type="refine", input_stage="gen", denoise=choice.refine_denoise))
    return PipelineConfig(
        name=f"{track_key(track.index)}-{slug(track.title)}-c{candidate}",
        description=f"track {track.index} candidate {candidate} ({choice.source}: {choice.model}, {choice.steps} steps)",
        caption=track.caption, lyrics=track.lyrics, bpm=track.bpm, keyscale=track.keyscale,
        timesignature=track.timesignature, duration=track.duration, vocal_language=track.vocal_language,
        events=track.events, genre=track.genre, model=choice.model, seed=candidate_seed(run_seed, track.index, candidate),
        stages=stages)
