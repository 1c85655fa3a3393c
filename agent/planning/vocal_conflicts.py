"""Vocal wishes no plan can honour together: every track both instrumental and sung ("fully instrumental ...
but every single track needs a female singer"), or one track sung on an album said to be wholly without
voices with no exception word to set it apart. Each is written into the constraints' conflicts, which the
planner refuses with the fix."""

from __future__ import annotations

import re

from agent.planning.constraints import Read
from agent.planning.quantifiers import BUT, EXCEPTION_NOUN, ONLY
from agent.planning.reader import Reader
from agent.planning.track_refs import ALL, _clause

# "every single track", "on all of them", "en todas": a wish for each track of the album
EVERY = re.compile(rf"(?<![\w])(?:{ALL}|each|chaque|anywhere)(?![\w])")
# words that set some tracks apart from such a wish: "but the last", "com exceção do quinto", "only the 4th"
BUT_WORD = re.compile(rf"(?<![\w])(?:{BUT}|{EXCEPTION_NOUN}|{ONLY})(?![\w])")
STRONGLY = re.compile(r"(?<![\w])(?:fully|completely|entirely|strictly|totally|purely|absolutely|100\s?%|komplett|vollig|strikt|"
                      r"totalmente|completamente|enteramente|entierement|totalement|integralement|inteiramente|strictement|"
                      r"estrictamente|estritamente)(?![\w])")
# "fully instrumental", "no vocals anywhere": an instrumental wish for the whole album
WHOLLY = re.compile(rf"(?<![\w])(?:{ALL}|anywhere|fully|completely|entirely|strictly|totally|purely|absolutely|komplett|"
                    r"ganz|vollig|totalmente|completamente|enteramente|entierement|totalement|tout|todo|tudo)(?![\w])")


def _both_on_every_track(r: Reader, said: dict[bool, list[Read]]) -> None:
    """'Fully instrumental ... but every single track needs a female singer': both wishes speak of
    every track and no exception or count separates them, so no plan can honour both."""
    if r.c.vocal_tracks is not None or any(t.vocal is not None for t in r.c.tracks):
        return  # a count or a named track already says which tracks sing
    for sung in said[True]:
        a, b = _clause(r, sung.start, sung.start)
        if not EVERY.search(r.folded, a, b):
            continue
        for plain in said[False]:
            c, d = _clause(r, plain.start, plain.start)
            if not WHOLLY.search(r.folded, c, d):
                continue  # "... com exceção do quinto, que deverá ser uma guitarrada instrumental" is one track
            excepts = [m for m in BUT_WORD.finditer(r.folded, min(a, c), max(b, d))
                       if not EVERY.search(r.folded[m.end():m.end() + 25])]  # "but every single track" adds, not excepts
            if not excepts or (a, b) != (c, d):
                r.c.conflicts.append(f"'{plain.source}' and '{sung.source}' ask for every track to be both "
                                     "instrumental and sung")
                return


def _sung_on_a_wholly_instrumental_album(r: Reader, said: dict[bool, list[Read]]) -> None:
    """'Totally instrumental, no voice at all. Oh, and on track 2 a female singer': a track sung on an album said
    to be wholly without voices, with no exception word anywhere to set it apart, contradicts it."""
    if BUT_WORD.search(r.folded):
        return
    sung = next((t for t in r.c.tracks if t.vocal is not None and t.vocal.value is True), None)
    for plain in said[False] if sung is not None else []:
        c, d = _clause(r, plain.start, plain.start)
        if STRONGLY.search(r.folded, c, d):
            r.c.conflicts.append(f"'{r.folded[c:d].strip()}' asks for no vocals on any track, but track {sung.index} "
                                 f"is sung ('{sung.vocal.source}')")
            return


def vocal_conflicts(r: Reader, said: dict[bool, list[Read]]) -> None:
    """Both checks, on the album-wide vocal words ``said`` (True: sung, False: instrumental)."""
    _both_on_every_track(r, said)
    _sung_on_a_wholly_instrumental_album(r, said)
