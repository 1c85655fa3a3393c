"""Stage type -> how to drive AceStepPipeline (a registry, one planner per stage type).

A planner turns a resolved StageRequest into a StagePlan: the pipeline task, the
exact instruction (from ``engine.constants``), which source conditions it, the
sampling settings and the task's own arguments. The engine executes plans; no
tensors here, so every mapping is unit-testable without torch.

- generate -> text2music from noise.
- refine   -> text2music from the earlier stage's clean latent, re-noised to the
              first step of the schedule at or below ``denoise``, continuing on that
              truncated schedule (``latents`` + ``timesteps``).
- cover    -> task ``cover`` (VQ bottleneck on the source). ``audio_cover_strength``
              follows ACE-Step's temporal switch: the first ``int(steps * strength)``
              steps are source-conditioned, the rest run as text2music on silence
              with the default instruction (as ACE-Step 1.5's own cover task does).
- repaint  -> task ``repaint`` with ``repainting_start/end``; the source is re-injected
              outside the range during the first half of sampling and kept there
              exactly at the end (10-frame crossfades just outside the range;
              ``engine.acestep.repaint``).
- extract / lego / complete -> their tasks with track names; base models only.
- mix      -> no model: ``engine.stages.mix.mix_takes`` in audio space.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from engine.constants import StageType, Task, instruction_for
from engine.errors import ConfigError, EngineError
from engine.stages import DEFAULT_COVER_STRENGTH, DEFAULT_DENOISE, STAGES
from engine.take import StageRequest


@dataclass
class StagePlan:
    """What the engine must do for one stage."""

    task: Task
    instruction: str
    steps: int
    shift: float
    guidance: float
    duration_s: float | None = None  # None: the source's length
    source: int | None = None  # index into sources that conditions the pipeline
    refine_from: int | None = None  # index of the take whose latent is refined
    timesteps: list[float] | None = None
    cover_steps: int | None = None  # temporal switch after this many steps (< steps)
    paste_back: tuple[float, float] | None = None  # repaint range (s); the source is kept outside it
    stem: str | None = None  # the output is this track (extract / lego)
    pipeline_args: dict = field(default_factory=dict)


def _settings(req: StageRequest) -> tuple[int, float, float]:
    if req.steps is None or req.shift is None or req.guidance_scale is None:
        raise EngineError(
            f"stage '{req.stage_id}': steps/shift/guidance_scale were not resolved "
            "(this is a bug in the executor: defaults come from the engine's ModelInfo)"
        )
    if req.steps < 1:
        raise ConfigError(f"stage '{req.stage_id}': steps must be >= 1, got {req.steps}")
    return int(req.steps), float(req.shift), float(req.guidance_scale)


def _instruction(req: StageRequest, task: Task) -> str:
    if req.instruction:
        return req.instruction
    return instruction_for(task, track_name=req.track_name, track_classes=req.complete_track_classes)


def _need_sources(req: StageRequest, n_sources: int, n: int = 1) -> None:
    if n_sources < n:
        raise ConfigError(
            f"stage '{req.stage_id}' ({req.stage_type}) needs a source (src_stage or src_audio) but got none "
            "(fix: add src_stage or src_audio to the stage)"
        )


def _base(req: StageRequest, task: Task, **kw) -> StagePlan:
    steps, shift, guidance = _settings(req)
    return StagePlan(task=task, instruction=_instruction(req, task), steps=steps, shift=shift, guidance=guidance, **kw)


def plan_generate(req: StageRequest, n_sources: int) -> StagePlan:
    return _base(req, Task.text2music, duration_s=req.duration)


def plan_refine(req: StageRequest, n_sources: int) -> StagePlan:
    from engine.acestep.latents import truncated_schedule

    _need_sources(req, n_sources)
    denoise = DEFAULT_DENOISE if req.denoise is None else float(req.denoise)
    if not 0.0 < denoise <= 1.0:
        raise ConfigError(f"stage '{req.stage_id}': denoise must be in (0, 1], got {denoise}")
    plan = _base(req, Task.text2music, refine_from=0)
    plan.timesteps = truncated_schedule(plan.steps, plan.shift, denoise)
    return plan


def plan_cover(req: StageRequest, n_sources: int) -> StagePlan:
    _need_sources(req, n_sources)
    strength = DEFAULT_COVER_STRENGTH if req.audio_cover_strength is None else float(req.audio_cover_strength)
    if not 0.0 <= strength <= 1.0:
        raise ConfigError(f"stage '{req.stage_id}': audio_cover_strength must be in [0, 1], got {strength}")
    plan = _base(req, Task.cover, source=0)
    plan.cover_steps = int(plan.steps * strength)
    return plan


def plan_repaint(req: StageRequest, n_sources: int) -> StagePlan:
    _need_sources(req, n_sources)
    start = float(req.repainting_start or 0.0)
    end = -1.0 if req.repainting_end is None else float(req.repainting_end)
    if start < 0 or (end > 0 and end <= start):
        raise ConfigError(
            f"stage '{req.stage_id}': repaint range {start}..{end} s is empty or negative "
            "(fix: 0 <= repainting_start < repainting_end; -1 means 'to the end')"
        )
    plan = _base(req, Task.repaint, source=0, paste_back=(start, end))
    plan.pipeline_args = {"repainting_start": start, "repainting_end": end}
    return plan


def _track_plan(task: Task) -> Callable[[StageRequest, int], StagePlan]:
    def plan(req: StageRequest, n_sources: int) -> StagePlan:
        _need_sources(req, n_sources)
        p = _base(req, task, source=0)
        if task is Task.complete:
            p.pipeline_args = {"complete_track_classes": list(req.complete_track_classes or []) or None}
        else:
            p.pipeline_args = {"track_name": req.track_name}
            p.stem = req.track_name
        if task is Task.lego and (req.repainting_start is not None or req.repainting_end is not None):
            p.pipeline_args["repainting_start"] = float(req.repainting_start or 0.0)
            p.pipeline_args["repainting_end"] = -1.0 if req.repainting_end is None else float(req.repainting_end)
        return p

    return plan


PLANNERS: dict[str, Callable[[StageRequest, int], StagePlan]] = {
    StageType.generate: plan_generate,
    StageType.refine: plan_refine,
    StageType.cover: plan_cover,
    StageType.repaint: plan_repaint,
    StageType.extract: _track_plan(Task.extract),
    StageType.lego: _track_plan(Task.lego),
    StageType.complete: _track_plan(Task.complete),
}


def plan_stage(req: StageRequest, n_sources: int) -> StagePlan:
    """The plan for ``req`` (not for mix, which needs no model)."""
    expected = STAGES.spec(req.stage_type).task
    planner = PLANNERS.get(req.stage_type)
    if planner is None:
        raise EngineError(f"stage type '{req.stage_type}' has no model task on the acestep engine (mix is handled by "
                          f"the engine directly; it plans: {', '.join(PLANNERS)})")
    plan = planner(req, n_sources)
    if plan.task is not expected:  # the stage's spec is the single source of routing
        raise EngineError(f"internal routing error: {req.stage_type} -> {plan.task}, its stage spec says {expected}")
    return plan
