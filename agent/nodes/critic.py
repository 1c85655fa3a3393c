"""critic: rank each track's takes by the quality score (numbers from quality/,
never from the LLM) and name the best take per track."""

from __future__ import annotations

from agent.records import TakeRecord
from agent.state import AlbumState, takes_of


def rank(takes: list[TakeRecord]) -> list[TakeRecord]:
    """Best first: higher overall, then fewer defects, then earlier take."""
    return sorted(takes, key=lambda t: (-t.overall, len(t.defects), t.take_id))


def best_per_track(takes: list[TakeRecord]) -> dict[int, TakeRecord]:
    by_track: dict[int, list[TakeRecord]] = {}
    for t in takes:
        by_track.setdefault(t.track, []).append(t)
    return {track: rank(ts)[0] for track, ts in by_track.items()}


def critic(state: AlbumState) -> dict:
    takes = takes_of(state)
    best = best_per_track([t for t in takes if t.rankable])
    return {"best": {str(k): v.take_id for k, v in sorted(best.items())}}
