"""How proposals and takes look to a person: one repair with its defect,
evidence, planned pipeline and expected effect; a track's takes ranked with
scores, defects and file paths."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table

from agent.records import Question, RepairProposal, TakeRow
from agent.terminal import esc
from engine.pipeline import PipelineConfig, StageConfig


def describe_stage(s: StageConfig) -> str:
    parts = [s.type]
    if s.repainting_start is not None or s.repainting_end is not None:
        parts.append(f"{s.repainting_start or 0:.2f}-{s.repainting_end if s.repainting_end is not None else 0:.2f} s")
    if s.audio_cover_strength is not None:
        parts.append(f"strength {s.audio_cover_strength:.2f}")
    if s.track_name:
        parts.append(f"stem {s.track_name}")
    if s.complete_track_classes:
        parts.append("with " + ", ".join(s.complete_track_classes))
    if s.denoise is not None:
        parts.append(f"denoise {s.denoise:.2f}")
    if s.steps is not None:
        parts.append(f"{s.steps} steps")
    return " ".join(parts)


def describe_pipeline(p: PipelineConfig) -> str:
    """'repaint 2.00-4.50 s on turbo, seed 123' (every stage, in order)."""
    stages = " -> ".join(describe_stage(s) for s in p.stages)
    model = p.stages[-1].model or p.model or "default model"
    return f"{stages} on {model}, seed {p.seed}"


def show_proposal(p: RepairProposal, console: Console, *, score: float | None = None) -> None:
    head = f"repair [bold]{esc(p.proposal_id)}[/] for track {p.track}: take {esc(p.from_take)}"
    console.print(head + (f" (score {score:.1f})" if score is not None else ""), highlight=False)
    console.print(f"  defect:   {esc(', '.join(p.defect_kinds) or '-')}", highlight=False)
    console.print(f"  evidence: {esc(p.evidence or '-')}", highlight=False)
    console.print(f"  why:      {esc(p.reason or '-')}", highlight=False)
    console.print(f"  pipeline: {esc(p.route)}: {esc(describe_pipeline(p.pipeline))}", highlight=False)
    console.print(f"  expect:   {esc(p.expected or '-')}", highlight=False)


def take_table(takes: list[TakeRow], *, title: str, reference: bool = False) -> Table:
    table = Table(title=title, title_justify="left")
    cols = ["#", "take", "score"] + (["ref"] if reference else []) + ["defects", "file"]
    for col in cols:
        table.add_column(col, overflow="fold")
    for t in takes:
        found = t.defects
        defects = "; ".join(found[:2]) + (f" (+{len(found) - 2} more)" if len(found) > 2 else "") or "none"
        note = f" [{t.note}]" if t.note else ""
        row = [str(t.rank), esc(t.take_id + note), f"{t.overall:.1f}"]
        if reference:
            row.append("-" if t.similarity is None else f"{t.similarity:.2f}")
        table.add_row(*row, esc(defects), esc(t.audio))
    return table


def show_pick(question: Question, console: Console) -> None:
    ref = any(t.similarity is not None for t in question.takes)
    console.print(take_table(question.takes, title=f"track {question.track} \"{esc(question.title)}\": "
                             f"{len(question.takes)} takes, best score first", reference=ref))
