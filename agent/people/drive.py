"""Run the producer graph with a person in the loop: stream until the graph
stops at a question (``interrupt``), ask it, resume with the answer, repeat.
Ctrl-D at a question raises ``Cancelled``; the run stays saved at that question."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from rich.console import Console

from agent.context import AgentContext
from agent.people.answers import answer_interrupt
from agent.people.readers import Reader
from agent.runner import RunInfo, pending_interrupt, stream_run
from agent.terminal import esc
from engine.protocol import EngineCapabilities


def drive(graph: Any, ctx: AgentContext, info: RunInfo, *, resume: bool, reader: Reader, console: Console,
          caps: EngineCapabilities | None) -> None:
    """Stream the run to its end, asking the person whenever it waits on them."""
    answer = None  # after the first stretch, the person's answer to the question the run waits on
    while True:
        for _ in stream_run(graph, ctx, info, resume=resume, answer=answer):
            pass
        _, question = pending_interrupt(graph, info.run_id)
        if question is None:
            return
        answer = answer_interrupt(question, reader=reader, console=console, caps=caps)


def _repair_done(d: dict) -> str:
    verdict = "kept" if d["accepted"] else "not kept (no better)"
    return f"  {esc(d['proposal'])}: {d['before']:.1f} -> {d['after']:.1f}, {verdict}"


# event -> its line (None: nothing to say); events not listed print nothing
LINES: dict[str, Callable[[dict], str | None]] = {
    "planned": lambda d: f"planned \"{esc(d['plan']['title'])}\": {len(d['plan']['tracks'])} track(s), "
                         f"{d['plan']['candidates']} takes each",
    "take_started": lambda d: f"  {esc(d['take'])}: generating {d['duration']:.0f} s on {esc(d['model'])} ...",
    "take_done": lambda d: f"  {esc(d['take'])}: score {d['overall']:.1f}",
    "take_failed": lambda d: f"  [red]{esc(d['take'])} failed:[/] {esc(d['error'])}",
    "proposals": lambda d: f"{d['count']} repair(s) proposed" if d["count"] else None,
    "repair_started": lambda d: f"  {esc(d['proposal'])}: {esc(d['route'])} on track {d['track']} ...",
    "repair_done": _repair_done,
    "repair_failed": lambda d: f"  [red]{esc(d['proposal'])} failed:[/] {esc(d['error'])}",
    "cataloged": lambda d: f"catalog: {d['generations']} takes, {d['repairs']} repairs, {d['pairs']} pairs",
    "preferences": lambda d: (f"catalog: {d['human_choices']} human choices, {d['similarities']} reference "
                              f"similarities, {d['pairs']} pairs") if d["human_choices"] or d["similarities"] else None,
    "mastered": lambda d: f"mastered at {d['target']:.1f} LUFS (spread {d['spread']} LU)",
}


class EventLines:
    """One line per graph event (for runs where a person answers questions: no live bars)."""

    def __init__(self, console: Console) -> None:
        self.console = console
        self.lock = threading.Lock()

    def __call__(self, event: str, data: dict[str, Any]) -> None:
        line = LINES[event](data) if event in LINES else None
        if line is not None:
            with self.lock:
                self.console.print(line, highlight=False)
