"""A tracklist written as numbered lines: "1. Opener - garage rock, very fast, 90 seconds",
"2) salsa, rápida, voz masculina", "3 - reggae, 80 bpm". Each line is its track's words, and the
list gives the track count when the numbers run 1, 2, 3, ... (the brief reader keeps list lines
apart: planning/tidy.py).

Bullets under a heading that names tracks or an order ("Faixas, por ordem:", "des morceaux, dans
cet ordre :") are a tracklist too: one track per bullet, or as many as a bullet counts ("- trois
musiques de zones : forêt (...), grotte (...), usine (...)", each named piece one of them)."""

from __future__ import annotations

import re

from agent.planning import lexicon as lx
from agent.planning.constraints import Read
from agent.planning.reader import Reader
from agent.planning.tidy import LABEL_OPENING, NUMBER_MARK

# a bullet may come first: "- 1: intro, muy lenta", "- 2 a 5: ambient oscuro"
NUMBERED = re.compile(rf"(?:^|\n)\s*(?:[-*•·]\s*)?(?P<mark>{NUMBER_MARK})\s+(?P<words>[^\n]*)")


# lines that each start with one label and a running number: "Track 2 130", "Raum 1: Ambient, sehr langsam",
# "Finale (Raum 4): triumphal"; the label is a word, the same on every line
# (the lines planning/tidy.py kept apart for it, opening as its LABEL_OPENING says)
LABELLED = re.compile(rf"(?:^|\n)\s*{LABEL_OPENING}\s*\)?\s*[:.–-]?\s+(?P<words>[^\n]*)")


# items of a list written on one line: "I need 4 cues: 1) opening titles, 2:30; 2) chase scene, fast; ..."
INLINE = re.compile(r"(?<![\w.,:])(?P<mark>\d{1,2}\))\s+(?P<words>(?:(?!\s\d{1,2}\)\s|[.!?](?:\s|$))[^\n])*)")


HEADING = re.compile(rf"(?:^|\n|[.!?]\s)(?P<head>[^\n.!?]*(?:(?<![\w]){lx.TRACK_NOUN}|tracklist|setlist|(?<![\w])(?:order|orden|"
                     rf"ordre|ordem|reihenfolge|(?:scene|cue|song|running) list|scenes|escenas|scenes|szenen|cenas|programme|"
                     rf"programa|ablauf))(?![\w])[^\n.!?]*:)\s*(?=\n\s*(?:>\s*)?[-*•·–]\s)")  # the heading's own sentence
# a bullet that sets something for the album: "- Estilo: música andina", "- Duration: 45 min", "- Tempo: moderado"
SETTING = re.compile(r"(?:style|estilo|genre|genero|gattung|stil|duration|duracion|duracao|duree|dauer|lange|length|"
                     r"total|tempo|andamento|bpm|voice|vocals|voz|voces|voix|gesang|language|idioma|langue|sprache|"
                     r"instruments?|instrumentos|instrumentation|besetzung|mood|vibe|ambiance|stimmung|key|tonalidad)"
                     r"(?:\s+\w+)?\s*:")
NAMES_TRACKS = re.compile(rf"(?:{lx.TRACK_NOUN}|nr\.?|n[°º]\.?|#)\s*\d")
BULLET = re.compile(r"\n\s*(?:>\s*)?[-*•·–]\s+(?P<words>[^\n]*)")  # in a quoted mail too ("> - Overture: ...")
GROUP = re.compile(rf"(?P<n>{lx.NUMBER})\s+(?:[\w'-]+\s+){{0,3}}?{lx.TRACK_NOUN}(?![\w])[^:\n]*:\s*"
                   r"|(?P<nx>\d{1,2})\s*[x×]\s+"  # "- 3x Langsamer Walzer (ca. 90 bpm)": three of them
                   # a moment, then its count: "- présentation des races : 3 morceaux de jazz swing, instrumentaux"
                   rf"|[^:\n\d]{{1,40}}:\s*(?P<nl>{lx.NUMBER})\s+(?:[\w'-]+\s+){{0,2}}?{lx.TRACK_NOUN}(?![\w])"
                   # a count of pieces of any name: "- trois transitions de 10 secondes chacune"
                   rf"|(?P<np>{lx.NUMBER})\s+(?!(?:{lx.MINUTES}|{lx.SECONDS}|{lx.HOURS}|{lx.BPM_UNIT})(?![\w]))[a-z]{{3,}}s(?![\w])")
# a list whose order a sentence after it states: "Soit 5 pistes au total, dans cet ordre."
ORDER_AFTER = re.compile(r"\n[^\n]{0,80}?(?<![\w])(?:in (?:this|that|the same) order|dans cet ordre|dans l'ordre|dans le meme ordre|"
                         r"en este orden|en ese orden|en el mismo orden|in dieser reihenfolge|in der reihenfolge|nesta ordem|"
                         r"por esta ordem|nessa ordem|na mesma ordem)(?![\w])")
LIST_HEAD = re.compile(r"(?:^|\n|[.!?]\s)(?P<head>[^\n.!?]*:)\s*(?=\n\s*[-*•·–]\s)")


def _top_level_items(text: str) -> list[tuple[int, int]]:
    """Comma-separated pieces of ``text`` outside brackets: "forêt (celtique, flûte), grotte (ambient)"."""
    out, depth, start = [], 0, 0
    for i, ch in enumerate(text + ","):
        depth += ch == "("
        depth -= ch == ")" and depth > 0
        if ch == "," and depth == 0:
            out.append((start, i))
            start = i + 1
    return [(a + len(text[a:b]) - len(text[a:b].lstrip()), b) for a, b in out if text[a:b].strip()]


def bullet_lines(r: Reader) -> bool:
    """Bullets under a heading that names tracks or an order: one track each, or the tracks a bullet counts."""
    head = HEADING.search(r.folded)
    if head is None:  # or any list its next sentence puts in order ("..., dans cet ordre.")
        head = next((h for h in LIST_HEAD.finditer(r.folded) if ORDER_AFTER.search(r.folded, h.end())), None)
    if head is None:
        return False
    bullets = []
    for m in BULLET.finditer(r.folded, head.end()):
        if bullets and m.start() != bullets[-1].end():
            break  # the list ends at the first line that is no bullet
        bullets.append(m)
    if len(bullets) < 2 or any(NAMES_TRACKS.match(r.folded, m.start("words")) or SETTING.match(r.folded, m.start("words"))
                               for m in bullets):
        return False  # "- Nr. 1 bis 3: instrumental" names its tracks; "- Estilo: andina" is a setting
    first = 1
    for m in bullets:
        group = GROUP.match(r.folded, m.start("words"))
        size = int(lx.number_value(group.group("n") or group.group("nx") or group.group("nl") or group.group("np")) or 1) \
            if group else 1
        size = size if 1 <= size <= 20 else 1
        every = _top_level_items(r.folded[group.end():m.end("words")]) if group and group.group("n") else []
        pieces = every
        if group and len(pieces) > size:  # "désert (rapide), glace (lent), en boucle": the pieces with their own words
            named = [p for p in pieces if "(" in r.folded[group.end() + p[0]:group.end() + p[1]]]
            pieces = named if len(named) == size else pieces
            for a, b in (p for p in every if p not in pieces):
                r.segments.append((group.end() + a, group.end() + b, list(range(first, first + size))))
        if size > 1 and len(pieces) == size:  # each named piece is one of the counted tracks
            for k, (a, b) in enumerate(pieces):
                r.segments.append((group.end() + a, group.end() + b, [first + k]))
        else:
            r.segments.append((m.start("words"), m.end("words"), list(range(first, first + size))))
        if group:
            key = next(k for k in ("n", "nx", "nl", "np") if group.group(k))
            r.mask(group.start(key), group.end(key))
        first += size
    r.listed = True
    r.c.track_count = Read(value=first - 1, source=r.text[bullets[0].start("words"):bullets[-1].end("words")].strip(),
                           start=bullets[0].start("words"), end=bullets[-1].end("words"))
    return True


def numbered_lines(r: Reader) -> None:
    """Each line of a 1, 2, 3, ... list speaks of its track; the list's length is the count."""
    lines = list(NUMBERED.finditer(r.folded))
    if len(lines) < 2 and bullet_lines(r):
        return
    if len(lines) < 2:
        labelled = list(LABELLED.finditer(r.folded))
        lines = labelled if len({m.group("label") for m in labelled}) == 1 else list(INLINE.finditer(r.folded))
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
