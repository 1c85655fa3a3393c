"""What the CLI commands share: consoles, JSON printing, the options several commands take, engine options."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from pydantic import BaseModel

from agent.terminal import SafeConsole

# Every command prints through these: data never acts as markup or a terminal escape (agent/terminal.py).
console = SafeConsole()
err_console = SafeConsole(stderr=True)

JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON for scripts.")]
CatalogOpt = Annotated[
    Path | None,
    typer.Option("--catalog", help="Catalog file (default $ACEPROD_CATALOG or ~/.aceprod/catalog.duckdb)."),
]
NoCatalogOpt = Annotated[bool, typer.Option("--no-catalog", help="Do not write to (or read) a catalog.")]
EngineOpt = Annotated[str, typer.Option("--engine", "-e", help="sketch (CPU) or acestep (GPU + checkpoints).")]
OutOpt = Annotated[Path, typer.Option("--out", "-o", help="Runs are written to OUT/<run id>/.")]
WeightsOpt = Annotated[Path, typer.Option("--checkpoints", help="Folder with ACE-Step / GGUF weights.")]
OFFLOAD_HELP = ("acestep on a GPU: diffusers' model CPU offload (each model on the GPU only while it runs; "
                "XL fits in ~12 GB instead of 20+, a little slower). Same as ACEPROD_OFFLOAD=1.")


def session_catalog(catalog: Path | None, no_catalog: bool) -> Path | None:
    """The catalog a run writes to: ``--catalog``, else the default, or none with ``--no-catalog``."""
    from catalog.store import default_path

    return None if no_catalog else (catalog or default_path())


def print_json(value: BaseModel | list[BaseModel] | dict[str, Any] | list[Any]) -> None:
    """Write JSON to stdout, nothing else (scripts parse it)."""
    if isinstance(value, BaseModel):
        text = value.model_dump_json(indent=2)
    elif isinstance(value, list) and value and all(isinstance(v, BaseModel) for v in value):
        text = "[\n" + ",\n".join(v.model_dump_json(indent=2) for v in value) + "\n]"
    else:
        text = json.dumps(value, indent=2, default=str)
    sys.stdout.write(text + "\n")


def progress_bar(*, remaining: bool = False, count: str = "{task.completed}/{task.total}", transient: bool = True,
                 disable: bool = False):
    """Rich progress bars on stderr (stdout stays for --json): description, bar, count, elapsed (and remaining)."""
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn

    columns = [TextColumn("{task.description}"), BarColumn(), TextColumn(count), TimeElapsedColumn()]
    return Progress(*columns, *([TimeRemainingColumn()] if remaining else []), console=err_console,
                    transient=transient, disable=disable)


def engine_kwargs(checkpoints: str | None, *, offload: bool = False) -> dict[str, Any]:
    """Constructor options for an engine from CLI flags (only the ones given)."""
    kwargs: dict[str, Any] = {"checkpoints_dir": checkpoints} if checkpoints else {}
    if offload:
        kwargs["offload"] = True
    return kwargs
