"""Quantified vocal phrases of a brief: "vocals on all but the intro and the outro", "only the
last track has vocals", "tous instrumentaux sauf le dernier", "solo en el 3 y el 6", "rap em três
delas", "3 with female vocals and 3 with male vocals". They set the album's vocal wish and its
exceptions before the reader's other passes (planning/track_refs.py names the tracks).
"""

from __future__ import annotations

import re

from agent.planning import lexicon as lx
from agent.planning.constraints import Ambiguity, Read
from agent.planning.place_words import LAST_WORD
from agent.planning.reader import Reader
from agent.planning.track_refs import ALL, ALL_RE, ART, ORD_ALT, PREP, REF_LIST, SEP, _clause, _refs

BUT = (r"(?:but|except(?:\s+for)?|save|apart from|other than|excluding|menos|excepto|salvo|sauf|excepte|hormis|"
       r"a part|en dehors de|aparte de|ausser|auser|bis auf|abgesehen von|exceto|fora|tirando)")
# the same as nouns, in a sentence that sets a wish apart: "com exceção do quinto", "mit Ausnahme von"
EXCEPTION_NOUN = r"(?:exception|excepcion|excecao|ausnahme)"
ONLY = (r"(?:only|just|solo|solamente|unicamente|nomas|no mas|nada mas|seulement|uniquement|seule?s?|nur|einzig|apenas|"
        r"somente|so)")
# bare track numbers after an exception word: "solo en el 3 y el 6", "sauf sur la 2", "menos a 4",
# "only on 3 and 6"; an article, a preposition or a list says they name tracks ("all but 2" counts)
_BARE = rf"(?:(?:{PREP}\s+)?{ART}\s+)?(?:\d{{1,2}}|{LAST_WORD})"  # "menos en el 1 y en el último"
_NOT_A_UNIT = rf"(?![\w:'/%-]|[.,]\d)(?!\s*(?:{lx.MINUTES}|{lx.SECONDS}|{lx.BPM_UNIT}|{lx.TRACK_NOUN}|x\b))"
BARE_REFS = (rf"(?:{PREP}\s+)?(?P<refs>(?:{ART}\s+\d{{1,2}}|\d{{1,2}}(?={SEP}{_BARE}))(?:{SEP}{_BARE})*){_NOT_A_UNIT}"
             rf"|{PREP}\s+(?P<refs1>\d{{1,2}}){_NOT_A_UNIT}"
             # one number that a copula says is sung or not: "Only 3 is sung", "nur 2 ist gesungen"
             rf"|(?P<refs2>\d{{1,2}})(?=\s+(?:is|ist|es|est|e|will be|wird)\s+(?:sung|instrumental|gesungen|chantee?|cantad[oa]|"
             rf"instrumentale?)(?![\w]))")
ALL_BUT = re.compile(rf"(?<![\w])(?:{PREP}\s+)?{ALL}\s+(?:[\w']+\s+){{0,2}}?{BUT}\s+(?:{PREP}\s+)?{REF_LIST}")
EXCEPT = re.compile(rf"(?<![\w]){BUT}\s+(?:{PREP}\s+)?(?:(?:{ART})\s+(?={lx.TRACK_NOUN}))?{REF_LIST}")
ONLY_RE = re.compile(rf"(?<![\w]){ONLY}\s+(?:{PREP}\s+)?{REF_LIST}")
EXCEPT_BARE = re.compile(rf"(?<![\w]){BUT}\s+(?:{BARE_REFS})")
ONLY_BARE = re.compile(rf"(?<![\w]){ONLY}\s+(?:{BARE_REFS})")
# all but a number, then the tracks in brackets: "Alle instrumental bis auf zwei (Nr. 6 und Nr. 12)"
EXCEPT_COUNTED = re.compile(rf"(?<![\w]){BUT}\s+{lx.NUMBER}\s*\(\s*(?:(?:that is|i\.e\.|c'est|das sind|o sea|ou seja)\s*)?"
                            rf"(?:{PREP}\s+)?{REF_LIST}\s*\)")
EXCEPT_COUNTED_BARE = re.compile(rf"(?<![\w]){BUT}\s+{lx.NUMBER}\s*\(\s*(?:{BARE_REFS})\s*\)")  # "salvo dos (el 2 y el 7)"
ONLY_POST = re.compile(rf"(?<![\w]){PREP}\s+{REF_LIST}\s+{ONLY}(?![\w])")
# all but a number with no article or list: a count of tracks ("vocals on all but 2", "instrumental except 3")
ALL_BUT_COUNT = re.compile(rf"(?<![\w])(?:{PREP}\s+)?{ALL}\s+(?:[\w']+\s+){{0,2}}?{BUT}\s+(?P<n>{lx.NUMBER})"
                           rf"(?:\s+(?:of them|de ellas|de ellos|d'entre eux|davon|delas|deles))?(?=\s*(?:[,.;!?)]|$))")
OF_THEM = r"(?:\s+(?:of\s+them|of\s+the\s+\w+|tracks?|songs?|de\s+ellas|de\s+ellos|d'entre\s+eux|d'entre\s+elles|davon|delas|deles|\w+))?"
HALF_WORD = r"(?:half|mitad|moitie|halfte|metade)"
OTHER_HALF = re.compile(rf"\s*,?\s*(?:and|y|et|und|e)?\s*(?:the other|la otra|l'autre|die andere|a outra)\s+{HALF_WORD}"
                        r"[^,.;:!?]*")
# an article (and "de") before a number names the pieces by it: "el de 60", "os de 20", "the 60"
NAMED_BY_NUMBER = re.compile(r"(?<![\w])(?:el|la|los|las|lo|o|a|os|as|le|les|the|die|der|das|den)\s+(?:de\s+)?$")


def _pieces_named_by(r: Reader, m: re.Match, value: float | None) -> bool:
    """The number of ``m`` (group "n") is past the track count and an article names the pieces by it: a length or a
    name ("el de 60", "os de 20"), no count of tracks."""
    return value is not None and r.c.track_count is not None and value > r.c.track_count.value \
        and NAMED_BY_NUMBER.search(r.folded[max(0, m.start("n") - 10):m.start("n")]) is not None


INSTRUMENTAL_COUNT = re.compile(rf"(?<![\w-])(?P<n>{lx.NUMBER})\s+(?:of\s+them\s+|de\s+ell[oa]s\s+)?"
                                rf"(?:instrumentals?|instrumentales|instrumentaux|instrumentais|instrumentale[n]?)"
                                rf"(?:\s+{lx.TRACK_NOUN})?(?![\w])")
VOCAL_COUNT = [
    # not after "and": "8 cantadas e a 9 instrumental" names track 9
    re.compile(rf"{lx.VOCAL_NOUN},?\s+(?!(?:and|y|e|et|und)\s)(?:[\w']+\s+){{0,3}}?{PREP}\s+(?:the\s+|la\s+|a\s+|der\s+)?(?P<n>{lx.NUMBER}|"
               rf"{HALF_WORD})(?!\s*(?:[-–&]|(?:,|and|y|et|und|e)\s)\s*\d){OF_THEM}(?![\w])"),  # not "on 1-4", "on 2 and 5"
    re.compile(rf"(?<![\w-])(?:(?:the|la|a|die|le)\s+)?(?P<n>{lx.NUMBER}|{HALF_WORD})(?:\s+(?:of\s+them|de\s+ellas|de\s+ellos|d'entre\s+eux|davon|delas|"
               rf"deles|tracks?|songs?|canciones|titres|lieder|faixas|temas))?\s+(?:with|con|avec|mit|com)\s+"
               rf"(?:\w+\s+){{0,2}}{lx.VOCAL_NOUN}"),
    re.compile(rf"(?<![\w-])(?P<n>{lx.NUMBER})\s+(?:vocal|sung|cantadas?|chantees?|gesungene?)\s+(?:{lx.TRACK_NOUN})"),
    # "3 of them sung", "dos de ellas cantadas", "drei davon gesungen"
    re.compile(rf"(?<![\w-])(?P<n>{lx.NUMBER})\s+(?:of\s+them|de\s+ell[oa]s|d'entre\s+(?:eux|elles)|davon|delas|deles)"
               rf"\s+(?:sung|cantadas?|cantados?|chantees?|chantes|gesungen)(?![\w])"),
    # "half of them sung", "la mitad cantadas", "la moitié chantée", "die Hälfte gesungen"
    re.compile(rf"(?<![\w-])(?:(?:the|la|a|die|le)\s+)?(?P<n>{HALF_WORD})\s+(?:of\s+them\s+|de\s+ell[oa]s\s+|davon\s+|delas\s+)?"
               rf"(?:sung|cantadas?|cantados?|chantees?|chantes|gesungen|vocal)(?![\w])"),
]


# a quantity other than vocals that an "all ... except" may quantify: a tempo or a length
OTHER_QUANTITY = re.compile(rf"\d\s*-?\s*(?:{lx.BPM_UNIT}|{lx.MINUTES}(?![\w])|{lx.SECONDS}(?![\w]))")


def refs_in(m: re.Match) -> list[int]:
    """The tracks a match of EXCEPT, ONLY_RE or their bare-number forms names."""
    refs = m.groupdict().get("refs") or m.groupdict().get("refs1") or ""
    return _refs(refs)


def _vocal_sense(r: Reader, start: int, end: int, refs_at: int, *, only: bool = False) -> bool | None:
    """Is a quantifier about sung tracks (True) or instrumental ones (False)? The word nearest
    before its track list decides ("male vocals except the instrumental closer"); else the word
    nearest after it ("only the first and the last with vocals, the rest instrumental"). A word
    right after the list, before any comma, speaks of the listed tracks themselves and comes first
    ("com voz masculina em quase todas, só a quarta instrumental"), for an "only"."""
    a, b = _clause(r, start, end)
    piece = r.folded[max(a, r.folded.rfind(",", a, start) + 1):refs_at]  # from the clause's last comma, or its start
    if (OTHER_QUANTITY.search(piece) or INSTRUMENT_WORD.search(piece)) and not re.search(lx.VOICED, piece):
        return None  # "..., all at 120 bpm except track 4", "horns on all of them but the fourth": the tempo's, the horns
    if not only and _other_wish_between(r.folded[a:start]):
        return None  # "ohne Gesang ohne Schlagzeug langsam außer Nummer 7": the exception is the tempo's
    comma = r.folded.find(",", end, b)
    own = r.folded[end:comma if comma >= 0 else b]  # what the exception says of its tracks, up to the next comma
    if not only and OTHER_QUANTITY.search(own) and not re.search(lx.VOICED, own):
        return None  # "tout instrumental, 2'30 chacun, sauf le dernier qui doit faire 5 minutes": the length's
    right_after = r.folded[end:comma if comma >= 0 else b] if only else ""
    for text, pick in ((right_after, min), (r.folded[a:refs_at], max), (r.folded[end:b], min)):
        found = [(m.end(), False) for m in re.finditer(lx.INSTRUMENTAL, text)]
        negated = {at for at, _ in found}  # "pas de paroles": the sung word inside is negated
        found += [(m.end(), True) for m in re.finditer(rf"(?<![\w]){lx.VOCAL_NOUN}(?![\w])", text)
                  if m.end() not in negated]
        found += [(m.end(), True) for m in re.finditer(lx.alternation(lx.VOICE_WORDS), text)]
        # "a cappella, with no instruments whatsoever, except the final piece, which should have organ": the
        # exception is an instrument's, not a voice's
        found += [(m.end(), None) for m in lx.A_CAPPELLA_RE.finditer(text)]
        if found:
            return pick(found, key=lambda f: f[0])[1]
    return None


VOICE_WORD_RE = re.compile(lx.alternation(lx.VOICE_WORDS))
INSTRUMENT_WORD = re.compile(lx.alternation(lx.INSTRUMENTS))
TEMPO_WORD_RE = re.compile(lx.alternation(lx.TEMPO_WORDS))
NEGATED_WORD_RE = re.compile(rf"(?<![\w]){lx.NEGATION}\s+(?P<w>[\w-]+)")


def _other_wish_between(before: str) -> bool:
    """After the last word about voices in ``before`` (the clause up to an exception), another wish stands right
    before the exception: a tempo word or a negated instrument ("no vocals, no drums, slow except 7 and 8")."""
    voiced = [m.end() for m in re.finditer(lx.VOICED, before)]
    if not voiced:
        return False
    rest = before[max(voiced):]
    return bool(TEMPO_WORD_RE.search(rest)) or any(lx.instrument(m.group("w")) for m in NEGATED_WORD_RE.finditer(rest))


def _said_of_listed(r: Reader, start: int, end: int, refs_at: int) -> bool:
    """The voice words of an exception are a relative clause after its tracks, none before them: "Exceto o 4.º,
    que é uma balada cantada por um rapaz" says the fourth is sung, so the others are not."""
    a, b = _clause(r, start, end)
    before = r.folded[a:refs_at]
    if re.match(r"\s*:", r.folded[end:]) and not r.folded[r.after_last(".!?\n", start):start].strip():
        return True  # "... par une voix de femme. Sauf la 6e : une berceuse, sans paroles": the colon's words are the sixth's
    return re.match(rf"\s*\)?\s*,?\s*{lx.RELATIVE}(?![\w])", r.folded[end:b]) is not None \
        and not (re.search(lx.INSTRUMENTAL, before) or re.search(rf"(?<![\w]){lx.VOCAL_NOUN}(?![\w])", before)
                 or VOICE_WORD_RE.search(before))


def _other_voice(r: Reader, start: int, end: int) -> bool:
    """The words after an exception's tracks, a clause of their own (after a comma or a "that"), name another
    voice than the words before it and no instrumental ("des gars qui chantent, sauf la 5 pis la 9, c'est une
    fille qui chante"; not "alle außer der letzten mit Chor", where the choir sings the others)."""
    a, b = _clause(r, start, end)
    if r.folded[:a].endswith(("...", "…")) or not r.folded[a:start].strip():
        # "des gars qui chantent... ben, sauf la 5": the thought goes on; "chantées par un gars. Sauf la toune 4
        # qui serait un slow ..., en duo": an exception opening its sentence excepts from the one before
        a = _clause(r, max(0, a - 4), max(0, a - 4))[0]
    after = r.folded[end:b]
    said = {lx.VOICE_WORDS[m.group(0)] for m in VOICE_WORD_RE.finditer(r.folded, a, start)}
    other = {lx.VOICE_WORDS[m.group(0)] for m in VOICE_WORD_RE.finditer(after)}
    return bool(re.match(r"\s*(?:[,(–—-]|qu'|(?:que|qui|which|that|who|die|der|das|welche)(?![\w]))", after)) \
        and bool(said) and bool(other - said) \
        and not re.search(lx.INSTRUMENTAL, after)


# "only the third is different: ...", "só a última é diferente": the tracks named are described next, whatever it says
DIFFERENT_AFTER = re.compile(r"\s+(?:[\w']+\s+){0,2}?(?:different|differs|anders|diferente|diferentes|distint[oa]s?|"
                             r"differente?s?)(?![\w])")


def exceptions(r: Reader) -> None:
    """Quantified vocal phrases: all but, only, except, N of them."""
    c = r.c
    for pattern, mode in ((ALL_BUT, "all_but"), (ONLY_RE, "only"), (ONLY_POST, "only"), (EXCEPT, "all_but"),
                          (ONLY_BARE, "only"), (EXCEPT_BARE, "all_but"),
                          (EXCEPT_COUNTED, "all_but"), (EXCEPT_COUNTED_BARE, "all_but")):
        for m in r.finditer(pattern):
            if m.group(0).startswith("but") and re.search(r"(?:^|[.!?\n])\s*$", r.folded[:m.start()]):
                r.skip = True  # "But the very last one should be slow": a sentence's "but" is no exception
                continue
            if mode == "only" and DIFFERENT_AFTER.match(r.folded, m.end()):
                r.skip = True  # "nur das dritte Stück soll anders sein: ein Walzer": a pointer to its description
                continue
            refs = next((k for k in ("refs", "refs1", "refs2") if m.groupdict().get(k) is not None), "refs1")
            sense = _vocal_sense(r, m.start(), m.end(), m.start(refs), only=mode == "only")
            if sense is None:
                r.skip = True  # not about vocals ("170 bpm except the closing ballad"): its refs stay for anchors
                continue
            if mode == "all_but" and sense and _other_voice(r, m.start(), m.end()):
                r.skip = True  # "des gars qui chantent, sauf la 5 pis la 9, c'est une fille": those sing too, another voice
                continue
            listed = _refs(m.group(refs))
            if mode == "all_but" and _said_of_listed(r, m.start(), m.end(), m.start(refs)):
                sense = not sense
            others = sense if mode == "all_but" else not sense
            c.vocal = Read(value=others, source=r.text[m.start():m.end()], start=m.start(), end=m.end())
            for i in listed:
                c.track(i).vocal = Read(value=not others, source=r.text[m.start():m.end()], start=m.start(),
                                        end=m.end())
            # "except 5 and 10 (those are interludes, ~50 s)", "menos el 1 y el 10 que son intro y outro (cortitos, 1 minuto)"
            aside = re.match(rf"(?:\s+{lx.RELATIVE}\s+[^().,;:!?]{{0,40}}?)?\s*\([^()]*\)",
                             r.folded[m.end():])
            # "Exceto o 4.º, que é uma balada acústica cantada por um rapaz, em inglês, lenta": the sentence's rest
            aside = aside or re.match(rf"\s*,?\s*{lx.RELATIVE}\s+[^.;!?\n]+", r.folded[m.end():])
            if not r.folded[r.after_last(".!?\n", m.start()):m.start()].strip():  # "Sauf la 6e : ...": its own words
                aside = aside or re.match(r"\s*:[^.;!?\n]+", r.folded[m.end():])
            if aside and listed:
                r.segments.append((m.end(), m.end() + aside.end(), listed))
            _mask_clause_vocals(r, m.start(), m.end())
    for m in r.finditer(ALL_BUT_COUNT):  # "6 songs, vocals on all but 2": four sung
        sense = _vocal_sense(r, m.start(), m.end(), m.start("n"))
        n = lx.number_value(m.group("n"))
        if sense is None or c.track_count is None or not n or not float(n).is_integer() or not 0 < n < c.track_count.value:
            r.skip = True
            continue
        kept = c.track_count.value - int(n)
        c.vocal_tracks = Read(value=kept if sense else int(n), source=r.text[m.start():m.end()], start=m.start(), end=m.end())
    groups: list[tuple[int, int, int, str | None]] = []  # (start, end, count, voice) of each vocal count
    from agent.planning.position_refs import STRIDE  # it imports track_refs, which imports the reader
    for pattern in VOCAL_COUNT:
        for m in r.finditer(pattern):
            if STRIDE.match(r.folded, m.start("n")):
                r.skip = True  # "voz en uno de cada tres", "un morceau sur trois": every third track, not one
                continue
            before = r.folded[max(0, m.start() - 24):m.start()]
            if re.search(rf"\d\s*(?:,|and|y|et|und|e|&|-|–|to|through|a|al|bis|ate)\s*(?:(?:la|a|o|le|el|die|der)\s+)?$"
                         rf"|(?<![\w])(?:{lx.TRACK_NOUN}|nr\.?|no\.|n[°º]\.?|#)\s*$", r.folded[max(0, m.start("n") - 24):m.start("n")]) or \
                    m.group("n")[0].isdigit() and re.search(r"(?<![\w])(?:la|a|o|le|el)\s+$",  # "mas a 2 e a 5 com voz"
                                                            r.folded[max(0, m.start("n") - 6):m.start("n")]) or \
                    re.search(r"\s(?:first|last|primer|ultim|premier|dernier|erste|letzte|primeir)\w*$", m.group(0)) or \
                    re.search(rf"(?<![\w])(?:{ORD_ALT}|{ART}|\d+(?:st|nd|rd|th|e|o|a)|middle|medio|milieu|mittleren|"
                              rf"meio)\s*$", before):
                r.skip = True  # "tracks 1 and 2 (1 to 5) with vocals", "the middle two with vocals" name tracks
                continue
            tail = r.folded[m.end("n"):m.end()].split()
            if tail and re.fullmatch(r"voix|voces|vozes|voices|stimmen|voci", tail[0]) and re.search(
                    r"(?<![\w])(?:a|for|in|pour|para|with|con|com|avec|mit|fur|zu)\s+$", r.folded[max(0, m.start("n") - 8):m.start("n")]):
                r.skip = True  # "ça chante à deux voix", "a dos voces", "for two voices": how many sing, not on how many tracks
                continue
            if m.group("n") in lx.ARTICLE_WORDS and tail and not re.fullmatch(rf"{lx.TRACK_NOUN}|of|de|d'entre|davon|delas|deles",
                                                                              tail[0]):
                r.skip = True  # "con voz, de un vato cantando": a singer, not one track
                continue
            if r.tracklist and m.group("n")[0].isdigit():
                r.skip = True  # under a numbered tracklist, "Mara sings on 2" names its second item
                continue
            word = m.group("n")
            value = lx.number_value(word) if not re.fullmatch(HALF_WORD, word) else None
            if re.fullmatch(HALF_WORD, word) and c.track_count:
                value = c.track_count.value // 2
                other = OTHER_HALF.match(r.work, m.end())
                if other:  # "la mitad con voz y la otra mitad instrumentales": the other half is the rest
                    r.mask(other.start(), other.end())
            voice = re.search(lx.alternation(lx.VOICE_WORDS), r.folded[m.start():m.end()])
            if _pieces_named_by(r, m, value):
                r.skip = True  # "el de 60 con coro": the spot of 60 seconds, not 60 sung tracks ("vocals on 5" of 3 is refused)
                continue
            if value is not None and float(value).is_integer():
                groups.append((m.start(), m.end(), int(value), voice and lx.VOICE_WORDS[voice.group(0)]))
                c.vocal_tracks = Read(value=int(value), source=r.text[m.start():m.end()], start=m.start(),
                                      end=m.end())
            if voice and c.voice is None:
                s, e = m.start() + voice.start(), m.start() + voice.end()
                c.voice = Read(value=lx.VOICE_WORDS[voice.group(0)], source=r.text[s:e], start=s, end=e)
    _joined_vocal_counts(r, sorted(groups))
    for m in r.finditer(INSTRUMENTAL_COUNT):  # "with three instrumental tracks": the others are sung
        n = lx.number_value(m.group("n"))
        if re.search(rf"(?<![\w])(?:{ORD_ALT}|{ART})\s*$", r.folded[max(0, m.start() - 14):m.start()]):
            r.skip = True  # "the last one instrumental" names a track
            continue
        if _pieces_named_by(r, m, n):
            r.skip = True  # "os de 20 apenas instrumentais": the jingles of 20 seconds, not 20 tracks
            continue
        if m.group("n") in lx.ARTICLE_WORDS and re.search(r"(?<![\w])(?:is|ist|es|est|e|sera|will be|wird)\s+$",
                                                          r.folded[max(0, m.start() - 10):m.start()]):
            r.skip = True  # "Track 7 ist ein instrumentales Outro": what a named track is, no count
            continue
        sung = c.vocal_tracks
        if sung is not None and c.track_count is not None and n is not None and n.is_integer() \
                and sung.start < m.start() and sung.value + n != c.track_count.value:
            # "4 canciones: dos con voz masculina y tres instrumentales" counts 5 tracks
            c.conflicts.append(f"'{sung.source}' and '{r.text[m.start():m.end()]}' make {sung.value + int(n)} tracks, "
                               f"but the brief asks for {c.track_count.value} ('{c.track_count.source}')")
        elif c.track_count is not None and n is not None and n.is_integer() and n < c.track_count.value:
            c.vocal_tracks = Read(value=c.track_count.value - int(n), source=r.text[m.start():m.end()],
                                  start=m.start(), end=m.end())
        else:
            r.skip = True
    for m in ALL_RE.finditer(r.work):
        if r.tracklist and r.segment_at(m.start()):
            continue  # "5. rumba para el final, todas cantando": everyone sings in that track
        itself = SINGING_ITSELF.match(r.folded, m.end()) or (
            SINGING_AFTER_THE.match(r.folded, m.end()) if r.folded[m.start():m.end()].endswith(" the") else None)
        if itself:  # "all the singing in English", "todo lo cantado, en español": what is sung, not that all is
            r.mask(m.start(), itself.end())
            continue
        a, b = _clause(r, m.start(), m.end())
        a = max(a, r.folded.rfind(",", 0, m.start()) + 1)  # the comma-piece that holds "all"
        b = min([b] + [i for i in (r.folded.find(",", m.end()),) if i >= 0])
        near = r.work[a:b]
        if c.vocal is None and re.search(rf"(?<![\w]){lx.VOCAL_NOUN}(?![\w])", near) \
                and not re.search(lx.INSTRUMENTAL, near):
            c.vocal = Read(value=True, source=r.text[m.start():m.end()].strip(), start=m.start(), end=m.end())
            r.mask(m.start(), m.end())


# "all" of the singing itself, named as a thing: "all the singing", "todo lo cantado", "tout ce qui est chanté", "alles
# Gesungene", "tudo o que for cantado"
SINGING_ITSELF = re.compile(rf"\s+(?:the|lo|ce qui est|ce qui sera|ce qui|o que (?:for|e|seja)|was|das|de lo)\s+(?:\w+\s+)?"
                            rf"{lx.VOCAL_NOUN}(?![\w])|\s+gesungene(?![\w])")
SINGING_AFTER_THE = re.compile(r"\s+(?:singing|vocals?|lyrics|voices?)(?![\w])")  # "all the" has taken the article


def _joined_vocal_counts(r: Reader, groups: list[tuple[int, int, int, str | None]]) -> None:
    """'3 with female vocals and 3 with male vocals': counts joined by 'and' add up; when their
    voices differ, the tracks take them in the order written (an assumption the plan states)."""
    run = groups[:1]
    for g in groups[1:]:
        if re.fullmatch(r"\s*(?:,|;|and|y|et|und|e|&|plus|\+)?\s*(?:(?:and|y|et|und|e)\s+)?", r.folded[run[-1][1]:g[0]]):
            run.append(g)
    if len(run) < 2:
        return
    c = r.c
    s, e = run[0][0], run[-1][1]
    c.vocal_tracks = Read(value=sum(g[2] for g in run), source=r.text[s:e], start=s, end=e)
    if len({g[3] for g in run}) > 1:
        c.voice = None
        first, order = 1, []
        for _, _, n, voice in run:
            order.append(f"{first}-{first + n - 1} {voice or 'any voice'}" if n > 1 else f"{first} {voice}")
            first += n
        c.ambiguities.append(Ambiguity(field="voices", question="Which tracks take which voice?",
                                       source=r.text[s:e], default="in the order written: tracks " + ", ".join(order)))
        first = 1
        for gs, ge, n, voice in run:
            for i in range(first, first + n):
                c.track(i).vocal = Read(value=True, source=r.text[gs:ge], start=gs, end=ge)
                if voice:
                    c.track(i).voice = Read(value=voice, source=r.text[gs:ge], start=gs, end=ge)
            first += n


def _mask_clause_vocals(r: Reader, start: int, end: int) -> None:
    """Instrumental words in an exception's clause are part of the exception, not album-wide."""
    a, b = _clause(r, start, end)
    for m in re.finditer(lx.INSTRUMENTAL, r.work[a:b]):
        r.mask(a + m.start(), a + m.end())
