"""Suggested repair -> a pipeline aimed at one defect (routes: quality/routing.py).

What a route needs, promises and falls back to is its ``RouteSpec`` in ``ROUTES``.
Routes the engine cannot run fall back to the next row of the table:
stem_relego -> cover -> regenerate; complete -> regenerate; repaint -> cover ->
regenerate; repaint_tail -> regenerate. "master" is not routed here: the curator
masters every final take anyway.

Where the engines differ (the repair node checks each route's promise):

| route | sketch | acestep |
|---|---|---|
| repaint / repaint_tail | samples outside the range copied bit for bit | latents outside the range kept, decoded again (the outside check allows a codec's error: ``repair_verify.outside_limit_db``) |
| stem_relego, complete | any model but turbo (base) | base only; turbo cannot lego or complete: falls back to cover / regenerate |
| cover | texture flaws stripped, structure kept by strength | VQ bottleneck, the same |

A repaint runs on the exploration model when it can (else the engine's default) at
least at the exploration's steps; routes that re-render the whole take (cover,
regenerate, complete, stem_relego) prefer the base model and run at twice the
exploration's steps or the model's default, whichever is higher (``repair_steps``):
a repair is worth a better setting than a sketch.

A tempo drift ramps from the start of its section and is heard only once it is past the
critic's tolerance, late in the section: a repaint that starts where it was heard renders
the section's first part at the drifted tempo again. A repaint aimed at a drift starts at
the planned section where the drift was heard (``drift_start``), ``SECTION_LEAD_S`` before it.
"""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

from agent.planning.pipelines import candidate_seed, slug
from agent.plans import TrackPlan
from engine.constants import Task
from engine.pipeline import MixSource, PipelineConfig, StageConfig
from engine.protocol import EngineCapabilities
from quality.report import DefectKind, QualityReport, RepairRoute, SuggestedRepair
from quality.routing import MARGIN_S
from tools.take_id import track_key

CLEAN_CAPTION = "clean mix, professional production, no distortion, clear transients"


class RouteSpec(NamedTuple):
    needs: tuple[Task, ...]  # what the model must run
    expected: str  # what the repair promises, for people
    prior: tuple[float, float]  # (share kept, score lift when kept) before any outcome is known (repair_policy)
    fallback: RepairRoute | None = None  # the route tried when the engine cannot run this one
    whole_take: bool = True  # re-renders the whole take (prefers QUALITY_MODEL)
    step_factor: float = 1.0  # repair steps = max(exploration x this, model default)


R = RepairRoute
ROUTES: dict[RepairRoute, RouteSpec] = {  # every route but master (the curator's)
    R.repaint: RouteSpec((Task.repaint,), "the range is regenerated, the rest kept sample for sample", (0.8, 1.5),
                         fallback=R.cover, whole_take=False),
    R.repaint_tail: RouteSpec((Task.repaint,), "the ending is regenerated up to the planned duration", (0.7, 1.5),
                              fallback=R.regenerate, whole_take=False),
    R.cover: RouteSpec((Task.cover,), "same structure, texture re-rendered cleanly (VQ strips fine artifacts)",
                       (0.5, 1.5), fallback=R.regenerate, step_factor=2.0),
    R.stem_relego: RouteSpec((Task.extract, Task.lego), "the bad stem replaced, the others kept", (0.6, 1.5),
                             fallback=R.cover),
    R.complete: RouteSpec((Task.complete,), "the missing instrument added to the take", (0.4, 1.0),
                          fallback=R.regenerate),
    R.regenerate: RouteSpec((Task.text2music,), "a new take with the planned sections and duration", (0.4, 1.5),
                            step_factor=2.0),
}
MAX_RELEGO_STEMS = 4
QUALITY_MODEL = "base"  # whole-take repairs prefer it where it can run them
MAX_REPAIR_STEPS = 100
SECTION_LEAD_S = 0.25  # a drift repaint starts this far before its section (the crossfade lies inside the range)


def model_for(tasks: tuple[Task, ...], caps: EngineCapabilities, prefer: str | None = None) -> str | None:
    """``prefer`` (the exploration model) if it can run all ``tasks``, else the engine's default model,
    else the first that can."""
    first = [m for m in (prefer, caps.default_model) if m]
    order = list(dict.fromkeys(first + [m.name for m in caps.models]))
    for name in order:
        info = caps.model(name)
        if info and all(info.supports(t) for t in tasks):
            return name
    return None


def resolve_route(route: str, caps: EngineCapabilities) -> tuple[str, str | None]:
    """(route the engine can run, the original route if it fell back)."""
    original = route
    while model_for(ROUTES[route].needs, caps) is None:
        if ROUTES[route].fallback is None:
            raise ValueError(f"engine {caps.engine} cannot even generate")
        route = ROUTES[route].fallback
    return route, (original if route != original else None)


def _conditioning(track: TrackPlan, name: str, seed: int) -> dict:
    return dict(name=name, caption=track.caption, lyrics=track.lyrics, bpm=track.bpm, keyscale=track.keyscale,
                timesignature=track.timesignature, duration=track.duration, vocal_language=track.vocal_language,
                events=track.events, genre=track.genre, seed=seed)


def repair_steps(route: str, model: str, caps: EngineCapabilities, explore_steps: int | None) -> int | None:
    """Denoising steps of a repair: the exploration's times the route's ``step_factor``, at least the
    model's default (a whole-take repair is worth a better setting than a sketch)."""
    info = caps.model(model)
    explore = explore_steps or 0
    better = max(int(round(explore * ROUTES[route].step_factor)), info.default_steps if info else 0)
    steps = max(explore, min(MAX_REPAIR_STEPS, better))
    return steps or None


def drift_start(heard_from: float, track: TrackPlan) -> float:
    """Where a repaint aimed at a tempo drift heard from ``heard_from`` s starts: the start of the
    planned section playing there, less ``SECTION_LEAD_S`` (the drift ramps up from it)."""
    starts = [e.start for e in track.events if e.start <= heard_from]
    return max(0.0, (max(starts) if starts else 0.0) - SECTION_LEAD_S)


def build_repair(suggestion: SuggestedRepair, *, report: QualityReport, take_audio: Path, track: TrackPlan,
                 caps: EngineCapabilities, attempt: int, run_seed: int, cover_strength: float | None = None,
                 explore_model: str | None = None,
                 explore_steps: int | None = None) -> tuple[str, str | None, PipelineConfig]:
    """(route run, fallen-back-from route, pipeline) for ``suggestion`` on a take.

    ``cover_strength`` (learned for the genre) replaces the default 0.9/0.95 choice. The
    model and steps follow the module docstring (``explore_model``/``explore_steps``: the
    take's generation setting)."""
    route, fell_back = resolve_route(suggestion.route, caps)
    prefer = QUALITY_MODEL if ROUTES[route].whole_take and caps.model(QUALITY_MODEL) else explore_model
    model = model_for(ROUTES[route].needs, caps, prefer=prefer)
    steps = repair_steps(route, model, caps, explore_steps)
    seed = candidate_seed(run_seed, track.index, 100 + attempt)
    src = str(take_audio.resolve())
    cond = _conditioning(track, f"{track_key(track.index)}-repair{attempt}-{route}", seed)
    duration = report.metrics.duration_s
    if route in ("repaint", "repaint_tail"):
        start = max(0.0, suggestion.start_s or 0.0)
        end = min(duration, suggestion.end_s if suggestion.end_s is not None else duration)
        if route == "repaint_tail" or end - start < 0.5:
            end = duration
        if route == "repaint" and DefectKind.timing_drift in suggestion.defect_kinds:
            start = min(start, drift_start(start + MARGIN_S, track))
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
    if steps:
        stages[-1].steps = steps
    return route, fell_back, PipelineConfig(model=model, stages=stages, **cond)


def pipeline_slug(route: str, attempt: int) -> str:
    return f"r{attempt}-{slug(route, 16)}"
