"""Tags derived from a caption: genre words and instruments, plus prompt/param keys.

Tags make ``catalog ls --tag jazz`` and coverage work without an LLM: a caption is
lower-cased, split into words and bigrams, and matched against fixed vocabularies.
Extend the vocabularies by adding entries; stored tags are recomputed only on
re-ingest.

The grouping keys of pair mining (``prompt_key``, ``params_key``) are computed in
SQL at insert time: see ``catalog.columns.KEYS_SQL``.
"""

from __future__ import annotations

import re
from functools import lru_cache

GENRES: tuple[str, ...] = (
    "jazz", "blues", "rock", "pop", "hip-hop", "rap", "r&b", "rnb", "soul", "funk", "disco", "house",
    "techno", "trance", "edm", "electronic", "ambient", "drum-and-bass", "dubstep", "lo-fi", "classical",
    "orchestral", "cinematic", "folk", "country", "metal", "punk", "reggae", "latin", "bossa-nova",
    "gospel", "indie", "synthwave", "trap", "world", "acoustic",
)
_GENRE_ALIASES = {
    "hip hop": "hip-hop", "hiphop": "hip-hop", "rnb": "r&b", "drum and bass": "drum-and-bass",
    "dnb": "drum-and-bass", "lofi": "lo-fi", "lo fi": "lo-fi", "bossa nova": "bossa-nova",
}
# caption word -> ACE-Step track name (engine.constants.TRACK_NAMES)
INSTRUMENTS: dict[str, str] = {
    "piano": "keyboard", "keys": "keyboard", "organ": "keyboard", "rhodes": "keyboard", "keyboard": "keyboard",
    "guitar": "guitar", "guitars": "guitar", "bass": "bass", "drums": "drums", "drum": "drums",
    "strings": "strings", "violin": "strings", "cello": "strings", "brass": "brass", "trumpet": "brass",
    "saxophone": "woodwinds", "sax": "woodwinds", "flute": "woodwinds", "clarinet": "woodwinds",
    "synth": "synth", "synths": "synth", "pads": "synth", "percussion": "percussion", "vocal": "vocals",
    "vocals": "vocals", "singer": "vocals", "choir": "backing_vocals",
}
TEMPO_BANDS: tuple[tuple[str, int, int], ...] = (
    ("<80", 0, 80), ("80-99", 80, 100), ("100-119", 100, 120), ("120-139", 120, 140), (">=140", 140, 10_000),
)
_WORD = re.compile(r"[a-z&]+(?:-[a-z]+)*")


@lru_cache(maxsize=65536)
def _caption_tags(caption: str) -> tuple[str, ...]:
    return tuple(_tags(caption))


def caption_tags(caption: str) -> tuple[str, ...]:
    """Sorted genre and instrument tags found in a caption ('warm jazz piano' -> ('jazz', 'keyboard'))."""
    return _caption_tags(caption)


def _tags(caption: str) -> list[str]:
    """Sorted genre and instrument tags found in a caption ('warm jazz piano' -> ['jazz', 'keyboard'])."""
    text = caption.lower()
    words = _WORD.findall(text)
    grams = set(words) | {f"{a} {b}" for a, b in zip(words, words[1:], strict=False)}
    found = {_GENRE_ALIASES.get(g, g) for g in grams if g in GENRES or g in _GENRE_ALIASES}
    found |= {INSTRUMENTS[w] for w in words if w in INSTRUMENTS}
    return sorted(found)


@lru_cache(maxsize=65536)
def is_instrumental(lyrics: str) -> bool:
    """True when the lyrics are empty or only '[Instrumental]'-like tags."""
    text = re.sub(r"\[(instrumental|inst)\]", "", lyrics.strip(), flags=re.IGNORECASE)
    return not text.strip()
