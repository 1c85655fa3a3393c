"""`aceprod engines`: which engines exist, their models and the tasks each supports."""

from __future__ import annotations

from typing import Annotated

import typer

from agent.commands._common import JsonOpt, console, engine_kwargs, print_json


def register(app: typer.Typer) -> None:
    @app.command("engines")
    def engines(
        json_out: JsonOpt = False,
        checkpoints: Annotated[str | None, typer.Option(help="Checkpoint folder for engines that need weights.")] = None,
    ) -> None:
        """List engines, their models, the tasks each model supports, and defaults."""
        from rich.table import Table

        from engine.errors import AceprodError
        from engine.protocol import ENGINES, get_engine

        rows = []
        for name in ENGINES:
            try:
                caps = get_engine(name, **engine_kwargs(checkpoints)).capabilities()
                rows.append({"engine": name, "available": True, "capabilities": caps.model_dump(mode="json")})
            except (AceprodError, ImportError) as exc:
                rows.append({"engine": name, "available": False, "reason": str(exc)})
        if json_out:
            return print_json(rows)
        table = Table("engine", "model", "tasks", "steps", "shift", "cfg", "max s", title="aceprod engines")
        for row in rows:
            if not row["available"]:
                table.add_row(row["engine"], "[red]unavailable[/]", row["reason"], "", "", "", "")
                continue
            caps = row["capabilities"]
            for m in caps["models"]:
                default = " (default)" if m["name"] == caps["default_model"] else ""
                table.add_row(row["engine"], m["name"] + default, ", ".join(m["tasks"]), str(m["default_steps"]),
                              f"{m['default_shift']:g}", f"{m['default_guidance']:g}", f"{m['max_duration_s']:g}")
        console.print(table)
