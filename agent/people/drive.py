"""Run the producer graph with a person in the loop: stream until the graph
stops at a question (``interrupt``), ask it, resume with the answer, repeat.
Ctrl-D at a question raises ``Cancelled``; the run stays saved at that question."""

from __future__ import annotations

import threading
from typing import Any

from rich.console import Console

from agent.context import AgentContext
from agent.people.answers import answer_interrupt
from agent.people.readers import Reader
from agent.runner import RunInfo, pending_interrupt, stream_run
from agent.terminal import esc
from engine.protocol import EngineCapabilities


def drive(graph: Any, ctx: AgentContext, info: RunInfo, *, resume: bool, reader: Reader, console: Console,
          caps: EngineCapabilities | None, answer: Any = None) -> None:
    """Stream the run to its end, asking the person whenever it waits on them."""
    first = True
    while True:
        for _ in stream_run(graph, ctx, info, resume=resume if first else False, answer=answer):
            pass
        first = False
        value = pending_interrupt(graph, info.run_id)
        if value is None:
            return
        answer = answer_interrupt(value, reader=reader, console=console, caps=caps)


class EventLines:
    """One line per graph event (for runs where a person answers questions: no live bars)."""

    def __init__(self, console: Console) -> None:
        self.console = console
        self.lock = threading.Lock()

    def __call__(self, event: str, data: dict[str, Any]) -> None:
        handler = getattr(self, f"on_{event}", None)
        if handler is not None:
            with self.lock:
                handler(data)

    def say(self, text: str) -> None:
        self.console.print(text, highlight=False)

    def on_planned(self, d: dict) -> None:
        plan = d["plan"]
        self.say(f"planned \"{esc(plan['title'])}\": {len(plan['tracks'])} track(s), {plan['candidates']} takes each")

    def on_take_started(self, d: dict) -> None:
        self.say(f"  {esc(d['take'])}: generating {d['duration']:.0f} s on {esc(d['model'])} ...")

    def on_take_done(self, d: dict) -> None:
        self.say(f"  {esc(d['take'])}: score {d['overall']:.1f}")

    def on_take_failed(self, d: dict) -> None:
        self.say(f"  [red]{esc(d['take'])} failed:[/] {esc(d['error'])}")

    def on_proposals(self, d: dict) -> None:
        if d["count"]:
            self.say(f"{d['count']} repair(s) proposed")

    def on_repair_started(self, d: dict) -> None:
        self.say(f"  {esc(d['proposal'])}: {esc(d['route'])} on track {d['track']} ...")

    def on_repair_done(self, d: dict) -> None:
        verdict = "kept" if d["accepted"] else "not kept (no better)"
        self.say(f"  {esc(d['proposal'])}: {d['before']:.1f} -> {d['after']:.1f}, {verdict}")

    def on_repair_failed(self, d: dict) -> None:
        self.say(f"  [red]{esc(d['proposal'])} failed:[/] {esc(d['error'])}")

    def on_cataloged(self, d: dict) -> None:
        self.say(f"catalog: {d['generations']} takes, {d['repairs']} repairs, {d['pairs']} pairs")

    def on_preferences(self, d: dict) -> None:
        if d["human_choices"] or d["similarities"]:
            self.say(f"catalog: {d['human_choices']} human choices, {d['similarities']} reference "
                     f"similarities, {d['pairs']} pairs")

    def on_mastered(self, d: dict) -> None:
        self.say(f"mastered at {d['target']:.1f} LUFS (spread {d['spread']} LU)")
