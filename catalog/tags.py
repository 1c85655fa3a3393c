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
from engine.genres import genres_in

# genre tags are the names of the one genre vocabulary (engine/genres.py)
GENRES: tuple[str, ...] = tuple(VOCABULARY)
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


@lru_cache(maxsize=65536)  # many takes share a caption (the seeds of one prompt)
def caption_tags(caption: str) -> tuple[str, ...]:
    """Sorted genre and instrument tags found in a caption ('warm jazz piano' -> ('jazz', 'keyboard'))."""
    words = _WORD.findall(caption.lower())
    return tuple(sorted(set(genres_in(caption)) | {INSTRUMENTS[w] for w in words if w in INSTRUMENTS}))
