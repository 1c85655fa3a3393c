"""Numbers written without their unit: tempi ("tempo autour de 110", "Tempo ca. 118"), bare numbers
in a track's words when the brief gives tempi in bpm elsewhere ("first one 200 bpm, second 180")
or after "at" ("the closing ballad at 70"), and a track's length whose unit its neighbour gave
("a primeira com 1 min, a segunda com 2 e a última com 30 segundos")."""

from __future__ import annotations

import re

from agent.planning import lexicon as lx
from agent.planning.constraints import Read
from agent.planning.reader import Reader
from engine.genres import genre_mentions

TEMPO_NUMBER = re.compile(rf"(?<![\w])(?:tempo|andamento)\s*(?:[:=]\s*)?(?:(?:so|like|tipo|genre)\s+)?(?:(?:{lx.ABOUT}|of|de|von|um)\s+)?"
                          rf"(?P<n>\d{{2,3}})(?![\w%]|[.,]\d)")


# a range after the word "tempo": "tempo entre 90 y 100", "Tempo zwischen 120 und 130", "andamento de 80 a 95"
TEMPO_RANGE = re.compile(r"(?<![\w])(?:tempo|andamento)\s*(?:[:=]\s*)?(?:(?:entre|between|zwischen|de|from|von|du)\s+)?"
                         r"(?P<lo>\d{2,3})\s*(?:-|–|a|à|to|y|and|et|und|e|bis|al|au)\s*(?P<hi>\d{2,3})(?![\w%:']|[.,]\d)"
                         rf"(?!\s*(?:{lx.MINUTES}|{lx.SECONDS})(?![\w]))")


def tempo_numbers(r: Reader) -> None:
    """A number after the word "tempo" is in bpm: "tempo autour de 110", "Tempo ca. 118"; so is a range
    ("tempo entre 90 y 100")."""
    for m in r.finditer(TEMPO_RANGE):
        lo, hi = int(m.group("lo")), int(m.group("hi"))
        if 30 <= lo < hi <= 300:
            r.positioned.append((m.start("lo"), "bpm_range", r.read((lo, hi), m.start("lo"), m.end("hi"))))
            r.mask(m.start(), m.end())
    for m in r.finditer(TEMPO_NUMBER):
        value = int(lx.number_value(m.group("n")) or 0)
        if 30 <= value <= 300:
            r.positioned.append((m.start(), "bpm", r.read(value, m.start(), m.end())))
        else:
            r.skip = True


# two or three digits with no unit, percent, multiplier, hyphen or decimal after them
BARE_NUMBER = r"(?P<n>\d{2,3})(?:-?ish)?(?![\w%×'\"-]|[.,]\d|\s*(?:x|%|s\b|m\b|min|sec|seg|h\b))"
ELIDED_BPM = re.compile(r"(?<![\w.,#])" + BARE_NUMBER)
# not "com 120 alunos", "with 80 guests": a noun after the number counts something else
_NO_NOUN_AFTER = (r"(?!\s+(?!(?:and|y|e|et|und|or|o|ou|oder|please|por|bitte|merci|gracias|danke|instead|then|bpm)(?![\w]))"
                  r"[a-z]{3,})")
AT_TEMPO = re.compile(r"(?<![\w])(?:at|a|em|mit|con|com|auf|(?:down|up)\s+to)\s+" + BARE_NUMBER + _NO_NOUN_AFTER)
# a number right after a genre's name, as DJs write a tempo: "go full drum n bass 174", "techno 132"
AFTER_GENRE = re.compile(r"[ \t]+" + BARE_NUMBER + _NO_NOUN_AFTER)


# a range of two- or three-digit numbers alone in its comma-piece (an "about" before it at most: "rápidos, tipo
# 135-140, voz de homem"), in a brief that gives no bpm
BARE_RANGE = re.compile(r"(?<=[,!;])\s*(?:(?:about|around|like|roughly|tipo|unos|uns|cerca de|vers|environ|genre|etwa|so|rund|"
                        r"circa|ca|autour de|alrededor de|en torno a|por volta de|ungefahr|um die)\s+)?(?P<lo>\d{2,3})\s*[-–]\s*(?P<hi>\d{2,3})\s*(?=[,;.]|$)")


# a number alone in the comma-piece after a tempo word: "fast, 170ish", "lento, ~70" (in a brief that gives no bpm)
_TEMPO_WORD = lx.alternation(lx.TEMPO_WORDS)
BESIDE_TEMPO_WORD = re.compile(rf"{_TEMPO_WORD}\s*(?:[,;]\s*|\s+(?=(?:like|genre|tipo|rollo|etwa|environ|about|around)\s))"
                               rf"(?:(?:about|around|like|roughly|tipo|unos|uns|vers|environ|etwa|genre|rollo|"
                               rf"so|circa|ca|um die|~)\s*)?{BARE_NUMBER}\s*(?=[,;.!]|$)")  # "plus lente genre 84"


# a two- or three-digit number alone in a cell of a line, between dashes or bars: "01 – 132 – 6:30", "3 | 96 | 4:10",
# or all a line says after its label, a bracket aside at most: "Track 2 130", "9: 80 (Cool-down)"
CELL_TEMPO = re.compile(r"(?:^|[-–—|])\s*(?P<n>\d{2,3})\s*(?=[-–—|])|^\s*(?P<alone>\d{2,3})\s*(?:\([^()]*\)\s*)?$")  # "9: 80 (Cool-down)"


# a two- or three-digit number right after a track's name, then a slash, a comma or the line's end: "t1 140 / t2 150"
REF_VALUE = re.compile(r"[a-z#.]*\s*(?P<n>\d{2,3})(?![\w%:'.,-]|[.,]\d)(?=\s*(?:[/,;|]|$))")


def elided_tempos(r: Reader) -> None:
    """A bare number in a track's words is its tempo when the brief gave tempi in bpm elsewhere:
    "first one 200 bpm, second 180", "170 bpm except the closing ballad at 70". Without any bpm
    in the brief, "at 174" (a number from 50 to 250 after "at", "a", "em", "mit", "con", "com",
    "auf" or "down to", with no unit after it) is the tempo."""
    if not any(field.startswith("bpm") for _, field, _ in r.positioned):
        for m in r.finditer(BARE_RANGE):  # "hard techno, 145-150, je 7 min": a comma-piece that is a tempo range
            lo, hi = int(m.group("lo")), int(m.group("hi"))
            if 50 <= lo < hi <= 250 and hi - lo <= 40:
                r.positioned.append((m.start("lo"), "bpm_range", r.read((lo, hi), m.start("lo"), m.end("hi"))))
                r.mask(m.start("lo"), m.end("hi"))
        for m in r.finditer(BESIDE_TEMPO_WORD):
            if 50 <= int(m.group("n")) <= 250:
                r.positioned.append((m.start("n"), "bpm", r.read(int(m.group("n")), m.start("n"), m.end("n"))))
                r.mask(m.start("n"), m.end("n"))
        for m in r.finditer(AT_TEMPO):
            value = int(m.group("n"))
            if 50 <= value <= 250:
                r.positioned.append((m.start("n"), "bpm", r.read(value, m.start(), m.end())))
            else:
                r.skip = True
        for _, e, _ in genre_mentions(r.folded):
            m = AFTER_GENRE.match(r.work, e)
            if m and 50 <= int(m.group("n")) <= 250:
                r.positioned.append((m.start("n"), "bpm", r.read(int(m.group("n")), m.start("n"), m.end("n"))))
                r.mask(m.start("n"), m.end("n"))
        for s, e, tracks in r.segments:  # "t1 140 / t2 150 / t3 135": a number right after its track's name
            m = REF_VALUE.match(r.work, s, e)
            if tracks and m and 50 <= int(m.group("n")) <= 250:
                r.positioned.append((m.start("n"), "bpm", r.read(int(m.group("n")), m.start("n"), m.end("n"))))
                r.mask(m.start("n"), m.end("n"))
        for s, e, tracks in r.segments if r.tracklist else ():  # "01 – 132 – 6:30": a cell of a tracklist's line
            m = CELL_TEMPO.search(r.work[s:e])  # on the line's words: "^" is where they start
            g = m and ("n" if m.group("n") else "alone")
            if tracks and m and 50 <= int(m.group(g)) <= 250:
                a, b = s + m.start(g), s + m.end(g)
                r.positioned.append((a, "bpm", r.read(int(m.group(g)), a, b)))
                r.mask(a, b)
        return
    lengths = [pos for pos, _ in _lengths(r)]
    tempi = [pos for pos, field, _ in r.positioned if field.startswith("bpm")]
    for s, e, tracks in r.segments:
        sentence = r.after_last(".;!?\n", s)
        if not tracks or any(sentence <= p < s for p in lengths) and not any(sentence <= p < e for p in tempi):
            continue  # "30 segundos cada, exceto a última, que tem 60": the sentence speaks of lengths
        for m in ELIDED_BPM.finditer(r.work, s, e):
            value = int(m.group("n"))
            if 30 <= value <= 300:
                r.positioned.append((m.start(), "bpm", r.read(value, m.start(), m.end())))
                r.mask(m.start(), m.end())
                break


# a one- or two-digit number after "with", "of", "at" or a colon, with no unit of its own
# or a number word after a verb of lasting: "três minutos cada, a última pode ter cinco"
ELIDED_LENGTH = re.compile(r"(?<![\w])(?:com|with|con|avec|mit|de|of|at|a|em|:)\s+(?P<n>\d{1,2})(?![\w%:'\"-]|[.,]\d|\s*(?:x|%|bpm))"
                           r"|(?<![\w])(?:ter|tener|durar|lasting|faire|durer|dauern|haben)\s+(?P<w>" + lx.BELOW_100 + r")(?![\w-])"
                           r"|(?<![\w])(?:tem|tiene|has|hat|dura|dure|duran|duram|lasts|dauert)\s+(?P<n2>\d{1,3})(?![\w%:'\"-]|[.,]\d)")


def _lengths(r: Reader) -> list[tuple[int, Read]]:
    """(position, value) of the lengths read so far, of a track or of every track."""
    return [(pos, value) for pos, field, value in r.positioned if field in ("duration", "duration_each")]


def elided_lengths(r: Reader) -> None:
    """A track whose words hold a bare number lasts that long in the unit of the length given to
    another track just before it, in the same sentence: "a primeira com 1 min, a segunda com 2",
    "três minutos cada, a última pode ter cinco"."""
    lengths = _lengths(r)
    placed = [(pos, value) for pos, value in lengths if r.segment_at(pos)]
    for s, e, tracks in list(r.segments):
        if not tracks or any(s <= pos < e for pos, _ in placed):
            continue
        m = ELIDED_LENGTH.search(r.work, s, e)
        sentence = r.after_last(".;!?\n", s)
        before = [v for pos, v in lengths if sentence <= pos < s]  # a track's or every track's
        if m is None or not before:
            continue
        unit = 60 if re.search(lx.MINUTES, before[-1].source.lower()) else 1
        g = next(k for k in ("n", "n2", "w") if m.group(k))
        value = lx.number_value(m.group(g)) or 0
        if 0 < value < (60 if unit == 60 else 301):
            r.positioned.append((m.start(g), "duration", r.read(float(value * unit), m.start(g), m.end(g))))
            r.mask(m.start(g), m.end(g))
