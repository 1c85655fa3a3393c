"""`aceprod repl`: produce tracks by talking to the producer (briefs in plain
words, plans to edit, takes, scores, repairs to approve, takes to pick)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from agent.commands._common import CatalogOpt, EngineOpt, NoCatalogOpt, OutOpt, WeightsOpt, session_catalog
from agent.commands.plan import LLMOpt


def register(app: typer.Typer) -> None:
    @app.command("repl")
    def repl(
        engine_name: EngineOpt = "sketch",
        llm: LLMOpt = None,
        catalog: CatalogOpt = None,
        no_catalog: NoCatalogOpt = False,
        out: OutOpt = Path("out"),
        mode: Annotated[str, typer.Option(help="autonomous, supervised (you pick takes) or collaborative "
                                          "(you also approve repairs).")] = "collaborative",
        seed: Annotated[int, typer.Option(help="Seed for plans and takes.")] = 0,
        checkpoints: WeightsOpt = Path("checkpoints"),
    ) -> None:
        """Talk to the producer: type a brief, edit the plan, generate, approve repairs, pick takes."""
        from agent.repl.loop import run_repl

        run_repl(engine=engine_name, llm=llm, catalog=session_catalog(catalog, no_catalog), out=out,
                 checkpoints=checkpoints, seed=seed, mode=mode)
