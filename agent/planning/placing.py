"""Placing the numbers the reader found: each value goes to the tracks whose words hold it, or
to the album; a list of values ("at 90, 120 and 150 bpm") gives one per track; two bounds on
the length are both kept, or refused when no length meets them."""

from __future__ import annotations

from agent.planning.constraints import Ambiguity, Read, Unused
from agent.planning.reader import Reader


def place(r: Reader) -> None:
    """Put every positioned number into the track its words belong to, or the album."""
    c = r.c
    for pos, field, value in sorted(r.positioned, key=lambda p: p[0]):
        tracks = r.segment_at(pos)
        if field in ("bpm_list", "duration_list"):
            _spread(r, field.removesuffix("_list"), value)
            continue
        key = "duration" if field == "duration_each" else field
        # "3 minutes each" speaks of every track, unless its words name several ("Cues 4 and 5 ... each")
        if tracks and (field != "duration_each" or len(tracks) >= 2 or tracks == [0]):
            for index in tracks:
                setattr(c.track(index), key, value)
        elif getattr(c, key) is None:
            setattr(c, key, value)
        elif key == "duration_range":  # "under a minute ... at least five minutes": both bounds hold
            (lo1, hi1), (lo2, hi2), first = value.value, c.duration_range.value, c.duration_range
            if max(lo1, lo2) > min(hi1, hi2):
                c.conflicts.append(f"'{first.source}' and '{value.source}' ask for lengths no track can have")
            else:
                c.duration_range = r.read((max(lo1, lo2), min(hi1, hi2)), min(first.start, value.start),
                                          max(first.end, value.end))
        else:
            c.unused.append(Unused(source=value.source, start=value.start, end=value.end))


def _spread(r: Reader, field: str, value: Read) -> None:
    """'three tracks at 90, 120 and 150 bpm': one value per track, in order."""
    c = r.c
    values = value.value
    if c.track_count is None:
        c.track_count = Read[int](value=len(values), source=value.source, start=value.start, end=value.end)
    elif c.track_count.value != len(values):
        c.ambiguities.append(Ambiguity(field=field, question=f"{len(values)} values of {field} for "
                                       f"{c.track_count.value} tracks: which track gets which?", source=value.source,
                                       default="in order; the last value repeats"))
    for i, v in enumerate(values):
        item = Read(value=int(v) if field == "bpm" else float(v), source=value.source, start=value.start,
                    end=value.end)
        setattr(c.track(i + 1), field, item)


def put(r: Reader, field: str, value: Read, *, many: bool = False, force: bool = False) -> None:
    """Store ``value`` on the tracks whose segment holds it, or on the album (first one wins,
    unless ``force`` on a track)."""
    tracks = r.segment_at(value.start)
    targets = [r.c.track(i) for i in tracks] if tracks else [r.c]
    for t in targets:
        if many:
            getattr(t, field).append(value)
        elif (force and tracks) or getattr(t, field) is None:
            setattr(t, field, value)
