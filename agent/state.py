"""LangGraph state of an album run. JSON-native values; lists that parallel
workers append to have an ``operator.add`` reducer. A fan-out's task is a model
sent as JSON and read once by the worker it starts."""

from __future__ import annotations

import operator
from collections.abc import Mapping
from typing import Annotated, Any, TypedDict

from pydantic import BaseModel

from agent.plans import AlbumPlan, TrackPlan
from agent.records import AlbumResult, Pick, RepairProposal, RepairRecord, TakeRecord

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
    picks: list[Json]  # Pick: a person's take choices (supervised/collaborative)


class GenerateTask(BaseModel):
    """Input of one generate worker: a candidate of a track."""

    track: TrackPlan
    candidate: int


class RepairTask(BaseModel):
    """Input of one repair worker."""

    repair: RepairRecord  # decision made, not yet run
    before: TakeRecord  # the take being repaired


# -- typed views, one validation per node boundary ---------------------------------
# A node reads the state through these once, at its start, and works on the models.

def plan_of(state: Mapping[str, Any]) -> AlbumPlan:
    """The run's plan (the planner node has run)."""
    return AlbumPlan.model_validate(state["plan"])


def takes_of(state: Mapping[str, Any]) -> list[TakeRecord]:
    return [TakeRecord.model_validate(t) for t in state.get("takes", [])]


def repairs_of(state: Mapping[str, Any], key: str = "repairs") -> list[RepairRecord]:
    """The run's repairs (``key="approved"``: the ones approved and not yet run)."""
    return [RepairRecord.model_validate(r) for r in state.get(key, [])]


def picks_of(state: Mapping[str, Any]) -> list[Pick]:
    return [Pick.model_validate(p) for p in state.get("picks", [])]


def proposals_of(state: Mapping[str, Any]) -> list[RepairProposal]:
    return [RepairProposal.model_validate(p) for p in state.get("proposals", [])]


def album_of(state: Mapping[str, Any]) -> AlbumResult:
    """What the run produced (the curator node has run)."""
    return AlbumResult.model_validate(state["album"])
