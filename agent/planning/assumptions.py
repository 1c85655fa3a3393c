"""What the planner assumed because the brief did not say: listed on every plan, with why.

Nothing is silently defaulted: a track count, genre, vocal choice, length, tempo or
lyrics language the brief left open becomes an ``Assumption``; an ambiguity the reader
found is listed with the default it took; a brief in a language the reader does not
know is planned from defaults and says so.
"""

from __future__ import annotations

from agent.planning.constraints import Assumption
from agent.planning.derive import TrackSkeleton
from agent.planning.genres import genre
from agent.plans import AlbumBrief
from agent.prompts import LANGUAGE_NAMES


def _tracks(indices: list[int]) -> str:
    return ", ".join(str(i) for i in indices)


def find_assumptions(brief: AlbumBrief, skeletons: list[TrackSkeleton]) -> list[Assumption]:
    c = brief.constraints
    n = len(skeletons)
    out: list[Assumption] = []
    if c is not None and c.language is None and brief.text.strip():
        out.append(Assumption(field="brief language", value="not recognised",
                              why="the reader knows English, Spanish, French, German and Portuguese; the plan uses "
                                  "defaults for everything (write the brief in one of those languages)"))
    asked = {a.field for a in c.ambiguities} if c is not None else set()
    if brief.track_count is None and (not brief.tracks or (c is not None and c.tracks)) and "track_count" not in asked:
        hint = c.count_hint.source if c is not None and c.count_hint is not None else None
        why = (f"'{hint}' gives no number of tracks" if hint else "the brief gives no number of tracks")
        if c is not None and c.tracks:
            why = "the brief names single tracks but gives no number of tracks"
        out.append(Assumption(field="track count", value=str(n), why=why))
    named_genre = brief.genre or any(t.explicit.genre for t in skeletons)
    if not named_genre:
        out.append(Assumption(field="genre", value=skeletons[0].genre, why="no genre named"))
    vocal = [s.index for s in skeletons if s.vocal]
    said_vocals = (brief.vocal_tracks is not None or brief.vocal_style is not None
                   or any(s.explicit.vocal is not None or s.explicit.vocal_style for s in skeletons))
    if not said_vocals:
        out.append(Assumption(field="vocals", value="instrumental" if not vocal else f"tracks {_tracks(vocal)}",
                              why="the brief does not ask for vocals"))
    elif brief.vocal_tracks and 0 < len(vocal) < n and all(s.explicit.vocal is None for s in skeletons):
        out.append(Assumption(field="vocal tracks", value=_tracks(vocal),
                              why=f"the brief says how many tracks are sung ({len(vocal)}), not which"))
    timed = brief.track_duration or brief.album_duration or brief.duration_range
    free_len = [s for s in skeletons if not timed and s.explicit.duration is None]
    if free_len:
        out.append(Assumption(field="length", value=", ".join(sorted({f"{s.duration:g} s" for s in free_len})),
                              why=f"no length given; the usual length of {free_len[0].genre} tracks"))
    free_bpm = [s for s in skeletons if not (s.explicit.bpm or s.explicit.bpm_range or s.explicit.tempo
                                             or brief.bpm or brief.bpm_range or brief.tempo)]
    if free_bpm:
        lo, hi = genre(free_bpm[0].genre).bpm
        out.append(Assumption(field="tempo", value=_tracks([s.bpm for s in free_bpm]) + " bpm",
                              why=f"no tempo given; chosen in the genre's range ({lo}-{hi} bpm)"))
    if vocal and not (c is not None and c.lyrics_language is not None) and not brief.language:
        out.append(Assumption(field="lyrics language", value=LANGUAGE_NAMES.get(skeletons[0].language, "English"),
                              why="no language for the lyrics given"))
    elif vocal and c is not None and c.lyrics_language is None and brief.language:
        out.append(Assumption(field="lyrics language", value=LANGUAGE_NAMES.get(brief.language, brief.language),
                              why="the language the brief is written in"))
    for a in c.ambiguities if c is not None else []:
        out.append(Assumption(field=a.field.replace("_", " "), value=a.default, why=f"{a.question} ('{a.source}')"))
    return out
