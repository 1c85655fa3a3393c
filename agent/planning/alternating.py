"""Two voices that take turns, track by track: "abwechselnd Männer- und Frauenstimme", "alternating
female and male vocals", "en alternance voix d'homme et voix de femme". The first voice sings the odd
tracks, the second the even ones, unless the brief gives a track its own voice. Two styles that take
turns the same way ("abwechselnd Polka und Marsch, angefangen mit einer Polka", "alternating salsa and
bachata") give the odd tracks the first style (or the one the brief starts with) and the even ones the other."""

from __future__ import annotations

import re

from agent.planning.reader import Reader
from engine.genres import find_genre, style_of

# the style the turns start with: "angefangen mit einer Polka", "starting with a salsa", "en commençant par une valse"
STARTING = re.compile(r"(?<![\w])(?:starting|beginning|angefangen|beginnend|anfangend|commencant|en commencant|empezando|"
                      r"comenzando|comecando|iniciando)\s+(?:with|mit|par|con|com|por)\s+(?:(?:a|an|einer?|einem|une?|una?|uma?|"
                      r"the|der|dem|la|le|el|o)\s+)?(?P<w>[a-z'-]+)")

ALTERNATING = re.compile(r"(?<![\w])(?:alternating|alternate|alternately|taking turns|abwechselnd|im wechsel|en alternance|"
                         r"alternant|alternando|alternadas?|alternados?|alternadamente|intercalando|intercaladas?)"
                         r"\s+(?:(?:between|entre|zwischen|de|d')\s+)?(?:(?:a|an|une?|una?|eine?|uma?)\s+)?"
                         r"(?:(?:voix|voz|vocals|voice)\s+(?:de\s+)?)?(?P<a>[a-z']+)-?(?:\s+(?:vocals?|voices?|voix|voz|voces|vozes|stimmen?|singers?))?"
                         r"\s*(?:and|und|y|et|e|/|&|,)\s*(?:(?:a|an|une?|una?|eine?|uma?)\s+)?"
                         r"(?:(?:voix|voz|vocals|voice)\s+(?:de\s+)?)?(?P<b>[a-z']+)")
# the two voices' words, whole ("Männer-", "Frauenstimme", "d'homme", "masculina"), not "mandolin"
MALE = re.compile(r"(?:mann|manner|male|men|man|guys?|hombres?|hommes?|masc\w*|homem|homens|herren|sanger|chanteurs?|"
                  r"cantor|cantores)(?:stimmen?)?")
FEMALE = re.compile(r"(?:frau|frauen|female|women|woman|girls?|mujer|mujeres|femmes?|femin\w*|mulher|mulheres|damen|"
                    r"sangerin(?:nen)?|chanteuses?|cantoras?)(?:stimmen?)?")  # "abwechselnd Sänger und Sängerin"


def _voice(word: str) -> str | None:
    word = word.removeprefix("d'")
    return "male" if MALE.fullmatch(word) else "female" if FEMALE.fullmatch(word) else None


def alternating_voices(r: Reader) -> None:
    """Give odd and even tracks their voices when the brief alternates two (see the module docstring)."""
    c = r.c
    if c.track_count is None or c.track_count.value < 2:
        return
    for m in ALTERNATING.finditer(r.folded):
        a, b = _voice(m.group("a")), _voice(m.group("b"))
        if a is None or b is None or a == b:
            continue
        own = {t.index for t in c.tracks if t.voice is not None and t.index > 0}
        for i in range(1, c.track_count.value + 1):
            if i in own:
                continue
            c.track(i).voice = r.read(a if i % 2 else b, m.start(), m.end())
        return


def alternating_styles(r: Reader) -> None:
    """Give odd and even tracks their styles when the brief alternates two (see the module docstring)."""
    c = r.c
    if c.track_count is None or c.track_count.value < 2:
        return
    for m in ALTERNATING.finditer(r.folded):
        a, b = m.group("a"), m.group("b")
        if find_genre(a) is None or find_genre(b) is None or (style_of(a) or a) == (style_of(b) or b):
            continue
        start = STARTING.search(r.folded, m.end(), m.end() + 60)
        if start and find_genre(start.group("w")) and (style_of(start.group("w")) or start.group("w")) == (style_of(b) or b):
            a, b = b, a
        own = {t.index for t in c.tracks if t.genre is not None and t.index > 0}
        for i in range(1, c.track_count.value + 1):
            if i not in own:
                word = a if i % 2 else b
                c.track(i).genre = r.read(style_of(word) or find_genre(word).name, m.start(), m.end())
        return
