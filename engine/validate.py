"""Whole-pipeline validation, before anything runs.

Every problem is collected and reported at once, each with its path
(``stages[2].src_stage``) and a fix: unknown ids, forward and cyclic references,
missing sources, ranges, events, task/model compatibility, source audio files.
"""

from __future__ import annotations

import graphlib
from pathlib import Path

import numpy as np
from pydantic import BaseModel

from engine.audio import read_audio
from engine.constants import SAMPLE_RATE
from engine.errors import AudioInputError, ConfigError, Problem
from engine.pipeline import PipelineConfig, StageConfig
from engine.protocol import EngineCapabilities
from engine.stages import STAGES, CheckContext, StageRegistry, StageSpec
from engine.stages.registry import unknown_stage_problem


class ValidatedPipeline(BaseModel):
    """A pipeline that passed validation, with what the executor needs."""

    model_config = {"arbitrary_types_allowed": True}
    config: PipelineConfig
    order: list[str]  # stage ids in dependency order
    models: dict[str, str | None]  # stage id -> model name (None for mix)
    audio_paths: dict[str, Path]  # src_audio as written -> resolved path
    durations: dict[str, float]  # stage id -> expected output seconds
    stages: StageRegistry = STAGES  # the registry it was validated against (the executor resolves through it)


def resolve_audio_path(raw: str, base_dir: Path) -> Path:
    p = Path(raw).expanduser()
    return p if p.is_absolute() else (base_dir / p)


def _reference_problems(config: PipelineConfig) -> list[Problem]:
    problems: list[Problem] = []
    index = {s.id: i for i, s in enumerate(config.stages)}
    seen: set[str] = set()
    for i, s in enumerate(config.stages):
        if s.id in seen:
            problems.append(Problem(f"stages[{i}].id", f"duplicate stage id '{s.id}'", "give every stage its own id"))
        seen.add(s.id)
    # cycles (including a stage that reads itself)
    graph = {s.id: [ref for _, ref in s.referenced_stages() if ref in index] for s in config.stages}
    in_cycle: set[tuple[str, str]] = set()
    for cyc in _cycles(graph, index):
        in_cycle |= set(zip(cyc, cyc[1:], strict=False))
        problems.append(Problem(f"stages[{index[cyc[0]]}]", "cyclic reference: " + " -> ".join(cyc),
                                "a stage can only read stages listed before it; break the cycle"))
    for i, s in enumerate(config.stages):
        for field, ref in s.referenced_stages():
            path = f"stages[{i}].{field}"
            if ref not in index:
                known = ", ".join(x.id for x in config.stages[:i]) or "none"
                problems.append(Problem(path, f"refers to stage '{ref}', which does not exist",
                                        f"use the id of an earlier stage (earlier stages: {known})"))
            elif (s.id, ref) in in_cycle:
                continue
            elif index[ref] >= i:
                problems.append(Problem(path, f"refers to stage '{ref}', which comes later (stages[{index[ref]}])",
                                        "move that stage above this one; stages run in the order listed"))
    return problems


def _cycles(reads: dict[str, list[str]], index: dict[str, int]) -> list[list[str]]:
    """Every cycle of stage reads once, as ``[a, b, a]`` (a reads b reads a), starting at its
    earliest stage. graphlib finds one cycle at a time; one of its reads is then set aside."""
    graph = {node: set(refs) for node, refs in reads.items()}
    found = []
    while True:
        try:
            graphlib.TopologicalSorter(graph).prepare()
            return found
        except graphlib.CycleError as exc:
            loop = list(reversed(exc.args[1]))[:-1]  # graphlib lists each node before the ones reading it
            first = min(range(len(loop)), key=lambda i: index[loop[i]])
            cyc = loop[first:] + loop[:first]
            found.append(cyc + [cyc[0]])
            graph[cyc[0]].discard(cyc[1 % len(cyc)])


def _event_problems(config: PipelineConfig) -> list[Problem]:
    problems = []
    prev_end = 0.0
    for i, ev in enumerate(config.events):
        path = f"events[{i}]"
        if ev.start >= ev.end:
            problems.append(Problem(path, f"'{ev.type}' starts at {ev.start:g} s but ends at {ev.end:g} s",
                                    "make end later than start"))
        if ev.end > config.duration + 1e-6:
            problems.append(Problem(f"{path}.end", f"'{ev.type}' ends at {ev.end:g} s, after the duration "
                                    f"({config.duration:g} s)", "shorten the event or raise duration"))
        if ev.start < prev_end - 1e-6:
            problems.append(Problem(f"{path}.start", f"'{ev.type}' starts at {ev.start:g} s, before the previous "
                                    f"event ends ({prev_end:g} s)", "list events in time order without overlap"))
        prev_end = max(prev_end, ev.end)
    return problems


def _audio_problem(path_str: str, resolved: Path, where: str) -> tuple[Problem | None, float | None]:
    try:
        audio = read_audio(resolved)
    except AudioInputError as exc:
        return Problem(where, str(exc)), None
    if float(np.max(np.abs(audio))) == 0.0:
        return Problem(where, f"{path_str} is pure digital silence", "use a file with audio in it"), None
    return None, audio.shape[-1] / SAMPLE_RATE


def _model_problems(stage: StageConfig, spec: StageSpec, path: str, model_name: str, caps: EngineCapabilities,
                    duration: float) -> list[Problem]:
    info = caps.model(model_name)
    names = ", ".join(m.name for m in caps.models)
    if info is None:
        where = f"{path}.model" if stage.model else "model"
        return [Problem(where, f"engine '{caps.engine}' has no model '{model_name}'", f"use one of: {names}")]
    problems = []
    if spec.task is not None and not info.supports(spec.task):
        able = [m.name for m in caps.models if m.supports(spec.task)]
        fix = f"set model: {able[0]} on this stage" if able else f"engine '{caps.engine}' cannot run it at all"
        problems.append(Problem(f"{path}.model" if stage.model else path,
                                f"model '{model_name}' cannot run {stage.type} (task {spec.task.value}; "
                                f"it supports {', '.join(t.value for t in info.tasks)})", fix))
    if duration > info.max_duration_s:
        problems.append(Problem("duration", f"{duration:g} s is longer than model '{model_name}' allows "
                                f"({info.max_duration_s:g} s)", f"set duration to at most {info.max_duration_s:g}"))
    return problems


def validate_pipeline(config: PipelineConfig, capabilities: EngineCapabilities, *,
                      base_dir: Path | str = ".", source: str = "pipeline",
                      stages: StageRegistry = STAGES) -> ValidatedPipeline:
    """Check ``config`` against itself, the engine and the stage registry ``stages``; raise
    ConfigError listing every problem."""
    base = Path(base_dir)
    default_model = config.model or capabilities.default_model
    problems = _reference_problems(config) + _event_problems(config)
    if config.seeds is not None and len(config.seeds) != config.batch_size:
        problems.append(Problem("seeds", f"{len(config.seeds)} seeds for batch_size {config.batch_size}",
                                "give one seed per batch item, or leave seeds out"))
    ctx = CheckContext(capabilities=capabilities, base_dir=base, default_model=default_model,
                       pipeline_duration=config.duration)
    audio_paths: dict[str, Path] = {}
    models: dict[str, str | None] = {}
    for i, stage in enumerate(config.stages):
        path = f"stages[{i}]"
        if stage.type not in stages:
            problems.append(unknown_stage_problem(stage.type, stages, f"{path}.type"))
            continue
        spec = stages[stage.type]
        if stage.src_audio and stage.src_audio not in audio_paths:
            resolved = resolve_audio_path(stage.src_audio, base)
            problem, seconds = _audio_problem(stage.src_audio, resolved, f"{path}.src_audio")
            if problem:
                problems.append(problem)
            else:
                audio_paths[stage.src_audio] = resolved
                ctx.audio_durations[stage.src_audio] = float(seconds)
        problems += spec.check(stage, path, ctx)
        if spec.model_stage:
            models[stage.id] = stage.model or default_model
            problems += _model_problems(stage, spec, path, models[stage.id], capabilities, config.duration)
        else:
            models[stage.id] = None
        ctx.stage_durations[stage.id] = spec.output_duration(stage, ctx)
    if problems:
        raise ConfigError(problems, source=source)
    return ValidatedPipeline(config=config, order=[s.id for s in config.stages], models=models,
                             audio_paths=audio_paths, durations=dict(ctx.stage_durations), stages=stages)
