"""Words of a track (title, caption, lyrics): the LLM writes them, code checks and
assembles them. The rule-based writer is the fallback and the `--llm none` path."""

from __future__ import annotations

import random
import re
from typing import Annotated, Literal

from pydantic import BaseModel, Field, field_validator

from agent.planning.brief_text import STYLE_TAGS
from agent.planning.derive import TrackSkeleton
from agent.planning.genres import GENRES, Genre
from engine.genres import fold
from engine.instruments import SAME_INSTRUMENT, instrument

PRODUCTION_TAGS = ["clean mix", "lush reverb", "dry mix", "wide stereo", "punchy", "tape saturation",
                   "live recording", "studio polish", "late night", "sunny", "rainy day", "driving", "soaring",
                   "gentle", "heavy", "sparse", "layered", "danceable", "hypnotic", "bittersweet", "hopeful",
                   "playful", "tender", "triumphant", "haunting"]
# The words a small model may choose caption tags from: the grammar can emit nothing else.
TAG_VOCABULARY = sorted({t for g in GENRES.values() for t in g.tags + g.instruments} | set(STYLE_TAGS)
                        | set(PRODUCTION_TAGS))
Tag = Literal[tuple(TAG_VOCABULARY)]  # type: ignore[valid-type]
Line = Annotated[str, Field(min_length=8, max_length=60)]
Title = Annotated[str, Field(min_length=2, max_length=40)]
PROMPT_ECHO = re.compile(r"\b(track \d|tempo|genre:|mood:|instruments:|idea:|brief\b|bpm|key [a-g]\b|of \d+\b|album \d)",
                         re.IGNORECASE)
GENRE_WORDS = {alias for g in GENRES.values() for alias in [g.name, *g.aliases]} | {"music", "song", "track", "album"}
MIN_DISTINCT_SHARE = 0.7


def check_title(title: str) -> str:
    """Titles are 1-6 words and do not echo the prompt."""
    t = title.strip().strip('"')
    if PROMPT_ECHO.search(t) or len(t.split()) > 6:
        raise ValueError("the title must be 1-6 words of your own, not the track description")
    words = [w for w in re.findall(r"[\w'-]+", t.lower()) if w not in ("the", "a", "an", "of", "my")]
    if not words or all(w in GENRE_WORDS for w in words):
        raise ValueError("the title must say more than the genre: give it an image or a story")
    return t


def check_lines(lines: list[str], *, min_distinct_share: float = MIN_DISTINCT_SHARE) -> list[str]:
    """Strip section tags; refuse degenerate repetition."""
    cleaned = [re.sub(r"^\s*\[[^\]]*\]\s*", "", line).strip() for line in lines]
    distinct = {c.lower() for c in cleaned}
    if len(distinct) < min_distinct_share * len(cleaned) or any(len(set(c.lower().split())) < 3 for c in cleaned):
        raise ValueError("lyric lines must differ from each other and have at least three different words each")
    return cleaned


class _TitledWords(BaseModel):
    """A title and 4-8 distinct caption tags from the vocabulary."""

    title: Title
    tags: Annotated[list[Tag], Field(min_length=4, max_length=8)]

    @field_validator("title")
    @classmethod
    def _title(cls, v: str) -> str:
        return check_title(v)

    @field_validator("tags")
    @classmethod
    def _tags(cls, v: list[str]) -> list[str]:
        if len(set(v)) < 3:
            raise ValueError("choose at least three different tags")
        return list(dict.fromkeys(v))

    @property
    def caption(self) -> str:
        return ", ".join(self.tags)


class TrackHeadLLM(_TitledWords):
    """What the LLM returns first for every track: a title and tags."""


class LyricsLLM(BaseModel):
    """What the LLM returns second for a vocal track: lines per section."""

    verse: Annotated[list[Line], Field(min_length=4, max_length=4)]
    chorus: Annotated[list[Line], Field(min_length=4, max_length=4)]
    bridge: Annotated[list[Line], Field(min_length=2, max_length=2)]

    @field_validator("verse", "bridge")
    @classmethod
    def _lines(cls, v: list[str]) -> list[str]:
        return check_lines(v)

    @field_validator("chorus")
    @classmethod
    def _chorus(cls, v: list[str]) -> list[str]:
        return check_lines(v, min_distinct_share=0.5)  # a hook may come back once


class AlbumTitleLLM(BaseModel):
    title: Title

    @field_validator("title")
    @classmethod
    def _title(cls, v: str) -> str:
        return check_title(v)


class SectionLines(BaseModel):
    verse: list[str]
    chorus: list[str]
    bridge: list[str]


def assemble_lyrics(skeleton: TrackSkeleton, lines: SectionLines) -> str:
    """ACE-Step lyrics following the planned sections: one tag per vocal section."""
    if not skeleton.vocal:
        return "[Instrumental]"
    blocks = []
    verse_n = 0
    for ev in skeleton.events:
        if ev.type in ("verse",):
            verse_n += 1
            shift = (verse_n - 1) * 2
            verse = lines.verse[shift:] + lines.verse[:shift]
            blocks.append("[verse]\n" + "\n".join(verse))
        elif ev.type in ("chorus", "hook"):
            blocks.append("[chorus]\n" + "\n".join(lines.chorus))
        elif ev.type == "bridge":
            blocks.append("[bridge]\n" + "\n".join(lines.bridge))
        elif ev.type in ("intro", "outro", "break", "solo", "interlude"):
            blocks.append(f"[{ev.type}]")
    return "\n\n".join(blocks)


def compose_caption(words: str, skeleton: TrackSkeleton, g: Genre, vocal_style: str | None,
                    tags: list[str], *, instruments: list[str] = (), excluded: list[str] = ()) -> str:
    """The caption the engine gets: the writer's tags, with the facts code owns made true
    (genre first, vocals or instrumental, the brief's moods, instruments wanted and excluded)."""
    parts = [p.strip() for p in re.split(r"[,;\n]", words) if p.strip()]
    gone = [x.lower() for x in excluded]
    gone += [same for x in gone for same in SAME_INSTRUMENT.get(x, ()) if same not in gone]  # no violin: no fiddle
    parts = [p for p in parts if not any(x.rstrip("s") in p.lower() for x in gone)]
    parts += [x for x in instruments if x.lower() not in gone and x.lower() not in words.lower()]
    lowered = [p.lower() for p in parts]
    if g.tags[0].lower() not in lowered:  # the genre is code's fact: always named, first
        parts.insert(0, g.tags[0])
    if skeleton.style and skeleton.style not in lowered:  # and the style the brief named, before it
        parts.insert(0, skeleton.style)
    parts = [p for p in parts if not (skeleton.vocal and "instrumental" in p.lower())]
    if skeleton.vocal:
        parts = [p for p in parts if "no vocals" not in p.lower()]
        style = vocal_style or "vocals"
        if not any("vocal" in p.lower() or "voice" in p.lower() for p in parts):
            parts.append(style)
    elif not any("instrumental" in p.lower() for p in parts):
        parts = [p for p in parts if "vocal" not in p.lower() and "singer" not in p.lower()]
        parts.append("instrumental")
    for t in tags:
        if t.lower() not in " ".join(p.lower() for p in parts):
            parts.append(t)
    parts += [f"no {x}" for x in dict.fromkeys(gone)]
    if "a cappella" in (t.lower() for t in tags):  # voices only: no instrument the writer or the genre put in
        if instruments:  # "a cappella ... except the final piece, which should have organ": that track plays it
            parts = [p for p in parts if p.lower() != "a cappella" and (instrument(fold(p)) is None or p in instruments)]
        else:
            parts = [p for p in parts if instrument(fold(p)) is None]
    seen, out = set(), []
    for p in parts:
        if p.lower() not in seen:
            seen.add(p.lower())
            out.append(p)
    return ", ".join(out)[:400]


# -- rule-based writer ---------------------------------------------------------------
ADJECTIVES = ["Midnight", "Golden", "Velvet", "Silver", "Quiet", "Electric", "Paper", "Crimson", "Hollow",
              "Neon", "Distant", "Amber", "Blue", "Wild", "Slow", "Open", "Northern", "Glass", "Lazy", "Burning"]
NOUNS = ["Avenue", "Harbor", "Signal", "Garden", "Skyline", "River", "Echo", "Window", "Lantern", "Orbit",
         "Motel", "Tide", "Letter", "Static", "Mirror", "Summer", "Engine", "Parade", "Horizon", "Rain"]
IMAGES = ["streetlights", "the last train", "an open road", "the morning tide", "a paper moon", "the radio",
          "your window", "the city hum", "a slow dance", "the quiet rain", "a borrowed coat", "the neon glow"]
VERBS = ["I keep on chasing", "we were dancing under", "you left me singing to", "I still remember",
         "we fall asleep beneath", "I can hear you calling through", "we drive all night toward", "I found my way to"]
HOOKS = ["hold on, hold on", "don't let it fade", "all night long", "we come alive", "say my name",
         "stay a little longer", "this is where we start", "let it shine"]


class RuleWriter:
    """Deterministic titles, captions and English lyrics from word banks (no LLM)."""

    name = "rules"

    def __init__(self, seed: int = 0) -> None:
        self.seed = seed

    def album_title(self, genre: Genre) -> str:
        rng = random.Random(self.seed * 7919 + 1)
        return f"{rng.choice(ADJECTIVES)} {rng.choice(NOUNS)}"

    def title(self, skeleton: TrackSkeleton) -> str:
        rng = random.Random(self.seed * 7919 + skeleton.index * 104729)
        return f"{rng.choice(ADJECTIVES)} {rng.choice(NOUNS)}"

    def caption_words(self, skeleton: TrackSkeleton, g: Genre) -> str:
        rng = random.Random(self.seed + skeleton.index)
        tags = g.tags + rng.sample(g.instruments, k=min(3, len(g.instruments)))
        return ", ".join(tags)

    def lines(self, skeleton: TrackSkeleton) -> SectionLines:
        rng = random.Random(self.seed * 31 + skeleton.index)
        verse = [f"{rng.choice(VERBS)} {rng.choice(IMAGES)}" for _ in range(4)]
        hook = rng.choice(HOOKS)
        chorus = [f"{hook}", f"{rng.choice(VERBS)} {rng.choice(IMAGES)}", f"{hook}", "oh, oh"]
        bridge = [f"{rng.choice(VERBS)} {rng.choice(IMAGES)}", f"{rng.choice(VERBS)} {rng.choice(IMAGES)}"]
        return SectionLines(verse=verse, chorus=chorus, bridge=bridge)
