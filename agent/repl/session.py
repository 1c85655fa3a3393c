"""The state of one REPL session and what its commands do: plan from a brief,
edit the plan, generate (a run of the producer graph in OUT/<run id>/), answer
the run's questions (repairs, picks) inline or later by command, score, record
A/B choices, show history and pairs. Every run is resumable; Ctrl-C stops a
generation and keeps the session and the run.

The work itself is the shared producer session (agent/session/); this class
adds the terminal: a Rich console for what happens and a reader that asks the
run's questions inline."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from langgraph.types import Command
from rich.console import Console

from agent.people.answers import answer_interrupt
from agent.people.drive import EventLines
from agent.people.readers import Cancelled, Reader
from agent.plans import AlbumBrief, AlbumPlan
from agent.session import ActiveRun, ProducerSession
from agent.state import album_of
from agent.terminal import esc

__all__ = ["ActiveRun", "Session"]


@dataclass
class Session(ProducerSession):
    console: Console | None = None
    reader: Reader | None = None

    def __post_init__(self) -> None:
        self.console = self.console or Console()
        lines = EventLines(self.console)
        self.on_event = lambda event, data: lines(event, data) if event != "message" else self.print(data["text"])

    def print(self, text: str) -> None:
        self.console.print(text, highlight=False)

    def busy_status(self, text: str) -> Any:
        return self.console.status(text)

    def plan_from(self, brief: AlbumBrief) -> AlbumPlan:
        from agent.repl.clarify import clarify

        self.plan = clarify(self, super().plan_from(brief))  # one question when the brief left the count open
        return self.plan

    def advance(self, payload: Any) -> None:
        """Run until the graph ends or waits on a question; ask questions inline."""
        run = self._require_run()
        while True:
            try:
                self.advance_once(payload)
            except KeyboardInterrupt:
                self.say(f"[yellow]generation interrupted[/]; the run is saved (type `resume` to continue "
                         f"{esc(run.info.run_id)})")
                return
            qid, question = self.pending()
            if question is None:
                break
            run.decisions = {}
            try:
                answer = answer_interrupt(question, reader=self.reader, console=self.console, caps=self.caps)
            except (Cancelled, KeyboardInterrupt):
                self.say("question left open: answer it with approve / reject / edit / pick "
                         "(`repair` or `score` shows it again)")
                return
            run.answered.add(str(qid))
            payload = Command(resume=answer)
        if self.finished():
            from agent.album_cli import print_album

            print_album(album_of(self.state()), run.run_dir)
