"""`aceprod mcp`: an MCP server over stdio for agent hosts (plan, album runs with
questions answered by the host, pipelines, scoring, catalog, pairs, datasets)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from agent.commands.plan import LLMOpt


def register(app: typer.Typer) -> None:
    @app.command("mcp")
    def mcp(
        engine_name: Annotated[str, typer.Option("--engine", "-e", help="sketch (CPU) or acestep (GPU + checkpoints).")] = "sketch",
        llm: LLMOpt = None,
        catalog: Annotated[Path | None, typer.Option(help="Catalog file (default $ACEPROD_CATALOG or "
                                                     "~/.aceprod/catalog.duckdb).")] = None,
        no_catalog: Annotated[bool, typer.Option("--no-catalog", help="Do not write to (or read) a catalog.")] = False,
        out: Annotated[Path, typer.Option("--out", "-o", help="Album runs are written to OUT/<run id>/.")] = Path("out"),
        checkpoints: Annotated[Path, typer.Option(help="Folder with ACE-Step / GGUF weights.")] = Path("checkpoints"),
    ) -> None:
        """Serve aceprod's tools and the catalog to an MCP host over stdio (stdout carries only the protocol)."""
        from agent.mcp.server import Settings, build_server
        from catalog.store import default_path

        settings = Settings(out=out, catalog=None if no_catalog else (catalog or default_path()), engine=engine_name,
                            llm=llm, checkpoints=checkpoints)
        build_server(settings).run("stdio")
