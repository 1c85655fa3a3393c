"""Two voices that take turns, track by track: "abwechselnd Männer- und Frauenstimme", "alternating
female and male vocals", "en alternance voix d'homme et voix de femme". The first voice sings the odd
tracks, the second the even ones, unless the brief gives a track its own voice."""

from __future__ import annotations

import re

from agent.planning.reader import Reader

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
