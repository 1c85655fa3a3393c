"""`aceprod catalog ...`: list, show, ingest, query and migrate the DuckDB catalog.

Every command takes ``--catalog PATH`` (default ``$ACEPROD_CATALOG`` or
``~/.aceprod/catalog.duckdb``); ``--json`` prints machine-readable output.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Annotated

import typer

from agent.commands._common import CatalogOpt, JsonOpt, console, print_json, progress_bar
from agent.terminal import esc
from agent.workers.options import RayOpt

# Read commands wait this long for a writer (an ingest, the agent) to let go of the file.
READ_WAIT_S = 5.0
SinceOpt = Annotated[str | None, typer.Option(help="Only since this date/time (YYYY-MM-DD[THH:MM]), UTC.")]


def catalog_path(value: Path | None) -> Path:
    from catalog.store import default_path

    return value.expanduser() if value else default_path()


def open_catalog(value: Path | None, *, read_only: bool = False):
    """The catalog of ``--catalog`` (readers wait READ_WAIT_S for a writer to let go)."""
    from catalog.store import Catalog

    return Catalog.open(catalog_path(value), read_only=read_only, wait_s=READ_WAIT_S if read_only else 0.0)


def parse_since(value: str | None) -> datetime | None:
    from engine.errors import ConfigError

    if not value:
        return None
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        raise ConfigError(f"--since '{value}' is not a date (fix: write it like 2026-11-01 or 2026-11-01T18:00)") from None


def _fmt(v: object) -> str:
    """A value as a table cell: data, so escaped (agent/terminal.py)."""
    if v is None:
        return "-"
    if isinstance(v, float):
        return f"{v:.2f}"
    return esc(v)


def register(app: typer.Typer) -> None:
    sub = typer.Typer(help="The catalog of every take, report, repair and pair (DuckDB).", no_args_is_help=True)
    app.add_typer(sub, name="catalog")

    @sub.command("ls")
    def ls(
        min_score: Annotated[float | None, typer.Option(help="Only takes scoring at least this (0-10).")] = None,
        max_score: Annotated[float | None, typer.Option(help="Only takes scoring at most this.")] = None,
        tag: Annotated[str | None, typer.Option(help="Only takes with this genre/instrument tag (e.g. jazz).")] = None,
        since: SinceOpt = None,
        model: Annotated[str | None, typer.Option(help="Only takes of this model (turbo, base, sft...).")] = None,
        run: Annotated[str | None, typer.Option(help="Only takes of this run id.")] = None,
        defect: Annotated[str | None, typer.Option(help="Only takes with this defect kind (e.g. clipping).")] = None,
        limit: Annotated[int, typer.Option(help="At most this many rows.")] = 50,
        catalog: CatalogOpt = None,
        json_out: JsonOpt = False,
    ) -> None:
        """List takes, newest first."""
        from rich import box
        from rich.table import Table

        since_dt = parse_since(since)
        with open_catalog(catalog, read_only=True) as cat:
            rows = cat.ls(min_score=min_score, max_score=max_score, tag=tag, since=since_dt, model=model,
                          run_id=run, defect=defect, limit=limit)
        if json_out:
            return print_json(rows)
        table = Table(box=box.SIMPLE_HEAD, pad_edge=False)
        for name in ("id", "date", "score", "def", "model", "seed", "bpm", "key"):
            table.add_column(name, no_wrap=True)
        table.add_column("caption", no_wrap=True, overflow="ellipsis", max_width=max(6, console.width - 77))
        for r in rows:
            table.add_row(r.gen_id, r.created_at.strftime("%m-%d"), _fmt(r.overall), _fmt(r.n_defects),
                          _fmt(r.model), _fmt(r.seed), _fmt(r.bpm), _fmt(r.keyscale), _fmt(r.caption))
        console.print(table)
        console.print(f"{len(rows)} take(s)" + (" (limit reached; use --limit)" if len(rows) == limit else ""))

    @sub.command("show")
    def show(
        gen_id: Annotated[str, typer.Argument(help="Take id (or a unique prefix of it).")],
        catalog: CatalogOpt = None,
        json_out: JsonOpt = False,
    ) -> None:
        """Everything about one take: params, report, defects, repairs, pairs."""
        from rich.table import Table

        with open_catalog(catalog, read_only=True) as cat:
            row = cat.get(gen_id)
        if json_out:
            return print_json(row)
        f = {k: _fmt(v) for k, v in row.fields.items()}
        console.print(f"[bold]{_fmt(row.gen_id)}[/]  {_fmt(row.audio_abspath)}")
        console.print(f"caption: {f['caption']}\nmetas: bpm={f['bpm']} key={f['keyscale']} timesig={f['timesignature']} "
                      f"duration={f['duration']} events={len(row.fields['events'] or [])}")
        console.print(f"params: engine={f['engine']} model={f['model']} task={f['task']} steps={f['steps']} "
                      f"shift={f['shift']} cfg={f['guidance_scale']} seed={f['seed']} parent={f['parent_gen_id']}")
        if row.report:
            stems = ", ".join(f"{_fmt(s.name)} {s.score:.1f}" for s in row.report.stems)
            console.print(f"score: [bold]{row.report.overall:.2f}[/]" + (f"  stems: {stems}" if stems else ""))
        else:
            console.print("score: - (not scored)")
        if row.defects:
            t = Table("defect", "start s", "end s", "severity", "stem")
            for d in row.defects:
                t.add_row(_fmt(d.kind), f"{d.start_s:.2f}", f"{d.end_s:.2f}", f"{d.severity:.2f}", _fmt(d.stem))
            console.print(t)
        for r in row.repairs:
            console.print(f"repair {r['repair_id']}: {r['from_gen_id']} -> {r['to_gen_id']} via {r['route']} "
                          f"({r['decision']} by {r['decided_by']}) {_fmt(r['score_before'])} -> {_fmt(r['score_after'])}",
                          markup=False)
        for p in row.pairs:
            role = "chosen" if p.chosen_gen_id == row.gen_id else "rejected"
            other = p.rejected_gen_id if role == "chosen" else p.chosen_gen_id
            console.print(f"pair {p.pair_id} ({p.strategy.value}): {role} vs {other}, margin {_fmt(p.margin)}", markup=False)

    @sub.command("ingest")
    def ingest(
        folder: Annotated[Path, typer.Argument(help="Folder of takes (a run's --out folder); searched recursively.")],
        no_score: Annotated[bool, typer.Option("--no-score", help="Do not score takes that have no report.")] = False,
        batch_size: Annotated[int, typer.Option(help="Takes per transaction.")] = 64,
        catalog: CatalogOpt = None,
        json_out: JsonOpt = False,
        ray: RayOpt = None,
    ) -> None:
        """Import takes + sidecars + reports from a folder; scores takes that have no report (with --ray, on
        Ray workers in parallel)."""
        from contextlib import nullcontext

        scoring = nullcontext(None)
        if ray is not None:
            from agent.workers.batch import ingest_scorer

            scoring = ingest_scorer(ray)
        with scoring as score_many, open_catalog(catalog) as cat, progress_bar() as bar:
            task = bar.add_task("ingest", total=None)
            summary = cat.ingest(folder, score=not no_score, batch_size=max(1, batch_size), score_many=score_many,
                                 progress=lambda done, total: bar.update(task, completed=done, total=total))
        if json_out:
            return print_json(summary)
        console.print(f"[green]added {summary.added}[/] take(s) from {_fmt(folder)} in {summary.seconds:.1f} s"
                      f" (scored {summary.scored}, unscored {summary.unscored}, skipped {len(summary.skipped)})")
        for s in summary.skipped:
            console.print(f"  [yellow]skipped[/] {_fmt(s.path)}: {_fmt(s.reason)}", highlight=False)

    @sub.command("sql")
    def sql(
        query: Annotated[str, typer.Argument(help="Read-only SQL (tables: generations, quality_reports, defects, pairs, repairs, takes...).")],
        limit: Annotated[int, typer.Option(help="At most this many rows.")] = 10_000,
        timeout: Annotated[float, typer.Option(help="Stop the query after this many seconds.")] = 30.0,
        memory: Annotated[str, typer.Option(help="Memory the query may use (e.g. 512MB, 2GB).")] = "1GB",
        catalog: CatalogOpt = None,
        json_out: JsonOpt = False,
    ) -> None:
        """Run read-only SQL for power users: writes and file access are refused, time and memory are limited."""
        from rich.table import Table

        from catalog.sql import run_sql

        cols, rows = run_sql(catalog_path(catalog), query, limit=limit, wait_s=READ_WAIT_S, timeout_s=timeout,
                             memory=memory)
        if json_out:
            return print_json([dict(zip(cols, r, strict=True)) for r in rows])
        table = Table(*(_fmt(c) for c in cols))
        for r in rows:
            table.add_row(*(_fmt(v) for v in r))
        console.print(table)

    @sub.command("migrate")
    def migrate(catalog: CatalogOpt = None, json_out: JsonOpt = False) -> None:
        """Create the catalog or bring an older one up to this version (a backup copy is kept)."""
        with open_catalog(catalog) as cat:
            info = {"catalog": str(cat.path), "schema_version": cat.schema_version(),
                    "backup": str(cat.backup_path) if cat.backup_path else None}
        if json_out:
            print_json(info)
        else:
            console.print(f"{_fmt(info['catalog'])}: schema version {info['schema_version']}"
                          + (f" (backup: {info['backup']})" if info["backup"] else ""))
