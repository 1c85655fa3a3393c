"""LangGraph state of an album run. JSON-native values; lists that parallel
workers append to have an ``operator.add`` reducer."""

from __future__ import annotations

import operator
from typing import Annotated, Any, TypedDict

Json = dict[str, Any]


class AlbumState(TypedDict, total=False):
    run_id: str
    brief: Json  # AlbumBrief
    plan: Json | None  # AlbumPlan
    takes: Annotated[list[Json], operator.add]  # TakeRecord
    repairs: Annotated[list[Json], operator.add]  # RepairRecord
    proposals: list[Json]  # RepairProposal, pending approval (replaced each round)
    approved: list[Json]  # RepairRecord with decision, not yet run (replaced each round)
    best: dict[str, str]  # track index -> take id (replaced by the critic)
    rounds: int
    errors: Annotated[list[str], operator.add]
    cataloged: bool
    album: Json | None  # AlbumResult
    report_html: str | None
    picks: list[Json]  # a person's take choices: {"track", "chosen", "others"} (supervised/collaborative)


class GenerateTask(TypedDict):
    """Input of one generate worker (sent by the fan-out)."""

    track: Json  # TrackPlan
    candidate: int


class RepairTask(TypedDict):
    """Input of one repair worker."""

    repair: Json  # RepairRecord (decision made, not yet run)
    before: Json  # TakeRecord of the take being repaired
