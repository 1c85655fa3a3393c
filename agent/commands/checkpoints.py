"""`aceprod checkpoints`: which ACE-Step 1.5 checkpoints are on disk, verified, and what each can do."""

from __future__ import annotations

from typing import Annotated

import typer

from agent.commands._common import JsonOpt, console, print_json
from agent.terminal import esc


def register(app: typer.Typer) -> None:
    @app.command("checkpoints")
    def checkpoints(
        checkpoints: Annotated[
            str | None,
            typer.Option(help="Folder holding acestep-v15-*-diffusers/ (default: $ACEPROD_CHECKPOINTS, else ./checkpoints)."),
        ] = None,
        json_out: JsonOpt = False,
    ) -> None:
        """List ACE-Step checkpoints: verified or not, tasks per model, defaults. Exit code 2 if none is usable."""
        from rich.table import Table

        from engine.acestep.checkpoints import discover, how_to_get, resolve_dir
        from engine.errors import CheckpointMissingError

        root = resolve_dir(checkpoints)
        found = discover(root)
        usable = [c for c in found if c.ok]
        if json_out:
            print_json({"checkpoints_dir": str(root.resolve()), "exists": root.is_dir(),
                        "models": [c.to_json() for c in found]})
        else:
            table = Table("model", "status", "tasks", "steps", "shift", "cfg", "size", "folder",
                          title=f"ACE-Step checkpoints in {esc(root.resolve())}")
            for c in found:
                d = c.to_json()
                status = "[green]ok[/]" if c.ok else "[red]broken[/]: " + esc("; ".join(c.problems))
                table.add_row(esc(c.name), status, esc(", ".join(d["tasks"])), str(d["default_steps"]),
                              f"{d['default_shift']:g}", f"{d['default_guidance']:g}", f"{d['size_mb']:.0f} MB",
                              esc(c.path.name))
            if found:
                console.print(table)
        if not usable:  # exit code 2 through the CLI's error handler; stdout stays clean JSON
            raise CheckpointMissingError(f"no usable ACE-Step 1.5 checkpoint in {root.resolve()} (fix: {how_to_get(root)})")
