"""`aceprod pairs ...`: mine preference pairs from the catalog and list them."""

from __future__ import annotations

from typing import Annotated

import typer

from agent.commands._common import CatalogOpt, JsonOpt, console, print_json
from agent.commands.catalog import SinceOpt, open_catalog, parse_since


def register(app: typer.Typer) -> None:
    sub = typer.Typer(help="Preference pairs for DiffusionDPO-style training.", no_args_is_help=True)
    app.add_typer(sub, name="pairs")

    @sub.command("mine")
    def mine(
        strategy: Annotated[list[str], typer.Option(
            help="seeds | params | repair | human | reference | all (repeat for several).")] = ["all"],  # noqa: B006
        min_margin: Annotated[float, typer.Option(help="Minimum score difference (0-10 points; not for human).")] = 1.0,
        top_k: Annotated[int, typer.Option(help="Top-k vs bottom-k per group (seeds, params, reference).")] = 2,
        min_sim_margin: Annotated[float, typer.Option(help="Minimum similarity difference (0-1) for reference.")] = 0.05,
        since: SinceOpt = None,
        run: Annotated[str | None, typer.Option(help="Only takes of this run id.")] = None,
        catalog: CatalogOpt = None,
        json_out: JsonOpt = False,
    ) -> None:
        """Find pairs, de-duplicate them and store the new ones."""
        from rich.table import Table

        from catalog.mining import strategies

        names = strategies(strategy)
        since_dt = parse_since(since)
        with open_catalog(catalog) as cat:
            results = [cat.mine_pairs(s, min_margin=min_margin, top_k=top_k, min_similarity_margin=min_sim_margin,
                                      since=since_dt, run_id=run) for s in names]
            total = cat.counts().pairs
        if json_out:
            return print_json({"results": [r.model_dump(mode="json") for r in results], "pairs_in_catalog": total})
        table = Table("strategy", "candidates", "new", "already stored", "seconds", "notes")
        for r in results:
            table.add_row(r.strategy.value, str(r.candidates), str(r.inserted), str(r.duplicates), f"{r.seconds:.2f}",
                          "; ".join(r.notes))
        console.print(table)
        console.print(f"{total} pair(s) in the catalog")

    @sub.command("ls")
    def ls(
        strategy: Annotated[str | None, typer.Option(help="Only this strategy.")] = None,
        limit: Annotated[int, typer.Option(help="At most this many rows.")] = 50,
        catalog: CatalogOpt = None,
        json_out: JsonOpt = False,
    ) -> None:
        """List stored pairs, largest margin first."""
        from rich.table import Table

        with open_catalog(catalog, read_only=True) as cat:
            rows = cat.list_pairs(strategy, limit=limit)
        if json_out:
            return print_json(rows)
        table = Table("pair", "strategy", "chosen", "rejected", "chosen score", "rejected score", "margin")
        for r in rows:
            table.add_row(r.pair_id, r.strategy.value, r.chosen_gen_id, r.rejected_gen_id,
                          *(f"{v:.2f}" if v is not None else "-" for v in (r.chosen_score, r.rejected_score, r.margin)))
        console.print(table)
