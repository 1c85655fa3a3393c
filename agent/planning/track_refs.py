"""The parts of a brief that speak of one track: references, enumerations, exceptions.

A reference names tracks: ordinals ("the second", "la última", "das letzte", "a
primeira"), numbers ("track 3", "tracks 4 and 7", "Stück 2"), positions ("the intro",
"the outro", "the first two") and "the rest". Quantified vocal phrases are read first
("vocals on all but the intro and the outro", "tous instrumentaux sauf le dernier",
"only the last track has vocals", "rap em três delas"); then enumerations after a
count ("Two tracks: a 128 bpm house track and a 70 bpm ballad"); then every remaining
reference opens a segment whose words belong to its tracks.
"""

from __future__ import annotations

import re

from agent.planning import lexicon as lx
from agent.planning import place_words as pw
from agent.planning.constraints import Read
from agent.planning.ordinals import OCCASION, ORD_ALT, ORDINALS, POSITION_NOUNS
from agent.planning.reader import Reader
from engine.genres import GENRES

# a genre's plural names its tracks: "Los tangos 2 y 5 cantados", "die Walzer 3 und 4"
GENRE_PLURAL = ("(?:" + "|".join(sorted({re.escape(a) for g in GENRES.values() for a in g.aliases if a.isalpha()},
                                       key=len, reverse=True)) + ")(?:e?s)")
ART = (r"(?:the|la|el|le|l'|les|los|las|der|die|das|dem|den|des|o|a|os|as|its|their|um|uma|im|am|beim|zum|no|na|"
       r"del|al|au|du|do|da)")
ONE = rf"(?:one|ones|uno|una|un|une|eins|einen|um|uma|{lx.REF_NOUN})"
BOTH = r"(?:beiden|beide)"  # "die ersten beiden", "die beiden letzten": two
# number words that name a track after its noun ("Track one", "Tracks three and four"); not the
# words that are also articles ("un", "ein", "uma")
CARDINAL = "|".join(sorted((w for w, v in lx.UNITS.items() if 1 <= v <= 20 and w not in lx.ARTICLE_WORDS),
                           key=len, reverse=True))
_SEP0 = r"(?:\s*,\s*(?:(?:and|y|et|und|e|&)\s+)?|\s+(?:and|y|et|und|e|pis|&)\s+)"  # Quebec "pis": and
_ORD_MARK = r"(?:st|nd|rd|th|eme|ere|e|er|re|ro|ra|do|da|to|ta|o|a|º|ª)"  # after a number: "2nd", "2e", "2º", "2ª"
_DORD = rf"\d{{1,2}}{_ORD_MARK}"
# the Portuguese weekdays are ordinals ("segunda" to "sexta"): "as noites de sexta", "sexta-feira" name a day
_WEEKDAY_BEFORE = "".join(f"(?<!{w} de )" for w in ("noite", "noites", "tarde", "tardes", "manha", "manhas", "dia", "dias",
                                                     "semana", "feira"))
SINGLE_REF = (rf"(?:(?:from|del|de|du|vom|von|do|da)\s+(?:the\s+|la\s+|le\s+|l'|dem\s+|o\s+|a\s+)?(?P<olo>{ORD_ALT}|{_DORD})\s+"
              rf"(?:to|al|a la|au|a|bis(?:\s+zum|\s+zur)?|ao|a)\s+(?:the\s+|la\s+|le\s+|l')?(?P<ohi>{ORD_ALT}|{_DORD})(?![\w])"  # "del segundo al octavo", "da 2ª à 4ª"
              rf"|(?:{ART}(?:\s+|(?<=')))?(?P<fl>first|last|primeros|primeras|ultimos|ultimas|premiers|derniers|ersten|letzten|"
              rf"primeiros|primeiras|ultimos|ultimas)\s+(?P<fln>{lx.NUMBER}|{BOTH})(?:\s+{ONE})?(?![\w])"
              rf"|(?:{ART}(?:\s+|(?<=')))?(?P<fn>{lx.NUMBER}|{BOTH})\s+(?P<fl2>primer[oa]s|ultim[oa]s|premiers|premieres|derniers|"
              rf"dernieres|ersten|letzten|primeir[oa]s)(?![\w])"
              rf"|(?:{ART}(?:\s+|(?<=')))?(?:(?:very|tout|toute)\s+)?{_WEEKDAY_BEFORE}(?P<ord>{ORD_ALT})(?:\s+{ONE})?(?![\w])"
              rf"(?!\s+{OCCASION})(?!-feira)"
              # one more after the counted ones: "Et une quatrième, chantée ...", "and a fifth, slower"
              rf"|(?<![\w])(?:and|et|y|und|e|plus)\s+(?:an?|une?|una?|uma?|eine?n?)\s+(?P<ord2>{ORD_ALT})(?![\w])(?!\s+{OCCASION})"
              rf"|(?:{ART}|an?|ein|eine|einen|un|une|um|uma)\s+(?:[\w-]+\s+)?(?P<pos>{'|'.join(sorted(POSITION_NOUNS))})(?![\w])"
              rf"|(?:{ART}(?:\s+|(?<=')))?(?P<dord>\d{{1,2}}){_ORD_MARK}(?:\s+{ONE})?(?![\w])(?!\s+{OCCASION})"
              rf"|(?:{lx.TRACK_NOUN}|(?<![\w])nr\.?|n[°º]\.?)\s*(?P<rlo>\d{{1,2}})\s*(?:-|–|to|through|thru|a|al|bis|ate)\s*(?P<rhi>\d{{1,2}})(?![\w])"
              rf"|(?:(?:{lx.TRACK_NOUN}|{GENRE_PLURAL}|numero|rows?|filas?|lignes?|zeilen?|linhas?)[ \t]*(?:#|no\.?|nr\.?|n[°º])?|(?<![\w])(?:nr\.?|nos?\.)|n[°º]\.?)[ \t]*(?P<num>\d{{1,2}})(?![\w])"
              r"(?!\s+(?:temas|canciones|tracks|songs|titres|morceaux|chansons|faixas|musicas|stucke|lieder|pieces|piezas)(?![\w]))"  # not "Son 6 temas"
              rf"|#(?P<hash>\d{{1,2}})"
              rf"|(?:{lx.TRACK_NOUN})\s+(?P<one>one|uno|um|uma|un|una|une|eins)(?=\s*[:–-]|$)"  # "faixa um: abertura, ..."
              rf"|(?:{lx.TRACK_NOUN})\s+(?P<numw>(?:{CARDINAL})(?:{_SEP0}(?:{CARDINAL}))*)"
              # then a mark, a relative, "with" or a verb: "Nummer sieben und acht sind schnell", "track two is sung"
              r"(?=\s*[-–:,;.]|\s*$|\s+(?:where|which|that|with|donde|que|ou|onde|wo|mit|avec|con|com|is|are|should|will|"
              r"gets?|has|needs?|ist|sind|soll|sollen|wird|werden|hat|haben|braucht|die|der|das|es|son|est|sont|sao|sera|deve|"
              r"debe|doit|va|vai|lleva|leva|tem|tiene|"
              # or what is said of them: "tracks three and four a bit more energy", "Lieder drei und vier etwas schneller"
              r"a bit|a little|slightly|more|less|un peu|plus|moins|un poco|mas|menos|um pouco|ein bisschen|etwas|mehr|"
              r"weniger|slow\w*|fast\w*|quick\w*|instrumental\w*|without|sin|sans|sem|ohne)(?![\w])))")
SEP = r"(?:\s*,\s*(?:(?:and|y|et|und|e|&)\s+)?|\s+(?:and|y|et|und|u|e|pis|or|o|ou|oder|&)\s+)"  # "song 3 u 6"
_REF = re.sub(r"\(\?P<\w+>", "(?:", SINGLE_REF)  # the same, without group names, to repeat in a list
# "track 3 y el 6", "Titeln 1, 6 und 12": more numbers after the first reference
_MORE = rf"(?:{ART}\s+)?\d{{1,2}}(?![\w])"
# "exceto a faixa 1 e a faixa 15": a later reference may bring its own article
# a reference may carry its number in brackets or a short aside before the next one: "el intro (track 1) y el outro
# (track 7)", "außer Track 5, das ist ein Akustik-Interlude, und dem Outro"
# what a reference starts with, for the lookaheads below (the whole grammar there would make every list's
# pattern several times larger, and its compiling the first brief's cost)
_REF_START = rf"(?:\d|#|nos?\.|(?:{lx.TRACK_NOUN}|{GENRE_PLURAL}|numero|nr|{ORD_ALT})(?![\w]))"
_ASIDE = (rf"(?:\s*\(\s*(?:(?:{lx.TRACK_NOUN}|nr\.?|n[°º]\.?|#)\s*\d{{1,2}}|{_REF_START}[^()\n]{{0,20}})\s*\)|\s*\([^()\d\n]{{1,40}}\)(?={SEP}(?:{ART}\s+)?{_REF_START})|\s*,\s*(?:das ist|das sind|that is|that's|which is|which are|que es|que son|qui est|"
          rf"c'est|que e|que sao|die ist)[^,.;\n\d()]{{1,40}}(?={SEP}(?:{ART}\s+)?{_REF_START}))?")
_PREP0 = r"(?:on|in|for|en|para|sur|pour|auf|fur|bei|beim|im|em|no|na|nos|nas|de|a|to)"  # PREP, needed here already
REF_LIST = rf"(?P<refs>{_REF}{_ASIDE}(?:{SEP}(?:(?:{_PREP0}\s+)?(?:{ART}\s+)?{_REF}{_ASIDE}|{_MORE}))*)"
REF_ONE_RE = re.compile(SINGLE_REF)
REF_LIST_RE = re.compile(rf"(?<![\w])(?P<refs>{SINGLE_REF}{_ASIDE}(?:{SEP}(?:(?:{_PREP0}\s+)?(?:{ART}\s+)?{_REF}{_ASIDE}|{_MORE}))*)")
REST = re.compile(r"(?<![\w])(?:(?<=[,;(] )rest|(?<=[,;(])rest|(?:(?<=[.,;(] )|(?<=[,;(])|(?<=^)|(?<=\n))(?:resto|reste)(?=\s+[a-z])|the rest|the others|the other (?:ones|tracks|songs)|"
                  r"all the others|all others|"
                  r"el resto|los demas|las demas|los otros|las otras|les autres|le reste|die anderen|der rest|"
                  r"die restlichen|die ubrigen|den rest|os outros|as outras|o resto|os demais|as demais|otherwise|sonst|"
                  r"ansonsten|sinon|si no|sino|senao|for the rest|por lo demas|pour le reste|"
                  r"everything after(?: that)?|everything else|all else|the remainder|restantes|restants|all the rest|the remaining(?: ones| tracks| songs)?|"
                  r"todo lo demas|tout le reste|alles andere|todo o resto|"
                  r"(?<=[,;] )(?:the other one|a outra|la otra|el otro|l'autre|die andere)(?=\s*(?:[,.;:!?]|$|\s+[a-z]))"
                  # "the other four", "los otros tres", "les quatre autres", "die anderen vier", "as outras duas"
                  rf"|(?:the other|(?:los|las) (?:otr[oa]s|demas)|(?:os|as) (?:outr[oa]s|demais)|die (?:anderen|ubrigen|restlichen))"
                  rf"\s+{lx.NUMBER}|les\s+{lx.NUMBER}\s+autres)(?![\w])")
# "are" in five languages (plural): "The marches are tracks 1 and 6", "Los boleros son la 2 y la 5"
COPULA = r"(?:are|sind|son|sont|sao|serao|seran|seront)"
# "every third track", "jedem dritten", "a cada três": every k-th track (planning/position_refs.py), not all of them
STRIDE_OPENING = (r"(?:every|jede[nmrs]?|cada|a cada)\s+(?:second|third|fourth|fifth|2nd|3rd|4th|5th|zweite[nm]?|dritte[nm]?|"
                  r"vierte[nm]?|funfte[nm]?|dos|tres|cuatro|cinco|duas|dois|quatro|\d)(?![\w])")
ALL = (r"(?:all(?:\s+(?:of\s+)?(?:the|them|tracks|songs))?|every(?:\s+\w+)?|each\s+(?:one|track|song)|each(?=\s*(?:[.,;:!?)]|$))|chacune?|jeweils|todos|todas|tudo|tous|"
       r"toutes|alle[nms]?|jede[nmrs]?|cada(?:\s+\w+)?|ambos|ambas|both|les deux|beide[n]?|throughout|"
       r"durchgehend|durchweg|uberall|everywhere|partout|de bout en bout|en todo el disco|em todo o disco)")
PREP = _PREP0
# not "at all"; not "die ersten beiden" (the first two); not "les deux du milieu", "beide vor dem letzten" (two by their place)
ALL_RE = re.compile(rf"(?<![\w])(?<!at )(?<!ersten )(?<!letzten )(?:{PREP}\s+)?(?!{STRIDE_OPENING}){ALL}(?![\w])"
                    r"(?!\s+(?:du milieu|del medio|do meio|mittleren|in der mitte|before|antes|avant|vor|after|despues|apres|nach|"
                    r"depois)(?![\w]))")
def _refs(text: str) -> list[int]:
    """Track indices named in a reference list (1-based; negative counts from the end)."""
    out: list[int] = []
    for m in REF_ONE_RE.finditer(text):
        if m.group("olo"):
            lo, hi = (ORDINALS.get(w) or int(re.match(r"\d+", w).group()) for w in (m.group("olo"), m.group("ohi")))
            out += list(range(lo, hi + 1)) if 0 < lo < hi else [lo, hi]
        elif m.group("ord2"):
            out.append(ORDINALS.get(m.group("ord2"), -1))
        elif m.group("ord") or m.group("pos"):
            out.append(ORDINALS.get(m.group("ord") or m.group("pos"), -1))
        elif m.group("fl") or m.group("fl2"):
            word = m.group("fl") or m.group("fl2")
            count = m.group("fln") or m.group("fn")
            n = 2 if re.fullmatch(BOTH, count or "") else int(lx.number_value(count) or 1)
            last = not word.startswith(("first", "primer", "premier", "erst", "primeir"))
            out += list(range(-n, 0)) if last else list(range(1, n + 1))
        elif m.group("one"):
            out.append(1)
        elif m.group("numw"):  # "Track one -", "Tracks three and four -"
            out += [int(lx.UNITS[w]) for w in re.findall(rf"(?<![\w])(?:{CARDINAL})(?![\w])", m.group("numw"))]
        elif m.group("rlo"):  # "tracks 2-5", "Stücke 3 bis 6"
            lo, hi = int(m.group("rlo")), int(m.group("rhi"))
            out += list(range(lo, hi + 1)) if lo < hi <= 99 else [lo, hi]
        else:
            out.append(int(m.group("num") or m.group("hash") or m.group("dord")))
    spans = [m.span() for m in REF_ONE_RE.finditer(text)]
    first = spans[0][0] if spans else len(text)
    # bare numbers after the first reference ("tracks 4 and 7") or before an ordinal ("el 1 y en el último")
    bare = [x for x in re.finditer(r"(?<![\w])\d{1,2}(?![\w])", text) if not any(a <= x.start() < b for a, b in spans)]
    out = [int(x.group(0)) for x in bare if x.start() < first] + out + [int(x.group(0)) for x in bare if x.start() >= first]
    return list(dict.fromkeys(out))


def _clause(r: Reader, start: int, end: int) -> tuple[int, int]:
    """The sentence around ``start..end`` (split at . ; ! ? and newlines)."""
    rights = [i for i in (r.folded.find(ch, end) for ch in ".;!?\n") if i >= 0]
    return r.after_last(".;!?\n", start), min(rights) if rights else len(r.folded)


def anchors(r: Reader) -> None:
    """Every remaining reference opens a segment until the next one or the end of its sentence."""
    from agent.planning.bare_refs import bare_references, bracket_ranges  # they read references with this grammar
    from agent.planning.position_refs import position_refs

    found: list[tuple[int, int, list[int], bool | str]] = []
    # words an earlier pass used ("200 bpm") still stand between two references: mark them so a
    # list of references never spans them ("first one 200 bpm, second 180" names two tracks apart)
    marked = "".join("·" if w == " " and f != " " else w for w, f in zip(r.work, r.folded, strict=True))
    last_ordinal: tuple[int, int] | None = None  # (clause start, index) of the last ordinal taken
    for m in REF_LIST_RE.finditer(marked):
        if any(s <= m.start() < e for s, e, _ in r.segments):
            continue
        if pw.MODEL_BEFORE.search(r.folded, max(0, m.start() - 24), m.start()):
            for d in re.finditer(r"\d+", r.work[m.start():m.end()]):  # "Nr. 4: wie Nr. 1, aber nur 2 Minuten": the
                r.mask(m.start() + d.start(), m.start() + d.end())  # model a track repeats opens no words of its own
            continue
        refs = _refs(m.group(0))
        clause = _clause(r, m.start(), m.end())[0]
        if (m.group("ord") or m.group("dord")) and not re.search(rf"(?<![\w])(?:{ART}|{ONE})(?![\w])", r.work[m.start():m.end()]) \
                and not re.match(rf"\s+{ONE}(?![\w])|\s*[:–]", r.work[m.end():]) \
                and not _continues(r, m.start(), refs, clause, last_ordinal) \
                and not _opens_sentence(r, m.start(), m.end()) \
                and not (m.group("ord") in POSITION_NOUNS and (pw.LABELLED_VALUE.match(r.folded, m.end())
                                                               or pw.TEMPO_VALUE.match(r.folded, m.end()))):
            continue  # a bare "first" or "last" without a noun is not a track ("at first", "a podcast intro")
        if m.group("ord") or m.group("dord") or m.group("fl"):
            last_ordinal = (clause, refs[-1]) if refs else last_ordinal
        prep = re.search(rf"(?<![\w])(?:{PREP}(?:\s+{ART})?|{lx.EACH})\s*$", r.work[max(0, m.start() - 12):m.start()])
        # "vocals on track 3" looks back; "A faixa 8 instrumental" opens its sentence with an article
        # a list after a copula looks back too: "Die Märsche sind Nummer 1, 6 und 12" (what the sentence opened with)
        lead = prep or re.search(rf"(?<![\w])(?:{COPULA}|is|ist|werden)\s+$", r.work[max(0, m.start() - 9):m.start()]) \
            or pw.NAMELY.search(r.folded[max(0, m.start() - 20):m.start()])
        piece = max(clause, r.after_last(",;", m.start()))  # "..., and on the very last one they sing it together"
        before = r.folded[clause:m.start() - len(lead.group(0))] if lead else ""
        before = "" if prep and FILLER.fullmatch(r.folded[piece:m.start() - len(prep.group(0))].strip(" -*•\n")) else before
        trailing = bool(lead) and not FILLER.fullmatch(before.strip(" -*•\n"))
        if trailing and prep and re.search(r",\s*$", before) \
                and re.match(r"\s+(?:eher|rather|plutot|mas bien|mais|more|mehr|bien)?\s*[a-z]", r.folded[m.end():]):
            trailing = False  # "Stil: Ambient, bei Nummer 3 eher Deep House": the comma-piece it opens is its own
        # "Tempo lent pour la cérémonie (pistes 1 à 3)": a reference in brackets names the words before it
        bracketed = re.search(r"\((?:\s*(?:that's|that is|i\.e\.|ie|c'est|es|ist|das ist|e|eso es|isto e|sera|will be))?\s*$",
                              r.folded[max(0, m.start() - 14):m.start()]) and re.match(r"\s*\)", r.folded[m.end():])
        # "The last one is the closer, 4 min": a copula between two names of the same tracks; the words after speak too
        same = trailing and not prep and found and _same(r, found[-1][2], refs) and found[-1][0] >= clause
        # "which is track 4 - that one should be just a female singer", "track 5 which is the dance - there I want toms"
        same = same or (trailing and pw.ANAPHOR_AFTER.match(r.folded, m.end()) is not None)
        found.append((m.start(), m.end(), refs, BOTH_SIDES if bracketed and m.start() > clause + 2 or same else trailing))
        if bracketed:  # "..., rapide pour le cocktail (4 à 8)": a bare range in brackets later in the sentence
            bracket_ranges(r, m.end(), _clause(r, m.start(), m.end())[1], found)
    bare_references(r, found)  # "sur 2 et 4", "sauf la 5 pis la 9", "1 and 3 are instrumental" (planning/bare_refs.py)
    for m in REST.finditer(r.work):  # 0 = every track not named elsewhere; "voix masc sur les autres" looks back
        found.append((m.start(), m.end(), [0], bool(re.search(rf"(?<![\w]){PREP}\s+$", r.work[max(0, m.start() - 6):m.start()]))))
    for m in pw.LAST_PIECE.finditer(r.work):  # "5 flotte Polkas und zum Schluss einen Marsch": the last track
        if not any(f[0] <= m.start() < f[1] or m.end() <= f[0] < m.end() + 14 for f in found):
            found.append((m.start(), m.end(), [-1], False))
    for m in pw.AFTER_THOSE.finditer(r.work):  # "Die ersten drei instrumental, danach singt eine Sängerin": the rest
        sentence, end = r.after_last(".!?\n", m.start()), _clause(r, m.start(), m.end())[1]
        if any(m.end() <= f[0] < end for f in found):
            continue  # "cumbia del 1 al 6, después reggaeton del 7 al 10": the later tracks are named
        if any(sentence <= f[0] and f[1] <= m.start() and f[2] == list(range(1, len(f[2]) + 1)) for f in found):
            found.append((m.start(), m.end(), [0], False))
    position_refs(r, found)  # the middle ones, the even ones (planning/position_refs.py)
    found.sort(key=lambda f: (f[0], f[1]))
    # ", female voice throughout", ", all at 110 bpm" speak of the album again: a segment ends at that
    # comma-piece, never before the sentence the word is in ("... a 84 bpm. Cada tema com 4 a 5 minutos")
    album_again = [max(r.folded.rfind(",", 0, m.start()), m.start() - 40, _clause(r, m.start(), m.start())[0])
                   for m in ALL_RE.finditer(r.folded) if not m.group(0).endswith("each")]  # "90 sec each": of those
    for k, (s, e, tracks, trailing) in enumerate(found):
        for i in tracks:
            r.c.track(i).ref = r.c.track(i).ref or r.text[s:e]  # a named track exists even when nothing is said of it
        for m in re.finditer(r"\d+", r.work[s:e]):
            r.mask(s + m.start(), s + m.end())  # "track 3" used its number
        a, b = _clause(r, s, e)
        b = min([b] + [x for x in album_again if x > e])
        left = max(a, s - 60, *(r.folded.rfind(ch, 0, s) + 1 for ch in ",:-–—"))  # where its comma-piece starts
        namely = pw.NAMELY.search(r.folded, max(0, s - 20), s) if trailing is True else None
        if namely:  # "some with female vocals, say tracks 2, 5 e 8": the comma-piece before the "say" is theirs
            left = max(a, s - 80, *(r.folded.rfind(ch, 0, namely.start()) + 1 for ch in ",:-–—"))
        if trailing is BOTH_SIDES:  # "Title screen (track 1) medium tempo": the words on both sides are its
            r.segments.append((left, min(_until_next(r, found, k, e, b), b), tracks))
        elif trailing:
            aside = re.match(r"\s*\([^()]*\)", r.folded[e:])  # "... en el track 3 y el 6 (o sea, a dúo)"
            # and who or what the rest of its comma-piece names: "Hook bei Track 2 und 5 von einer Sängerin"
            by = re.match(r"\s+(?:by|from|von|mit|with|de|par|com|con|avec|sung by|cantad[oa] por|chantee? par)\s[^,;]*",
                          r.folded[e:min(b, found[k + 1][0] if k + 1 < len(found) else b)])
            # and a relative clause about it: "exceto a faixa 5, que é mais rápida (uns 120)"
            rel = re.match(rf",\s*{lx.RELATIVE}\s[^.;!?\n]*", r.folded[e:b])
            r.segments.append((left, e + (aside.end() if aside else by.end() if by else rel.end() if rel else 0), tracks))
        else:
            r.segments.append((s, min(_until_next(r, found, k, e, b), b, _bracket_end(r, a, s)), tracks))


def _bracket_end(r: Reader, clause: int, start: int) -> int:
    """Where the bracket a reference stands in closes ("(impares salsa, pares merengue), de 3 minutos": the
    words after it speak of the album again), or the end of the text when it stands in none."""
    before = r.folded[clause:start]
    if before.count("(") <= before.count(")"):
        return len(r.folded)
    close = r.folded.find(")", start)
    return close if close >= 0 else len(r.folded)


def _until_next(r: Reader, found: list, k: int, e: int, b: int) -> int:
    """Where the words of the k-th reference (ending at ``e``) stop: at the next reference, or at the comma
    before it when the next one looks back ("le 3e sans voix, voix masc sur les autres")."""
    if k + 1 >= len(found):
        return b
    nxt = found[k + 1][0]
    comma = r.folded.rfind(",", e, nxt)
    return max(e, comma) if found[k + 1][3] and comma >= 0 else nxt


BOTH_SIDES = "both"  # a reference in brackets names the words before and after it
# words that open a sentence without saying anything of a track: "Ah, e na faixa 2 quero ...", "And on track 3, ..."
FILLER = re.compile(r"(?:(?:ah|oh|ach|ai|e|y|and|et|und|also|so|pues|bueno|entao|alors|then|plus|oh and|ah and)\W*)*")
COPULA_OR_ITEM = re.compile(r"\s+(?:is|was|will be|should be|es|sera|est|ist|soll|wird|e|"
                            r"an?|one|un|una|une|ein|eine|um|uma)(?![\w])")


def _same(r: Reader, a: list[int], b: list[int]) -> bool:
    """Two references name the same tracks: "Track 7 is the finale" in a brief of 7 (the last is -1)."""
    n = r.c.track_count.value if r.c.track_count else None
    return [n if i == -1 and n else i for i in a] == [n if i == -1 and n else i for i in b]


def _opens_sentence(r: Reader, start: int, end: int) -> bool:
    """'First is a house track', 'Second: a ballad': a bare ordinal opening a sentence, then a
    verb 'to be' or a new item, names a track."""
    return bool(re.search(r"(?:^|[.!?:;\n])\s*$", r.folded[:start])) and bool(COPULA_OR_ITEM.match(r.folded, end))


def _continues(r: Reader, start: int, refs: list[int], clause: int, last: tuple[int, int] | None) -> bool:
    """A bare ordinal that goes on a list of ordinals in the same sentence ("first one at 200 bpm,
    second 180, third a slow one"): it follows a comma or "and/then" and names the next track."""
    if last is None or last[0] != clause or not refs or refs[0] != last[1] + 1:
        return False
    return bool(re.search(r"(?:[,;]|(?<![\w])(?:and|then|y|et|und|e|dann|puis|luego|depois))\s*$",
                          r.folded[max(0, start - 8):start]))


def read_tracks(r: Reader) -> None:
    from agent.planning.enumeration import enumeration  # it reads references with this module's grammar
    from agent.planning.quantifiers import exceptions
    from agent.planning.track_sequence import repeats, sequence, told_in_order

    exceptions(r)
    enumeration(r)
    anchors(r)
    sequence(r)
    told_in_order(r)
    if r.c.track_count is None and len(r.segments) >= 2:
        top = max((i for _, _, ts in r.segments for i in ts), default=0)
        if top >= 2 and all(i > 0 for _, _, ts in r.segments for i in ts):
            s, e = r.segments[0][0], r.segments[-1][1]
            r.c.track_count = Read(value=top, source=r.text[s:e], start=s, end=e)
    repeats(r)
