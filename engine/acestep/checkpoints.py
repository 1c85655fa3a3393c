"""Find, verify and describe ACE-Step 1.5 checkpoints in diffusers format.

A checkpoint is a folder holding ``model_index.json`` (``_class_name: AceStepPipeline``)
and one sub-folder per component, as written by diffusers' ``save_pretrained`` or
downloaded from the official ``ACE-Step/acestep-v15-*-diffusers`` repositories.
Folders are found by name under the checkpoints directory (``--checkpoints DIR``,
else ``$ACEPROD_CHECKPOINTS``, else ``./checkpoints``):

    checkpoints/acestep-v15-turbo-diffusers/   -> model "turbo"
    checkpoints/acestep-v15-base-diffusers/    -> model "base"
    checkpoints/acestep-v15-xl-sft-diffusers/  -> model "xl-sft"

Verification reads only JSON and safetensors headers (no weights), so `aceprod
checkpoints` and engine start-up take seconds; a truncated weight file, a class
aceprod does not load, or tensors that do not fit the model (an outdated conversion)
are caught here, before minutes of loading (``engine.acestep.components``).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import struct
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from engine.constants import BASE_ONLY_TASKS, Task
from engine.errors import CheckpointMissingError
from engine.protocol import ModelInfo

ENV_VAR = "ACEPROD_CHECKPOINTS"
DEFAULT_DIR = "checkpoints"
# ACE-Step 1.5 generates 10 s to 10 min of audio.
MAX_DURATION_S = 600.0
# Any turbo sub-variant (turbo-rl, turbo-shift3, turbo-continuous, ...) is a turbo model.
FOLDER_RE = re.compile(
    r"^acestep-v15-(?P<name>(?:xl-)?(?:turbo(?:-(?!diffusers$)[a-z0-9]+)?|base|sft))(?:-diffusers)?$", re.IGNORECASE
)
SHIFT_IN_NAME_RE = re.compile(r"-shift(\d+(?:\.\d+)?)")

REQUIRED_COMPONENTS = ("transformer", "condition_encoder", "vae", "text_encoder", "tokenizer", "scheduler")
# The VQ tokenizer/detokenizer are optional in diffusers; without them cover cannot run.
COVER_COMPONENTS = ("audio_tokenizer", "audio_token_detokenizer")
WEIGHT_SUFFIXES = (".safetensors", ".bin")


@dataclass(frozen=True)
class VariantDefaults:
    """Sampling defaults per model family (as ACE-Step 1.5 ships them)."""

    steps: int
    shift: float
    guidance: float
    description: str


DEFAULTS: dict[str, VariantDefaults] = {
    "turbo": VariantDefaults(8, 3.0, 0.0, "guidance-distilled: 8 steps, shift 3, no CFG; fast drafts and refines"),
    "base": VariantDefaults(50, 3.0, 7.0, "base: ~50 steps with CFG; the only model for extract/lego/complete"),
    "sft": VariantDefaults(50, 3.0, 7.0, "supervised fine-tune: ~50 steps with CFG; text2music, cover, repaint"),
}


def family(name: str) -> str:
    """'xl-turbo' -> 'turbo', 'turbo-shift3' -> 'turbo'."""
    return name.removeprefix("xl-").split("-")[0]


def default_shift(name: str) -> float:
    """A variant trained for one shift says so in its name (turbo-shift1); else the family's."""
    m = SHIFT_IN_NAME_RE.search(name)
    return float(m.group(1)) if m else DEFAULTS[family(name)].shift


def tasks_for(name: str) -> list[Task]:
    """Tasks a variant was trained for: extract/lego/complete need a base model."""
    if family(name) == "base":
        return list(Task)
    return [t for t in Task if t not in BASE_ONLY_TASKS]


def fingerprint(folder: Path) -> str:
    """Identity of one component folder, without reading whole weight files."""
    h = hashlib.sha256()
    for p in sorted(folder.iterdir()) if folder.is_dir() else []:
        if not p.is_file():
            continue
        h.update(p.name.encode())
        size = p.stat().st_size
        h.update(str(size).encode())
        with p.open("rb") as fh:
            if p.suffix == ".json" or size <= 1 << 17:
                h.update(fh.read())
            else:
                h.update(fh.read(1 << 16))
                fh.seek(-(1 << 16), os.SEEK_END)
                h.update(fh.read(1 << 16))
    return h.hexdigest()


@dataclass
class CheckpointInfo:
    """One folder found under the checkpoints directory, and what is wrong with it."""

    name: str
    path: Path
    problems: list[str] = field(default_factory=list)
    components: dict[str, list[str]] = field(default_factory=dict)  # component -> weight files
    size_bytes: int = 0

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def has_cover(self) -> bool:
        return all(c in self.components for c in COVER_COMPONENTS)

    @property
    def tasks(self) -> list[Task]:
        tasks = tasks_for(self.name)
        return tasks if self.has_cover else [t for t in tasks if t is not Task.cover]

    @cached_property
    def checkpoint_hash(self) -> str:
        """Identity of the whole checkpoint (every component's fingerprint), 16 hex digits."""
        h = hashlib.sha256()
        for component in sorted(self.components):
            h.update(component.encode() + fingerprint(self.path / component).encode())
        return h.hexdigest()[:16]

    def model_info(self) -> ModelInfo:
        d = DEFAULTS[family(self.name)]
        return ModelInfo(
            name=self.name,
            checkpoint_hash=self.checkpoint_hash,
            tasks=self.tasks,
            default_steps=d.steps,
            default_shift=default_shift(self.name),
            default_guidance=d.guidance,
            max_duration_s=MAX_DURATION_S,
            description=d.description,
        )

    def to_json(self) -> dict:
        d = DEFAULTS[family(self.name)]
        return {
            "name": self.name,
            "path": str(self.path),
            "ok": self.ok,
            "problems": self.problems,
            "tasks": [str(t) for t in self.tasks],
            "default_steps": d.steps,
            "default_shift": default_shift(self.name),
            "default_guidance": d.guidance,
            "max_duration_s": MAX_DURATION_S,
            "size_mb": round(self.size_bytes / 1e6, 1),
        }


def resolve_dir(checkpoints: str | Path | None = None) -> Path:
    """``--checkpoints DIR``, else ``$ACEPROD_CHECKPOINTS``, else ``./checkpoints``."""
    if checkpoints:
        return Path(checkpoints).expanduser()
    env = os.environ.get(ENV_VAR)
    return Path(env).expanduser() if env else Path(DEFAULT_DIR)


MAX_HEADER_BYTES = 100 * 2**20  # safetensors' own limit for the JSON header


class HeaderError(ValueError):
    """A safetensors file whose header is not what the format promises."""


def read_safetensors_header(path: Path) -> dict[str, tuple[int, ...]]:
    """Tensor name -> shape from a safetensors file's header, checking that the file is
    long enough for every tensor listed. Raises ``HeaderError`` naming what is wrong
    (short file, damaged or malformed header, truncated data)."""
    try:
        size = path.stat().st_size
        with path.open("rb") as fh:
            raw = fh.read(8)
            if len(raw) < 8:
                raise HeaderError(f"{path.name} is {size} bytes, too short to be a safetensors file")
            (n,) = struct.unpack("<Q", raw)
            if n <= 1 or n > MAX_HEADER_BYTES or 8 + n > size:
                raise HeaderError(f"{path.name} has a damaged header (file truncated or not safetensors)")
            header = json.loads(fh.read(n))
    except OSError as exc:
        raise HeaderError(f"{path.name} cannot be read ({exc})") from exc
    except (ValueError, UnicodeDecodeError) as exc:
        raise HeaderError(f"{path.name} has a header that is not valid JSON ({str(exc)[:80]})") from exc
    if not isinstance(header, dict):
        raise HeaderError(f"{path.name} has a malformed header (not a JSON object)")
    shapes: dict[str, tuple[int, ...]] = {}
    end = 0
    for name, entry in header.items():
        if name == "__metadata__":
            continue
        offsets = entry.get("data_offsets") if isinstance(entry, dict) else None
        shape = entry.get("shape") if isinstance(entry, dict) else None
        ok = (isinstance(offsets, list) and len(offsets) == 2 and all(type(o) is int and o >= 0 for o in offsets)
              and offsets[0] <= offsets[1] and isinstance(shape, list) and all(type(d) is int and d >= 0 for d in shape)
              and isinstance(entry.get("dtype"), str))
        if not ok:
            raise HeaderError(f"{path.name} has a malformed header entry for {str(name)[:80]!r} "
                              "(needs dtype, shape and two data_offsets)")
        shapes[name] = tuple(shape)
        end = max(end, offsets[1])
    if size < 8 + n + end:
        raise HeaderError(f"{path.name} is truncated ({size} of {8 + n + end} bytes)")
    return shapes


def check_safetensors(path: Path) -> str | None:
    """Problem with a safetensors file (unreadable, truncated, malformed header), or None."""
    try:
        read_safetensors_header(path)
    except HeaderError as exc:
        return str(exc)
    return None


def _check_component(folder: Path, name: str) -> tuple[list[Path], list[str]]:
    sub = folder / name
    if not sub.is_dir():
        return [], [f"missing component folder {name}/"]
    if name == "tokenizer":
        ok = (sub / "tokenizer.json").is_file() or (sub / "vocab.json").is_file()
        return [], [] if ok else ["tokenizer/ has no tokenizer.json or vocab.json"]
    if name == "scheduler":
        ok = (sub / "scheduler_config.json").is_file()
        return [], [] if ok else ["scheduler/ has no scheduler_config.json"]
    problems = []
    if not (sub / "config.json").is_file():
        problems.append(f"{name}/config.json is missing")
    weights = sorted(p for p in sub.iterdir() if p.is_file() and p.name.endswith(WEIGHT_SUFFIXES))
    if not weights:
        problems.append(f"{name}/ has no weight file (*.safetensors or *.bin)")
    for w in weights:
        if w.name.endswith(".safetensors"):
            bad = check_safetensors(w)
            if bad:
                problems.append(f"{name}/{bad}")
        elif w.stat().st_size == 0:
            problems.append(f"{name}/{w.name} is empty")
    return weights, problems


def verify(folder: Path, name: str) -> CheckpointInfo:
    """Check one folder: model index, every expected component, readable weights."""
    info = CheckpointInfo(name=name, path=folder)
    index = folder / "model_index.json"
    try:
        meta = json.loads(index.read_text())
    except FileNotFoundError:
        info.problems.append("model_index.json is missing (not a diffusers folder, or an unfinished download)")
        return info
    except (OSError, ValueError) as exc:
        info.problems.append(f"model_index.json cannot be read ({exc})")
        return info
    if not isinstance(meta, dict):
        info.problems.append("model_index.json is not a JSON object (not a diffusers folder)")
        return info
    if meta.get("_class_name") != "AceStepPipeline":
        info.problems.append(f"model_index.json names {meta.get('_class_name')!r}, not AceStepPipeline")
    from engine.acestep.components import ComponentClassError, component_class, weight_problems

    for comp in REQUIRED_COMPONENTS + COVER_COMPONENTS:
        if comp in COVER_COMPONENTS and not (folder / comp).exists():
            continue  # optional: only cover needs them
        weights, problems = _check_component(folder, comp)
        try:
            component_class(meta.get(comp), comp)
        except ComponentClassError as exc:
            problems.append(str(exc))
        if not problems and weights:
            problems = weight_problems(folder, comp, meta.get(comp), fingerprint(folder / comp))
        info.problems += problems
        if not problems:
            info.components[comp] = [w.name for w in weights]
            info.size_bytes += sum(w.stat().st_size for w in weights)
    return info


def discover(checkpoints: str | Path | None = None) -> list[CheckpointInfo]:
    """Every ACE-Step 1.5 folder under the checkpoints directory, verified, sorted by name."""
    root = resolve_dir(checkpoints)
    if not root.is_dir():
        return []
    found: dict[str, CheckpointInfo] = {}
    for sub in sorted(root.iterdir()):
        m = FOLDER_RE.match(sub.name)
        if not m or not sub.is_dir():
            continue
        name = m.group("name").lower()
        info = verify(sub, name)
        prev = found.get(name)
        # Prefer the diffusers-suffixed folder, then a healthy one.
        if prev is None or (info.ok and not prev.ok) or (info.ok == prev.ok and sub.name.endswith("-diffusers")):
            found[name] = info
    return sorted(found.values(), key=lambda c: (family(c.name) != "turbo", c.name))


def how_to_get(root: Path) -> str:
    """What to place where; used by every 'no checkpoint' message."""
    return (
        f"place ACE-Step 1.5 diffusers folders in {root.resolve()}/, e.g. "
        f"{root}/acestep-v15-turbo-diffusers/ (and -base-, -sft-, -xl-* variants), each with model_index.json; "
        "download them on a connected machine as engine/acestep/README.md explains, or point "
        f"--checkpoints / ${ENV_VAR} at the folder that holds them"
    )


def require(checkpoints: str | Path | None, name: str | None = None) -> CheckpointInfo | list[CheckpointInfo]:
    """The usable checkpoints (or the one named), or CheckpointMissingError saying
    which folder was searched and what to put there."""
    root = resolve_dir(checkpoints)
    found = discover(root)
    usable = [c for c in found if c.ok]
    broken = "; ".join(f"{c.path}: {', '.join(c.problems)}" for c in found if not c.ok)
    if name is None:
        if usable:
            return usable
        where = f"no usable ACE-Step 1.5 checkpoint in {root.resolve()}" + (
            "" if root.is_dir() else " (the folder does not exist)"
        )
        raise CheckpointMissingError(f"{where}{'; broken: ' + broken if broken else ''} (fix: {how_to_get(root)})")
    for c in found:
        if c.name == name:
            if not c.ok:
                raise CheckpointMissingError(
                    f"checkpoint '{name}' at {c.path} is incomplete or damaged: {'; '.join(c.problems)} "
                    "(fix: download the folder again; `aceprod checkpoints` re-checks it)"
                )
            return c
    have = ", ".join(c.name for c in usable) or "none"
    raise CheckpointMissingError(
        f"model '{name}' not found: expected {root.resolve()}/acestep-v15-{name}-diffusers/ (available: {have}) "
        f"(fix: choose an available model or {how_to_get(root)})"
    )
