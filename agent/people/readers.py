"""Where a person's answers come from: a terminal (prompt_toolkit: line editing,
history, completion) or any other stdin, read line by line (scripts, pipes,
remote use). Ctrl-D (end of input) raises ``Cancelled``; Ctrl-C propagates as
``KeyboardInterrupt`` so the caller decides what it cancels."""

from __future__ import annotations

import contextlib
import os
import shlex
import sys
from pathlib import Path
from typing import Any, Protocol, TextIO

from engine.errors import ConfigError


def words(text: str, *, what: str, empty: str) -> list[str]:
    """``text`` split like a shell line; a ConfigError naming ``what`` on an open quote, ``empty``
    (a message with its fix) when there is nothing."""
    try:
        tokens = shlex.split(text)
    except ValueError as exc:
        raise ConfigError(f"cannot read {what} ({exc}) (fix: close the quotes)") from None
    if not tokens:
        raise ConfigError(empty)
    return tokens


class Cancelled(Exception):
    """The person ended the input (Ctrl-D) at a question."""


class Reader(Protocol):
    def ask(self, prompt: str) -> str: ...


def aceprod_home() -> Path:
    """``$ACEPROD_HOME`` or ``~/.aceprod`` (REPL history lives here)."""
    return Path(os.environ.get("ACEPROD_HOME") or "~/.aceprod").expanduser()


class PlainReader:
    """Line reading for a stdin that is not a terminal; appends to ``history_path`` if given."""

    def __init__(self, stream: TextIO | None = None, out: TextIO | None = None,
                 history_path: Path | None = None) -> None:
        self.stream, self.out, self.history_path = stream or sys.stdin, out or sys.stdout, history_path

    def ask(self, prompt: str) -> str:
        self.out.write(prompt)
        self.out.flush()
        line = self.stream.readline()
        if not line:
            self.out.write("\n")
            raise Cancelled
        text = line.rstrip("\r\n")
        if self.history_path is not None and text.strip():
            _append_history(self.history_path, text)
        return text


def _append_history(path: Path, text: str) -> None:
    from datetime import datetime

    with contextlib.suppress(OSError):  # history is a convenience; never fail a session over it
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "a", encoding="utf-8") as fh:  # prompt_toolkit's FileHistory format
            fh.write(f"\n# {datetime.now()}\n" + "".join(f"+{line}\n" for line in text.split("\n")))


class TerminalReader:
    """prompt_toolkit prompt: line editing, history across sessions, tab completion."""

    def __init__(self, history_path: Path | None = None, completer: Any = None) -> None:
        from prompt_toolkit import PromptSession
        from prompt_toolkit.history import FileHistory, InMemoryHistory

        history: Any = InMemoryHistory()
        if history_path is not None:
            with contextlib.suppress(OSError):  # no history file: this session's history only
                history_path.parent.mkdir(parents=True, exist_ok=True)
                history = FileHistory(str(history_path))
        self.session: Any = PromptSession(history=history, completer=completer, complete_while_typing=False)

    def ask(self, prompt: str) -> str:
        try:
            return self.session.prompt(prompt)
        except EOFError:
            raise Cancelled from None


def is_terminal() -> bool:
    return sys.stdin.isatty() and sys.stdout.isatty()


def make_reader(*, history_path: Path | None = None, completer: Any = None) -> Reader:
    """A terminal reader at a TTY, else a plain line reader."""
    if is_terminal():
        return TerminalReader(history_path, completer)
    return PlainReader(history_path=history_path)
