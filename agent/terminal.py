"""Safe terminal output: text from data (titles, captions, file names, errors,
LLM answers) is never read as Rich markup and never reaches the terminal as an
escape sequence.

- ``esc(value)``: the one helper for putting data into a markup string or a table
  cell (``f"[bold]{esc(title)}[/]"``): control characters removed, ``[`` escaped.
- ``clean(value)``: the same without markup escaping (for plain text).
- ``SafeConsole``: the console every command prints through. It strips terminal
  control sequences from everything it renders, and a string whose markup does not
  parse is printed as plain text instead of failing: a bug at one call site costs
  formatting, never the command.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from rich.console import Console, ConsoleOptions, RenderableType
from rich.errors import MarkupError
from rich.markup import escape
from rich.segment import Segment
from rich.text import Text

# Whole escape sequences first (CSI, OSC, DCS/SOS/PM/APC strings, two-byte ESC x),
# then any control character left over: C0 except tab and newline, DEL, C1, and the
# bidirectional overrides that make text display in another order than it reads.
_SEQUENCES = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]?"          # CSI ... final byte
    r"|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?"  # OSC ... BEL or ST
    r"|\x1b[PX^_][^\x1b]*(?:\x1b\\)?"    # DCS, SOS, PM, APC ... ST
    r"|\x9b[0-?]*[ -/]*[@-~]?"           # 8-bit CSI
    r"|\x1b[ -~]?"                        # ESC + one byte (or a lone ESC)
)
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def clean(value: Any) -> str:
    """``str(value)`` without terminal control sequences or control characters (tab and newline kept)."""
    text = value if isinstance(value, str) else str(value)
    if not text.isprintable():  # fast path: printable text has nothing to strip
        text = _CONTROLS.sub("", _SEQUENCES.sub("", text))
    return text


def esc(value: Any) -> str:
    """Data made safe to embed in Rich markup: cleaned, and ``[`` escaped."""
    return escape(clean(value))


class SafeConsole(Console):
    """A Rich console that never prints control sequences from data and never fails on markup."""

    def render_str(self, text: str, **kwargs: Any) -> Text:
        text = clean(text)
        try:
            return super().render_str(text, **kwargs)
        except MarkupError:
            return super().render_str(text, **{**kwargs, "markup": False})

    def render(self, renderable: RenderableType, options: ConsoleOptions | None = None) -> Iterable[Segment]:
        for seg in super().render(renderable, options):
            if seg.control is None and seg.text and not seg.text.isprintable():
                yield Segment(clean(seg.text), seg.style)
            else:
                yield seg
