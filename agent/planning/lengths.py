"""Lengths in a brief: durations with units and words ("90-second", "two and a half minutes",
"4 minutos", "3:30"), ranges ("6 to 8 minutes each", "2:30-3:30"), lists ("30s, 15s and 6s"),
bounds ("under 2 minutes", "pelo menos 3 e no máximo 4 minutos") and whose length each is
(planning/length_scope.py): the album's total, every track's, or one track's for the reader to
place. A pass of the brief reader (planning/reader.py)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from agent.planning import lexicon as lx
from agent.planning.length_scope import WHOLE_THING_WORDS, length_scope
from agent.planning.ordinals import ORD_ALT
from agent.plans import MAX_TRACK_S, MIN_TRACK_S

if TYPE_CHECKING:
    from agent.planning.reader import Reader

N = rf"(?<![\w.,])(?P<n>{lx.NUMBER})"
N2 = rf"(?<![\w.,])(?P<n2>{lx.NUMBER})"
LIST_OF_TWO = re.compile(r"\s(?:and|y|et|und|e|&)\s")  # joins two values; "between ... and" stays a range
UNIT = rf"(?P<unit>{lx.HOURS}|{lx.MINUTES}|{lx.SECONDS})"
DUR_RANGE = re.compile(rf"(?:{lx.BETWEEN}\s+)?{N}\s*(?:{lx.MINUTES}|{lx.SECONDS})?\s*(?:{lx.RANGE_JOIN})\s*{N2}"
                       rf"\s*-?\s*{UNIT}(?![\w])")
DUR_LIST = re.compile(rf"(?P<list>{lx.NUMBER}(?:\s*,\s*{lx.NUMBER})+\s*,?\s*(?:and|y|et|und|e|&)\s+{lx.NUMBER})"
                      rf"\s*{UNIT}(?![\w])")
# "30s, 15s and 6s", "2 min, 3 min and 4 min": a unit after every value
_VALUE_UNIT = rf"{lx.NUMBER}\s*(?:{lx.HOURS}|{lx.MINUTES}|{lx.SECONDS})"
DUR_LIST_UNITS = re.compile(rf"(?<![\w.,]){_VALUE_UNIT}(?:\s*,\s*{_VALUE_UNIT})+\s*,?\s*(?:and|y|et|und|e|&)\s+"
                            rf"{_VALUE_UNIT}(?![\w])"
                            rf"|(?<![\w.,]){_VALUE_UNIT}(?:\s*,\s*{_VALUE_UNIT}){{2,}}(?![\w])")  # "90s, 90s, 210s, 45s"
# lengths on a clock, one per track: "3:00, 3:00 y 4:30", "2'40, 3'10, 4'00" (two joined by "and" are a list too,
# unless "between" opens them: MS_RANGE)
_CLOCK = r"\d{1,2}(?::|['’′])[0-5]\d(?:[\"”″]|'')?"
CLOCK_LIST = re.compile(rf"(?<![\d:])(?:{_CLOCK}(?:\s*,\s*{_CLOCK})*\s*,?\s*(?:and|y|et|und|e|&)\s+{_CLOCK}"
                        rf"|{_CLOCK}(?:\s*,\s*{_CLOCK}){{2,}})(?![\d:])")
_OTHER_ONE = (r"(?:another|the other|one|otra|otro|la otra|el otro|une autre|un autre|l'autre|eine andere|einen anderen|"
              r"die andere|der andere|outra|outro|a outra|o outro|"
              r"(?P<rest>the rest|the others|el resto|los demas|las demas|le reste|les autres|der rest|die anderen|"
              r"die restlichen|o resto|os outros|as outras|os demais|as demais))")  # "..., el resto de unos 4"
ELIDED_UNIT = re.compile(rf"{N}\s*-?\s*{UNIT}\s*(?:,\s*|\s+)(?:(?:and|y|et|und|e)\s+)?{_OTHER_ONE}\s+(?:(?:of|de|d'|mit|von|com|con|a|at)\s+)?"
                         rf"(?:{lx.ABOUT}\s+)?{N2}(?![\w]|[.,]\d|\s*(?:{lx.HOURS}|{lx.MINUTES}|{lx.SECONDS}|{lx.BPM_UNIT})(?![\w]))")
MIXED_RANGE = re.compile(rf"(?:{lx.BETWEEN}\s+)?{N}\s*(?P<u1>{lx.SECONDS}|{lx.MINUTES})\s*(?:{lx.RANGE_JOIN})\s*{N2}\s*"
                         rf"(?P<u2>{lx.MINUTES}|{lx.HOURS})(?![\w])")
VALUE_UNIT = re.compile(rf"(?P<n>{lx.NUMBER})\s*{UNIT}")
DUR_CLOCK = re.compile(r"(?<![\d:])(?P<m>\d{1,2})(?::|['’′])(?P<s>[0-5]\d)(?:[\"”″]|'')?(?![\d:])")  # 3:30, 4'20"
DUR_ONE = re.compile(rf"(?:(?<![\w])(?P<bound>{lx.AT_MOST}|{lx.AT_LEAST}|{lx.ABOUT})(?:\s+|(?<=')))?"
                     rf"(?:(?P<half>half\s+an?|media|une\s+demi-?|eine\s+halbe|meia)\s*|{N}\s*-?\s*){UNIT}"
                     rf"(?![\w])")
# "an hour", "under a minute", "moins d'une minute": one unit, with its bound
AN_UNIT = re.compile(rf"(?:(?<![\w])(?P<bound>{lx.AT_MOST}|{lx.AT_LEAST}|{lx.ABOUT})\s*)?(?<![\w])(?:an?|one|une|una|eine|einer|uma|um|un)"
                     r"(?:\s*-\s*|\s+)(?P<unit>hour|heure|hora|stunde|stund|minute|minuto|minuta)(?:-long)?(?![\w])")
# a decade, not seconds: "the 90s", "that 70s stuff", "late 80s", "a 90s hip hop beat", "1980s"
DECADE = re.compile(r"(?<![\w'])(?:19|20)[0-9]0'?s(?![\w])|(?:(?<=the )|(?<=that )|(?<=those )|(?<=late )|(?<=early )|(?<=mid )|"
                    r"(?<=mid-))[5-9]0s(?![\w])|'?[5-9]0s(?=\s+(?:[\w-]+\s+){0,2}(?:style|vibe|sound|feel|music|stuff|era|"
                    r"aesthetic|nostalgia|throwback|revival|influences?|inspired|[a-z-]*(?:pop|rock|hop|house|"
                    r"funk|soul|r&b|synth\w*|disco|metal|punk|jazz|techno|dance|rap)))")
A_UNIT_HALF = re.compile(rf"(?:(?<![\w])(?P<bound>{lx.AT_MOST}|{lx.AT_LEAST}|{lx.ABOUT})\s+)?(?<![\w])"
                         # "a minute and a half", "una hora y media", "de máximo minuto y medio" (one unit, no number before it)
                         rf"(?:(?:{lx.ARTICLE}|einer)\s+{UNIT}|(?<!\d\s)(?<!\d)(?P<bare>minuto|minute|hora|heure|stunde))\s+{lx.HALF}(?![\w])"
                         rf"|(?:(?<=\sde)|(?<=\sem)|(?<=\sen)|(?<=\scom)|(?<=\scon))\s+(?P<hour>hora|heure|stunde)\s+{lx.HALF}(?![\w])")  # "cerca de hora e meia"
MIN_SEC = re.compile(rf"(?:{N}|(?<![\w])(?P<one>an?|one|une|una|eine|einer|uma|um|un))\s*(?:minutes?|mins?|mn|m|minutos?|minuten)"
                     rf"(?!\.[ \t]*[a-z])\.?[ \t]*(?:and\s+|y\s+|et\s+|e\s+|und\s+)?(?P<sec>[0-5]?\d|{lx.NUMBER_WORD})"  # not "2 min. one for"
                     rf"(?:\s*(?:seconds?|secs?|s|segundos?|secondes?|sekunden))?(?![\w])"
                     rf"(?!\s*(?:bpm|{lx.TRACK_NOUN}|{lx.MINUTES})(?![\w]))")  # "2 min 30", "une minute trente"
# a length said again exactly in brackets: "cada uma com 2 minutos e pouco (2:15)", "about 3 minutes (3:20)"
RESTATED = re.compile(rf"(?P<first>{N}\s*-?\s*{UNIT}(?:\s+(?:e|y|et|and|und)\s+(?:pouco|poco|algo|um pouco|un poco|"
                      rf"peu|un peu|a bit|some|etwas))?)\s*(?:\(|,\s*(?:tipo|like|say|genre|comme|so|etwa|sagen wir|o sea|"
                      rf"ou seja|c'est-a-dire|i\.e\.|d\.h\.)\s+)\s*(?:{lx.ABOUT}\s*)?(?:\d{{1,2}}:[0-5]\d|{lx.NUMBER}\s*{lx.SECONDS})"
                      r"(?![\w:])")  # ", tipo 3:15": said again exactly
# an hour and its minutes: "1h30", "1 h 30 min", "2 hours 15 minutes", "1 hora e 30", "1 Std. 45"
HOUR_MIN = re.compile(rf"(?<![\w.,:]){N}\s*(?:h|hours?|hrs?|horas?|heures?|stunden?|std\.?)\s*(?:and\s+|y\s+|et\s+|e\s+|und\s+)?"
                      r"(?P<min>[0-5]\d)\s*(?:minutes?|mins?|mn|m|minutos?|minuten)?(?![\w:])")
# "entre 2 min 30 et 3 min 30", "2:30-3:30": a range whose ends are minutes and seconds
_MS = r"(?:(?P<m{k}>\d{{1,2}}):(?P<s{k}>[0-5]\d)|(?P<mm{k}>\d{{1,2}})\s*(?:minutes?|mins?|mn|m|minutos?|minuten)\.?\s*(?P<ss{k}>[0-5]?\d)?)"
MS_RANGE = re.compile(rf"(?<![\w:])(?:{lx.BETWEEN}\s+)?{_MS.format(k='a')}\s*(?:{lx.RANGE_JOIN})\s*{_MS.format(k='b')}"
                      rf"(?:\s*(?:seconds?|secs?|s|segundos?|secondes?|sekunden))?(?![\w:])")
# "d'une dizaine de minutes", "una veintena de minutos": about ten, about twenty
APPROX_UNIT = re.compile(rf"(?<![\w])(?:une|una|uma|ein|eine)\s+(?P<w>dizaine|quinzaine|vingtaine|trentaine|decena|"
                         rf"veintena|dezena|vintena)\s+(?:de\s+|d')?{UNIT}(?![\w])")
# quarters of an hour: "eine Dreiviertelstunde", "a quarter of an hour", "tres cuartos de hora", "trois quarts d'heure"
QUARTER_HOUR = re.compile(rf"(?:(?<![\w])(?P<bound>{lx.AT_MOST}|{lx.AT_LEAST}|{lx.ABOUT})\s+)?(?<![\w])(?:an?\s+|une?\s+|una?\s+|eine\s+|um\s+)?"
                          r"(?P<three>drei|three|tres|trois)?\s*(?:viertelstunde|viertel\s+stunde|quarters?\s+of\s+an\s+hour|"
                          r"quarts?\s+d'heure|cuartos?\s+de\s+hora|quartos?\s+de\s+hora)(?![\w])")
# two bounds on one length: "pelo menos 3 e no máximo 4 minutos", "no more than 3 minutes but not less than 2"
_BOUND = rf"(?:{lx.AT_MOST}|{lx.AT_LEAST})"
_UNITS = rf"(?:{lx.HOURS}|{lx.MINUTES}|{lx.SECONDS})"
BOUND_PAIR = re.compile(rf"(?<![\w]){_BOUND}\s+{N}\s*(?P<u1>{_UNITS})?(?![\w])\s*,?\s*(?:and|but|y|pero|e|mas|et|mais|und|aber)?"
                        rf"\s+(?:(?:not|nor|tampoco|pas|nicht|nem|ni|aussi|also|auch|tambem|tampouco)\s+)*{_BOUND}\s+{N2}"
                        rf"\s*(?P<u2>{_UNITS})?(?![\w])")
# a length with a half and no unit, said of each track: "umas 3 e meia cada", "3 and a half each" (minutes)
BARE_HALF_EACH = re.compile(rf"(?<![\w.,:])(?P<n>[1-9]|{lx.BELOW_100})\s+{lx.HALF}(?=\s*,?\s*(?:{lx.EACH})(?![\w]))")
HALF_AFTER = re.compile(rf"{N}\s*-?\s*{UNIT}\s+{lx.HALF}(?![\w])")  # "dos minutos y medio", "4 minutos e meio"
NONE_BEFORE = re.compile(rf"(?<![\w])(?:{lx.NONE_OF_THEM}|nothing|no (?:track|song|piece)|nada|rien|nichts)(?![\w])"
                         r"[^.;!?\n]*$|(?<![\w])(?:shouldn't|should not|must not|mustn't|can't|cannot|won't|don't|doesn't|"
                         r"no debe|no deberia|ne doit pas|ne devrait pas|nao deve|nao pode|darf nicht|soll nicht|sollte nicht)"
                         r"\s+(?:[\w']+\s+){0,2}$"  # "the whole thing shouldn't run over 30 minutes"
                         r"|(?<![\w])(?:not|nicht|pas|nao|never|nie|nunca|jamais)\s+$")  # "nicht über 5 min", "not over 3 min"
# a number of things before "a minute": a rate ("170 steps a minute", "60 Schläge pro Minute")
RATE_BEFORE = re.compile(rf"(?<![\w.,])\d+\s+(?:[a-z]+\s+)?(?!{lx.TRACK_NOUN}\s)[a-z]+\s+(?:per\s+|pro\s+|par\s+|por\s+)?$")
# a clause whose subject is nobody, or people spending their own time: its length is no wish ("keep each under 3 min,
# nobody skates to a 6 minute epic")
NOBODY_BEFORE = re.compile(r"(?<![\w])(?:nobody|no one|no-one|nadie|personne|niemand|ninguem)(?![\w])[^.;:!?\n,]*$"
                           # or people's own time: "les gens restent 8 min sur la chaise", "guests wait about 10 minutes"
                           r"|(?<![\w])(?:people|guests|customers|clients|visitors|passengers|riders|gens|gente|invitados|"
                           r"clientes|visiteurs|leute|gaste|besucher|fahrgaste|pessoas|convidados|passageiros)\s+"
                           r"(?:\w+\s+){0,2}?(?:stay|stays|wait|waits|spend|spends|sit|sits|ride|rides|stand|stands|queue|queues|"
                           r"restent|attendent|"
                           r"passent|se quedan|quedan|esperan|pasan|bleiben|warten|sitzen|verbringen|ficam|esperam|passam)"
                           r"(?![\w])[^.;:!?\n,]*$")


def seconds(value: float, unit: str) -> float:
    """``value`` in ``unit`` (hours, minutes or seconds, in any of the five languages) as seconds."""
    unit = unit.strip(".")
    if unit.startswith(("h", "stund")):
        return value * 3600
    if unit.startswith("s"):
        return value
    return value * 60


def durations(r: Reader) -> None:
    """Every length in the brief, in the order that keeps the longer forms whole."""
    for m in r.finditer(RESTATED):  # "2 minutos e pouco (2:15)": the length in brackets says the first one exactly
        r.skip = True
        r.mask(m.start(), m.end("first"))
    for m in r.finditer(BOUND_PAIR):
        unit = m.group("u2") or m.group("u1")
        if not unit:
            r.skip = True  # "at least 3 and at most 5" of what? (tracks, minutes...) is for other passes
            continue
        lo, hi = sorted(seconds(lx.number_value(m.group(g)) or 0, m.group(u) or unit)
                        for g, u in (("n", "u1"), ("n2", "u2")))
        r.skip = not _length_range(r, lo, hi, m.start(), m.end())
    for m in r.finditer(DUR_LIST_UNITS):
        values = [seconds(lx.number_value(x.group("n")) or 0, x.group("unit"))
                  for x in VALUE_UNIT.finditer(r.folded, m.start(), m.end())]
        r.positioned.append((m.start(), "duration_list", r.read(values, m.start(), m.end())))
    for m in r.finditer(ELIDED_UNIT):  # "una de 20 segundos y otra de 40": the second length has the first's unit
        if m.group("rest"):  # "la primera de 6 minutos, el resto de unos 4": the first is read as it stands, the
            r.skip = True  # second is the rest's
            _duration(r, seconds(lx.number_value(m.group("n2")) or 0, m.group("unit")), m.start("rest"), m.end(), None)
            r.mask(m.start("n2"), m.end("n2"))
            continue
        values = [seconds(lx.number_value(m.group(g)) or 0, m.group("unit")) for g in ("n", "n2")]
        r.positioned.append((m.start(), "duration_list", r.read(values, m.start(), m.end())))
    for m in r.finditer(DUR_LIST):
        values = [seconds(lx.number_value(x.group("n")) or 0, m.group("unit"))
                  for x in lx.NUMBER_RE.finditer(m.group("list"))]
        r.positioned.append((m.start(), "duration_list", r.read(values, m.start(), m.end())))
    for m in r.finditer(CLOCK_LIST):
        if re.search(rf"(?<![\w]){lx.BETWEEN}\s+$", r.folded[max(0, m.start() - 14):m.start()]):
            r.skip = True  # "between 3:00 and 4:30" is a range
            continue
        values = [int(x.group("m")) * 60 + int(x.group("s")) for x in DUR_CLOCK.finditer(m.group(0))]
        r.positioned.append((m.start(), "duration_list", r.read(values, m.start(), m.end())))
    for m in r.finditer(MS_RANGE):
        lo, hi = (int(m.group(f"m{k}") or m.group(f"mm{k}")) * 60 + int(m.group(f"s{k}") or m.group(f"ss{k}") or 0)
                  for k in "ab")
        if (m.group("sa") or m.group("ssa") or m.group("sb") or m.group("ssb")) and 0 < lo < hi:
            r.positioned.append((m.start(), "duration_range", r.read((lo, hi), m.start(), m.end())))
        else:
            r.skip = True  # "3 to 4 minutes" is DUR_RANGE's
    for m in r.finditer(APPROX_UNIT):
        _duration(r, seconds(lx.COLLECTIVE[m.group("w")], m.group("unit")), m.start(), m.end(), "about")
    for m in r.finditer(MIXED_RANGE):  # "20 seconds to 2 minutes each": a range whose ends have their own units
        lo, hi = (seconds(lx.number_value(m.group(g)) or 0, m.group(u)) for g, u in (("n", "u1"), ("n2", "u2")))
        same = seconds(1, m.group("u1")) == seconds(1, m.group("u2"))  # one unit twice is DUR_RANGE's or a list's
        r.skip = same or bool(LIST_OF_TWO.search(m.group(0))) or not _length_range(r, lo, hi, m.start(), m.end())
    for m in r.finditer(DUR_RANGE):
        lo, hi = (seconds(lx.number_value(m.group(g)) or 0, m.group("unit")) for g in ("n", "n2"))
        if LIST_OF_TWO.search(m.group(0)) and not re.match(lx.BETWEEN, m.group(0)):
            # "3 minutes and 4 minutes": one length per track, not a range
            r.positioned.append((m.start(), "duration_list", r.read([lo, hi], m.start(), m.end())))
        else:
            r.skip = not _length_range(r, lo, hi, m.start(), m.end())
    for m in r.finditer(DUR_CLOCK):
        _duration(r, int(m.group("m")) * 60 + int(m.group("s")), m.start(), m.end(), None)
    for m in r.finditer(HOUR_MIN):
        _duration(r, (lx.number_value(m.group("n")) or 0) * 3600 + int(m.group("min")) * 60, m.start(), m.end(), None)
    for m in r.finditer(MIN_SEC):
        sec = lx.number_value(m.group("sec")) or 0
        if not float(sec).is_integer() or not 0 < sec < 60:
            r.skip = True
            continue
        _duration(r, (1 if m.group("one") else lx.number_value(m.group("n")) or 0) * 60 + sec, m.start(), m.end(), None)
    for m in r.finditer(A_UNIT_HALF):
        _duration(r, seconds(1.5, m.group("unit") or m.group("bare") or "h"), m.start(), m.end(), m.group("bound"))
    for m in r.finditer(HALF_AFTER):
        _duration(r, seconds((lx.number_value(m.group("n")) or 0) + 0.5, m.group("unit")), m.start(),
                       m.end(), None)
    for m in r.finditer(BARE_HALF_EACH):
        n = lx.number_value(m.group("n")) or 0
        if not 1 <= n <= 9:
            r.skip = True
            continue
        _duration(r, (n + 0.5) * 60, m.start(), m.end(), None)
    for m in r.finditer(QUARTER_HOUR):
        _duration(r, 2700.0 if m.group("three") else 900.0, m.start(), m.end(), m.group("bound"))
    for m in r.finditer(DUR_ONE):
        if DECADE.match(r.folded, m.start()) or re.fullmatch(r"808s?", m.group(0).strip()):
            r.skip = True  # "a 90s hip hop beat" is a decade
            continue
        value = 0.5 if m.group("half") else (lx.number_value(m.group("n")) or 0)
        _duration(r, seconds(value, m.group("unit")), m.start(), m.end(), m.group("bound"))
    for m in r.finditer(AN_UNIT):
        if RATE_BEFORE.search(r.folded, max(0, m.start() - 30), m.start()):
            r.skip = True  # "170 steps a minute", "60 Schläge pro Minute": a rate, no length
            continue
        _duration(r, seconds(1, "h" if m.group("unit") in ("heure", "hora", "stunde", "stund") else m.group("unit")),
                       m.start(), m.end(), m.group("bound"))


def _length_range(r: Reader, lo: float, hi: float, start: int, end: int) -> bool:
    """Place a range of lengths: the album's when its words say so or no track is that long ("en total
    entre 30 y 35 minutos"), else a range for the reader to place. False when it is no range."""
    if not 0 < lo < hi:
        return False
    if NOBODY_BEFORE.search(r.context(start, end, 40, 0)[0]):
        return True  # "people stand there like 10-15 min": their time, no wish (read, and left alone)
    if length_scope(r, start, end) == "total" or lo > MAX_TRACK_S:
        r.c.total_duration = r.read((lo + hi) / 2, start, end)
    else:
        r.positioned.append((start, "duration_range", r.read((lo, hi), start, end)))
    return True


def _restated_each(r: Reader, start: int, end: int) -> bool:
    """The same length is said again a few words on as every track's ("12 Minuten, also 12 Minuten pro Track")."""
    said = r.folded[start:end].strip()
    again = r.folded.find(said, end, end + 80)
    return again > 0 and length_scope(r, again, again + len(said)) == "each"


# a track named by its place earlier in the sentence, with its article: "La tercera, que es para la relajación final, debe
# durar 15 minutos" (not the verb of "the album has to last the full 45 minutes")
ORDINAL_BEFORE = re.compile(rf"(?<![\w])(?:the|la|el|le|l'|die|der|das|o|a)\s+(?:{ORD_ALT})"
                            r"(?![\w])[^.;!?\n]*$")
# words of a sentence about the whole record ("the album has to fill the full 45 minutes", "l'ensemble doit tenir dans
# les 15 minutes du défilé", "das Ganze darf nicht länger sein", "it all has to fit in an hour")
WHOLE_RECORD = re.compile(rf"(?<![\w])(?:{lx.ALBUM_NOUN}|total|in all|whole|gesamt\w*|en tout|insgesamt|{WHOLE_THING_WORDS}|"
                          r"fit (?:in|into|within)|tenir dans|tenir en|caber en|caber em|caber dentro|passen in|reinpassen)(?![\w])")


def _duration(r: Reader, value_s: float, start: int, end: int, bound: str | None) -> None:
    """Place one length: the album's, a bound, every track's, or a plain length for the reader to place."""
    scope = length_scope(r, start, end)
    said_total = scope == "total"  # "exactly 20 minutes total": the album's, whatever a guess before it said
    if bound is None and re.match(r"\s*(?:max(?:imum)?|au maximum|como maximo|no maximo|hochstens|tops)(?![\w])",
                                  r.folded[end:end + 16]):
        bound = "at most"  # "30 minutes maximum"
    if scope == "plain" and value_s > MAX_TRACK_S and not r.segment_at(start) and not re.search(
            rf"(?<![\w]){lx.TRACK_NOUN}(?![\w])[^.;!?\n]*$", r.context(start, end, 40, 0)[0]) \
            and not ORDINAL_BEFORE.search(r.context(start, end, 80, 0)[0]):
        if _restated_each(r, start, end):
            return  # "Jeder Aufguss dauert 12 Minuten, also 12 Minuten pro Track": the track's length, said twice
        scope = "total"  # no track lasts 40 minutes: "que dure más o menos 40 minutos" is the album's (not in a
        # track's own line: "2. gameplay - 15 min" is that track's, planned at the limit)
        # a guess, unless its sentence speaks of the whole record: "the album has to fill the full 45 minutes"
        r.c.total_guessed = not WHOLE_RECORD.search(r.context(start, end, 80, 0)[0].rsplit(".", 1)[-1])
    if bound is None and NOBODY_BEFORE.search(r.context(start, end, 40, 0)[0]):
        r.skip = True
        return
    if bound and re.fullmatch(lx.AT_LEAST, bound) and NONE_BEFORE.search(r.context(start, end, 40, 0)[0]):
        bound = "at most"  # "nothing over six minutes", "nenhuma deve ter mais de três minutos"
    if scope == "total" and bound and re.fullmatch(lx.AT_MOST, bound):
        r.c.total_max = r.read(value_s, start, end)  # "total runtime at most 50 minutes"
        return
    if scope == "media":
        r.skip = True
        return
    if scope == "total":
        r.c.total_duration = r.read(value_s, start, end)
        r.c.total_guessed = r.c.total_guessed and not said_total
        return
    if bound and re.fullmatch(lx.AT_MOST, bound) and value_s > MAX_TRACK_S:
        r.c.total_max = r.read(value_s, start, end)  # a bound no track comes near is the album's
    elif bound and re.fullmatch(lx.AT_MOST, bound):
        r.positioned.append((start, "duration_range", r.read((MIN_TRACK_S, value_s), start, end)))
    elif bound and re.fullmatch(lx.AT_LEAST, bound):
        r.positioned.append((start, "duration_range", r.read((value_s, MAX_TRACK_S), start, end)))
    else:
        r.positioned.append((start, "duration_each" if scope == "each" else "duration",
                                r.read(value_s, start, end)))
