"""`aceprod repl`: produce tracks by talking to the producer (briefs in plain
words, plans to edit, takes, scores, repairs to approve, takes to pick)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from agent.commands.plan import LLMOpt


def register(app: typer.Typer) -> None:
    @app.command("repl")
    def repl(
        engine_name: Annotated[str, typer.Option("--engine", "-e", help="sketch (CPU) or acestep (GPU + checkpoints).")] = "sketch",
        llm: LLMOpt = None,
        catalog: Annotated[Path | None, typer.Option(help="Catalog file (default $ACEPROD_CATALOG or "
                                                     "~/.aceprod/catalog.duckdb).")] = None,
        no_catalog: Annotated[bool, typer.Option("--no-catalog", help="Do not write to a catalog.")] = False,
        out: Annotated[Path, typer.Option("--out", "-o", help="Runs are written to OUT/<run id>/.")] = Path("out"),
        mode: Annotated[str, typer.Option(help="autonomous, supervised (you pick takes) or collaborative "
                                          "(you also approve repairs).")] = "collaborative",
        seed: Annotated[int, typer.Option(help="Seed for plans and takes.")] = 0,
        checkpoints: Annotated[Path, typer.Option(help="Folder with ACE-Step / GGUF weights.")] = Path("checkpoints"),
    ) -> None:
        """Talk to the producer: type a brief, edit the plan, generate, approve repairs, pick takes."""
        from agent.repl.loop import run_repl
        from catalog.store import default_path

        run_repl(engine=engine_name, llm=llm, catalog=None if no_catalog else (catalog or default_path()), out=out,
                 checkpoints=checkpoints, seed=seed, mode=mode)
