"""Small helpers shared by CLI commands (consoles, JSON printing, engine options)."""

from __future__ import annotations

import json
import sys
from typing import Any

from pydantic import BaseModel

from agent.terminal import SafeConsole

# Every command prints through these: data never acts as markup or a terminal escape (agent/terminal.py).
console = SafeConsole()
err_console = SafeConsole(stderr=True)


def print_json(value: BaseModel | list[BaseModel] | dict[str, Any] | list[Any]) -> None:
    """Write JSON to stdout, nothing else (scripts parse it)."""
    if isinstance(value, BaseModel):
        text = value.model_dump_json(indent=2)
    elif isinstance(value, list) and value and all(isinstance(v, BaseModel) for v in value):
        text = "[\n" + ",\n".join(v.model_dump_json(indent=2) for v in value) + "\n]"
    else:
        text = json.dumps(value, indent=2, default=str)
    sys.stdout.write(text + "\n")


def engine_kwargs(checkpoints: str | None, *, offload: bool = False) -> dict[str, Any]:
    """Constructor options for an engine from CLI flags (only the ones given)."""
    kwargs: dict[str, Any] = {"checkpoints_dir": checkpoints} if checkpoints else {}
    if offload:
        kwargs["offload"] = True
    return kwargs


OFFLOAD_HELP = ("acestep on a GPU: diffusers' model CPU offload (each model on the GPU only while it runs; "
                "XL fits in ~12 GB instead of 20+, a little slower). Same as ACEPROD_OFFLOAD=1.")
