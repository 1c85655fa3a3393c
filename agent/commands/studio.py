"""`aceprod studio`: listen and decide in the browser (players, A/B, defect
ranges, picks and repair approvals) over the same session as the REPL."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from agent.commands._common import CatalogOpt, EngineOpt, NoCatalogOpt, OutOpt, WeightsOpt, session_catalog
from agent.commands.plan import LLMOpt


def register(app: typer.Typer) -> None:
    @app.command("studio")
    def studio(
        brief: Annotated[str | None, typer.Argument(help="A brief to plan at start (or leave out and type it in "
                                                    "the page; or open a run with --run).")] = None,
        run: Annotated[str | None, typer.Option("--run", help="Open this run (started here, in `aceprod album` "
                                                "or in the REPL).")] = None,
        port: Annotated[int, typer.Option(min=0, max=65535, help="Port (0 = any free one).")] = 8765,
        host: Annotated[str, typer.Option(help="Address to listen on; only loopback unless you change it.")] = "127.0.0.1",
        engine_name: EngineOpt = "sketch",
        llm: LLMOpt = None,
        mode: Annotated[str, typer.Option(help="For new runs: supervised (you pick takes), collaborative (you "
                                          "approve repairs) or autonomous.")] = "supervised",
        catalog: CatalogOpt = None,
        no_catalog: NoCatalogOpt = False,
        out: OutOpt = Path("out"),
        seed: Annotated[int, typer.Option(help="Seed for plans and takes.")] = 0,
        max_repairs: Annotated[int, typer.Option(min=0, max=8, help="Repair attempts per track.")] = 2,
        checkpoints: WeightsOpt = Path("checkpoints"),
    ) -> None:
        """A local web studio: every take with a player, A/B at the same position, defect ranges; pick and approve."""
        from agent.session import ProducerSession
        from agent.studio.server import serve

        session = ProducerSession(engine_name=engine_name, llm_spec=llm, out=out, checkpoints=checkpoints,
                                  seed=seed, max_repairs=max_repairs, catalog=session_catalog(catalog, no_catalog))
        session.set_mode(mode)
        serve(session, host=host, port=port, run_id=run, brief=brief)
