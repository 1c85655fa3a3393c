"""`aceprod album`: an album run (plan, generate, score, repair, catalog, master,
report), resumable after Ctrl-C or kill -9 with --resume."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from agent.commands._common import OFFLOAD_HELP, CatalogOpt, EngineOpt, NoCatalogOpt, OutOpt, WeightsOpt
from agent.commands.plan import LLMOpt
from agent.workers.options import RayOpt


def register(app: typer.Typer) -> None:
    @app.command("album")
    def album(
        brief: Annotated[str | None, typer.Argument(help="A brief in words or a YAML brief file; "
                                                    "leave out with --resume.")] = None,
        resume: Annotated[str | None, typer.Option(help="Continue the run with this id (printed at its start).")] = None,
        engine_name: EngineOpt = "sketch",
        llm: LLMOpt = None,
        candidates: Annotated[int, typer.Option(min=1, max=16, help="Candidate takes per track.")] = 2,
        out: OutOpt = Path("out"),
        catalog: CatalogOpt = None,
        no_catalog: NoCatalogOpt = False,
        autonomy: Annotated[str, typer.Option(help="autonomous; supervised (you pick each track's take); "
                                              "collaborative (you approve, edit or reject each repair; takes are picked by score).")] = "autonomous",
        reference: Annotated[Path | None, typer.Option(help="A reference clip (WAV/FLAC/OGG/MP3): its tempo, key and "
                                                       "sound seed the plan; takes are scored by similarity to it.")] = None,
        max_repairs: Annotated[int, typer.Option(min=0, max=8, help="Repair attempts per track.")] = 2,
        seed: Annotated[int, typer.Option(help="Run seed (plans and takes are deterministic per seed).")] = 0,
        checkpoints: WeightsOpt = Path("checkpoints"),
        offload: Annotated[bool, typer.Option("--offload", help=OFFLOAD_HELP)] = False,
        json_out: Annotated[bool, typer.Option("--json", help="Print album.json at the end.")] = False,
        ray: RayOpt = None,
    ) -> None:
        """Produce an album from a brief: every take scored, repaired, catalogued, the best mastered."""
        import os

        from agent.album_cli import run_album_command

        if offload:  # read by the acestep engine wherever the album creates it
            os.environ["ACEPROD_OFFLOAD"] = "1"

        run_album_command(brief=brief, resume=resume, engine_name=engine_name, llm=llm, candidates=candidates,
                          out=out, catalog=catalog, no_catalog=no_catalog, autonomy=autonomy,
                          max_repairs=max_repairs, seed=seed, checkpoints=checkpoints, json_out=json_out,
                          reference=reference, ray=ray)
