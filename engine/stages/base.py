"""What every stage type shares: which fields it takes, how it reads its sources,
and the checks that need more than one field. A spec is plain data for most types
(``engine.stages`` lists the shipped ones); a subclass adds checks of its own.
Specs live in a registry (``engine.stages.registry``)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from engine.constants import TRACK_NAMES, Task
from engine.errors import Problem
from engine.pipeline import StageConfig
from engine.protocol import EngineCapabilities

# Fields every model stage may set.
COMMON_FIELDS = frozenset({"id", "type", "caption", "lyrics", "model", "steps", "shift", "guidance_scale", "seed"})
SOURCE_FIELDS = {
    "none": frozenset(),
    "one": frozenset({"src_stage", "src_audio"}),  # an earlier stage or an audio file
    "input": frozenset({"input_stage", "src_audio"}),  # the same, read as something to refine
    "many": frozenset({"sources"}),  # two or more earlier stages with gains
}


@dataclass
class CheckContext:
    """What checks may look at beyond the stage itself."""

    capabilities: EngineCapabilities
    base_dir: Path
    default_model: str
    pipeline_duration: float
    stage_durations: dict[str, float] = field(default_factory=dict)  # earlier stages' output length
    audio_durations: dict[str, float] = field(default_factory=dict)  # src_audio path -> seconds


@dataclass(frozen=True, eq=False)
class StageSpec:
    """Behaviour of one stage type."""

    type: str  # its name in a registry (a StageType for the shipped ones)
    task: Task | None  # the ACE-Step task it runs (refine is text2music; mix runs none)
    what_it_does: str = ""
    source_mode: str = "none"  # a key of SOURCE_FIELDS
    extra_fields: frozenset[str] = frozenset()  # its own fields beyond the common ones and request_defaults'
    request_defaults: Mapping[str, Any] = field(default_factory=dict)  # its own StageRequest fields and defaults
    required: tuple[str, ...] = ()  # its own fields that must be set (track names)
    model_stage: bool = True

    def allowed_fields(self) -> frozenset[str]:
        base = COMMON_FIELDS if self.model_stage else frozenset({"id", "type"})
        return base | SOURCE_FIELDS[self.source_mode] | self.extra_fields | set(self.request_defaults) | set(self.required)

    # -- checks ---------------------------------------------------------------
    def check(self, stage: StageConfig, path: str, ctx: CheckContext) -> list[Problem]:
        problems = self._check_fields(stage, path)
        problems += self._check_source_count(stage, path)
        problems += [Problem(f"{path}.{name}", f"a {self.type} stage needs {name}",
                             f"set {name} (any of: {', '.join(TRACK_NAMES)})")
                     for name in self.required if not getattr(stage, name)]
        problems += self.check_specific(stage, path, ctx)
        return problems

    def _check_fields(self, stage: StageConfig, path: str) -> list[Problem]:
        allowed = self.allowed_fields()
        problems = []
        for name in sorted(stage.model_fields_set - allowed):
            if getattr(stage, name) is None:
                continue
            problems.append(Problem(f"{path}.{name}", f"a {self.type} stage does not use '{name}'",
                                    f"remove it; {self.type} takes: {', '.join(sorted(allowed - {'id', 'type'}))}"))
        return problems

    def _check_source_count(self, stage: StageConfig, path: str) -> list[Problem]:
        mode = self.source_mode
        t = self.type
        if mode in ("one", "input"):
            first = "src_stage" if mode == "one" else "input_stage"
            given = [f for f in (first, "src_audio") if getattr(stage, f)]
            if not given:
                need = "a source" if mode == "one" else "something to refine"
                return [Problem(path, f"a {t} stage needs {need}",
                                f"set {first} (an earlier stage id) or src_audio (a file path)")]
            if len(given) == 2:
                return [Problem(path, f"a {t} stage takes one source but both {first} and src_audio are set",
                                "keep one of them")]
        elif mode == "many" and len(stage.sources or []) < 2:
            return [Problem(f"{path}.sources", f"a {t} stage needs at least two sources",
                            "list two or more earlier stages: sources: [{stage: a}, {stage: b, gain_db: -3}]")]
        return []

    def check_specific(self, stage: StageConfig, path: str, ctx: CheckContext) -> list[Problem]:
        """Type-specific checks; override in subclasses."""
        return []

    def request_fields(self, stage: StageConfig) -> dict[str, Any]:
        """The stage's own StageRequest fields: its ``required`` ones as set, ``request_defaults``
        where the stage sets nothing."""
        fields = {f: getattr(stage, f) for f in self.required}
        return fields | {f: default if (v := getattr(stage, f)) is None else v
                         for f, default in self.request_defaults.items()}

    def output_duration(self, stage: StageConfig, ctx: CheckContext) -> float:
        """Seconds of audio this stage produces (for range checks further down): its source's,
        the longest of its sources', or the pipeline's."""
        if self.source_mode == "many":
            return max((ctx.stage_durations.get(s.stage, 0.0) for s in stage.sources or []),
                       default=ctx.pipeline_duration)
        src = self.source_duration(stage, ctx)
        return src if src is not None else ctx.pipeline_duration

    def source_duration(self, stage: StageConfig, ctx: CheckContext) -> float | None:
        if stage.src_stage:
            return ctx.stage_durations.get(stage.src_stage)
        if stage.input_stage:
            return ctx.stage_durations.get(stage.input_stage)
        if stage.src_audio:
            return ctx.audio_durations.get(stage.src_audio)
        return None
