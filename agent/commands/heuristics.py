"""`aceprod heuristics`: what the planner has learned per genre from the
catalog's outcomes (preferred settings, cover strength, common defects, which
repairs worked, how often people agreed with the score)."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from agent.commands._common import CatalogOpt, JsonOpt, console, print_json
from agent.terminal import esc


def print_heuristics(heuristics: dict[str, Any], console: Any, *, genre: str | None = None) -> None:
    from rich.table import Table

    from agent.nodes.repair import MAX_VARIANTS
    from agent.repair_policy import route_value

    shown = {g: h for g, h in heuristics.items() if genre is None or g == genre}
    if not shown:
        console.print(f"nothing learned yet{f' for {esc(genre)}' if genre else ''}: the catalog has no scored takes "
                      "of it (fix: run `aceprod album` or `aceprod repl` first)", highlight=False)
        return
    for g, h in shown.items():
        console.print(f"[bold]{esc(g)}[/]: {h.takes} takes, mean score {h.mean_score:.2f}", highlight=False)
        if h.preset:
            refine = f" + refine {h.preset.refine_denoise:g}" if h.preset.refine_denoise else ""
            console.print(f"  next plans use: {esc(h.preset.model)}, {h.preset.steps} steps, shift {h.preset.shift:g}, "
                          f"cfg {h.preset.guidance:g}{refine} ({esc(h.preset_reason)})", highlight=False)
        else:
            console.print(f"  next plans use: the genre's starting preset ({esc(h.preset_reason)})", highlight=False)
        if h.settings:
            table = Table("setting", "takes", "mean", "adjusted", "picks won/lost", box=None, padding=(0, 2))
            for s in h.settings[:5]:
                table.add_row(esc(s.label()), str(s.n), f"{s.mean:.2f}", f"{s.adjusted:.2f}", f"{s.picks_won}/{s.picks_lost}")
            console.print(table)
        if h.cover_strength is not None:
            console.print(f"  cover strength that repaired best: {h.cover_strength:g} ({h.cover_n} repairs)",
                          highlight=False)
        if h.common_defects:
            console.print("  common defects: " + ", ".join(f"{esc(d['kind'])} ({d['share']:.0%})"
                                                           for d in h.common_defects), highlight=False)
        for r in h.repairs:
            gain = "-" if r.mean_gain is None else f"{r.mean_gain:+.2f}"
            people = f", people approved {r.approved} rejected {r.rejected}" if r.approved or r.rejected else ""
            console.print(f"  repair {esc(r.route)}: worked {r.worked}/{r.tried}, mean gain {gain}{people}; router "
                          f"{esc(route_value(r.route, r, max_variants=MAX_VARIANTS).describe())}", highlight=False)
        if h.human_choices:
            console.print(f"  people agreed with the score in {h.agreement:.0%} of {h.human_choices} choices",
                          highlight=False)


def register(app: typer.Typer) -> None:
    @app.command("heuristics")
    def heuristics(
        genre: Annotated[str | None, typer.Option(help="Only this genre (e.g. jazz).")] = None,
        catalog: CatalogOpt = None,
        json_out: JsonOpt = False,
    ) -> None:
        """What the planner has learned per genre from past takes, repairs and your choices."""
        from agent.learning import compute
        from agent.planning.genres import genre as find
        from catalog.store import default_path
        from engine.errors import CatalogError

        path = catalog or default_path()
        if not path.exists():
            raise CatalogError(f"no catalog at {path} (fix: run `aceprod album` first, or pass --catalog)")
        name = find(genre).name if genre else None
        learned = compute(path)
        if json_out:
            print_json({g: h.model_dump(mode="json") for g, h in learned.items() if name is None or g == name})
        else:
            print_heuristics(learned, console, genre=name)
