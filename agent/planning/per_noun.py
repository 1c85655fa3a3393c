"""One piece per something: "12 rooms, one piece per room", "un Stück pro Runde", "une par salle", or music for a
number of things one of which is named by its number later ("para 6 salas ... La sala 3"), or each of which is
spoken of ("para las 7 estaciones ... Cada estación tiene su duración"). The number of those
things is the album's count ("12 rooms" makes 12 tracks), and "Room 7", "Runde 2" name tracks (planning/bare_refs.py
reads those)."""

from __future__ import annotations

import re

from agent.planning import lexicon as lx
from agent.planning.constraints import Read

# one piece per something: "un Stück pro Runde", "une par salle", "one per room": "Runde 2", "salle 3" name tracks
PER_NOUN = re.compile(r"(?<![\w])(?:one|un|une|una|uno|ein|eine|eines|eins|um|uma)\s+(?:[\w-]+\s+)?"
                      r"(?:per|par|por|pro|for each|para cada|pour chaque)\s+(?P<noun>[a-z]{3,})(?![\w])")


# music for a number of things, one of which is named by its number later: "para 6 salas", "for 5 levels"
NUMBERED_THINGS = re.compile(rf"(?<![\w])(?:for|para|pour|fur|pra)\s+(?:(?:the|las|los|les|die|as|os)\s+)?(?P<n>{lx.NUMBER})\s+"
                             r"(?P<noun>[a-z]{3,}?)(?:es|s|n|en)?(?![\w])")


def thing_nouns(folded: str, count: Read | None) -> list[str]:
    """The nouns of the things the album has one piece each of: every "one per X", and "for N Xs" when N is the count
    (its words are the count's: ``per_noun_count``)."""
    nouns = [p.group("noun") for p in PER_NOUN.finditer(folded)]
    return nouns + [m.group("noun") for m in NUMBERED_THINGS.finditer(folded) if count is not None and m.start() == count.start]


def per_noun_count(text: str, folded: str, said: Read | None) -> Read | None:
    """The count a brief gives as the number of things it wants one piece each of, when it counts no more than
    that one piece itself ("one piece per room"); else None."""
    if said is not None and said.value != 1:
        return None
    for m in NUMBERED_THINGS.finditer(folded):  # "música de fondo para 6 salas ... La sala 3 es la de Murillo"
        value, stem = lx.number_value(m.group("n")), re.escape(m.group("noun"))
        if value and float(value).is_integer() and 2 <= value <= 30 and not re.fullmatch(
                rf"{lx.TRACK_NOUN}|{lx.REF_NOUN}|{lx.MINUTES}|{lx.SECONDS}|{lx.HOURS}|{lx.BPM_UNIT}", m.group(0).split()[-1]) \
                and (any(1 <= int(k.group(1)) <= value for k in re.finditer(rf"(?<![\w]){stem}\s+(\d{{1,2}})(?![\w])",
                                                                           folded[m.end():]))
                     # or each of them is spoken of: "para las 7 estaciones ... Cada estación tiene su duración"
                     or re.search(rf"(?<![\w])(?:each|every|cada|chaque|jede[rsn]?)\s+{stem}", folded[m.end():])):
            return Read(value=int(value), source=text[m.start():m.end()], start=m.start(), end=m.end())
    for p in PER_NOUN.finditer(folded):
        if re.fullmatch(rf"{lx.TRACK_NOUN}|{lx.REF_NOUN}", p.group("noun")):
            continue
        stem = re.escape(p.group("noun").removesuffix("s"))
        m = re.search(rf"(?<![\w.,])(?P<n>{lx.NUMBER})\s+(?:[\w-]+\s+)?{stem}(?:s|n|e|en)?(?![\w])", folded)
        value = lx.number_value(m.group("n")) if m else None
        if value and float(value).is_integer() and 2 <= value <= 30:
            return Read(value=int(value), source=text[m.start():m.end()], start=m.start(), end=m.end())
    return None
