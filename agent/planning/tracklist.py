"""A tracklist written as numbered lines: "1. Opener - garage rock, very fast, 90 seconds",
"2) salsa, rápida, voz masculina", "3 - reggae, 80 bpm". Each line is its track's words, and the
list gives the track count when the numbers run 1, 2, 3, ... (the brief reader keeps list lines
apart: planning/tidy.py)."""

from __future__ import annotations

import re

from agent.planning.constraints import Read
from agent.planning.reader import Reader
from agent.planning.tidy import NUMBER_MARK

NUMBERED = re.compile(rf"(?:^|\n)\s*(?P<mark>{NUMBER_MARK})\s+(?P<words>[^\n]*)")


# items of a list written on one line: "I need 4 cues: 1) opening titles, 2:30; 2) chase scene, fast; ..."
INLINE = re.compile(r"(?<![\w.,:])(?P<mark>\d{1,2}\))\s+(?P<words>(?:(?!\s\d{1,2}\)\s|[.!?](?:\s|$))[^\n])*)")


def numbered_lines(r: Reader) -> None:
    """Each line of a 1, 2, 3, ... list speaks of its track; the list's length is the count."""
    lines = list(NUMBERED.finditer(r.folded))
    if len(lines) < 2:
        lines = list(INLINE.finditer(r.folded))
    spans = [[int(x) for x in re.findall(r"\d+", m.group("mark"))] for m in lines]  # "4-6:" is tracks 4 to 6
    spans = [(s[0], s[-1]) for s in spans]
    if len(lines) < 2 or spans[0][0] != 1 or any(b[0] != a[1] + 1 or b[1] < b[0] for a, b in zip(spans, spans[1:], strict=False)):
        return  # not a tracklist: numbers out of order, or a single line
    for m, (lo, hi) in zip(lines, spans, strict=True):
        r.mask(m.start("mark"), m.start("words"))  # the item's number is not a count, bpm or length
        r.segments.append((m.start("words"), m.end("words"), list(range(lo, hi + 1))))
    first, last = lines[0], lines[-1]
    r.listed = True
    r.c.track_count = Read(value=spans[-1][1], source=r.text[first.start("mark"):last.end("words")].strip(),
                           start=first.start("mark"), end=last.end("words"))
