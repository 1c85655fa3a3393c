"""Listed tracks named again later by their names: "1. tiny tots (ages 4-5), pop, 2:00 ...
6. finale, disco, 3:00. Everything instrumental EXCEPT the tiny tots number and the finale".

After a numbered list (a tracklist, or a table written as one: planning/tables.py), a later
mention of an item's name with an article or a piece noun ("the tiny tots number", "la
entrada de la novia") is rewritten as "track N", so every later pass reads it as a reference
to that track. A name stands for its track only when one item has it; a one-word name needs
the article or the noun ("tap" alone is just a word), and names that are numbers or lengths
are none.
"""

from __future__ import annotations

import re

from agent.planning import lexicon as lx
from agent.planning.ordinals import ORDINALS
from agent.planning.reader import fold_keep_length as fold  # one character for one: spans stay valid
from engine.genres import genre_mentions

ITEM = re.compile(r"(?:^|\n)[ \t]*(?P<n>\d{1,2})[.)][ \t]+(?P<name>(?:(?!\s-\s)[^,(:\n—–])+)[^\n]*")  # "1. menu - 40s"
ARTICLE = r"(?:the|la|el|le|l'|der|die|das|dem|den|o|a|os|as|los|las|les)"
PIECE = (r"(?:number|track|song|piece|one|dance|cue|nummer|stuck|lied|titre|morceau|chanson|tema|cancion|pieza|faixa|"
         r"musica|cancao)")


# a count whose sentence lists its pieces by name: "3 faixas: abertura (40s), trilha de fundo (5 min) e encerramento (40s)"
INLINE_LIST = re.compile(rf"(?<![\w])(?P<n>{lx.NUMBER})\s+{lx.TRACK_NOUN}\s*:\s*(?P<items>[^.!?\n:]+)")
# a listed piece's name: one to four words before its brackets, length or the end of its part
INLINE_HEAD = re.compile(r"(?:(?:an?|um|uma|un|une|una|ein|eine|the|o|a|le|la|el|der|die|das)\s+)?"
                         r"(?P<name>[a-z][a-z'-]{3,}(?:\s+[a-z][a-z'-]*){0,3}?)\s*(?:\(|$|\d)")
# a piece given its place in words: "the first dance is track 4", "la entrada será el tema 2", "der Einzug ist Nr. 3"
IS_TRACK = re.compile(rf"(?<![\w]){ARTICLE}\s+(?:[a-z'-]+\s+){{1,3}}?(?P<is>is|will be|would be|should be|es|sera|est|ist|wird|e|"
                      rf"seria|serait)\s+(?:(?:{ARTICLE}|on)\s+)?(?P<ref>(?:{PIECE}|nr\.?|no\.?|#)\s*\d{{1,2}})(?![\w])")


# a piece given its place in brackets: "The processional (first) should be ...", "la salida (la última)"
PLACE_IN_BRACKETS = re.compile(rf"(?<![\w])(?:{ARTICLE}\s+|l')(?:[a-z'-]+\s+){{0,4}}?[a-z'-]+\s*\(\s*(?:{ARTICLE}\s+)?"
                               r"(?P<ord>[a-z]+|\d{1,2}(?:st|nd|rd|th|e|o|a|º|ª))\s*(?:track|song|one|piece|tema|faixa|titre)?\s*\)")


def name_places(text: str) -> str:
    """``text`` with a piece that is said to be a numbered track written as that track: "the first dance is
    track 4 and slow" -> "track 4 and slow" (its own words, "the first", name no other track)."""
    for m in reversed(list(PLACE_IN_BRACKETS.finditer(fold(text)))):
        word = m.group("ord")
        if word in ORDINALS or re.fullmatch(r"\d{1,2}\D+", word):
            text = text[:m.start()] + f"the {text[m.start('ord'):m.end('ord')]}" + text[m.end():]
    folded = fold(text)
    for m in reversed(list(IS_TRACK.finditer(folded))):
        if text[m.start("is"):m.end("is")].lower() != "e":  # Portuguese "é" is; a plain "e" is "and"
            text = text[:m.start()] + text[m.start("ref"):]
    return text


def _name_by_what_differs(names: dict[str, list[int]]) -> None:
    """Items whose names share their first word ("pista da praia", "pista da cidade"; "Level Desert", "Level Space")
    are also named by the rest ("a da praia", "Desert eher gemächlich")."""
    firsts = [name.split()[0] for name in names if " " in name]
    for name, numbers in list(names.items()):
        rest = name.partition(" ")[2]
        if rest and firsts.count(name.split()[0]) >= 2 and len(rest) >= 4 and rest not in names:
            names[rest] = numbers


def _a_property(words: str) -> bool:
    """A tempo word, a mood, a genre or an instrument: what a piece is like, not its name."""
    return bool(words in lx.TEMPO_WORDS or words in lx.MOODS or genre_mentions(words) or lx.instrument(words))


def _inline_items(text: str) -> tuple[dict[str, list[int]], int] | None:
    """The names of the pieces a count lists in its sentence ("3 faixas: abertura (40s), trilha de fundo (5 min) e
    encerramento (40s)"), one name per piece counted, and where the list ends."""
    for m in INLINE_LIST.finditer(fold(text)):
        parts = [p.strip() for p in re.split(r"\s*[,;]\s*(?:(?:and|y|e|et|und)\s+)?|\s+(?:and|y|e|et|und|&)\s+", m.group("items"))]
        heads = [INLINE_HEAD.match(p) for p in parts if p]
        if any(h and _a_property(h.group("name").strip()) for h in heads):
            continue  # "3 songs: upbeat, catchy, happy" says what they are like, it names none of them
        if len(heads) >= 2 and all(heads) and len(heads) == lx.number_value(m.group("n")):
            names: dict[str, list[int]] = {}
            for k, h in enumerate(heads, start=1):
                names.setdefault(h.group("name").strip(), []).append(k)
            return names, m.end()
    return None


def name_items(text: str) -> str:
    """``text`` with later mentions of a listed item's name written as "track N" (see the module docstring),
    and pieces said to be a numbered track written as it (``name_places``)."""
    text = name_places(text)
    items = list(ITEM.finditer(text))
    names: dict[str, list[int]] = {}
    groups: dict[str, list[int]] = {}  # items that share their first word: "sprint", "sprint 2" are "the two sprints"
    if len(items) >= 2 and [int(m.group("n")) for m in items] == list(range(1, len(items) + 1)):
        for m in items:
            name = fold(" ".join(m.group("name").split()).strip(" .-"))
            if len(name) >= 4 and re.search(r"[a-z]{3}", name) and not re.search(r"\d", name):
                names.setdefault(name, []).append(int(m.group("n")))
            if re.match(r"[a-z]{4,}", name):
                groups.setdefault(name.split()[0], []).append(int(m.group("n")))
        end = items[-1].end()
    elif inline := _inline_items(text):
        names, end = inline
    else:
        return text
    _name_by_what_differs(names)
    head, tail = text[:end], text[end:]
    folded = fold(tail)
    spans: list[tuple[int, int, int | list[int]]] = []
    for name, numbers in names.items():
        if len(numbers) != 1:
            continue
        several = " " in name
        for m in re.finditer(rf"(?<![\w])(?P<art>{ARTICLE}\s+)?{re.escape(name)}(?P<noun>\s+{PIECE})?(?![\w])", folded):
            opens = re.search(r"(?:^|[.!?;,:\n])\s*$", folded[:m.start()])  # "Space darf schneller sein, Desert eher ..."
            # or one more after a name read just before: "Abertura e encerramento com cuíca"
            opens = opens or any(re.fullmatch(r"\s+(?:and|y|e|et|und|&)\s+", folded[b:m.start()]) for _, b, _ in spans)
            titled = tail[m.end("art") if m.group("art") else m.start()].isupper()  # "All instrumental except Afterglow"
            if (several or m.group("art") or m.group("noun") or opens or titled) \
                    and not any(a < m.end() and m.start() < b for a, b, _ in spans):
                spans.append((m.start(), m.end(), numbers[0]))
    for word, numbers in groups.items():  # "Male vocal hooks on the two sprints"
        for m in re.finditer(rf"(?<![\w])(?:{ARTICLE}\s+)?(?:(?:two|both|deux|dos|duas|zwei|beiden|three|trois|tres|drei)\s+)?"
                             rf"{re.escape(word)}(?:s|es|en|n)(?![\w])", folded):
            if len(numbers) >= 2 and not any(a < m.end() and m.start() < b for a, b, _ in spans):
                spans.append((m.start(), m.end(), numbers))
    for start, stop, n in sorted(spans, reverse=True):
        said = f"track {n}" if isinstance(n, int) else "tracks " + ", ".join(map(str, n[:-1])) + f" and {n[-1]}"
        tail = tail[:start] + said + tail[stop:]
    return head + tail
