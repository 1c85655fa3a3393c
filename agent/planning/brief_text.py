"""Read the numbers and explicit constraints out of a free-text brief.

Small LLMs misplace numbers, so code reads them: track count, vocal tracks, bpm,
key, meter and durations, in English and the most common European languages.
What this cannot read stays None and is derived later. Contradictions are
refused in planning/derive.py with a message that names them.
"""

from __future__ import annotations

import re

from agent.planning.genres import find_genre
from agent.plans import AlbumBrief

NUMBER_WORDS = {
    # en, es, fr, de, it, pt
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "a": 1, "an": 1, "single": 1,
    "uno": 1, "una": 1, "dos": 2, "tres": 3, "cuatro": 4, "cinco": 5, "seis": 6, "siete": 7, "ocho": 8,
    "nueve": 9, "diez": 10, "un": 1, "une": 1, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "six_fr": 6,
    "sept": 7, "huit": 8, "neuf": 9, "dix": 10, "ein": 1, "eine": 1, "zwei": 2, "drei": 3, "vier": 4,
    "fünf": 5, "sechs": 6, "sieben": 7, "acht": 8, "neun": 9, "zehn": 10, "due": 2, "tre": 3, "quattro": 4,
    "sei": 6, "sette": 7, "otto": 8, "nove": 9, "dieci": 10, "dois": 2, "três": 3, "oito": 8,
}
NUM = r"\b(\d{1,3}|" + "|".join(sorted((w for w in NUMBER_WORDS if "_" not in w), key=len, reverse=True)) + r")\b"
TRACK_WORDS = (r"(?:tracks?|songs?|tunes?|pieces?|cuts?|canciones|canción|temas?|pistas?|chansons?|titres?|"
               r"morceaux|pistes?|lieder|stücke|titel|brani|canzoni|tracce|faixas|músicas|cançons)")
VOCAL_WORDS = r"(?:vocals?|voice|voces|voz|chant|voix|gesang|stimme|voce|vocal tracks?|sung|singing|rap)"
INSTRUMENTAL_WORDS = r"\b(?:instrumental|instrumentale?s?|no vocals|sin voz|sans voix|ohne gesang)\b"
KEY_RE = re.compile(r"\b(?:in\s+)?([A-G])([#b]|\s?sharp|\s?flat)?\s*(major|minor|maj|min|mayor|menor|majeur|mineur|"
                    r"dur|moll)\b", re.IGNORECASE)
BPM_RE = re.compile(r"\b(\d{2,3})\s*(?:bpm|beats per minute|ppm|schläge)\b", re.IGNORECASE)
METER_RE = re.compile(r"\b(\d{1,2})/(\d{1,2})\b")
DURATION_RE = re.compile(
    r"\b(\d{1,3}(?:[.,]\d+)?)\s*(?:-\s*)?(minutes?|mins?|minutos?|minuten?|minuti|m\b|seconds?|secs?|segundos?|"
    r"secondes?|sekunden|s\b)|\b(\d{1,2}):(\d{2})\b", re.IGNORECASE)
VOCAL_STYLE_RE = re.compile(r"\b(female|male|woman|man|women|men|girl|boy|choir|femenina|masculina|féminine|"
                            r"masculine|weiblich|männlich)\b", re.IGNORECASE)
LANGUAGE_HINTS = {"spanish": "es", "español": "es", "french": "fr", "français": "fr", "german": "de",
                  "deutsch": "de", "italian": "it", "italiano": "it", "portuguese": "pt", "japanese": "ja",
                  "korean": "ko", "chinese": "zh", "english": "en"}
FR_WORDS = re.compile(r"\b(?:avec|pistes|chansons|voix|album de)\b", re.IGNORECASE)
ES_WORDS = re.compile(r"\b(?:canciones|con|pistas|voz|voces|álbum de)\b", re.IGNORECASE)
DE_WORDS = re.compile(r"\b(?:mit|lieder|stücke|gesang|stimme)\b", re.IGNORECASE)


def _num(token: str) -> int:
    token = token.lower()
    return int(token) if token.isdigit() else NUMBER_WORDS[token]


def _track_count(text: str) -> int | None:
    m = re.search(NUM + r"(?![\s-]*(?:bpm|min|minutes?|secs?|seconds?|s)\b)[\s-]*(?:\w+[\s-]+){0,2}?"
                  + TRACK_WORDS + r"\b", text, re.IGNORECASE)
    if m:
        return _num(m.group(1))
    if re.search(r"\b(?:a|one|un|una|une|ein|eine)\s+(?:[\w-]+\s+){0,7}?(?:track|song|tune|piece|canción|chanson|lied)\b",
                 text, re.IGNORECASE):
        return 1
    return None


def _vocal_tracks(text: str, count: int | None) -> int | None:
    patterns = [
        VOCAL_WORDS + r"\s+(?:on|in|en|sur|auf|su|em)\s+" + NUM + r"\b",  # "vocals on 3"
        NUM + r"\s+(?:\w+\s+){0,2}?" + VOCAL_WORDS,  # "3 vocal tracks", "3 with female vocals"
        NUM + r"\s+(?:of them|de ellas|d'entre elles)?\s*(?:with|con|avec|mit|con)\s+(?:\w+\s+)?" + VOCAL_WORDS,
    ]
    for pat in patterns:
        m = re.search(pat, text, re.IGNORECASE)
        if m:
            n = _num(next(g for g in m.groups() if g))
            if n <= 30:
                return n
    if re.search(INSTRUMENTAL_WORDS, text, re.IGNORECASE):
        return 0
    if re.search(r"\b" + VOCAL_WORDS + r"\b|\blyrics\b|\bsinger\b", text, re.IGNORECASE):
        return count if count is not None else None  # vocals named, no count: every track
    return None


def _durations(text: str) -> tuple[float | None, float | None]:
    """(track seconds, album seconds) from phrases like '2 minutes', '3:30', '1-minute album'."""
    track_s = album_s = None
    for m in DURATION_RE.finditer(text):
        if m.group(3):
            seconds = int(m.group(3)) * 60 + int(m.group(4))
        else:
            value = float(m.group(1).replace(",", "."))
            seconds = value if m.group(2).lower().startswith(("s", "seg", "sek")) else value * 60
        after = text[m.end(): m.end() + 24].lower()
        before = text[max(0, m.start() - 24): m.start()].lower()
        if re.search(r"\balbum\b|\bálbum\b|in total|total|en total|insgesamt", after + " " + before):
            album_s = seconds
        else:
            track_s = seconds
    return track_s, album_s


SOLFEGE = {"do": "C", "re": "D", "ré": "D", "mi": "E", "fa": "F", "sol": "G", "la": "A", "si": "B"}
SOLFEGE_RE = re.compile(r"\b(do|ré|re|mi|fa|sol|la|si)\s*(#|b|sostenido|bemol|dièse|bémol)?\s+"
                        r"(mayor|menor|majeur|mineur|maggiore|minore)\b", re.IGNORECASE)
STYLE_WORDS = {"woman": "female", "women": "female", "girl": "female", "femenina": "female", "féminine": "female",
               "weiblich": "female", "man": "male", "men": "male", "boy": "male", "masculina": "male",
               "masculine": "male", "männlich": "male"}


def _key(text: str) -> str | None:
    s = SOLFEGE_RE.search(text)
    if s:
        acc = {"#": "#", "sostenido": "#", "dièse": "#", "b": "b", "bemol": "b", "bémol": "b"}.get(
            (s.group(2) or "").lower(), "")
        minor = s.group(3).lower() in ("menor", "mineur", "minore")
        return f"{SOLFEGE[s.group(1).lower()]}{acc} {'minor' if minor else 'major'}"
    m = KEY_RE.search(text)
    if not m:
        return None
    note, acc, mode = m.groups()
    acc = (acc or "").strip().lower()
    acc = "#" if acc in ("#", "sharp") else ("b" if acc in ("b", "flat") else "")
    minor = mode.lower() in ("minor", "min", "menor", "mineur", "moll")
    return f"{note.upper()}{acc} {'minor' if minor else 'major'}"


def _language(text: str) -> str | None:
    lowered = text.lower()
    for word, code in LANGUAGE_HINTS.items():
        if re.search(rf"\b{word}\b", lowered) and re.search(
                rf"\b{word}\s+(?:vocals?|lyrics|singing|rap|voice)|(?:in|sung in|lyrics in)\s+{word}", lowered):
            return code
    if ES_WORDS.search(text):
        return "es"
    if FR_WORDS.search(text):
        return "fr"
    if DE_WORDS.search(text):
        return "de"
    return None


def parse_brief_text(text: str) -> AlbumBrief:
    """An AlbumBrief with every constraint the text states explicitly."""
    cleaned = " ".join(text.split())
    count = _track_count(cleaned)
    track_s, album_s = _durations(cleaned)
    bpm = BPM_RE.search(cleaned)
    meter = METER_RE.search(cleaned)
    style = VOCAL_STYLE_RE.search(cleaned)
    found = find_genre(cleaned)
    return AlbumBrief(
        text=cleaned,
        genre=found.name if found else None,
        track_count=count,
        vocal_tracks=_vocal_tracks(cleaned, count),
        vocal_style=f"{STYLE_WORDS.get(style.group(1).lower(), style.group(1).lower())} vocals" if style else None,
        language=_language(cleaned),
        bpm=int(bpm.group(1)) if bpm and 30 <= int(bpm.group(1)) <= 300 else None,
        keyscale=_key(cleaned),
        timesignature=f"{meter.group(1)}/{meter.group(2)}" if meter else None,
        track_duration=track_s if track_s is None or 10 <= track_s <= 600 else None,
        album_duration=album_s,
        tags=_tags(cleaned),
    )


STYLE_TAGS = ["warm", "analog", "dark", "bright", "melancholic", "uplifting", "dreamy", "energetic", "chill",
              "lo-fi", "vintage", "cinematic", "intimate", "epic", "groovy", "aggressive", "mellow", "dusty",
              "lush", "minimal", "upbeat", "moody", "romantic", "nostalgic", "vinyl crackle", "tape"]


def _tags(text: str) -> list[str]:
    lowered = text.lower()
    return [t for t in STYLE_TAGS if re.search(rf"\b{re.escape(t)}\b", lowered)]
