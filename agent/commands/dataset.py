"""`aceprod dataset ...`: export preference datasets and LoRA sets; coverage; versions."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from agent.commands._common import CatalogOpt, JsonOpt, console, print_json, progress_bar
from agent.commands.catalog import SinceOpt, open_catalog, parse_since
from agent.terminal import esc

AudioOpt = Annotated[str, typer.Option(help="link (hard-link, else copy) | copy | none (metadata only).")]


def _bar_callback(bar):
    tasks: dict[str, int] = {}

    def cb(stage: str, done: int, total: int) -> None:
        if stage not in tasks:
            tasks[stage] = bar.add_task(stage, total=total)
        bar.update(tasks[stage], completed=done)

    return cb


def register(app: typer.Typer) -> None:
    sub = typer.Typer(help="Datasets from the catalog: preference pairs, LoRA sets, coverage.", no_args_is_help=True)
    app.add_typer(sub, name="dataset")

    @sub.command("export")
    def export(
        out: Annotated[Path, typer.Option("--out", "-o", help="Datasets folder; the version goes in a sub-folder.")],
        format: Annotated[str, typer.Option(help="jsonl | parquet | both.")] = "jsonl",
        version: Annotated[str | None, typer.Option(help="Version name (default: next vN). Never overwritten.")] = None,
        strategy: Annotated[list[str] | None, typer.Option(help="Only these strategies (repeat).")] = None,
        min_margin: Annotated[float | None, typer.Option(help="Only pairs with at least this margin.")] = None,
        since: SinceOpt = None,
        checkpoint: Annotated[str | None, typer.Option(help="Model checkpoint the set belongs to (default: inferred).")] = None,
        audio: AudioOpt = "link",
        catalog: CatalogOpt = None,
        json_out: JsonOpt = False,
    ) -> None:
        """Export stored pairs as an immutable dataset version with a manifest."""
        since_dt = parse_since(since)
        with open_catalog(catalog) as cat, progress_bar() as bar:
            dv = cat.export(out, format=format, version=version, strategies=strategy, min_margin=min_margin,
                            since=since_dt, checkpoint=checkpoint, audio=audio,
                            progress=_bar_callback(bar))
        if json_out:
            return print_json(dv)
        console.print(f"[green]dataset {dv.version}[/]: {dv.n_rows} pairs, {dv.n_files} audio files -> {esc(dv.path)}"
                      f"\ncheckpoint: {esc(dv.checkpoint)}   manifest sha256: {dv.manifest_sha256[:16]}...")

    @sub.command("lora")
    def lora(
        out: Annotated[Path, typer.Option("--out", "-o", help="New folder for the LoRA set (must not exist).")],
        min_score: Annotated[float, typer.Option(help="Only takes scoring at least this.")] = 8.0,
        per_prompt: Annotated[int, typer.Option(help="At most this many takes per prompt.")] = 1,
        tag: Annotated[str | None, typer.Option(help="Only takes with this tag.")] = None,
        version: Annotated[str | None, typer.Option(help="Name recorded in the catalog (default: the folder's name).")] = None,
        audio: Annotated[str, typer.Option(help="link (hard-link, else copy) | copy.")] = "link",
        catalog: CatalogOpt = None,
        json_out: JsonOpt = False,
    ) -> None:
        """Write audio + caption/bpm/key/events JSON sidecars of the best takes."""
        with open_catalog(catalog) as cat, progress_bar() as bar:
            dv = cat.export_lora(out, min_score=min_score, per_prompt=per_prompt, tag=tag, audio=audio, version=version,
                                 progress=_bar_callback(bar))
        if json_out:
            return print_json(dv)
        console.print(f"[green]LoRA set[/]: {dv.n_rows} takes -> {esc(dv.path)} (checkpoint {esc(dv.checkpoint)})")

    @sub.command("coverage")
    def coverage(
        min_score: Annotated[float | None, typer.Option(help="Count only takes scoring at least this.")] = None,
        target: Annotated[int | None, typer.Option(help="A cell with fewer takes is a gap (default: 10% of the mean).")] = None,
        catalog: CatalogOpt = None,
        json_out: JsonOpt = False,
    ) -> None:
        """Counts by genre, tempo band, key, vocal/instrumental, instrument; and the gaps."""
        from rich.table import Table

        with open_catalog(catalog, read_only=True) as cat:
            cov = cat.coverage(min_score=min_score, target=target)
        if json_out:
            return print_json(cov)
        console.print(f"{cov.total} take(s)" + (f" scoring >= {min_score}" if min_score is not None else ""))
        for dim, cells in cov.counts.items():
            t = Table(dim, "takes", title=None)
            for k, v in sorted(cells.items(), key=lambda kv: -kv[1]):
                if v:
                    t.add_row(esc(k), str(v))
            console.print(t)
        by_dim: dict[str, list[str]] = {}
        for g in cov.gaps:
            by_dim.setdefault(g.dimension, []).append(f"{esc(g.value)} ({g.count})")
        for dim, cells in by_dim.items():
            console.print(f"[yellow]gaps in {esc(dim)}[/]: {', '.join(cells)}", highlight=False)

    @sub.command("versions")
    def versions(catalog: CatalogOpt = None, json_out: JsonOpt = False) -> None:
        """List exported dataset versions."""
        from rich.table import Table

        with open_catalog(catalog, read_only=True) as cat:
            rows = cat.dataset_versions()
        if json_out:
            return print_json(rows)
        t = Table("version", "kind", "format", "rows", "checkpoint", "created", "path")
        for r in rows:
            t.add_row(*(esc(r[k]) for k in ("version", "kind", "format", "n_rows", "checkpoint", "created_at", "path")))
        console.print(t)
