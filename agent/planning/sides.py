"""The sides of a record: "side A 4 cuts, side B 4 cuts", "face A : 3 titres, face B : 3 titres", "Seite A mit 5
Stücken", "lado A com 4 faixas". Two or more sides, each with its count, make the album's count (their sum, side A
first), and a side's letter and a number name a track: "A2" is side A's second, "B3" the third after side A's.

``side_tracks`` writes those names as tracks ("B3" becomes "track 7") once the text gives every side's count, so
every reader of track references reads them; ``side_count`` is the album's count, for the reader's count pass."""

from __future__ import annotations

import re

from agent.planning import lexicon as lx
from agent.planning.constraints import Read
from engine.genres import fold

SIDE = r"(?:side|face|lado|cara|seite)"
SIDE_COUNT = re.compile(rf"(?<![\w]){SIDE}\s+(?P<side>[a-d])(?![\w])\s*[:=,–-]?\s*(?:(?:has|with|con|com|avec|mit|tiene|tem)\s+)?"
                        rf"(?P<n>{lx.NUMBER})\s+(?:{lx.TRACK_NOUN})(?![\w])")
SIDE_REF = re.compile(r"(?<![\w'-])(?P<side>[A-Da-d])(?P<k>[1-9])(?![\w'-])")


def _sides(folded: str) -> list[tuple[int, re.Match[str]]]:
    """(count, match) per side, in side order, when sides A, B, ... each give a count; else []."""
    found: dict[str, tuple[int, re.Match[str]]] = {}
    for m in SIDE_COUNT.finditer(folded):
        value = lx.number_value(m.group("n"))
        if value and float(value).is_integer() and 1 <= value <= 20:
            found.setdefault(m.group("side"), (int(value), m))
    letters = sorted(found)
    if len(letters) < 2 or letters != [chr(ord("a") + i) for i in range(len(letters))]:
        return []
    return [found[x] for x in letters]


def side_tracks(text: str) -> str:
    """``text`` with "A2", "B3" written as the album's tracks, when the text counts every side."""
    sides = _sides(fold(text))
    if not sides:
        return text
    first = [1 + sum(n for n, _ in sides[:i]) for i in range(len(sides))]  # side -> its first track

    def track(m: re.Match[str]) -> str:
        i, k = ord(m.group("side").lower()) - ord("a"), int(m.group("k"))
        return f"track {first[i] + k - 1}" if i < len(sides) and k <= sides[i][0] else m.group(0)

    return SIDE_REF.sub(track, text)


def side_count(text: str, folded: str) -> Read | None:
    """The album's count from its sides' counts, or None."""
    sides = _sides(folded)
    if not sides:
        return None
    start, end = sides[0][1].start(), sides[-1][1].end()
    return Read(value=sum(n for n, _ in sides), source=text[start:end].strip(), start=start, end=end)
