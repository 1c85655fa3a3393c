"""Derive and check every number of an album plan in code.

Small LLMs get numbers wrong (sections past the duration, every track vocal), so
the LLM never decides them: this module turns a brief into track skeletons with
track count, vocal assignment, bpm in the genre's range, keys that vary across
the album, durations, and section events that tile each track exactly. Explicit
constraints in the brief always win; contradictions are refused with a fix.
"""

from __future__ import annotations

import math
import random

from pydantic import BaseModel

from agent.planning.genres import Genre, genre
from agent.plans import MAX_TRACK_S, MAX_TRACKS, MIN_TRACK_S, AlbumBrief, TrackBrief
from engine.errors import ConfigError, Problem
from engine.genres import style_of
from engine.pipeline import SectionEvent

DEFAULT_ALBUM_TRACKS = 4
NOTES = ["C", "G", "D", "A", "E", "B", "F#", "Db", "Ab", "Eb", "Bb", "F"]  # circle of fifths
ALBUM_SPREAD_TOLERANCE = 0.10
STYLE_METERS = {"waltz": "3/4", "viennese waltz": "3/4"}  # styles that are a meter: a waltz is in three


class TrackSkeleton(BaseModel):
    """The numbers of one track plus any words the brief fixed."""

    index: int
    genre: str
    style: str | None = None  # a style of the genre the brief named ("tango"): kept in the caption
    vocal: bool
    language: str
    bpm: int
    keyscale: str
    timesignature: str
    duration: float
    events: list[SectionEvent]
    explicit: TrackBrief


def _count(brief: AlbumBrief, g: Genre, max_s: float) -> int:
    if brief.track_count is not None:
        if len(brief.tracks) > brief.track_count:
            raise ConfigError([Problem("tracks", f"{len(brief.tracks)} tracks are described but track_count is "
                                       f"{brief.track_count}", "raise track_count or describe fewer tracks")])
        return brief.track_count
    if brief.album_duration is not None and not brief.tracks:
        # a total without a count: as many tracks as the total holds at the asked (or the genre's usual) length,
        # and never a track longer than the engine renders ("45 minutes of ambient" is 15 tracks of 180 s)
        r = brief.duration_range
        length = brief.track_duration or (sum(r) / 2 if r else g.default_track_s)
        n = max(math.ceil(brief.album_duration / max_s), round(brief.album_duration / min(length, max_s)))
        return max(1, min(MAX_TRACKS, n))
    return len(brief.tracks) or DEFAULT_ALBUM_TRACKS


def too_many_sung(want: int, n: int, *, counted: bool = True) -> ConfigError:
    """The refusal of more sung tracks than the album has (``counted``: the brief gave ``n``; else ``n`` is the most
    an album may have)."""
    has = f"{n} tracks" if counted else f"at most {n} tracks"
    return ConfigError([Problem("vocal_tracks", f"vocals on {want} tracks were asked for, but the album has {has}",
                                f"ask for at most {n} vocal tracks" + (" or more tracks" if counted else ""))])


def _vocals(brief: AlbumBrief, n: int, explicit: list[TrackBrief]) -> list[bool]:
    fixed = [t.vocal if t.vocal is not None else (True if t.lyrics and t.lyrics.strip() != "[Instrumental]" else None)
             for t in explicit]
    want = brief.vocal_tracks
    if want is None:
        want = sum(1 for f in fixed if f is not False) if brief.vocal_style else sum(1 for f in fixed if f)
    if want > n:
        raise too_many_sung(want, n)
    already = sum(1 for f in fixed if f)
    free = [i for i, f in enumerate(fixed) if f is None]
    if already > want or want - already > len(free):
        raise ConfigError([Problem("tracks", f"the per-track vocal settings give {already} vocal tracks but "
                                   f"{want} were asked for", "make the per-track `vocal:` flags agree with vocal_tracks")])
    need = want - already
    chosen = {free[min(len(free) - 1, int((k + 0.5) * len(free) / need))] for k in range(need)} if need else set()
    return [bool(f) if f is not None else (i in chosen) for i, f in enumerate(fixed)]


def _durations(brief: AlbumBrief, n: int, g: Genre, explicit: list[TrackBrief],
               max_s: float) -> list[float]:
    if brief.album_duration is not None:
        fixed = sum(t.duration or 0 for t in explicit)
        open_n = sum(1 for t in explicit if t.duration is None)
        per = (brief.album_duration - fixed) / open_n if open_n else None
        # the two lengths the brief gave contradict each other: say so before what follows from either
        if brief.track_duration is not None and abs(brief.track_duration * n - brief.album_duration) > \
                ALBUM_SPREAD_TOLERANCE * brief.album_duration:
            raise ConfigError([Problem("track_duration", f"{n} tracks of {minutes(brief.track_duration)} "
                                       f"({minutes(n * brief.track_duration)}) do not make the "
                                       f"{minutes(brief.album_duration)} album total asked for",
                                       "give either the track or the album length")])
        if per is not None and per < MIN_TRACK_S:
            raise ConfigError([Problem("album_duration", f"{n} tracks in a {brief.album_duration:g} s album leave "
                                       f"{max(per, 0):.1f} s per track; a track needs at least {MIN_TRACK_S:g} s",
                                       f"ask for at most {int(brief.album_duration // MIN_TRACK_S)} tracks, or a "
                                       f"longer album")])
        # the length asked of each track stands when the tracks make the total within the tolerance ("8 songs of about
        # 3 minutes, the quadrille lasts about 25 minutes": 3 minutes each, 24 in all)
        default = brief.track_duration if brief.track_duration is not None else \
            per if per is not None else g.default_track_s
    else:
        default = brief.track_duration or g.default_track_s
    # a range reaching past what the engine renders is met at its limit ("10-12 minutes each": 600 s)
    rng = (brief.duration_range[0], min(brief.duration_range[1], max(max_s, brief.duration_range[0]))) \
        if brief.duration_range else None
    if rng and brief.album_duration is not None and not brief.track_duration:
        lo, hi = rng  # the album's length decides, within the range each track may last
        out = [float(t.duration or min(hi, max(lo, default))) for t in explicit]
        _range_fits(brief, n, explicit, lo, hi)
    elif rng and not brief.track_duration:
        lo, hi = rng
        span = [lo + (hi - lo) * (0.3 + 0.4 * k / max(1, n - 1)) for k in range(n)] if hi < MAX_TRACK_S else []
        out = [float(t.duration or (span[i] if span else min(hi, max(lo, default)) if lo < default < hi
                                    else (hi * 0.9 if default >= hi else min(hi, lo * 1.1))))
               for i, t in enumerate(explicit)]
    else:
        out = [float(t.duration or default) for t in explicit]
    for i, d in enumerate(out):
        if d > max_s:
            raise ConfigError([Problem(f"tracks[{i}].duration", f"{d:g} s is longer than the engine allows "
                                       f"({max_s:g} s)", f"ask for at most {max_s:g} s per track")])
    if brief.album_duration_max is not None and sum(out) > brief.album_duration_max:
        out = _fit_under(brief, n, explicit, out)
    return [round(d, 2) for d in out]


def lengths_reach(total: float, n: int, lo: float, hi: float, fixed: float = 0.0) -> bool:
    """``n`` tracks of ``lo``-``hi`` s each, beside ``fixed`` s of tracks with their own lengths, can make an album
    of ``total`` s, within ALBUM_SPREAD_TOLERANCE."""
    least, most = fixed + n * lo, fixed + n * hi
    return least <= total * (1 + ALBUM_SPREAD_TOLERANCE) and most >= total * (1 - ALBUM_SPREAD_TOLERANCE)


def _range_fits(brief: AlbumBrief, n: int, explicit: list[TrackBrief], lo: float, hi: float) -> None:
    """Refuse an album total that the tracks' length range cannot reach: "8 tracks of at least 5 minutes,
    15 minutes in all" (40 minutes at the least), or "3 tracks under 2 minutes, an hour in all"."""
    total = float(brief.album_duration or 0)
    fixed = sum(t.duration or 0 for t in explicit)
    open_n = sum(1 for t in explicit if t.duration is None)
    least, most = fixed + open_n * lo, fixed + open_n * hi
    if not lengths_reach(total, open_n, lo, hi, fixed):
        raise ConfigError([Problem("duration_range", f"{n} tracks of {minutes(lo)} to {minutes(hi)} each make "
                                   f"{minutes(least)} to {minutes(most)}, not the {minutes(total)} album total asked for",
                                   "change the tracks' length, their number or the album total")])


def minutes(seconds: float) -> str:
    """'300 s (5 minutes)': a length as the brief most likely wrote it, and in seconds."""
    return f"{seconds:g} s ({seconds / 60:.3g} minutes)" if seconds >= 60 else f"{seconds:g} s"


def _fit_under(brief: AlbumBrief, n: int, explicit: list[TrackBrief], out: list[float]) -> list[float]:
    """Shorten the tracks whose length the brief left open so the album stays within its maximum;
    refuse when the lengths the brief fixed (or its shortest allowed track) cannot fit."""
    cap = float(brief.album_duration_max or 0)
    floor = max(MIN_TRACK_S, brief.duration_range[0] if brief.duration_range else 0)
    if brief.track_duration is not None:
        floor = max(floor, brief.track_duration)
    fixed = sum(d for d, t in zip(out, explicit, strict=True) if t.duration is not None)
    open_ = [i for i, t in enumerate(explicit) if t.duration is None]
    per = (cap - fixed) / len(open_) if open_ else -1.0
    if per < floor:
        raise ConfigError([Problem("album_duration_max", f"{n} tracks of at least {minutes(floor)} do not fit in an "
                                   f"album of at most {minutes(cap)} in total", f"ask for at most {int(cap // floor)} tracks, "
                                   f"shorter tracks or a longer album")])
    scale = (cap - fixed) / sum(out[i] for i in open_)
    return [d * scale if i in open_ else d for i, d in enumerate(out)]


def _bpm(brief: AlbumBrief, t: TrackBrief, g: Genre, style: str | None, rng: random.Random) -> int:
    """The track's bpm: its own number, range or tempo word, then the album's, then the range of
    the genre (or of its style: a tango is not played at a salsa's tempo)."""
    if t.bpm:
        return t.bpm
    band = t.bpm_range or (g.tempo(t.tempo, style) if t.tempo else None)
    if band is None and brief.bpm:
        return brief.bpm
    band = band or brief.bpm_range or (g.tempo(brief.tempo, style) if brief.tempo else None) or g.bpm_range(style)
    lo, hi = band
    return int(round(lo + (hi - lo) * rng.random()))


def _keys(brief: AlbumBrief, g: Genre, explicit: list[TrackBrief], rng: random.Random) -> list[str]:
    keys: list[str] = []
    start = rng.randrange(len(NOTES))
    for i, t in enumerate(explicit):
        if t.keyscale or brief.keyscale:
            keys.append(t.keyscale or brief.keyscale or "")
            continue
        minor = rng.random() < g.minor_share
        # walk the circle of fifths so neighbours differ but stay related
        note = NOTES[(start + 5 * i + rng.choice([0, 1, 2])) % len(NOTES)]
        key = f"{note} {'minor' if minor else 'major'}"
        if keys and key == keys[-1]:
            key = f"{NOTES[(NOTES.index(note) + 1) % len(NOTES)]} {'minor' if minor else 'major'}"
        keys.append(key)
    return keys


def section_template(*, duration: float, bpm: int, timesignature: str, vocal: bool) -> list[SectionEvent]:
    """Sections snapped to whole bars that tile ``[0, duration]`` exactly."""
    beats = int(timesignature.split("/")[0])
    unit = 4 / int(timesignature.split("/")[1])
    bar_s = beats * unit * 60.0 / bpm
    total_bars = max(1, int(duration / bar_s))
    plan = ([("intro", 1), ("verse", 4), ("chorus", 3), ("verse", 4), ("chorus", 3), ("bridge", 2), ("chorus", 3),
             ("outro", 1)] if vocal else
            [("intro", 1), ("verse", 4), ("chorus", 3), ("bridge", 2), ("chorus", 3), ("outro", 1)])
    # drop middle sections until each gets at least 2 bars
    while len(plan) > 3 and total_bars < 2 * len(plan):
        plan.pop(len(plan) // 2)
    if total_bars < 2 * len(plan):
        plan = [("intro", 1), ("verse", 2), ("outro", 1)] if total_bars >= 4 else [("verse", 1)]
    weight = sum(w for _, w in plan)
    bars = [max(1, round(total_bars * w / weight)) for _, w in plan]
    bars[-1] = max(1, total_bars - sum(bars[:-1]))
    while sum(bars) > total_bars and max(bars) > 1:
        bars[bars.index(max(bars))] -= 1
    events, t = [], 0.0
    for (kind, _), nbars in zip(plan, bars, strict=True):
        end = t + nbars * bar_s
        events.append(SectionEvent(type=kind, start=round(t, 2), end=round(end, 2)))
        t = end
    events[-1] = SectionEvent(type=events[-1].type, start=events[-1].start, end=round(duration, 2))
    return events


def check_events(events: list[SectionEvent], duration: float, where: str) -> list[Problem]:
    """Problems unless ``events`` start at 0, follow each other without gaps, and end at ``duration``."""
    problems = []
    if not events:
        return [Problem(where, "no section events", "give at least one {type, start, end}")]
    if abs(events[0].start) > 0.05:
        problems.append(Problem(f"{where}[0].start", f"the first section starts at {events[0].start:g} s",
                                "start it at 0"))
    for i, (a, b) in enumerate(zip(events, events[1:], strict=False)):
        if abs(a.end - b.start) > 0.05:
            problems.append(Problem(f"{where}[{i + 1}].start", f"'{b.type}' starts at {b.start:g} s but '{a.type}' "
                                    f"ends at {a.end:g} s", "make sections follow each other without gaps"))
    if abs(events[-1].end - duration) > 0.05:
        problems.append(Problem(f"{where}[{len(events) - 1}].end", f"the last section ends at {events[-1].end:g} s, "
                                f"the track lasts {duration:g} s", "end the last section at the track's duration"))
    return problems


def derive_skeletons(brief: AlbumBrief, *, seed: int = 0, max_duration_s: float = 600.0) -> list[TrackSkeleton]:
    """Every number of the album, derived from ``brief`` and checked."""
    if not brief.text.strip() and not brief.genre and not brief.tracks and not brief.tags:
        raise ConfigError([Problem("brief", "the brief is empty",
                                   "describe the music, e.g. \"jazz album, 8 tracks, female vocals on 3\"")])
    g = genre(brief.genre)
    rng = random.Random(seed)
    n = _count(brief, g, max_duration_s)
    explicit = list(brief.tracks) + [TrackBrief() for _ in range(n - len(brief.tracks))]
    vocals = _vocals(brief, n, explicit)
    durations = _durations(brief, n, g, explicit, max_duration_s)
    keys = _keys(brief, g, explicit, rng)
    skeletons, problems = [], []
    for i, t in enumerate(explicit):
        gi = genre(t.genre or brief.genre)
        style = style_of(t.genre or brief.genre)  # a style of gi: both read the same first genre name
        bpm = _bpm(brief, t, gi, style, rng)
        ts = t.timesignature or brief.timesignature or STYLE_METERS.get(style or "") \
            or (gi.timesignatures[0] if i % 4 else rng.choice(gi.timesignatures))
        events = t.events or section_template(duration=durations[i], bpm=bpm, timesignature=ts, vocal=vocals[i])
        problems += check_events(events, durations[i], f"tracks[{i}].events")
        skeletons.append(TrackSkeleton(index=i + 1, genre=gi.name, style=style, vocal=vocals[i], language=brief.language or "en",
                                       bpm=bpm, keyscale=keys[i], timesignature=ts, duration=durations[i],
                                       events=events, explicit=t))
    if problems:
        raise ConfigError(problems)
    return skeletons
