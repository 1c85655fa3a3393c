"""Tags derived from a caption: genre words and instruments, plus prompt/param keys.

Tags make ``catalog ls --tag jazz`` and coverage work without an LLM: genre tags are the
names of the one genre vocabulary (engine/genres.py: 'lo-fi hip hop' -> 'lofi', 'soul' ->
'rnb'), instrument tags come from the caption's words.
Extend the vocabularies by adding entries; stored tags are recomputed only on
re-ingest.

The grouping keys of pair mining (``prompt_key``, ``params_key``) are computed in
SQL at insert time: see ``catalog.columns.KEYS_SQL``.
"""

from __future__ import annotations

import re
from functools import lru_cache

from engine.genres import GENRES as VOCABULARY
from engine.genres import fold, genres_in
from engine.instruments import FAMILY, NAMES

# genre tags are the names of the one genre vocabulary (engine/genres.py)
GENRES: tuple[str, ...] = tuple(VOCABULARY)
# caption word -> ACE-Step track name (engine.constants.TRACK_NAMES): the one instrument
# vocabulary (engine/instruments.py: "slide guitar" -> guitar, "cavaquinho" -> guitar), and voices
_VOICES = {"vocal": "vocals", "vocals": "vocals", "singer": "vocals", "choir": "backing_vocals"}
INSTRUMENTS: dict[str, str] = {word: FAMILY[name] for word, name in NAMES.items()} | _VOICES
_INSTRUMENT = re.compile(r"(?<![\w-])(" + "|".join(sorted(map(re.escape, INSTRUMENTS), key=len, reverse=True))
                         + r")s?(?![\w-])")
TEMPO_BANDS: tuple[tuple[str, int, int], ...] = (
    ("<80", 0, 80), ("80-99", 80, 100), ("100-119", 100, 120), ("120-139", 120, 140), (">=140", 140, 10_000),
)


@lru_cache(maxsize=65536)  # many takes share a caption (the seeds of one prompt)
def caption_tags(caption: str) -> tuple[str, ...]:
    """Sorted genre and instrument tags found in a caption ('warm jazz piano' -> ('jazz', 'keyboard'))."""
    found = {INSTRUMENTS[m.group(1)] for m in _INSTRUMENT.finditer(fold(caption))}
    return tuple(sorted(set(genres_in(caption)) | found))
