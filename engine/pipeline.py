"""Pipeline configuration models: shared conditioning plus an ordered list of stages.

Field-level rules (types, ranges) live here; rules that need the whole pipeline or
an engine (references, sources, models) live in ``engine.validate``.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Literal

import yaml
from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationError,
    ValidationInfo,
    field_validator,
)
from pydantic_core import PydanticCustomError

from engine.constants import TRACK_NAMES
from engine.errors import ConfigError, Problem

if TYPE_CHECKING:
    from engine.stages.registry import StageRegistry

MAX_DURATION_S = 600.0
KEY_RE = re.compile(r"^([A-G])([#b♯♭]?)\s*(major|minor|maj|min)$", re.IGNORECASE)
NOTE_PC = {"C": 0, "D": 2, "E": 4, "F": 5, "G": 7, "A": 9, "B": 11}
PC_NAMES = ("C", "C#", "D", "Eb", "E", "F", "F#", "G", "Ab", "A", "Bb", "B")
TIMESIG_RE = re.compile(r"^(\d{1,2})(?:/(\d{1,2}))?$")

StageId = Annotated[str, Field(pattern=r"^[A-Za-z0-9_][A-Za-z0-9_.-]{0,63}$")]


def normalize_key(value: str) -> str:
    """'f# min' -> 'F# minor'. Raises ValueError with the accepted form."""
    m = KEY_RE.match(value.strip())
    if not m:
        raise ValueError(f"'{value}' is not a key; write it like 'C major', 'F# minor' or 'Bb major'")
    note, acc, mode = m.groups()
    acc = {"♯": "#", "♭": "b"}.get(acc, acc)
    mode = "major" if mode.lower().startswith("maj") else "minor"
    return f"{note.upper()}{acc} {mode}"


def parse_key(keyscale: str | None) -> tuple[int, str] | None:
    """'F# minor' -> (6, 'minor'), 'Db maj' -> (1, 'major'); None for no key or text that is not one."""
    m = KEY_RE.match(keyscale.strip()) if keyscale else None
    if m is None:
        return None
    note, acc, mode = m.groups()
    pc = NOTE_PC[note.upper()] + {"#": 1, "♯": 1, "b": -1, "♭": -1}.get(acc, 0)
    return pc % 12, "major" if mode.lower().startswith("maj") else "minor"


def key_name(tonic: int, mode: str) -> str:
    """A key as the catalog and engines write it: one spelling per pitch class (PC_NAMES)."""
    return f"{PC_NAMES[tonic % 12]} {mode}"


def normalize_timesig(value: str | int) -> str:
    """'4' or '4/4' -> '4/4'; '6/8' stays. Raises ValueError otherwise."""
    m = TIMESIG_RE.match(str(value).strip())
    if not m:
        raise ValueError(f"'{value}' is not a time signature; write it like '4/4', '3/4' or '6/8'")
    num, den = int(m.group(1)), int(m.group(2) or 4)
    if not 1 <= num <= 16 or den not in (2, 4, 8, 16):
        raise ValueError(f"'{value}' is not a playable time signature; use N/2, N/4, N/8 or N/16 with N in 1-16")
    return f"{num}/{den}"


def normalize_genre(value: str) -> str:
    """A genre name or alias of engine.genres -> its name ('Hip-Hop' -> 'hiphop')."""
    from engine.genres import GENRES, find_genre

    found = GENRES.get(value.strip().lower()) or find_genre(value)
    if found is None:
        raise ValueError(f"'{value}' is not a known genre; use one of: {', '.join(GENRES)} (or leave `genre` out "
                         "to read it from the caption)")
    return found.name


def registered_stage_type(value: str, info: ValidationInfo) -> str:
    """A stage type name its registry holds: ``context["stages"]`` of the validation, else
    ``engine.stages.STAGES``."""
    from engine.stages import STAGES

    registry = (info.context or {}).get("stages")
    registry = STAGES if registry is None else registry
    if value not in registry:
        raise PydanticCustomError("unknown_stage_type", "unknown stage type '{name}'; use one of: {known}",
                                  {"name": value, "known": ", ".join(registry)})
    return value


GenreName = Annotated[str, AfterValidator(normalize_genre)]
# A stage type: a name the stage registry holds (parse with ``stages=`` to use another registry).
StageTypeName = Annotated[str, AfterValidator(registered_stage_type)]
# Field types that normalise as they validate: 'f# min' -> 'F# minor', 4 -> '4/4'.
KeyScale = Annotated[str, AfterValidator(normalize_key)]
TimeSignature = Annotated[str, BeforeValidator(lambda v: v if v is None else normalize_timesig(v))]


class SectionEvent(BaseModel):
    """A timed section (the time-event proposal): ``{type, start, end}`` in seconds."""

    model_config = ConfigDict(extra="forbid")
    type: Annotated[str, Field(min_length=1, max_length=32)]
    start: Annotated[float, Field(ge=0)]
    end: Annotated[float, Field(gt=0)]

    @field_validator("type")
    @classmethod
    def _lower(cls, v: str) -> str:
        return v.strip().lower().replace(" ", "-")


class MixSource(BaseModel):
    """One input of a mix stage: an earlier stage and its gain in dB."""

    model_config = ConfigDict(extra="forbid")
    stage: StageId
    gain_db: Annotated[float, Field(ge=-60, le=12)] = 0.0


class StageConfig(BaseModel):
    """One stage. Fields a stage type does not use must be left out (validation says so)."""

    model_config = ConfigDict(extra="forbid")
    id: StageId
    type: StageTypeName
    caption: str | None = None
    lyrics: str | None = None
    model: str | None = None
    src_stage: StageId | None = None
    src_audio: str | None = None
    sources: list[MixSource] | None = None
    input_stage: StageId | None = None
    audio_cover_strength: Annotated[float, Field(ge=0, le=1)] | None = None
    repainting_start: Annotated[float, Field(ge=0)] | None = None
    repainting_end: Annotated[float, Field(gt=0)] | None = None
    track_name: str | None = None
    complete_track_classes: list[str] | None = None
    steps: Annotated[int, Field(ge=1, le=1000)] | None = None
    shift: Annotated[float, Field(gt=0, le=20)] | None = None
    guidance_scale: Annotated[float, Field(ge=0, le=30)] | None = None
    denoise: Annotated[float, Field(gt=0, le=1)] | None = None
    seed: Annotated[int, Field(ge=0, lt=2**31)] | None = None

    @field_validator("track_name", "complete_track_classes")
    @classmethod
    def _tracks(cls, v: str | list[str] | None) -> str | list[str] | None:
        if v is None:
            return v
        names = [v] if isinstance(v, str) else v
        if not names:
            raise ValueError("give at least one track class to complete with")
        out = [n.strip().lower() for n in names]
        for given, name in zip(names, out, strict=True):
            if name not in TRACK_NAMES:
                raise ValueError(f"unknown track '{given}'; use one of: {', '.join(TRACK_NAMES)}")
        return out[0] if isinstance(v, str) else out

    def referenced_stages(self) -> list[tuple[str, str]]:
        """(field path, stage id) of every earlier stage this stage reads."""
        refs: list[tuple[str, str]] = []
        if self.src_stage:
            refs.append(("src_stage", self.src_stage))
        if self.input_stage:
            refs.append(("input_stage", self.input_stage))
        for i, s in enumerate(self.sources or []):
            refs.append((f"sources[{i}].stage", s.stage))
        return refs


class Conditioning(BaseModel):
    """What the music should be: shared by every stage unless a stage overrides caption/lyrics."""

    model_config = ConfigDict(extra="forbid")
    caption: Annotated[str, Field(max_length=2000)] = ""
    lyrics: Annotated[str, Field(max_length=8000)] = "[Instrumental]"
    bpm: Annotated[int, Field(ge=30, le=300)] | None = None
    keyscale: KeyScale | None = None
    timesignature: TimeSignature | None = None
    duration: Annotated[float, Field(ge=1, le=MAX_DURATION_S)] = 30.0
    vocal_language: Annotated[str, Field(max_length=16)] = "en"
    events: list[SectionEvent] = Field(default_factory=list)
    genre: GenreName | None = None  # engine.genres name; when left out, engines read the genre from the caption
    # How the planned sections reach the engine (generate stages). "tags": as lyric
    # structure tags in order. "guided": also a sketch-engine render of the sections,
    # covered by the model at structure_strength (acestep engine; the sketch engine
    # follows the events natively either way).
    structure: Literal["tags", "guided"] = "tags"
    structure_strength: Annotated[float, Field(ge=0, le=1)] = 0.5


class PipelineConfig(Conditioning):
    """A whole pipeline file: conditioning, batch, default model, stages."""

    name: Annotated[str, Field(pattern=r"^[A-Za-z0-9_][A-Za-z0-9_.-]{0,63}$")] = "pipeline"
    description: str = ""
    model: str | None = None
    batch_size: Annotated[int, Field(ge=1, le=16)] = 1
    seed: Annotated[int, Field(ge=0, lt=2**31)] = 42
    seeds: list[Annotated[int, Field(ge=0, lt=2**31)]] | None = None
    stages: Annotated[list[StageConfig], Field(min_length=1)]

    def batch_seed(self, index: int) -> int:
        """Seed of batch item ``index``: ``seeds[index]`` if given, else ``seed + index``."""
        if self.seeds:
            return self.seeds[index]
        return self.seed + index

    def stage(self, stage_id: str) -> StageConfig:
        for s in self.stages:
            if s.id == stage_id:
                return s
        raise KeyError(stage_id)


def _pydantic_problems(err: ValidationError) -> list[Problem]:
    problems = []
    for e in err.errors():
        path = ""
        for part in e["loc"]:
            path += f"[{part}]" if isinstance(part, int) else (f".{part}" if path else str(part))
        msg = e["msg"].removeprefix("Value error, ")
        if e["type"] == "extra_forbidden":
            msg, fix = "unknown field", "remove it or check its spelling against `aceprod run --help`"
        elif e["type"] == "unknown_stage_type":
            msg, fix = f"unknown stage type {e['ctx']['name']!r}", f"use one of: {e['ctx']['known']}"
        elif e["type"] == "missing":
            fix = "add it"
        else:
            fix = ""
        problems.append(Problem(path, msg, fix))
    return problems


def parse_pipeline(data: object, *, source: str = "pipeline", stages: StageRegistry | None = None) -> PipelineConfig:
    """Build a PipelineConfig from parsed YAML/JSON, reporting every field problem at once.
    Stage types are looked up in ``stages`` (default: the shipped registry)."""
    if not isinstance(data, dict):
        raise ConfigError(
            [Problem("", f"expected a mapping at the top level, got {type(data).__name__}",
                     "start the file with fields such as `caption:` and `stages:`")],
            source=source,
        )
    try:
        return PipelineConfig.model_validate(data, context={"stages": stages} if stages is not None else None)
    except ValidationError as err:
        raise ConfigError(_pydantic_problems(err), source=source) from None


def load_pipeline(path: str | Path) -> PipelineConfig:
    """Read and parse a pipeline YAML (or JSON) file."""
    p = Path(path)
    try:
        found = p.is_file()
    except (OSError, ValueError):  # a name too long, NUL bytes
        found = False
    if not found:
        raise ConfigError(f"pipeline file not found: {p} (fix: check the path; examples are in examples/pipelines/)")
    try:
        data = yaml.safe_load(p.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        raise ConfigError(
            [Problem("", f"malformed YAML{where}: {getattr(exc, 'problem', exc)}",
                     "fix the indentation/quoting there")],
            source=str(p),
        ) from None
    except UnicodeDecodeError:
        raise ConfigError(f"{p} is not a UTF-8 text file (fix: give a YAML pipeline file)") from None
    return parse_pipeline(data, source=str(p))
