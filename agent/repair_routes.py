"""Suggested repair -> a pipeline aimed at one defect (DESIGN.md section 6).

Routes the engine cannot run fall back to the next row of the table:
stem_relego -> cover -> regenerate; complete -> regenerate; repaint -> cover ->
regenerate; repaint_tail -> regenerate. "master" is not routed here: the curator
masters every final take anyway.
"""

from __future__ import annotations

from pathlib import Path

from agent.planning.pipelines import candidate_seed, slug
from agent.plans import TrackPlan
from engine.constants import Task
from engine.pipeline import MixSource, PipelineConfig, StageConfig
from engine.protocol import EngineCapabilities
from quality.report import QualityReport, SuggestedRepair

CLEAN_CAPTION = "clean mix, professional production, no distortion, clear transients"
NEEDS: dict[str, list[Task]] = {
    "repaint": [Task.repaint], "repaint_tail": [Task.repaint], "cover": [Task.cover],
    "stem_relego": [Task.extract, Task.lego], "complete": [Task.complete], "regenerate": [Task.text2music],
}
FALLBACK = {"stem_relego": "cover", "complete": "regenerate", "repaint": "cover", "repaint_tail": "regenerate",
            "cover": "regenerate"}
EXPECTED = {
    "repaint": "the range is regenerated, the rest kept sample for sample",
    "repaint_tail": "the ending is regenerated up to the planned duration",
    "cover": "same structure, texture re-rendered cleanly (VQ strips fine artifacts)",
    "stem_relego": "the bad stem replaced, the others kept",
    "complete": "the missing instrument added to the take",
    "regenerate": "a new take with the planned sections and duration",
}
MAX_RELEGO_STEMS = 4


def model_for(tasks: list[Task], caps: EngineCapabilities) -> str | None:
    """The engine's default model if it can run all ``tasks``, else the first that can."""
    order = [caps.default_model] + [m.name for m in caps.models if m.name != caps.default_model]
    for name in order:
        info = caps.model(name)
        if info and all(info.supports(t) for t in tasks):
            return name
    return None


def resolve_route(route: str, caps: EngineCapabilities) -> tuple[str, str | None]:
    """(route the engine can run, the original route if it fell back)."""
    original = route
    while model_for(NEEDS[route], caps) is None:
        if route not in FALLBACK:
            raise ValueError(f"engine {caps.engine} cannot even generate")
        route = FALLBACK[route]
    return route, (original if route != original else None)


def _conditioning(track: TrackPlan, name: str, seed: int) -> dict:
    return dict(name=name, caption=track.caption, lyrics=track.lyrics, bpm=track.bpm, keyscale=track.keyscale,
                timesignature=track.timesignature, duration=track.duration, vocal_language=track.vocal_language,
                events=track.events, genre=track.genre, seed=seed)


def build_repair(suggestion: SuggestedRepair, *, report: QualityReport, take_audio: Path, track: TrackPlan,
                 caps: EngineCapabilities, attempt: int, run_seed: int,
                 cover_strength: float | None = None) -> tuple[str, str | None, PipelineConfig]:
    """(route run, fallen-back-from route, pipeline) for ``suggestion`` on a take.

    ``cover_strength`` (learned for the genre) replaces the default 0.9/0.95 choice."""
    route, fell_back = resolve_route(suggestion.route, caps)
    model = model_for(NEEDS[route], caps)
    seed = candidate_seed(run_seed, track.index, 100 + attempt)
    src = str(take_audio.resolve())
    cond = _conditioning(track, f"t{track.index:02d}-repair{attempt}-{route}", seed)
    duration = report.metrics.duration_s
    if route in ("repaint", "repaint_tail"):
        start = max(0.0, suggestion.start_s or 0.0)
        end = min(duration, suggestion.end_s if suggestion.end_s is not None else duration)
        if route == "repaint_tail" or end - start < 0.5:
            end = duration
        stages = [StageConfig(id="fix", type="repaint", model=model, src_audio=src, repainting_start=round(start, 2),
                              repainting_end=round(end, 2))]
    elif route == "cover":
        severe = max((d.severity for d in report.defects), default=0.0) > 0.7
        strength = cover_strength if cover_strength is not None else (0.9 if severe else 0.95)
        stages = [StageConfig(id="fix", type="cover", model=model, src_audio=src, audio_cover_strength=strength,
                              caption=f"{track.caption}, {CLEAN_CAPTION}")]
    elif route == "stem_relego":
        bad = suggestion.stem or ""
        good = [s.name for s in sorted(report.stems, key=lambda s: -s.score) if s.name != bad][:MAX_RELEGO_STEMS]
        stages = [StageConfig(id=f"x_{name}", type="extract", model=model, src_audio=src, track_name=name)
                  for name in good]
        if len(stages) >= 2:
            stages.append(StageConfig(id="bed", type="mix", sources=[MixSource(stage=s.id) for s in stages]))
        bed = stages[-1].id if stages else None
        lego = StageConfig(id="fix", type="lego", model=model, track_name=bad,
                           caption=f"{track.caption}, clean {bad.replace('_', ' ')}")
        if bed:
            lego.src_stage = bed
        else:
            lego.src_audio = src
        stages.append(lego)
    elif route == "complete":
        stages = [StageConfig(id="fix", type="complete", model=model, src_audio=src,
                              complete_track_classes=[suggestion.stem or "keyboard"])]
    else:  # regenerate
        stages = [StageConfig(id="fix", type="generate", model=model)]
    return route, fell_back, PipelineConfig(model=model, stages=stages, **cond)


def pipeline_slug(route: str, attempt: int) -> str:
    return f"r{attempt}-{slug(route, 16)}"
