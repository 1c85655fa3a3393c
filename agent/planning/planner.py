"""Brief -> AlbumPlan. Code derives the numbers (derive.py); the LLM, or the
rule-based writer, writes titles, captions and lyric lines; code checks the words
and assembles lyrics that follow the planned sections."""

from __future__ import annotations

import re
from pathlib import Path

import yaml
from pydantic import ValidationError

from agent.llm.runtime import LLM, ChatMessage
from agent.planning.assumptions import find_assumptions
from agent.planning.brief_text import parse_brief_text
from agent.planning.derive import TrackSkeleton, derive_skeletons
from agent.planning.genres import Genre, genre
from agent.planning.llm_reader import second_reading
from agent.planning.words import (
    AlbumTitleLLM,
    LyricsLLM,
    RuleWriter,
    SectionLines,
    TrackHeadLLM,
    assemble_lyrics,
    compose_caption,
)
from agent.plans import AlbumBrief, AlbumPlan, TrackPlan
from agent.prompts import (
    ALBUM_TITLE_PROMPT,
    EXAMPLE_HEAD_ANSWER,
    EXAMPLE_HEAD_PROMPT,
    EXAMPLE_LYRICS_ANSWER,
    EXAMPLE_LYRICS_PROMPT,
    LANGUAGE_NAMES,
    LYRICS_PROMPT,
    TRACK_HEAD_PROMPT,
    WRITER_SYSTEM,
)
from engine.errors import ConfigError, LLMError, Problem


def load_brief(source: str) -> AlbumBrief:
    """A brief from a YAML file path, or from free text; ConfigError naming every field out of bounds."""
    try:
        return _load_brief(source)
    except ValidationError as err:
        where = "brief" if len(source) > 80 or "\n" in source else source
        raise ConfigError([Problem(".".join(str(x) for x in e["loc"]), e["msg"].removeprefix("Value error, "),
                                   "shorten or correct it")
                           for e in err.errors()], source=where) from None


def _is_file(path: Path) -> bool:
    """Whether ``path`` names a file; False for text that cannot be a path (too long, NUL bytes)."""
    try:
        return path.is_file()
    except (OSError, ValueError):
        return False


def _load_brief(source: str) -> AlbumBrief:
    path = Path(source)
    if source.strip().lower().endswith((".yaml", ".yml")) or (len(source) < 300 and _is_file(path)):
        if not _is_file(path):
            raise ConfigError(f"brief file not found: {source} (fix: check the path; examples are in briefs/)")
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
        except yaml.YAMLError as exc:
            raise ConfigError(f"{source}: malformed YAML ({getattr(exc, 'problem', exc)}) "
                              "(fix: check indentation and quoting)") from None
        if not isinstance(data, dict):
            raise ConfigError(f"{source}: a brief file is a mapping (fix: start with `brief: \"...\"` and fields "
                              "such as `tracks:`)")
        text = str(data.pop("brief", "") or data.pop("text", "") or "")
        parsed = parse_brief_text(text) if text else AlbumBrief()
        merged = parsed.model_dump(exclude_defaults=True) | {"text": text}
        try:
            explicit = AlbumBrief.model_validate(data)
        except ValidationError as err:
            raise ConfigError([Problem(".".join(str(x) for x in e["loc"]), e["msg"].removeprefix("Value error, "))
                               for e in err.errors()], source=source) from None
        merged |= explicit.model_dump(exclude_defaults=True)
        return AlbumBrief.model_validate(merged).model_copy(update={"constraints": parsed.constraints})
    return parse_brief_text(source)


def _why(exc: LLMError) -> str:
    """The first validation reason in an LLM error, on one line (for plan notes)."""
    text = str(exc)
    found = re.search(r"Value error, (.*?) \[type=", text)
    if found:
        return f"the model's answers did not validate: {found.group(1)}"
    return " ".join(text.split())[:160]


class _Words:
    """Writes the words of every track with the LLM, falling back to rules per track."""

    def __init__(self, llm: LLM | None, seed: int, brief: AlbumBrief, g: Genre) -> None:
        self.llm, self.rules, self.brief, self.g = llm, RuleWriter(seed), brief, g
        self.notes: list[str] = []

    def album_title(self) -> str:
        if self.brief.title:
            return self.brief.title
        if self.llm is not None:
            prompt = ALBUM_TITLE_PROMPT.format(brief=self.brief.text or self.g.name, genre=self.g.name)
            try:
                return self.llm.complete_json(self._messages(EXAMPLE_HEAD_PROMPT, '{"title": "Cedar Road"}', prompt),
                                              AlbumTitleLLM, max_tokens=64, retries=1).title.strip()
            except LLMError as exc:
                self.notes.append(f"album title: rule-based ({_why(exc)})")
        return self.rules.album_title(self.g)

    def track(self, sk: TrackSkeleton, count: int) -> tuple[str, str, SectionLines | None]:
        """(title, caption words, lyric lines or None for instrumental); each part falls back alone."""
        g = genre(sk.genre)
        title, caption = self.rules.title(sk), self.rules.caption_words(sk, g)
        lines = self.rules.lines(sk) if sk.vocal else None
        if self.llm is None:
            return title, caption, lines
        language = LANGUAGE_NAMES.get(sk.language, sk.language)
        tags = ", ".join(self.brief.tags or g.tags[1:])
        vocal_line = (f"Sung by {sk.explicit.vocal_style or self.brief.vocal_style or 'a singer'} in {language}." if sk.vocal
                      else "Instrumental, no vocals.")
        head_prompt = TRACK_HEAD_PROMPT.format(brief=self.brief.text, index=sk.index, count=count, genre=g.name,
                                               tags=tags, instruments=", ".join(g.instruments),
                                               vocal_line=vocal_line, idea=sk.explicit.idea or "")
        try:
            head = self.llm.complete_json(self._messages(EXAMPLE_HEAD_PROMPT, EXAMPLE_HEAD_ANSWER, head_prompt),
                                          TrackHeadLLM, max_tokens=120, retries=1)
            title, caption = head.title, head.caption
        except LLMError as exc:
            self.notes.append(f"track {sk.index}: rule-based title and tags ({_why(exc)})")
        if sk.vocal:
            lyrics_prompt = LYRICS_PROMPT.format(title=title, genre=g.name, tags=tags, brief=self.brief.text,
                                                 idea=sk.explicit.idea or "", language=language)
            try:
                got = self.llm.complete_json(self._messages(EXAMPLE_LYRICS_PROMPT, EXAMPLE_LYRICS_ANSWER,
                                                            lyrics_prompt), LyricsLLM, max_tokens=360, retries=1)
                lines = SectionLines(verse=got.verse, chorus=got.chorus, bridge=got.bridge)
            except LLMError as exc:
                self.notes.append(f"track {sk.index}: rule-based lyrics ({_why(exc)})")
        return title, caption, lines

    @staticmethod
    def _messages(example_prompt: str, example_answer: str, prompt: str) -> list[ChatMessage]:
        return [ChatMessage(role="system", content=WRITER_SYSTEM),
                ChatMessage(role="user", content=example_prompt),
                ChatMessage(role="assistant", content=example_answer),
                ChatMessage(role="user", content=prompt)]


def plan_album(brief: AlbumBrief, *, llm: LLM | None = None, seed: int = 0, max_duration_s: float = 600.0,
               candidates: int | None = None, second_reader: bool = False) -> AlbumPlan:
    """Every track planned: numbers from code, words from the LLM (or rules), all checked.
    ``second_reader``: the LLM also reads the brief; disagreements with the parser become notes."""
    skeletons = derive_skeletons(brief, seed=seed, max_duration_s=max_duration_s)
    if second_reader and llm is not None and brief.constraints is not None and brief.text:
        brief.constraints.notes += second_reading(llm, brief.text, brief.constraints)
    g = genre(brief.genre)
    words = _Words(llm, seed, brief, g)
    tracks: list[TrackPlan] = []
    for sk in skeletons:
        ex = sk.explicit
        if ex.caption and (ex.lyrics or not sk.vocal) and ex.title:
            title, caption_words, lines = ex.title, ex.caption, None
        else:
            title, caption_words, lines = words.track(sk, len(skeletons))
        if not ex.title and title.strip().lower() in {t.title.lower() for t in tracks}:
            words.notes.append(f"track {sk.index}: title '{title}' repeats an earlier track; rule-based title")
            title = words.rules.title(sk)
        lyrics = ex.lyrics or (assemble_lyrics(sk, lines) if lines else "[Instrumental]")
        # a track of another style within the album's ("sertanejo ..., the last three like modão") keeps the album's too
        album_style = [brief.genre] if brief.genre and sk.style and brief.genre != sk.style \
            and genre(brief.genre) is genre(sk.genre) and brief.genre != genre(sk.genre).name else []
        caption = compose_caption(ex.caption or caption_words, sk, genre(sk.genre), ex.vocal_style or brief.vocal_style,
                                  album_style + brief.tags, instruments=brief.instruments + ex.instruments,
                                  excluded=[x for x in brief.excluded + ex.excluded if x not in ex.instruments])
        tracks.append(TrackPlan(index=sk.index, title=(ex.title or title).strip()[:80], genre=sk.genre, style=sk.style,
                                caption=caption, lyrics=lyrics if sk.vocal else "[Instrumental]", vocal=sk.vocal,
                                vocal_language=sk.language, bpm=sk.bpm, keyscale=sk.keyscale,
                                timesignature=sk.timesignature, duration=sk.duration, events=sk.events))
    if llm is None and brief.language not in (None, "en") and any(t.vocal for t in tracks):
        words.notes.append(f"rule-based lyrics are English; use --llm for lyrics in {brief.language}")
    assumed = find_assumptions(brief, skeletons)
    c = brief.constraints
    notes = (c.notes if c is not None else []) + words.notes + [f"assumed {a.field}: {a.value} ({a.why})"
                                                                 for a in assumed]
    return AlbumPlan(title=words.album_title(), brief=brief, genre=g.name,
                     candidates=candidates or brief.candidates or 2,
                     planner=f"llm:{llm.name}" if llm is not None else "rules", notes=notes, tracks=tracks,
                     constraints=c, assumptions=assumed)
