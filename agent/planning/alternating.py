"""Two voices that take turns, track by track: "abwechselnd Männer- und Frauenstimme", "alternating
female and male vocals", "en alternance voix d'homme et voix de femme". The first voice sings the odd
tracks, the second the even ones, unless the brief gives a track its own voice. Two styles that take
turns the same way ("abwechselnd Polka und Marsch, angefangen mit einer Polka", "alternating salsa and
bachata") give the odd tracks the first style (or the one the brief starts with) and the even ones the other. The
first tracks described one by one, then "and so on" ("Lied 1 ein Mann, Lied 2 eine Frau, Lied 3 wieder ein Mann und
immer so weiter"), repeat their voices and styles over the rest of the album."""

from __future__ import annotations

import re

from agent.planning.reader import Reader
from engine.genres import find_genre, style_of

# the style the turns start with: "angefangen mit einer Polka", "starting with a salsa", "en commençant par une valse"
STARTING = re.compile(r"(?<![\w])(?:starting|beginning|angefangen|beginnend|anfangend|commencant|en commencant|empezando|"
                      r"comenzando|comecando|iniciando)\s+(?:with|mit|par|con|com|por|pelo|pela|by)\s+(?:(?:a|an|einer?|einem|une?|una?|uma?|"
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


def _style(word: str) -> str:
    """The style a genre word names, or the word itself ("polkas" is "polka", "baiao" stays "baiao")."""
    return style_of(word) or word


def _starts_with(r: Reader, pos: int, style: str) -> bool:
    """The words after ``pos`` say the turns start with ``style`` ("..., angefangen mit einer Polka")."""
    start = STARTING.search(r.folded, pos, pos + 60)
    return start is not None and find_genre(start.group("w")) is not None and _style(start.group("w")) == style


def alternating_styles(r: Reader) -> None:
    """Give odd and even tracks their styles when the brief alternates two (see the module docstring)."""
    c = r.c
    if c.track_count is None or c.track_count.value < 2:
        return
    for m in ALTERNATING.finditer(r.folded):
        a, b = m.group("a"), m.group("b")
        if find_genre(a) is None or find_genre(b) is None or _style(a) == _style(b):
            continue
        if _starts_with(r, m.end(), _style(b)):
            a, b = b, a
        own = {t.index for t in c.tracks if t.genre is not None and t.index > 0}
        for i in range(1, c.track_count.value + 1):
            if i not in own:
                word = a if i % 2 else b
                c.track(i).genre = r.read(style_of(word) or find_genre(word).name, m.start(), m.end())
        return


# "and so on" after the first tracks' words: the pattern goes on
AND_SO_ON = re.compile(r"(?<![\w])(?:and so on|and so forth|and on and on|et ainsi de suite|etc\.?|usw\.?|und so weiter|"
                       r"immer so weiter|und so fort|y asi sucesivamente|y asi|e assim por diante|e assim sucessivamente|"
                       r"e por ai vai)(?![\w])")


def and_so_on(r: Reader) -> None:
    """Repeat the voices and styles of the first tracks, said one by one, over the rest when "and so on" follows them."""
    c = r.c
    if c.track_count is None or not AND_SO_ON.search(r.folded):
        return
    named = sorted((t for t in c.tracks if t.index > 0), key=lambda t: t.index)
    k = len(named)
    if k < 2 or [t.index for t in named] != list(range(1, k + 1)) or k >= c.track_count.value:
        return
    for field in ("voice", "genre"):
        values = [getattr(t, field) for t in named]
        if any(v is None for v in values):
            continue
        period = next((p for p in range(1, k + 1) if all(values[i].value == values[i % p].value for i in range(k))), None)
        if period is None:
            continue
        for i in range(k + 1, c.track_count.value + 1):
            if getattr(c.track(i), field) is None:
                setattr(c.track(i), field, values[(i - 1) % period])


# two groups of styles said in turn after their counts: "3 xotes (mais lentos) e 3 baiões (rápidos), alternando, começando
# pelo xote", "4 salsas and 4 bachatas, alternating"
IN_TURN = re.compile(r"(?<![\w])(?:alternating|alternate|alternately|in turn|taking turns|one after the other|alternando|alternados?|"
                     r"alternadas?|intercalados?|intercaladas?|en alternance|alternes|alternees|abwechselnd|im wechsel)(?![\w])")


def groups_in_turn(r: Reader) -> None:
    """Two counted groups of styles that take turns are interleaved, the one the brief starts with first."""
    c = r.c
    m = IN_TURN.search(r.folded)
    named = sorted((t for t in c.tracks if t.index > 0), key=lambda t: t.index)
    if m is None or c.track_count is None or len(named) != c.track_count.value or len(named) < 4:
        return
    styles = [t.genre.value if t.genre else None for t in named]
    k = len(named) // 2
    if None in styles or len(named) % 2 or len(set(styles[:k])) != 1 or len(set(styles[k:])) != 1 or styles[0] == styles[k]:
        return
    first, second = named[:k], named[k:]
    if _starts_with(r, m.end(), styles[k]):
        first, second = second, first
    for i, t in enumerate(first):
        t.index = 2 * i + 1
    for i, t in enumerate(second):
        t.index = 2 * i + 2
