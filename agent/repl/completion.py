"""Tab completion: command words first, then what fits the command (take and
repair ids of the current run, modes, files for reference/score/export)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from prompt_toolkit.completion import Completer, Completion, PathCompleter
from prompt_toolkit.document import Document

from agent.context import AUTONOMY_LEVELS
from agent.state import takes_of

FILE_COMMANDS = {"reference", "ref", "score", "export"}


class ReplCompleter(Completer):
    def __init__(self, session: Any, commands: Iterable[str]) -> None:
        self.session, self.commands = session, sorted(commands)
        self.paths = PathCompleter(expanduser=True)

    def ids(self) -> list[str]:
        s = self.session
        if s.run is None:
            return []
        try:
            state = s.state()
        except Exception:  # completion must never break the prompt
            return []
        ids = [t.take_id for t in takes_of(state)]
        ids += [p.proposal_id for p in s.pending_proposals()]
        return ids + ["all", "over"]

    def get_completions(self, document: Document, complete_event: Any) -> Iterable[Completion]:
        text = document.text_before_cursor
        if " " not in text:
            for c in self.commands:
                if c.startswith(text.lower().lstrip("/")):
                    yield Completion(c, start_position=-len(text.lstrip("/")))
            return
        command, _, rest = text.partition(" ")
        command = command.lower().lstrip("/")
        if command in FILE_COMMANDS:
            yield from self.paths.get_completions(Document(rest, len(rest)), complete_event)
            return
        word = rest.split(" ")[-1]
        options = list(AUTONOMY_LEVELS) if command == "mode" else self.ids()
        for o in options:
            if o.startswith(word.lower()):
                yield Completion(o, start_position=-len(word))
