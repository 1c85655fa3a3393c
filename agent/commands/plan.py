"""`aceprod plan`: brief -> album plan, without generating anything."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from agent.commands._common import console, err_console, print_json
from agent.terminal import esc

BriefArg = Annotated[str, typer.Argument(help="A brief in words (English, Spanish, French, German or Portuguese; "
                                         "other languages get defaults) or a YAML brief file (briefs/*.yaml).")]
LLMOpt = Annotated[str | None, typer.Option("--llm", help="GGUF model path or name under checkpoints/; 'none' for "
                                            "the rule-based planner. Default: the bundled SmolLM2-135M.")]


def print_plan(plan, console) -> None:
    from rich.table import Table

    table = Table(title=f"{esc(plan.title)} ({esc(plan.genre)}, planner {esc(plan.planner)})")
    for col in ("#", "title", "vocal", "bpm", "key", "meter", "length", "sections", "caption"):
        table.add_column(col, overflow="fold")
    for t in plan.tracks:
        table.add_row(*(esc(v) for v in (t.index, t.title, t.vocal_language if t.vocal else "-", t.bpm, t.keyscale,
                      t.timesignature, f"{t.duration:.0f}s", " ".join(e.type for e in t.events), t.caption)))
    console.print(table)
    print_reading(plan, console)
    for note in plan.notes:
        if not note.startswith("assumed "):  # assumptions are listed above
            console.print(f"[yellow]note:[/] {esc(note)}", highlight=False)


def print_reading(plan, console) -> None:
    """What the brief reader read (with the source words), what the planner assumed, what went unused."""
    c = plan.constraints
    if c is not None:
        for what, value, source in c.summary():
            console.print(f"[green]read:[/] {esc(what)} = {esc(value)}  [dim]from '{esc(source)}'[/]",
                          highlight=False)
    for a in plan.assumptions:
        console.print(f"[yellow]assumed:[/] {esc(a.field)} = {esc(a.value)}  [dim]({esc(a.why)})[/]",
                      highlight=False)
    if c is not None and c.unused:
        words = ", ".join(f"'{u.source}'" for u in c.unused)
        console.print(f"[red]not used:[/] {esc(words)} (say what the number is, e.g. '90 bpm', '3 tracks')",
                      highlight=False)


def register(app: typer.Typer) -> None:
    @app.command("plan")
    def plan(
        brief: BriefArg,
        llm: LLMOpt = None,
        engine_name: Annotated[str, typer.Option("--engine", "-e", help="Engine whose limits the plan respects.")] = "sketch",
        seed: Annotated[int, typer.Option(help="Seed for derived choices (bpm, keys, rule-based words).")] = 0,
        candidates: Annotated[int | None, typer.Option(help="Candidate takes per track to plan for.")] = None,
        checkpoints: Annotated[Path, typer.Option(help="Folder with GGUF/ACE-Step weights.")] = Path("checkpoints"),
        out: Annotated[Path | None, typer.Option(help="Also write the plan JSON to this file.")] = None,
        json_out: Annotated[bool, typer.Option("--json", help="Print the plan as JSON.")] = False,
        second_reader: Annotated[bool, typer.Option("--second-reader", help="The LLM also reads the brief; where it "
                                                    "disagrees with the parser, the parser wins and a note says so "
                                                    "(slow: one more LLM call).")] = False,
    ) -> None:
        """Plan an album or a track from a brief: titles, captions, lyrics, bpm, keys, sections.

        Shows what was read from the brief (with its words), what was assumed and why, and the numbers it could not use; --json has them as `constraints` and `assumptions`. Briefs in English, Spanish, French, German and Portuguese are read."""  # noqa: E501
        from agent.session.tools import album_plan
        from engine.audio import write_text_atomic

        with err_console.status("planning..."):
            result = album_plan(brief, llm=llm, engine=engine_name, seed=seed, candidates=candidates,
                                checkpoints=checkpoints, second_reader=second_reader)
        if out:
            write_text_atomic(out, result.model_dump_json(indent=2))
        if json_out:
            print_json(result)
        else:
            print_plan(result, console)
