"""A brief written as a reply to an earlier message it quotes ("> I think 9 tracks, all indie rock"
above "9 is too many, let's go with 7. Male vocals on all but the intro").

The reply is the person's last word: it is read on its own, and what it says replaces what the
quoted message said of the same thing; what only the quoted message says (a genre, a length)
still stands. A number the reply says alone, other than the quoted count ("let's go with 7",
"on en veut trois", "vamos pedir só 3"), is the new count.

Both parts are read from copies of the brief with the other part blanked out, so every span
still points into the brief.
"""

from __future__ import annotations

import re

from agent.planning import lexicon as lx
from agent.planning.constraints import BriefConstraints
from agent.planning.count_patterns import names_a_track_before
from agent.planning.reader import Reader
from agent.plans import MAX_TRACKS

QUOTED_LINE = re.compile(r"^>[^\n]*", re.M)  # a quoted line, after planning/tidy.py put it on its own line


def split_reply(text: str) -> tuple[str, str] | None:
    """(the reply, the quoted message), each the brief with the other blanked; None when nothing is quoted
    or nothing but the quote is written."""
    quoted = list(QUOTED_LINE.finditer(text))
    if not quoted:
        return None
    reply, old = list(text), [" " if ch != "\n" else ch for ch in text]
    for m in quoted:
        reply[m.start():m.end()] = " " * (m.end() - m.start())
        old[m.start() + 1:m.end()] = text[m.start() + 1:m.end()]  # without its ">"
    reply_text = "".join(reply)
    if not re.search(r"[^\W\d_]{3}", reply_text):
        return None
    return reply_text, "".join(old)


# a number that counts something else in a reply: "I'd add one thing: ...", "two questions", "une chose"
NOT_COUNTED_AFTER = re.compile(r"\s+(?:more\s+)?(?:things?|questions?|ideas?|changes?|details?|points?|requests?|remarks?|notes?|"
                               r"cosas?|preguntas?|puntos?|choses?|remarques?|questions?|sachen?|fragen?|punkte?|coisas?|"
                               r"perguntas?|pontos?|detalhes?)(?![\w])")


def count_in_reply(r: Reader) -> bool:
    """A number said alone in a reply, other than the quoted count, is the new count ("9 is too many,
    let's go with 7"); True when one was found."""
    for m in lx.NUMBER_RE.finditer(r.work):
        value = lx.number_value(m.group("n"))
        after = r.work[m.end():m.end() + 12]
        if not value or not float(value).is_integer() or not 1 <= value <= MAX_TRACKS or value == r.reply_to \
                or names_a_track_before(r.work, m.start()) \
                or re.match(rf"\s*-?\s*(?:{lx.MINUTES}|{lx.SECONDS}|{lx.HOURS}|{lx.BPM_UNIT}|%|x)(?![\w])", after) \
                or NOT_COUNTED_AFTER.match(r.work, m.end()):
            continue
        r.c.track_count = r.read(int(value), m.start(), m.end())
        r._mask_number(m.start(), m.end())
        return True
    return False


_ALBUM = ("track_count", "count_hint", "total_duration", "total_max", "genre", "lyrics_language", "bpm", "bpm_range",
          "tempo", "duration", "duration_range", "vocal_tracks", "vocal", "voice", "keyscale", "timesignature")


def merge(reply: BriefConstraints, quoted: BriefConstraints) -> BriefConstraints:
    """The reply's constraints, with what only the quoted message says added."""
    out = reply.model_copy(deep=True)
    for name in _ALBUM:
        if getattr(out, name) is None and not (name == "count_hint" and out.track_count is not None):
            setattr(out, name, getattr(quoted, name))
    for name in ("moods", "instruments", "excluded"):
        if not getattr(out, name):
            setattr(out, name, list(getattr(quoted, name)))
    same_count = reply.track_count is None or quoted.track_count is None \
        or reply.track_count.value == quoted.track_count.value
    if not out.tracks and same_count:  # the quoted per-track wishes, while they still fit the count
        out.tracks = [t.model_copy(deep=True) for t in quoted.tracks]
    out.language = reply.language or quoted.language
    out.ambiguities = out.ambiguities or list(quoted.ambiguities)
    out.unused += quoted.unused  # the quoted message's contradictions are not kept: the reply settles them
    out.notes += [n for n in quoted.notes if n not in out.notes]
    return out
