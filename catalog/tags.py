"""Tags derived from a caption: genre words and instruments, plus prompt/param keys.

Tags make ``catalog ls --tag jazz`` and coverage work without an LLM: a caption is
lower-cased, split into words and bigrams, and matched against fixed vocabularies.
Extend the vocabularies by adding entries; stored tags are recomputed only on
re-ingest.

``prompt_key`` groups takes that share their conditioning (what to make);
``params_key`` groups takes that share how it was made, except the seed. Strategy 1
pairs share both; strategy 2 pairs share only the prompt.
"""

from __future__ import annotations

import hashlib
import json
import re

from engine.take import SourceRef, StageRequest

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


def caption_tags(caption: str) -> list[str]:
    """Sorted genre and instrument tags found in a caption ('warm jazz piano' -> ['jazz', 'keyboard'])."""
    text = caption.lower()
    words = _WORD.findall(text)
    grams = set(words) | {f"{a} {b}" for a, b in zip(words, words[1:], strict=False)}
    found = {_GENRE_ALIASES.get(g, g) for g in grams if g in GENRES or g in _GENRE_ALIASES}
    found |= {INSTRUMENTS[w] for w in words if w in INSTRUMENTS}
    return sorted(found)


def is_instrumental(lyrics: str) -> bool:
    """True when the lyrics are empty or only '[Instrumental]'-like tags."""
    text = re.sub(r"\[(instrumental|inst)\]", "", lyrics.strip(), flags=re.IGNORECASE)
    return not text.strip()


def _digest(parts: list[object]) -> str:
    return hashlib.md5(json.dumps(parts, sort_keys=True, default=str).encode()).hexdigest()[:16]


def prompt_key(req: StageRequest, sources: list[SourceRef]) -> str:
    """Hash of what was asked for: text, metas, events, task and its inputs/masks."""
    events = [(e.type, round(e.start, 3), round(e.end, 3)) for e in req.events]
    src = [s.sha256 or s.ref for s in sources]
    return _digest([
        req.task, req.stage_type, req.track_name, req.complete_track_classes, req.caption, req.lyrics,
        req.bpm, req.keyscale, req.timesignature, round(req.duration, 3), req.vocal_language, events,
        req.repainting_start, req.repainting_end, src, req.source_gains_db,
    ])


def params_key(req: StageRequest, *, engine: str, scheduler: str | None, checkpoint_hash: str | None) -> str:
    """Hash of how it was made, seed excluded: engine, model, steps, shift, CFG, strengths."""
    return _digest([
        engine, req.model, checkpoint_hash, scheduler, req.instruction, req.steps, req.shift,
        req.guidance_scale, req.denoise, req.audio_cover_strength,
    ])
