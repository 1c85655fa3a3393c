"""Does a plan honour a brief? Expected constraints, written by hand, checked on the plan.

A brief set (tests/agent/briefs/*.yaml) is a list of ``BriefCase``: the brief's words
and what the plan must show. Album-level expectations hold for every track unless
the case gives that track its own value under ``tracks`` (keys: 1-based index or
"last"). ``check_plan`` returns the problems, empty when the plan complies.
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict

from agent.planning.genres import genre
from agent.planning.lexicon import instrument
from agent.plans import LENGTH_LIMIT_NOTE, MAX_TRACK_S, MIN_TRACK_S, AlbumPlan, TrackPlan
from engine.genres import fold, style_of
from engine.instruments import FAMILY, VARIANTS, family


class TrackExpect(BaseModel):
    model_config = ConfigDict(extra="forbid")
    genre: str | None = None
    bpm: int | None = None
    bpm_range: tuple[int, int] | None = None
    tempo: str | None = None
    duration: float | None = None
    duration_range: tuple[float, float] | None = None
    duration_max: float | None = None
    vocal: bool | None = None
    voice: str | None = None
    instruments: list[str] = []
    excluded: list[str] = []


class Expect(TrackExpect):
    count: int | None = None
    vocals: int | None = None  # how many tracks are sung
    total: float | None = None  # album seconds (10% tolerance)
    total_max: float | None = None  # the album lasts at most this many seconds
    language: str | None = None  # lyrics language of every sung track
    key: str | None = None
    meter: str | None = None
    assumed: list[str] = []  # assumption fields the plan must list
    refuse: str | None = None  # the planner must refuse with a message containing this
    tracks: dict[int | str, TrackExpect] = {}


class BriefCase(BaseModel):
    model_config = ConfigDict(extra="forbid")
    brief: str
    expect: Expect
    known_miss: str | None = None  # why the reader still gets it wrong: the test expects it to fail


# what a refusal says for each kind of contradiction the writers of brief sets name as "total" (contradictory
# counts or lengths): a track past the count ("asks for 3 tracks but speaks of track 5"), or lengths that
# cannot add up to the album's total
CONTRADICTION_WORDS = ("total", "speaks of track", "but lists")  # lengths, a track past the count, a list past it


def refused_as(expected: str, message: str) -> bool:
    """Whether a refusal's ``message`` is the one a case expects: its words, or for ``total`` any refusal of
    contradictory counts or lengths."""
    if expected == "total":
        return any(w in message for w in CONTRADICTION_WORDS)
    return expected in message


def load_cases(path: Path) -> list[BriefCase]:
    return [BriefCase.model_validate(x) for x in yaml.safe_load(path.read_text(encoding="utf-8"))]


def _within_limits(e: TrackExpect) -> TrackExpect:
    """``e`` with its lengths brought inside what a track can last: a plan that says it planned a length at the
    engine's limit ("'900s' is outside the 10-600 s a track can last; planned at 600 s") meets the wish as far
    as it can be met, and says so."""
    def lim(v: float) -> float:
        return min(max(v, MIN_TRACK_S), MAX_TRACK_S)
    rng = e.duration_range and (lim(e.duration_range[0]), lim(e.duration_range[1]))
    return e.model_copy(update={"duration": e.duration and lim(e.duration), "duration_range": rng})


def _track_problems(t: TrackPlan, e: TrackExpect) -> list[str]:
    p, where = [], f"track {t.index}"
    if e.genre is not None and (genre(e.genre).name != t.genre or (e.genre != t.genre and
                                                                   not _genre_in(e.genre, t.caption) and
                                                                   style_of(e.genre) != t.style)):
        p.append(f"{where} genre {t.genre} ({t.style}) != {e.genre}")
    if e.bpm is not None and t.bpm != e.bpm:
        p.append(f"{where} bpm {t.bpm} != {e.bpm}")
    if e.bpm_range is not None and not e.bpm_range[0] <= t.bpm <= e.bpm_range[1]:
        p.append(f"{where} bpm {t.bpm} outside {e.bpm_range}")
    if e.tempo is not None and e.bpm is None and e.bpm_range is None:  # a number given with the word defines it
        lo, hi = genre(t.genre).tempo(e.tempo, t.style)
        if not lo <= t.bpm <= hi:
            p.append(f"{where} bpm {t.bpm} is not '{e.tempo}' for {t.genre} ({lo}-{hi})")
    if e.duration is not None and abs(t.duration - e.duration) > 0.5:
        p.append(f"{where} lasts {t.duration:g} s, not {e.duration:g}")
    if e.duration_range is not None and not e.duration_range[0] <= t.duration <= e.duration_range[1]:
        p.append(f"{where} lasts {t.duration:g} s, outside {e.duration_range}")
    if e.duration_max is not None and t.duration > e.duration_max:
        p.append(f"{where} lasts {t.duration:g} s, over {e.duration_max:g}")
    if e.vocal is not None and t.vocal != e.vocal:
        p.append(f"{where} vocal {t.vocal} != {e.vocal}")
    caption = t.caption.lower()
    if e.voice is not None and t.vocal and not re.search(rf"\b{e.voice}\b", caption):
        p.append(f"{where} caption lacks the {e.voice} voice: {t.caption}")
    for x in e.instruments:
        if not _has_instrument(x, caption):
            p.append(f"{where} caption lacks {x}: {t.caption}")
    for x in e.excluded:
        # "no guitar" leaves out every guitar: an expected "no electric guitar" is met by it
        if f"no {_named(x)}" not in caption and f"no {family(_named(x))}" not in caption:
            p.append(f"{where} caption does not exclude {x}: {t.caption}")
    return p


def _words(text: str) -> str:
    """Folded, without spaces and hyphens: "neo-soul" is "neo soul", "chill out" is "chillout"."""
    return re.sub(r"[\s-]", "", fold(text))


def _genre_in(name: str, caption: str) -> bool:
    """The caption names the genre: as written ("neo-soul" is "neo soul"), or every word of it among
    its tags ("indie rock" in "indie, rock, driving")."""
    words = set(re.findall(r"[a-z0-9&]+", fold(caption)))
    return _words(name) in _words(caption) or all(w in words for w in re.findall(r"[a-z0-9&]+", fold(name)))


def _named(word: str) -> str:
    """The caption name of an expected instrument: one name for synonyms ("synthesizer" and
    "synths", "double bass" and "upright bass"; a kind of one as the caption writes it), the words themselves when the vocabulary lacks them."""
    folded = fold(word)
    head, _, rest = folded.partition(" ")
    if not instrument(folded) and head in VARIANTS and instrument(rest):  # "analog synthesizer": "analog synths"
        return f"{VARIANTS[head]} {instrument(rest)}"
    return instrument(folded) or folded


def _in_section(word: str, section: str) -> bool:
    """``word`` is an instrument of the section ``section`` names ("hand drum" of "percussion")."""
    name = _named(section)
    kin = family(_named(word))  # drums are percussion too, though ACE-Step gives them their own stem
    return FAMILY.get(name) == name and (kin == name or (name, kin) == ("percussion", "drums"))


# one instrument the vocabulary keeps under two caption names (their timbre words differ): a writer who reads
# "fiddle" as a violin, or "horns" as brass, asks for what the caption says
SAME_INSTRUMENT = {"violin": "fiddle", "fiddle": "violin", "brass": "horns", "horns": "brass"}
# the players of an ensemble the vocabulary names: a caption with "string quartet" asks for its violins, viola, cello
ENSEMBLE_MEMBERS = {"string quartet": ("violin", "viola", "cello")}


def _has_instrument(word: str, caption: str) -> bool:
    """The caption has the instrument (or its other caption name), or, for a section's name ("strings",
    "percussion"), an instrument of that section ("string quartet", "cello")."""
    name = _named(word)
    other = SAME_INSTRUMENT.get(name)
    if other and re.search(rf"(?<![\w-]){re.escape(other)}(?![\w-])", caption):
        return True
    if name in caption or (name.endswith("s") and re.search(rf"\b{re.escape(name[:-1])}\b", caption)):
        return True  # "drones" in a caption that says "drone"
    if any(name in members and group in caption for group, members in ENSEMBLE_MEMBERS.items()):
        return True  # "violin" in a caption that says "string quartet"
    return FAMILY.get(name) == name and any(family(p.strip()) == name for p in caption.split(","))


def _overlay(base: TrackExpect, own: TrackExpect | None) -> TrackExpect:
    if own is None:
        return base
    merged = base.model_dump()
    for k, v in own.model_dump(exclude_defaults=True).items():
        merged[k] = v
        for group in (("bpm", "bpm_range", "tempo"), ("duration", "duration_range", "duration_max")):
            if k in group:  # a track's own tempo or length replaces the album's
                for other in set(group) - {k}:
                    if other not in own.model_fields_set:
                        merged[other] = None
        if k == "vocal" and not v:
            merged["voice"] = None
        if k == "instruments":  # "no drums, except on track 5": the track's own wish lifts the album's exclusion
            merged["excluded"] = [x for x in merged["excluded"] if x in own.excluded or  # of a kind of it too:
                                  not any(x == i or i.endswith(f" {x}") or _in_section(i, x) for i in v)]  # a hand drum
    return TrackExpect.model_validate(merged)


def check_plan(plan: AlbumPlan, e: Expect) -> list[str]:
    """Every way ``plan`` fails the expectations ``e`` (empty = compliant)."""
    p: list[str] = []
    n = len(plan.tracks)
    if e.count is not None and n != e.count:
        return [f"{n} tracks, not {e.count}"]
    base = TrackExpect.model_validate(e.model_dump(include=set(TrackExpect.model_fields)))
    own: dict[int, TrackExpect] = {}
    for key, te in e.tracks.items():
        index = n if key == "last" else int(key)
        own[index] = te
    limited = any(LENGTH_LIMIT_NOTE in note for note in plan.notes)
    for t in plan.tracks:
        te = _overlay(base, own.get(t.index))
        p += _track_problems(t, _within_limits(te) if limited else te)
    sung = [t for t in plan.tracks if t.vocal]
    if e.vocals is not None and len(sung) != e.vocals:
        p.append(f"{len(sung)} sung tracks, not {e.vocals}")
    total = min(e.total, n * MAX_TRACK_S) if e.total is not None and limited else e.total  # tracks at the limit
    if total is not None and abs(sum(t.duration for t in plan.tracks) - total) > 0.1 * total:
        p.append(f"the album lasts {sum(t.duration for t in plan.tracks):g} s, not {total:g}")
    if e.total_max is not None and sum(t.duration for t in plan.tracks) > e.total_max:
        p.append(f"the album lasts {sum(t.duration for t in plan.tracks):g} s, over {e.total_max:g}")
    if e.language is not None and any(t.vocal_language != e.language for t in sung):
        p.append(f"lyrics in {[t.vocal_language for t in sung]}, not {e.language}")
    if e.key is not None and any(t.keyscale != e.key for t in plan.tracks):
        p.append(f"keys {[t.keyscale for t in plan.tracks]}, not {e.key}")
    if e.meter is not None and any(t.timesignature != e.meter for t in plan.tracks):
        p.append(f"meters {[t.timesignature for t in plan.tracks]}, not {e.meter}")
    listed = {a.field for a in plan.assumptions}
    p += [f"no assumption listed for {f} (listed: {sorted(listed)})" for f in e.assumed if f not in listed]
    return p
