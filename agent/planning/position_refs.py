"""Tracks named by their place in the album: "the middle ones", "the middle cue" (of an odd count), "the middle two",
"the even tracks", "les morceaux pairs", "as de número ímpar". Each becomes a reference for planning/track_refs.py's
anchors, as (start, end, tracks, looks back)."""

from __future__ import annotations

import re

from agent.planning import lexicon as lx
from agent.planning.reader import Reader
from agent.planning.track_refs import ART, COPULA, PREP, _clause

# the tracks between the first and the last
MIDDLE = re.compile(rf"(?<![\w])(?:the (?:ones|tracks|songs|{lx.NUMBER_WORD}(?: \w+)?) in (?:the )?(?:middle|between)|"
                    r"the middle (?:ones|tracks|songs)|"
                    r"(?:los|las|os|as) (?:del|de en|do|de) (?:medio|meio|centro)|(?:ceux|celles|les morceaux|les titres) du milieu|"
                    r"die mittleren(?: \w+)?|die in der mitte|(?:os|as) (?:faixas|musicas) do meio|"
                    # "everything in between", "todo lo de en medio", "tout ce qui est entre les deux", "alles dazwischen"
                    r"(?:everything|all|the rest|those|the ones) in[ -]between|todo lo de en medio|todos los de en medio|"
                    r"tout ce qui est entre (?:les deux|eux)|(?:alles|alle|die) dazwischen|tudo (?:o que (?:fica|esta) )?no meio|"
                    r"(?:os|as|los|las|les) intermedi(?:os|as|arios|arias|aires))"
                    r"(?![\w])")
# "the middle cue", "la canción del medio", "das mittlere Stück": the one track in the middle of an odd count
MIDDLE_ONE = re.compile(rf"(?<![\w])(?:the middle (?:one|{lx.TRACK_NOUN})|the one in the middle|(?:el|la|o|a) (?:del|do|da) (?:medio|meio|centro)|"
                        r"celui du milieu|celle du milieu|(?:la|el|le|a|o) (?:{lx.TRACK_NOUN}) "
                        rf"(?:del medio|du milieu|do meio)|(?:das|der|die) mittlere(?: (?:{lx.TRACK_NOUN}))?|(?:dem|den|des) mittleren)(?![\w])")
# "the middle two", "les deux du milieu", "die beiden mittleren": that many tracks around the album's middle
_MIDDLE_WORD = (r"(?:middle|in the middle|del medio|de en medio|del centro|du milieu|au milieu|mittleren|in der mitte|do meio|"
                r"da meio|del meio|no meio)")
MIDDLE_K = re.compile(rf"(?<![\w])(?:the|los|las|les|die|os|as)\s+(?:{_MIDDLE_WORD}\s+(?P<k>{lx.NUMBER})(?:\s+{lx.REF_NOUN})?"
                      rf"|(?P<k2>{lx.NUMBER}|beiden)\s+(?:{lx.REF_NOUN}\s+)?{_MIDDLE_WORD})(?![\w])")
# the tracks right before the last or after the first: "los dos antes del último", "die zwei vor dem letzten",
# "the two after the opener"
_ART = r"(?:the|el|la|le|l'|o|a|dem|der|den)"
NEXT_TO_END = re.compile(rf"(?<![\w])(?:(?:the|los|las|les|die|os|as)\s+)?(?P<k>{lx.NUMBER}|beiden)\s+(?:{lx.REF_NOUN}\s+)?"
                         rf"(?:(?:right|just|juste|justo|direkt|logo)\s+)?(?:(?P<before>before|antes|avant|vor|prior to)|"
                         rf"(?:after|despues|apres|nach|depois))\s+(?:(?:del|de|da|do)\s+)?(?:{_ART}\s*)?"
                         rf"(?P<end>last|ultim[oa]|dernier|derniere|letzten|closer|first|primer[oa]?|premier|premiere|ersten|"
                         rf"primeir[oa]|opener)(?:\s+(?:one|{lx.REF_NOUN}))?(?![\w])")
# "the first half", "la segunda mitad", "die zweite Hälfte": half the tracks of an even count
HALF_REF = re.compile(r"(?<![\w])(?:(?:the|la|a|die|le|der)\s+)?(?P<w>first|second|latter|back|front|primera|segunda|premiere|"
                      r"deuxieme|seconde|erste[n]?|zweite[n]?|primeira)\s+(?:half|mitad|moitie|halfte|metade)(?![\w])"
                      # not half of one piece: "the first half of each song", "la primera mitad de la canción"
                      rf"(?!\s+(?:of|de|du|des|der|do|da|von|del)\s+(?:[\w']+\s+){{0,2}}?(?:{lx.TRACK_NOUN}|it|them|each|every|"
                      rf"cada|chaque|jedem|jeder)(?![\w]))")
# "the even tracks", "les morceaux pairs", "die ungeraden Nummern", "as faixas ímpares"
PARITY = re.compile(rf"(?<![\w])(?:(?P<pre>even|odd|uneven|geraden?|ungeraden?)(?:[\s-]numbered)?\s+(?:ones|{lx.REF_NOUN}|nummern)"
                    rf"|(?:{lx.REF_NOUN}|{lx.TRACK_NOUN})\s+(?P<post>pairs|paires|impairs|impaires|pares|impares|even|odd)"
                    # the noun left out: "les impaires sont instrumentales", "las pares con voz"
                    rf"|(?<![\w])(?:les|las|los|as|os|die)\s+(?P<bare>paires|impaires|pairs|impairs|pares|impares|geraden|ungeraden)"
                    # "as de número ímpar", "the odd-numbered", "those with an even number", "de numéro pair"
                    rf"|(?<![\w])(?:(?:les|las|los|as|os|the ones|those|die)\s+)?(?:de|with an?|com|con|mit)\s+(?:numero|number|nummer|ungerader|gerader)\s+"
                    rf"(?P<num>impar|par|impair|pair|odd|even|ungerader|gerader|nummer))(?![\w])")

# the two parities opening two pieces of one sentence with no article or noun: "(impares salsa, pares merengue)",
# "odd ones sung, even instrumental", "faixas ímpares voz masculina, pares voz feminina"
_ODD_WORDS = r"odd|impares|impairs|impaires|ungerade|ungeraden"
_EVEN_WORDS = r"even|pares|pairs|paires|gerade|geraden"
PARITY_PAIR = re.compile(rf"(?:^|(?<=[(,;:\n]))\s*(?:(?:{lx.TRACK_NOUN}|{lx.REF_NOUN})\s+)?(?P<a>{_ODD_WORDS}|{_EVEN_WORDS})\s+[^,;()\n.]+[,;]\s*(?:(?:and|y|et|und|e)\s+)?"
                         rf"(?P<b>{_ODD_WORDS}|{_EVEN_WORDS})\s+\w")


# every k-th track: "every third track", "jedem dritten Stück", "un morceau sur trois", "uno de cada tres", "a cada três faixas"
_ORDINAL_STRIDE = {"second": 2, "2nd": 2, "zweite": 2, "zweiten": 2, "third": 3, "3rd": 3, "dritte": 3, "dritten": 3,
                   "fourth": 4, "4th": 4, "vierte": 4, "vierten": 4, "fifth": 5, "5th": 5, "funfte": 5, "funften": 5}
_NOUN = rf"(?:{lx.REF_NOUN}|{lx.TRACK_NOUN}|one|ones|nummer)"
STRIDE = re.compile(rf"(?<![\w])(?:every|jede[mnrs]?|jede)\s+(?P<o>{'|'.join(_ORDINAL_STRIDE)})\s+{_NOUN}(?![\w])"
                    rf"|(?<![\w])(?:(?:one|un|une|uno|una|um|uma|ein|eine|einer)\s+(?:{_NOUN}\s+)?(?:de cada|em cada|sur|out of|"
                    rf"in|von)|(?:tous les|toutes les|cada|a cada)(?=\s+(?:{lx.NUMBER_WORD}|\d)\s+{_NOUN}))"
                    rf"\s+(?P<k>{lx.NUMBER_WORD}|\d)(?![\w])")


NUMBERS_RESTATED = re.compile(r"\s*\((?:\s*\d{1,2}\s*(?:,|and|und|y|et|e|&)?)+\)")
PREP_LOOKBACK_WORDS = 6  # "Voix d'homme sur les numéros impairs" (5 words before the parity word)


def position_refs(r: Reader, found: list) -> None:
    """Add the references by place of the brief to ``found``."""
    n = r.c.track_count.value if r.c.track_count else 0
    for m in MIDDLE.finditer(r.work):
        if n >= 3:
            found.append((m.start(), m.end(), list(range(2, n)), False))
        else:
            r.skip = True  # "the middle ones" of an album of unknown length: not read
    for m in MIDDLE_ONE.finditer(r.work):
        if n >= 3 and n % 2:
            found.append((m.start(), m.end(), [(n + 1) // 2], False))
        else:
            r.skip = True  # no one middle track in an even or unknown count
    for m in MIDDLE_K.finditer(r.work):
        k = _k(m.group("k") or m.group("k2"))
        if 0 < k < n:
            first = (n - k) // 2 + 1
            found.append((m.start(), m.end(), list(range(first, first + k)), False))
    for m in NEXT_TO_END.finditer(r.work):
        k = _k(m.group("k"))
        last = re.match(r"last|ultim|dernier|letzten|closer", m.group("end")) is not None
        if 0 < k < n - 1 and last == bool(m.group("before")):
            found[:] = [f for f in found if not (f[0] < m.end() and m.start() < f[1])]  # "del último" is in it
            found.append((m.start(), m.end(), list(range(n - k, n)) if last else list(range(2, k + 2)), False))
    for m in HALF_REF.finditer(r.work):
        first = re.match(r"first|front|primer|premi|erste", m.group("w")) is not None
        if n >= 2 and n % 2 == 0:  # it names the words before it when it ends its piece: "a man sings the first half, ..."
            ends = re.match(r"\s*(?:[,.;:!?\n]|$)", r.folded[m.end():]) is not None
            found.append((m.start(), m.end(), list(range(1, n // 2 + 1)) if first else list(range(n // 2 + 1, n + 1)),
                          _looks_back(r, m) or ends))
    for m in PARITY.finditer(r.work):
        num = m.group("num") and (m.group("num") if m.group("num") != "nummer" else m.group(0).split()[-2])
        word = m.group("pre") or m.group("post") or m.group("bare") or num
        odd = word in ("odd", "uneven", "ungerade", "ungeraden", "impairs", "impaires", "impares", "impar", "impair",
                       "ungerader")
        if n >= 2:
            end = m.end()
            listed = NUMBERS_RESTATED.match(r.work, end)  # "ungerade Tracks (1, 3, 5, 7, 9): ...": the same tracks again
            if listed:
                end = listed.end()
                found[:] = [f for f in found if not m.end() <= f[0] < end]
                r.mask(m.end(), end)
            found.append((m.start(), end, list(range(1 if odd else 2, n + 1, 2)), _looks_back(r, m)))
    for m in STRIDE.finditer(r.work):
        k = _ORDINAL_STRIDE[m.group("o")] if m.group("o") else int(lx.number_value(m.group("k")) or 0)
        if 2 <= k < n:  # not "the third track" inside "every third track"
            found[:] = [f for f in found if not (f[0] < m.end() and m.start() < f[1])]
            found.append((m.start(), m.end(), list(range(k, n + 1, k)), _looks_back(r, m)))
    taken = {a for a, *_ in found}
    for m in PARITY_PAIR.finditer(r.work) if n >= 2 else ():
        odd = [re.fullmatch(_ODD_WORDS, m.group(k)) is not None for k in ("a", "b")]
        if odd[0] != odd[1]:  # one of each
            for k, is_odd in zip(("a", "b"), odd, strict=True):
                if m.start(k) not in taken:
                    found.append((m.start(k), m.end(k), list(range(1 if is_odd else 2, n + 1, 2)), False))


def _k(word: str) -> int:
    return 2 if word == "beiden" else int(lx.number_value(word) or 0)


def _looks_back(r: Reader, m: re.Match) -> bool:
    """Does a reference by place name what its sentence said before it? After a copula it names what the sentence
    opened with ("the sung ones are the odd-numbered"); after a preposition, what its clause said just before it
    ("male vocals on the odd tracks": a clause of a few words, not a dictated run-on, "... six minutes chacun voix
    féminine seulement sur les pairs")."""
    lead = re.search(rf"(?<![\w]){COPULA}\s+$", r.folded[max(0, m.start() - 9):m.start()])
    prep = re.search(rf"(?<![\w]){PREP}(?:\s+{ART})?\s+$", r.folded[max(0, m.start() - 12):m.start()])
    piece = max(_clause(r, m.start(), m.end())[0], r.after_last(",", m.start()))  # its comma-piece
    return bool(lead) or bool(prep and len(r.folded[piece:m.start()].split()) <= PREP_LOOKBACK_WORDS)
