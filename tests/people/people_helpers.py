"""Helpers to drive aceprod through a pseudo-terminal (pexpect)."""

from __future__ import annotations

import re
import signal

import pexpect
from aceprod_kit import ACEPROD

ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b[()][A-Z0-9]|\r")
PROMPT = "aceprod>"
REPAIR_Q = r"(t\d\dr\d+): approve, reject or edit\?"
PICK_Q = r"track (\d+): which take do you keep\?"


def screen(text: str) -> str:
    """What a person sees, without terminal escape codes."""
    return ANSI.sub("", text or "")


class Person:
    """A pexpect child plus everything it showed, escape codes removed."""

    def __init__(self, args: list[str], env: dict[str, str], timeout: float = 60,
                 sigint_ignored: bool = False) -> None:
        """``sigint_ignored``: start aceprod as a shell starts a background job (SIGINT ignored)."""
        def ignore_sigint() -> None:
            signal.signal(signal.SIGINT, signal.SIG_IGN)

        self.child = pexpect.spawn(ACEPROD, args, env=env, encoding="utf-8", timeout=timeout,
                                   dimensions=(60, 220), preexec_fn=ignore_sigint if sigint_ignored else None)
        self.seen = ""

    def expect(self, pattern, timeout: float | None = None) -> int:
        i = self.child.expect(pattern, timeout=timeout if timeout is not None else -1)
        self.seen += screen(self.child.before) + screen(self.child.after if isinstance(self.child.after, str) else "")
        return i

    def send(self, line: str) -> None:
        self.child.sendline(line)

    def last(self) -> str:
        return screen(self.child.before)

