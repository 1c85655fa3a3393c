"""What every stage type shares: which fields it takes, how it reads its sources,
and the checks that need more than one field. One subclass per file in this folder;
``engine.stages.STAGES`` is the registry."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar

from engine.constants import Task
from engine.errors import Problem
from engine.pipeline import StageConfig
from engine.protocol import EngineCapabilities

# Fields every model stage may set.
COMMON_FIELDS = frozenset({"id", "type", "caption", "lyrics", "model", "steps", "shift", "guidance_scale", "seed"})


@dataclass
class CheckContext:
    """What checks may look at beyond the stage itself."""

    capabilities: EngineCapabilities
    base_dir: Path
    default_model: str
    pipeline_duration: float
    stage_durations: dict[str, float] = field(default_factory=dict)  # earlier stages' output length
    audio_durations: dict[str, float] = field(default_factory=dict)  # src_audio path -> seconds


class StageSpec:
    """Behaviour of one stage type. Subclasses set the class variables and may add checks."""

    type: ClassVar[str]  # its name in a registry (a StageType for the built-in ones)
    task: ClassVar[Task | None]  # the ACE-Step task it runs (refine is text2music; mix runs none)
    # "none": no source; "one": src_stage | src_audio; "input": input_stage | src_audio; "many": sources
    source_mode: ClassVar[str] = "none"
    extra_fields: ClassVar[frozenset[str]] = frozenset()
    model_stage: ClassVar[bool] = True
    what_it_does: ClassVar[str] = ""
    request_defaults: ClassVar[dict[str, Any]] = {}  # the type's own StageRequest fields and their defaults

    def allowed_fields(self) -> frozenset[str]:
        base = COMMON_FIELDS if self.model_stage else frozenset({"id", "type"})
        sources = {
            "none": frozenset(),
            "one": frozenset({"src_stage", "src_audio"}),
            "input": frozenset({"input_stage", "src_audio"}),
            "many": frozenset({"sources"}),
        }[self.source_mode]
        return base | sources | self.extra_fields

    # -- checks ---------------------------------------------------------------
    def check(self, stage: StageConfig, path: str, ctx: CheckContext) -> list[Problem]:
        problems = self._check_fields(stage, path)
        problems += self._check_source_count(stage, path)
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
        if mode == "one":
            given = [f for f in ("src_stage", "src_audio") if getattr(stage, f)]
            if not given:
                return [Problem(path, f"a {t} stage needs a source",
                                "set src_stage (an earlier stage id) or src_audio (a file path)")]
            if len(given) == 2:
                return [Problem(path, f"a {t} stage takes one source but both src_stage and src_audio are set",
                                "keep one of them")]
        elif mode == "input":
            given = [f for f in ("input_stage", "src_audio") if getattr(stage, f)]
            if not given:
                return [Problem(path, f"a {t} stage needs something to refine",
                                "set input_stage (an earlier stage id) or src_audio (a file path)")]
            if len(given) == 2:
                return [Problem(path, f"a {t} stage takes input_stage or src_audio, not both", "keep one")]
        elif mode == "many" and len(stage.sources or []) < 2:
            return [Problem(f"{path}.sources", f"a {t} stage needs at least two sources",
                            "list two or more earlier stages: sources: [{stage: a}, {stage: b, gain_db: -3}]")]
        return []

    def check_specific(self, stage: StageConfig, path: str, ctx: CheckContext) -> list[Problem]:
        """Type-specific checks; override in subclasses."""
        return []

    def request_fields(self, stage: StageConfig) -> dict[str, Any]:
        """The stage's own StageRequest fields: ``request_defaults`` where the stage sets nothing."""
        return {f: default if (v := getattr(stage, f)) is None else v for f, default in self.request_defaults.items()}

    def output_duration(self, stage: StageConfig, ctx: CheckContext) -> float:
        """Seconds of audio this stage produces (for range checks further down)."""
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
