"""Numbers that name tracks without their noun: "Voix d'homme sur les titres 1, 3 et 5, de femme sur 2
et 4" (bare numbers after a preposition, once a reference with its noun opened the sentence, or under a
numbered tracklist), "sauf la 5 pis la 9" (after an exception word, with an article or as a list: "all
but 2" alone counts tracks), "1 and 3 are instrumental" (opening a sentence under a tracklist) and "(4 à
8)" (a range in brackets after a bracketed reference). Each becomes a reference for planning/track_refs.py's
anchors, as (start, end, tracks, looks back)."""

from __future__ import annotations

import re

from agent.planning import lexicon as lx
from agent.planning.per_noun import thing_nouns
from agent.planning.place_words import LAST_WORD, PART_NOUN
from agent.planning.quantifiers import BUT
from agent.planning.reader import Reader
from agent.planning.track_refs import _PREP0, ART, COPULA, SEP, _clause, _refs

# where a list of bare numbers ends: a mark, a bracket or the text's end ("sauf la 5 pis la 9,")
_ENDS = r"(?=\s*(?:[,;()!?]|\.(?!\d)|$))"
# a Romance or German article before a bare number says it names a track ("la 5", "el 10", "das 4")
_ART_NUMBER = r"(?:el|la|le|o|a|das|die|der)"
# not a quantity: "- 10 bachatas", ", 3 min", ", 120 bpm"
_NOT_A_QUANTITY = rf"(?!(?:{lx.MINUTES}|{lx.SECONDS}|{lx.BPM_UNIT}|{lx.TRACK_NOUN})(?![\w]))"
BRACKET_RANGE = re.compile(r"\(\s*(?P<lo>\d{1,2})\s*(?:à|a|-|–|to|bis|al|ate)\s*(?P<hi>\d{1,2})\s*\)")
_ON = r"(?:on|in|sur|en|em|auf|bei|nas|nos)"
# "sur 2 et 4", "en la 2 y en la 4" (each number with its own preposition and article)
ELIDED_REFS = re.compile(rf"(?<![\w]){_ON}\s+(?:{ART}\s+)?(?P<refs>\d{{1,2}}(?:{SEP}(?:{_ON}\s+)?(?:{ART}\s+)?\d{{1,2}})*)"
                         rf"(?:\s+(?:seulement|uniquement|only|just|solamente|solo|nur|apenas|so))?{_ENDS}")
# "voix féminine sur le 2 et le 4 seulement": a Romance or German article before the number says it is a track
ARTICLED_ON = re.compile(rf"{_ON}\s+{_ART_NUMBER}\s+\d")
EXCEPTED = re.compile(rf"(?<![\w]){BUT}\s+$")  # "todas menos en la 3": the exception's (planning/quantifiers.py reads it)
# bare numbers after "except" name tracks: "sauf la 5 pis la 9", "except 3 and 7,"
# ("all but 2" alone counts: the article or a second number says they are tracks)
# "à exceção do 5.º, que ...", "exceto a 6 q é lenta": an ordinal's mark (folded "5.o") and a relative clause after it
_N = r"\d{1,2}(?:\.?[oa](?![\w])|(?:e|eme|er|re)(?![\w]))?"  # "sauf la 6e :"
EXCEPT_NUMBERS = re.compile(rf"(?<![\w])(?:sauf|except|excepto|salvo|menos|ausser|auser|exceto|but|excecao|exception|excepcion)"
                            rf"\s+(?:(?:is|es|est|e|ist|sera|seria|sont|son|sao)\s+)?(?:{_PREP0}\s+)?"  # "A exceção é a 5"
                            rf"(?P<refs>{ART}\s+{_N}(?:{SEP}(?:{_PREP0}\s+)?(?:{ART}\s+)?(?:{_N}|{LAST_WORD}))*|{_N}(?:{SEP}(?:{ART}\s+)?{_N})+)"
                            rf"(?:{_ENDS}|(?=\s*:)|(?=\s+{lx.RELATIVE}(?![\w])))")
# numbers after a copula, the sentence's subject theirs: "Los boleros son la 2 y la 5", "the ballads are 3 and 7"
COPULA_REFS = re.compile(rf"(?<![\w]){COPULA}\s+(?P<refs>(?:{ART}\s+)?\d{{1,2}}"
                         rf"(?:{SEP}(?:{ART}\s+)?\d{{1,2}})+|{ART}\s+\d{{1,2}}){_ENDS}")
# a bulleted line that opens with numbers and a colon: "• 1 y 2: lentos", "- 3, 4 and 5: fast"
BULLET_REFS = re.compile(rf"(?:^|\n)\s*[-*•·–]\s*(?P<refs>\d{{1,2}}(?:(?:\s*&\s*|{SEP})\d{{1,2}})*)\s*:"
                         # or with articles, then words: "- la 3 y la 7 instrumentales" (not "- 10 bachatas")
                         rf"|(?:^|\n)\s*[-*•·–]\s*(?P<arefs>(?:{_ART_NUMBER}|the)\s+\d{{1,2}}"
                         rf"(?:(?:\s*&\s*|{SEP})(?:(?:{_ART_NUMBER}|the)\s+)?\d{{1,2}})*)\s+(?=[a-z]){_NOT_A_QUANTITY}")
# an article and a number opening a sentence, then a verb or a relative: "El 10 que sea más largo", "La 3 es lenta"
# (after "then" or "and": "Pis la 8 en instrumental"), or "as" what it is: "la 4 en instrumental", "a 3 em acústico"
SENTENCE_ART_REFS = re.compile(rf"(?:(?:^|(?<=[.!?\n;]))\s*(?:(?:ah|oh|ach|ai)\s*,?\s+)?(?:(?:pis|puis|et|ensuite|y|luego|e|depois|und|dann|mas|pero|mais|aber|"
                               rf"but)\s+)?"
                               # or after a comma and "but": ", mas a 1 e a 10 sem voz", ", pero la 3 con voz"
                               # or "except that": ", só que a 2 e a 5 em dupla", ", sauf que la 3 ..."
                               rf"|[,)]\s*(?:mas|pero|mais|aber|but|only|solo|so|seulement|sauf|except|nur)(?:\s+(?:que|dass|that))?\s+"
                               rf"(?:(?:ahora|now|maintenant|jetzt|agora|this time|esta vez|cette fois|diesmal|desta vez)\s+)?)"
                               rf"(?P<refs>{_ART_NUMBER}\s+\d{{1,2}}(?:{SEP}(?:{ART}\s+)?\d{{1,2}})*)"
                               r"(?=\s*,?\s+(?:que|q|qui|es|est|e|ist|sind|son|sont|sao|va|vai|con|com|avec|mit|sin|sans|sem|ohne|"
                               # or what they are: "a 2 e a 4 cantadas por homem", "la 4 un peu plus lente"
                               r"cantad\w*|chante\w*|sung|gesungen|instrument\w*|un peu|un poco|um pouco|ein bisschen|a bit|"
                               r"c'est|ce sera|sera|will be|lleva|leva|en|em|als|como|comme|"
                               # or a comparison: "El 7 más rápido, a 105", "la 3 plus lente"
                               r"mas|menos|plus|moins|mehr|weniger|muy|muito|tres|bien|bem|"
                               # or a change of mind about it: "ah y el 4 mejor que dure 3:30"
                               r"mejor|melhor|plutot|lieber|besser|better|rather|instead)(?![\w]))")
# numbers opening a sentence under a numbered tracklist: "1 and 3 are instrumental", "A 1 e a 5 são instrumentais"
LEADING_REFS = re.compile(rf"(?:^|(?<=[.!?\n:;]))\s*(?P<refs>(?:{ART}\s+)?\d{{1,2}}(?:{SEP}(?:{ART}\s+)?\d{{1,2}})*)\s+"
                          r"(?:are|is|were|sind|ist|son|es|sont|est|sao|e|estan|estao)(?![\w])")


# numbers after a voice and a preposition: "male vox on 1-4", "Gesang auf 2 und 5" ("vocals on 3 of them" counts)
VOICE_ON_REFS = re.compile(rf"(?<![\w]){lx.VOCAL_NOUN}\s+(?:on|sur|en|em|auf|bei|nas|nos|in)\s+(?:{ART}\s+)?"
                           rf"(?P<refs>(?P<lo>\d{{1,2}})\s*[-–]\s*(?P<hi>\d{{1,2}})|\d{{1,2}}(?:{SEP}\d{{1,2}})+){_ENDS}")
# two or more numbers opening a comma-piece, after a sentence that named tracks by number: ", 5&6 instr."
PIECE_REFS = re.compile(rf"(?<=[,;:])\s*(?:(?:and|y|et|und|e)\s+)?(?P<refs>{ART}\s+\d{{1,2}}(?:(?:\s*&\s*|{SEP})(?:{ART}\s+)?\d{{1,2}})*"
                        rf"|\d{{1,2}}(?:\s*&\s*|{SEP})\d{{1,2}}|(?P<lo>\d{{1,2}})\s*[-–]\s*(?P<hi>\d{{1,2}})|\d{{1,2}}(?=\s*=))"
                        rf"\s*(?:=\s*)?(?:\([^()]*\)\s*)?(?=[a-z]){_NOT_A_QUANTITY}")  # "2-4 at 128", "8 = sprint",
# "la 4 (el invernadero) seis minutos": an aside after the track

# a range opening a sentence, then what it is: "Ambient, instrumental. 1-3 sehr langsam, 4 und 5 mit mehr Druck"
SENTENCE_RANGE = re.compile(rf"(?:^|(?<=[.!?\n;]))\s*(?:(?:and|y|et|und|e|dann|then|puis|luego|depois)\s+)?"
                            rf"(?P<refs>(?P<lo>\d{{1,2}})\s*[-–]\s*(?P<hi>\d{{1,2}}))\s+(?=[a-z]){_NOT_A_QUANTITY}")
# a German ordinal after "in the": "Im 5. gerne ein Didgeridoo", "beim 3. ohne Gesang"
IM_ORDINAL = re.compile(r"(?<![\w])(?:im|beim|ins)\s+(?P<refs>\d{1,2})\.(?=\s+[a-z])")
# one number opening a comma-piece, read as a track only right after a comma-piece that opened with references
LAST_PIECE_REF = re.compile(rf"(?<=[,;])\s*(?:(?:and|y|et|und|e)\s+)?(?P<refs>\d{{1,2}})\s+(?=[a-z]){_NOT_A_QUANTITY}")

# an article, a number and "of" a length or a tempo: "la 1 de 2 min, la 2 de 90 segundos y la 3 de 4 min", "o 4 de 3:30"
ARTICLED_MEASURE = re.compile(rf"(?<![\w])(?P<refs>{_ART_NUMBER}\s+\d{{1,2}})\s+(?:de|da|do|a|à)\s+(?={lx.NUMBER}\s*"
                              rf"(?:{lx.MINUTES}|{lx.SECONDS}|{lx.BPM_UNIT}|:\d\d|'\d\d)(?![\w]))")

# a range of tracks said with words, no noun: "du 2 au 6 on monte à 128", "del 3 al 5 con voz", "von 2 bis 4 schneller",
# "de la 5 a la 7 tres minutos"
# (not "de 2 a 4 minutos", "from 90 to 120 bpm": a unit after it measures something)
WORDED_RANGE = re.compile(rf"(?<![\w])(?:du|del|do|da|von|vom|from|de|les|los|las|os|as|die)\s+(?:(?:la|el|le|a|o)\s+)?(?P<lo>\d{{1,2}})\s+"
                          rf"(?:au|al|ao|bis|to|a|à)\s+(?:(?:la|el|le|a|o)\s+)?(?P<hi>\d{{1,2}})(?![\w:']|[.,]\d|\s*(?:{lx.MINUTES}|{lx.SECONDS}|{lx.HOURS}|{lx.BPM_UNIT}|%|€|\$)(?![\w]))")


def _per_noun_refs(r: Reader, found: list) -> None:
    """References by the noun a brief gives one piece each of, or counts the music for (see planning/per_noun.py)."""
    for noun in thing_nouns(r.folded, r.c.track_count):
        if re.fullmatch(rf"{lx.TRACK_NOUN}|{lx.REF_NOUN}", noun):
            continue  # "one per track": "track 2" is read as a reference already
        stem = noun.removesuffix("s")
        for m in re.finditer(rf"(?<![\w]){re.escape(stem)}(?:s|n|e)?\s+(?P<n>\d{{1,2}})(?![\w]|[.,]\d)", r.work):
            if _fits(r, [int(m.group("n"))]):
                found.append((m.start(), m.end(), [int(m.group("n"))], False))


def _numbers(m: re.Match, key: str = "refs") -> list[int]:
    """The tracks a bare reference names: its range ("2-4", groups lo and hi) or its numbers ("5&6", "la 5 y la 6")."""
    if m.re.groupindex.get("lo") and m.group("lo"):
        return list(range(int(m.group("lo")), int(m.group("hi")) + 1))
    return [int(x) for x in re.findall(r"\d{1,2}", m.group(key))]


def _named_before(r: Reader, named: list[tuple[int, int]], m: re.Match) -> bool:
    """A reference with its noun came earlier in the sentence of ``m``."""
    clause = _clause(r, m.start(), m.end())[0]
    return any(c == clause and e <= m.start() for c, e in named)


def _fits(r: Reader, refs: list[int]) -> bool:
    return bool(refs) and all(1 <= i <= (r.c.track_count.value if r.c.track_count else 20) for i in refs)


# a label, then each track's number with its value: "Tempos : 1 lent, 2 rapide, 3 lent", "BPM: 1 100, 2 120"
LABEL_ITEMS = re.compile(r"(?<![\w])(?:tempos?|tempi|bpm|andamentos?|durations?|durees?|duraciones?|duracoes|lengths?|langen|"
                         r"voix|voices?|voces|vozes|stimmen)\s*:\s*(?P<items>\d{1,2}\s+[^,;.\n\d]+(?:\s*,\s*\d{1,2}\s+[^,;.\n\d]+)+)")


# a label, then one value per track between slashes: "Laenge: 0:15 / 0:30 / 1:00", "Tempo: 90 / 120 / 140 bpm"
SLASH_ITEMS = re.compile(r"(?<![\w])(?:lengths?|laenge|lange|langen|dauer|durations?|duracion(?:es)?|duree?s?|duracao|duracoes|"
                         r"tempos?|tempi|bpm|andamentos?)\s*:\s*(?P<items>[^\n/:]*\d[^\n/]*(?:/[^\n/]*\d[^\n/]*){1,19})")
_SLASH_VALUE = re.compile(rf"\s*(?:\d{{1,2}}:\d\d|\d+(?:[.,]\d+)?\s*(?:{lx.MINUTES}|{lx.SECONDS}|{lx.BPM_UNIT})|\d{{2,3}})\s*"
                          rf"(?:{lx.BPM_UNIT})?\s*(?:[,;.]|$)")


# the parts of the thing the music is for, numbered as its tracks: "Les leçons 4 et 8 sont des révisions", "La salle 3
# (la chambre froide) sans aucun beat", "im Level 2", "en la escena 5"
PART_REFS = re.compile(rf"(?<![\w]){PART_NOUN}\s+"
                       rf"(?P<refs>\d{{1,2}}(?:{SEP}\d{{1,2}})*)(?![\w]|[.,:]\d|\s*(?:{lx.MINUTES}|{lx.SECONDS}|{lx.BPM_UNIT})(?![\w]))")


def _part_refs(r: Reader, found: list) -> None:
    """Numbered parts of what the music is for, as its tracks, when no tracklist names the tracks otherwise."""
    if r.tracklist or not r.c.track_count:
        return
    for m in PART_REFS.finditer(r.work):
        refs = _numbers(m)
        if _fits(r, refs) and not any(f[0] <= m.start("refs") < f[1] for f in found):
            found.append((m.start("refs"), m.end("refs"), refs, False))


# values said of the tracks in order: "140 e 145 bpm respectivamente", "3, 4 and 6 minutes respectively"
RESPECTIVELY = re.compile(rf"(?<![\w.,:])(?P<items>\d{{1,3}}(?:{SEP}\d{{1,3}})+)\s*(?:{lx.BPM_UNIT}|{lx.MINUTES}|{lx.SECONDS})?"
                          r"\s*,?\s*(?:respectively|respectivamente|respectivement|respektive|beziehungsweise)(?![\w])")


def _respectively(r: Reader) -> None:
    """Each value of a list said "respectively" is its track's, when there is one value per track."""
    for m in RESPECTIVELY.finditer(r.folded):
        values = list(re.finditer(r"\d{1,3}", m.group("items")))
        if r.c.track_count and len(values) == r.c.track_count.value:
            for k, v in enumerate(values, start=1):  # its words are the value's only: the unit is after the last
                r.segments.append((m.start("items") + v.start(), m.start("items") + v.end(), [k]))


def _slash_items(r: Reader, found: list) -> None:
    """One value per track between slashes, as many as the brief's tracks: each value opens its track's words."""
    for m in SLASH_ITEMS.finditer(r.folded):
        items = m.group("items").split("/")
        if not r.c.track_count or len(items) != r.c.track_count.value or not all(_SLASH_VALUE.match(i) for i in items):
            continue  # the last value may run on: "1:00, alle gleich" (its pattern ends at a mark)
        at = m.start("items")
        for k, item in enumerate(items, start=1):
            lead = len(item) - len(item.lstrip())
            where = m.start() if k == 1 else at + lead  # the label is the first value's: "Tempo: 90" is read from "Tempo"
            found.append((where, where, [k], False))
            at += len(item) + 1


def bare_references(r: Reader, found: list) -> None:
    """Add the bare-number references of the brief to ``found`` (see the module docstring)."""
    _slash_items(r, found)
    _respectively(r)
    _part_refs(r, found)
    for m in LABEL_ITEMS.finditer(r.work):
        for x in re.finditer(r"(?:^|,)\s*(\d{1,2})\s", m.group("items")):
            if _fits(r, [int(x.group(1))]):
                a = m.start("items") + x.start(1)
                found.append((a, a + len(x.group(1)), [int(x.group(1))], False))
    named = [(_clause(r, s, e)[0], e) for s, e, _, _ in found]
    for m in ELIDED_REFS.finditer(r.work):
        refs = _refs(m.group("refs"))
        articled = ARTICLED_ON.match(m.group(0)) and r.c.track_count and not EXCEPTED.search(r.folded, max(0, m.start() - 12),
                                                                                            m.start())
        if (r.tracklist or articled or _named_before(r, named, m)) and _fits(r, refs):
            found.append((m.start("refs"), m.end("refs"), refs, True))
    for m in EXCEPT_NUMBERS.finditer(r.work):
        if r.c.track_count and _fits(r, _refs(m.group("refs"))):
            found.append((m.start("refs"), m.end("refs"), _refs(m.group("refs")), False))
    for m in VOICE_ON_REFS.finditer(r.work):
        refs = _numbers(m)
        if len(refs) >= 2 and _fits(r, refs):
            found.append((m.start("refs"), m.end("refs"), refs, True))  # the voice before it is theirs
            named.append((_clause(r, m.start(), m.end())[0], m.end()))
    for m in SENTENCE_RANGE.finditer(r.work):
        refs = _numbers(m)
        if r.c.track_count and len(refs) >= 2 and _fits(r, refs):
            found.append((m.start("refs"), m.end("refs"), refs, False))
            named.append((_clause(r, m.start(), m.end())[0], m.end()))
    for m in IM_ORDINAL.finditer(r.work):
        if r.c.track_count and _fits(r, _refs(m.group("refs"))):
            found.append((m.start("refs"), m.end("refs"), _refs(m.group("refs")), False))
    for m in PIECE_REFS.finditer(r.folded):  # on the words as written: "la 2 y la 3 cuatro minutos" (the length is read)
        if r.work[m.start("refs"):m.end("refs")] != m.group("refs"):
            continue  # its numbers were read as something else
        refs = _numbers(m)
        # a Romance or German article says it is a track ("..., el 5 de 300s"); else a track named before it must
        articled = re.match(rf"{_ART_NUMBER}\s", m.group("refs")) and r.c.track_count
        if (articled or _named_before(r, named, m)) and _fits(r, refs):
            found.append((m.start("refs"), m.end("refs"), refs, False))
    for m in LAST_PIECE_REF.finditer(r.work):  # "Track 1–3 mittel, 4–6 schnell, 9 langsam": one number ending a list
        comma = r.folded.rfind(",", 0, m.start("refs"))
        before = r.after_last(",;:.!?\n", comma)
        before += len(r.folded[before:comma]) - len(r.folded[before:comma].lstrip())  # where the piece before opens
        if any(f[0] <= m.start("refs") < f[1] for f in found):
            continue  # a number of a list already read ("Stücke 2, 4 und 6")
        if any(before <= f[0] <= before + 4 and f[2] and f[2][0] < int(m.group("refs")) for f in found) \
                and _fits(r, [int(m.group("refs"))]):
            found.append((m.start("refs"), m.end("refs"), [int(m.group("refs"))], False))
    for m in COPULA_REFS.finditer(r.work):
        refs = _numbers(m)
        if r.c.track_count and _fits(r, refs):
            found.append((m.start("refs"), m.end("refs"), refs, True))
    for m in BULLET_REFS.finditer(r.work):
        key = "refs" if m.group("refs") else "arefs"
        refs = _numbers(m, key)
        if r.c.track_count and _fits(r, refs):
            found.append((m.start(key), m.end(key), refs, False))
    for m in WORDED_RANGE.finditer(r.work):
        refs = _numbers(m)
        if r.c.track_count and len(refs) >= 2 and _fits(r, refs):
            # "salsa del 1 al 8, después bachata del 9 al 14": a range that ends its comma-piece names the words before it
            piece = r.folded[r.after_last(",;:.\n", m.start()):m.start()]
            ends = re.match(r"\s*(?:[,;.)]|$)", r.folded[m.end():])
            found.append((m.start(), m.end(), refs, bool(ends and piece.strip())))
    for m in ARTICLED_MEASURE.finditer(r.folded):  # the measure after it is read already (masked in r.work)
        unused = r.work[m.start("refs"):m.end("refs")] == m.group("refs")
        if unused and r.c.track_count and _fits(r, _refs(m.group("refs"))):
            found.append((m.start("refs"), m.end("refs"), _refs(m.group("refs")), False))
    _per_noun_refs(r, found)
    for m in SENTENCE_ART_REFS.finditer(r.work):
        if r.c.track_count and _fits(r, _refs(m.group("refs"))):
            found.append((m.start("refs"), m.end("refs"), _refs(m.group("refs")), False))
    for m in LEADING_REFS.finditer(r.work) if r.tracklist else ():
        if _fits(r, _refs(m.group("refs"))):
            found.append((m.start("refs"), m.end("refs"), _refs(m.group("refs")), False))


def bracket_ranges(r: Reader, start: int, end: int, found: list) -> None:
    """Ranges in brackets between ``start`` and ``end`` ("(4 à 8)"), as references that look back."""
    for x in BRACKET_RANGE.finditer(r.work, start, end):
        lo, hi = int(x.group("lo")), int(x.group("hi"))
        if lo < hi and _fits(r, [lo, hi]):
            found.append((x.start("lo"), x.end("hi"), list(range(lo, hi + 1)), True))
