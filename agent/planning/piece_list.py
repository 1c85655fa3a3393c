"""A count that is one item of a list of pieces: "a main menu loop, three dungeon themes, two boss
fights, a shop theme and the credits" is eight tracks, in that order.

The counted item ("three dungeon themes") sits in a list whose every item opens with an article or a
number and names a piece in a few words; each item is that many tracks, in the order written, and its
words are its tracks'. A later mention of an item's name ("The boss fights should be fast") speaks of
its tracks. Lists of other things (instruments, voices, lengths, a video or a poster) are no pieces,
and a list of two is left to the enumeration of planning/track_refs.py.
"""

from __future__ import annotations

import re

from agent.planning import lexicon as lx
from agent.planning.ordinals import ORDINALS
from agent.planning.reader import Reader
from agent.plans import MAX_TRACKS

_QUANT = rf"(?:the|an?|one|un|una|une|ein|eine|einen|um|uma|el|la|le|o|{lx.NUMBER})"
ITEM = re.compile(rf"(?<![\w'-])(?P<q>{_QUANT})\s+(?P<name>(?:[a-z'-]+\s+){{0,3}}[a-z'-]+)\s*$")
JOIN = re.compile(r"\s*,\s*(?:(?:and|y|et|und|e|plus)\s+)?|\s+(?:and|y|et|und|e|plus|&)\s+")
# nouns that are no piece of music: "a singer", "a 20 minute runtime", "a music video", "a poster"
NOT_A_PIECE = re.compile(rf"(?<![\w])(?:{lx.VOCAL_NOUN}|{lx.MINUTES}|{lx.SECONDS}|{lx.HOURS}|{lx.BPM_UNIT}|{lx.ALBUM_NOUN}|"
                         r"videos?|posters?|logos?|artwork|covers?|budget|deadline|release|voices?|vocalists?|"
                         r"rappers?|choir|band|feel|vibe|mood)$")


# the articles before a later mention of a listed item (plural ones: "the boss fights") or of a piece ("le générique")
ITEM_ARTICLES = "the|los|las|les|die|os|as|el|la|le|o|a"
PIECE_ARTICLES = "the|le|la|el|o|a|der|die|das"
SENTENCE_END = re.compile(r"[.;!?\n]")


def later_mentions(r: Reader, name: str, after: int, tracks: list[int], articles: str) -> None:
    """Every mention of a piece by its ``name`` (a pattern) with an article after ``after`` speaks of its tracks, to its
    sentence's end: "The boss fights should be fast", "le générique, lui, sera chanté"."""
    for m in re.finditer(rf"(?<![\w])(?:{articles})\s+{name}(?![\w])", r.folded[after:]):
        stop = SENTENCE_END.search(r.folded, after + m.start())
        r.segments.append((after + m.start(), stop.start() if stop else len(r.folded), tracks))


def later_genre_mentions(r: Reader, after: int, named: list[tuple[list[int], str]]) -> None:
    """Groups said again by their genre, with an article, each by a name of its own ("einen Drum-and-Bass-Track und
    danach einen Ambient-Track. The DnB one at 172 bpm ..., der Ambient-Track ganz langsam"): each speaks of its
    group's tracks up to the next such mention or its sentence's end. ``named`` holds each group's tracks and style."""
    from engine.genres import genre_mentions, style_of

    hits = []
    for s, e, g in genre_mentions(r.folded[after:]):
        a = after + s
        if not re.search(rf"(?<![\w])(?:{ITEM_ARTICLES}|der|das|den|dem)\s+$", r.folded[max(0, a - 6):a]):
            continue
        name = style_of(r.folded[a:after + e]) or g.name
        tracks = [t for t, style in named if style == name]
        if len(tracks) == 1:
            hits.append((a, tracks[0]))
    for k, (a, tracks) in enumerate(hits):
        stop = SENTENCE_END.search(r.folded, a)
        end = min([stop.start() if stop else len(r.folded)] + [h[0] for h in hits[k + 1:]])
        r.segments.append((a, end, tracks))


def _joined(folded: str, left: int, right: int) -> list[tuple[int, int]]:
    """The pieces of ``folded[left:right]`` between its joins (commas, "and"), empty ones included."""
    cuts = [(left, left)] + [(left + m.start(), left + m.end()) for m in JOIN.finditer(folded[left:right])] + [(right, right)]
    return [(a[1], b[0]) for a, b in zip(cuts, cuts[1:], strict=False)]


def _items(r: Reader, start: int, end: int) -> list[tuple[int, int, int, str]] | None:
    """(start, end, tracks, name) of each item of the list holding the count at ``start..end``, or None."""
    left = r.after_last(".;:!?\n(", start)
    stops = [i for i in (r.folded.find(ch, end) for ch in ".;:!?\n(") if i >= 0]
    right = min(stops) if stops else len(r.folded)
    pieces = [(s, e) for s, e in _joined(r.folded, left, right) if e > s]
    at = next((k for k, (s, e) in enumerate(pieces) if s <= start < e or s < end <= e), None)
    if at is None:
        return None
    items: list[tuple[int, int, int, str]] = []
    for k, (s, e) in enumerate(pieces):
        m = ITEM.search(r.folded, s, e) if k <= at else ITEM.match(r.folded, s, e)  # the first piece may have a lead-in
        whole = m is not None and (k in (0, at) or m.start() == s)  # ITEM ends at the piece's end
        name = m.group("name") if m else ""
        first_word = name.split()[0] if name else ""
        if not whole or NOT_A_PIECE.search(name) or lx.instrument(name.split()[-1]) or first_word in ORDINALS \
                or first_word in lx.TEMPO_WORDS or first_word in lx.MOODS:
            if k < at:
                items = []  # the list starts after this piece
                continue
            break
        q = m.group("q")
        size = lx.number_value(q) if lx.NUMBER_RE.fullmatch(q) else 1
        if not size or not float(size).is_integer():
            return None
        items.append((m.start(), e, int(size), name))
    # the count comes after a piece of its own: a list opened by the count ("four pieces, two fast and two slow",
    # "7 pistes, très lent, ...") says what the counted pieces are
    if len(items) < 3 or not any(s <= start < e for s, e, _, _ in items[1:]):
        return None
    return items


def piece_list(r: Reader, start: int, end: int) -> tuple[int, int, int] | None:
    """(count, start, end) of the list of pieces the count at ``start..end`` is one item of; each item's
    words and every later mention of its name become segments of its tracks."""
    items = _items(r, start, end)
    if items is None:
        return None
    total = sum(size for _, _, size, _ in items)
    if not 2 <= total <= MAX_TRACKS:
        return None
    first = 1
    for s, e, size, name in items:
        tracks = list(range(first, first + size))
        r.segments.append((s, e, tracks))
        later_mentions(r, re.escape(name).replace(r"\ ", r"\s+"), items[-1][1], tracks, ITEM_ARTICLES)
        first += size
    return total, items[0][0], items[-1][1]


# a piece of a list that opens with its quantity: "une ouverture de 2 min", "trois intermèdes de 45 secondes"
ITEM_START = re.compile(rf"\s*(?P<q>{_QUANT})\s+(?P<name>[a-z'-]+)")
# a list after a colon whose every item is a number of pieces: "nessa ordem: 1 vinheta de 15s, 3 trilhas de 2 min cada, e 1 ..."
NUMBERED_ITEMS = re.compile(r":\s*(?=\d{1,2}\s+[a-z])")
NUMBERED_ITEM = re.compile(rf"\s*\d{{1,2}}\s+(?:[\w'-]+\s+){{0,2}}?(?:{lx.TRACK_NOUN}|{lx.PIECE_NOUN})(?![\w])")


def _top_level(folded: str, left: int, right: int) -> list[tuple[int, int]]:
    """The pieces of ``folded[left:right]`` between its joins outside brackets: "Einzug (Orgel solo, 3 Minuten),
    zwei Chorlieder" is two pieces."""
    depth, level = 0, []
    for ch in folded[left:right]:
        depth += ch == "("
        depth -= ch == ")" and depth > 0
        level.append(depth)
    cuts = [(left, left)] + [(left + m.start(), left + m.end()) for m in JOIN.finditer(folded[left:right])
                             if level[m.start()] == 0] + [(right, right)]
    return [(x[1], y[0]) for x, y in zip(cuts, cuts[1:], strict=False) if y[0] > x[1]]


def _item(r: Reader, s: int, e: int, first: bool) -> int | None:
    """How many tracks the piece ``s..e`` counts: its quantity, 1 for a first piece named without one (the
    piece after the colon: "4 Stücke: Einzug (...)"), 0 for words that go on the item before ("und einen
    Auszug, wieder Orgel solo, 2 Minuten"), None for no piece of music."""
    if re.match(rf"\s*{lx.REF_NOUN}\s*\d", r.folded[s:e]):
        return None  # "morceau 1 générique, morceaux 2 et 3 transitions": tracks named, not counted
    m = ITEM_START.match(r.folded, s, e)
    if m is None:
        return 1 if first and re.match(r"\s*[a-z]", r.folded[s:e]) else 0
    size = lx.number_value(m.group("q")) if lx.NUMBER_RE.fullmatch(m.group("q")) else 1
    if NOT_A_PIECE.search(m.group("name")) or lx.instrument(m.group("name")) or not size \
            or (m.group("q") in ("the", "el", "la", "le", "o", "a") and m.group("name") in ORDINALS) \
            or (re.fullmatch(lx.REF_NOUN, m.group("name")) and not lx.NUMBER_RE.fullmatch(m.group("q"))) \
            or not float(size).is_integer():
        return 0 if not first and re.fullmatch(rf"{lx.MINUTES}|{lx.SECONDS}", m.group("name")) else None
    return int(size)


def counted_items(r: Reader) -> None:
    """The counted tracks listed after a colon, each item with its quantity ("5 morceaux : une ouverture de 2 min,
    trois intermèdes de 45 secondes, et un final de 3 min chanté par le chœur", "4 Stücke: Einzug (...), zwei
    Chorlieder (je 4 Minuten), und einen Auszug, 2 Minuten"), or a list after any colon whose items all open
    with a number: when the quantities add up to the count, each item's words are its tracks', in order."""
    count = r.c.track_count
    if count is None or r.tracklist:
        return
    colon = re.match(r"[^.;!?\n:]{0,80}:", r.folded[count.end:]) if count.value >= 3 else None
    numbered = None if colon else next((m for m in NUMBERED_ITEMS.finditer(r.folded)
                                        if NUMBERED_ITEM.match(r.folded, m.end())), None)
    if colon is None and numbered is None:
        return
    left = count.end + colon.end() if colon else numbered.end()
    stops = [i for i in (r.folded.find(ch, left) for ch in ".;!?\n") if i >= 0]
    right = min(stops) if stops else len(r.folded)
    items: list[list[int]] = []
    for s, e in _top_level(r.folded, left, right):
        if numbered and not NUMBERED_ITEM.match(r.folded, s, e):
            return  # after any colon, every item says how many pieces it is
        size = _item(r, s, e, not items)
        if size is None:
            return
        if size:
            items.append([s, e, size])
        elif items:
            items[-1][1] = e  # the words go on the item before
    total = sum(size for _, _, size in items)
    if numbered and len(items) >= 2 and left <= count.start < right:  # "2 room loops" inside the list counts only its item
        r.c.track_count = r.read(total, left, items[-1][1])
    elif len(items) < 2 or total != count.value:
        return
    r.segments[:] = [g for g in r.segments if not left <= g[0] < right]  # the list says whose its words are
    first = 1
    for s, e, size in items:
        r.segments.append((s, e, list(range(first, first + size))))
        first += size
