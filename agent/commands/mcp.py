"""`aceprod mcp`: an MCP server over stdio for agent hosts (plan, album runs with
questions answered by the host, pipelines, scoring, catalog, pairs, datasets)."""

from __future__ import annotations

from pathlib import Path

import typer

from agent.commands._common import CatalogOpt, EngineOpt, NoCatalogOpt, OutOpt, WeightsOpt, session_catalog
from agent.commands.plan import LLMOpt


def register(app: typer.Typer) -> None:
    @app.command("mcp")
    def mcp(engine_name: EngineOpt = "sketch", llm: LLMOpt = None, catalog: CatalogOpt = None,
            no_catalog: NoCatalogOpt = False, out: OutOpt = Path("out"),
            checkpoints: WeightsOpt = Path("checkpoints")) -> None:
        """Serve aceprod's tools and the catalog to an MCP host over stdio (stdout carries only the protocol)."""
        from agent.mcp.server import Settings, build_server

        settings = Settings(out=out, catalog=session_catalog(catalog, no_catalog), engine=engine_name,
                            llm=llm, checkpoints=checkpoints)
        build_server(settings).run("stdio")
