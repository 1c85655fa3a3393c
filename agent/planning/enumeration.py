"""Items after a count that define its tracks in order: "Two tracks: a 128 bpm house track and a 70 bpm ballad",
"three tracks: fast, slow, fast", "4 pieces: one for when she walks in (about a minute), one while people eat, the first
dance and the last dance". Items are cut at commas and joining words outside brackets; an item opens with an article,
a number (a group of that many tracks) or a reference, and one that opens with neither belongs to the item before it.
"""

from __future__ import annotations

import re

from agent.planning import lexicon as lx
from agent.planning import place_words as pw
from agent.planning.reader import Reader
from agent.planning.track_refs import ALL_RE, REF_ONE_RE, _clause, _refs
from engine.genres import genre_mentions

ITEM_START = re.compile(r"(?:an?|one|another|something|un|una|une|uno|otro|otra|algo|autre|un autre|une autre|"
                        r"quelque chose|ein|eine|eins|noch eins|ein anderes|etwas|um|uma|outro|outra)(?![\w])")
# words that lead an item in: "we finish with a heavy metal track", "and to close, a ballad", "para cerrar, una"
LEAD_IN = re.compile(r"(?:(?:we|i|let's|let us)\s+)?(?:finish|end|close|wrap up|start|open|kick off)(?:\s+it)?(?:\s+off)?"
                     r"\s+with\s+|(?:to (?:finish|close|end)|para (?:cerrar|terminar|acabar|fechar)|pour (?:finir|terminer)|"
                     r"zum (?:schluss|abschluss)|para fechar"
                     # the words of a sequence: "primero un vals ..., luego dos ...", "zuerst ..., zum Schluss ..."
                     r"|first|firstly|primero|primeiro|d'abord|zuerst|zunachst|then|luego|despues|ensuite|puis|dann|danach|"
                     r"depois|finally|al final|por ultimo|enfin|a la fin|por fim|no final|am ende)\s*,?\s*")


# words that join items of a list in order: "a house track, then an interlude", "und danach"
THEN = (r"(?:and then|and|then|followed by|y luego|y despues|luego|despues|seguido de|et puis|et ensuite|puis|ensuite|"
        r"suivi d'|suivi de|und dann|und danach|dann|danach|gefolgt von|e depois|depois|e entao|plus|y|et|und|e)")


def enumeration(r: Reader) -> None:
    """Items after a count ('Two tracks: a house track and a ballad') define tracks in order."""
    c = r.c
    start = c.track_count.end if c.track_count else None
    if start is None:
        return
    a, b = _clause(r, start, start)
    tail = r.folded[start:b]
    lead = re.match(rf"(?:,?\s+[\w'&-]+){{0,4}}?\s*(?:[:\-–—(]|,\s*(?=(?:an?|one|un|una|une|ein|eine|eins|um|uma|"
                    rf"{lx.NUMBER_WORD}|\d{{1,2}})\s))", tail)  # "four pieces, two fast and two slow"
    if not lead:
        return
    protected = [(s, e) for s, e, _ in genre_mentions(tail)]
    cuts = [m for m in re.finditer(rf"\s*[,;]\s*(?:{THEN}\s+)?|\s+{THEN}\s+", tail)
            if m.start() >= lead.end() and not any(s <= m.start() < e for s, e in protected)
            and tail.count("(", 0, m.start()) <= tail.count(")", 0, m.start())]  # not in an item's own brackets
    bounds, pos = [], lead.end()
    for m in cuts:
        bounds.append((pos, m.start()))
        pos = m.end()
    bounds.append((pos, len(tail)))
    items = [(start + s + len(tail[s:e]) - len(tail[s:e].lstrip()), start + e) for s, e in bounds
             if tail[s:e].strip() and not IN_ORDER.fullmatch(tail[s:e].strip())]
    if any(ITEM_START.match(r.folded, s) and ALL_RE.search(r.folded, s, e) for s, e in items):
        return  # "two songs, one male and one female voice on each": every track has both
    sizes = [_size(r, s) for s, _ in items]
    if any(x and x > 1 for x in sizes):  # groups in order: "primero un vals ..., y luego dos de reguetón ..."
        while len(sizes) > 2 and sizes[-1] is None:  # "..., en español, de unos 3 minutos cada una": the album's
            items, sizes = items[:-1], sizes[:-1]
    counted = r.own_count or c.track_count.value  # "a pair of spots, one 30 s and one 60 s, plus a cut-down"
    if len(items) >= 2 and all(sizes) and sum(sizes) == counted:  # "deux rapides, deux lents"
        first = 1
        for (s, e), size in zip(items, sizes, strict=True):
            r.segments.append((s, e, list(range(first, first + int(size)))))
            first += int(size)
        return
    if len(items) >= 2 and len(items) == counted and (all(_one_word_item(r, s, e) for s, e in items)
                                                      or all(pw.NAMED_ITEM.fullmatch(r.folded[s:e].strip(" .!")) for s, e in items)):
        for k, (s, e) in enumerate(items, start=1):  # "three tracks: fast, slow, fast", "abertura (40s), ..."
            r.segments.append((s, e, [k]))
        return
    if any((ref := REF_ONE_RE.match(r.folded, s)) is not None and not r.folded[ref.end():e].strip() for s, e in items):
        return  # "la primera y la tercera rápidas, ...": an item that is only a reference lists references
    # items that open with an article or a reference are the tracks; a lead-in goes ("and we finish with a metal
    # track"), and a piece that opens with neither belongs to the item before it ("something funky and mid-tempo")
    joined: list[tuple[int, int]] = []
    for s, e in items:
        lead = LEAD_IN.match(r.folded, s)
        s = lead.end() if lead else s
        if _opens_item(r, s) or not joined:
            joined.append((s, e))
        elif ALL_RE.search(r.folded, s, e):
            break  # "one 30 s and one 60 s, male voice singing on both": the rest speaks of them all
        else:
            joined[-1] = (joined[-1][0], e)
    items = [(s, e) for s, e in joined if _opens_item(r, s)]
    if len(items) < 2 or len(items) != counted:
        return
    for k, (s, e) in enumerate(items, start=1):
        ref = REF_ONE_RE.match(r.folded, s)
        index = _refs(ref.group(0))[0] if ref and _refs(ref.group(0)) else k
        r.segments.append((s, e, [index]))


# a piece named with its definite article in a list of pieces: "..., the first dance (slow) and the last dance (fast)"
DEFINITE_ITEM = re.compile(r"(?:the|el|la|le|l'|o|a|der|die|das)\s*(?:[\w'-]+\s+){0,3}?[\w'-]+\s*\(")


def _opens_item(r: Reader, s: int) -> bool:
    return bool(ITEM_START.match(r.folded, s) or REF_ONE_RE.match(r.folded, s) or DEFINITE_ITEM.match(r.folded, s))


def _size(r: Reader, s: int) -> float | None:
    """How many tracks an enumerated item opens with: its number, one for an article, None for neither."""
    lead = LEAD_IN.match(r.folded, s)
    s = lead.end() if lead else s
    group = lx.NUMBER_RE.match(r.folded, s)
    if group:
        return lx.number_value(group.group("n"))
    return 1 if ITEM_START.match(r.folded, s) else None


IN_ORDER = re.compile(r"(?:in (?:that|this|the same) order|in order|en ese orden|en este orden|en ese mismo orden|"
                      r"dans cet ordre|dans l'ordre|dans le meme ordre|in dieser reihenfolge|in der reihenfolge|"
                      r"nessa ordem|nesta ordem|na mesma ordem|por esa orden|por essa ordem)")


def _one_word_item(r: Reader, s: int, e: int) -> bool:
    """An enumerated item that is only a tempo word or a genre name ('fast', 'very slow', 'house')."""
    text = r.folded[s:e].strip(" .!")
    return text in lx.TEMPO_WORDS or any(gs == 0 and ge >= len(text) for gs, ge, _ in genre_mentions(text))
