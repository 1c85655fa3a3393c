"""What the producer graph remembers about takes and repairs, and what it asks a person.

Records live in the LangGraph state as JSON (``model_dump(mode="json")``) so a
checkpoint never depends on unpickling our classes; nodes parse them back. A take's
record (``TakeRecord``) is the take store's: tools/take_records.py.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Literal

from pydantic import BaseModel, Field, ValidationError

from engine.errors import ConfigError
from engine.pipeline import PipelineConfig
from quality.report import RepairRoute
from tools.take_id import TakeIdText, TakeKind
from tools.take_records import DefectSummary, TakeRecord

__all__ = ["AlbumResult", "Answer", "Decision", "DefectSummary", "Pick", "Question", "QuestionKind", "RepairProposal", "RepairRecord",
           "TakeKind", "TakeRecord", "TakeRow", "TrackOutcome"]


class Decision(StrEnum):
    """What became of a repair proposal."""

    auto = "auto"  # the agent ran it on its own (autonomous runs)
    approved = "approved"  # a person said yes
    edited = "edited"  # a person changed it, then it ran
    rejected = "rejected"  # a person said no

    @property
    def stored(self) -> str:
        """The catalog's word for it (an edited repair was approved)."""
        return "approved" if self is Decision.edited else self.value


class Answer(StrEnum):
    """A person's answer to a proposed repair; ``past`` is the decision it makes."""

    approve = "approve"
    reject = "reject"
    edit = "edit"

    @property
    def past(self) -> Decision:
        return {Answer.approve: Decision.approved, Answer.reject: Decision.rejected, Answer.edit: Decision.edited}[self]


class RepairProposal(BaseModel):
    """A repair the router proposes for a track's best take."""

    proposal_id: TakeIdText  # "t01r1": the take the repair will be
    track: int
    from_take: TakeIdText
    route: RepairRoute
    fallback_from: RepairRoute | None = None  # the route the engine could not run
    defect_kinds: list[str]
    reason: str
    evidence: str = ""
    expected: str = ""
    pipeline: PipelineConfig
    variants: int = 1  # seeds the repair may try before giving up (best-of-k)


class RepairRecord(BaseModel):
    """What happened to a proposal: the decision, and the result when it ran."""

    proposal: RepairProposal
    decision: Decision
    who: Literal["agent", "person"] = "agent"
    to_take: TakeIdText | None = None
    before: float | None = None
    after: float | None = None
    accepted: bool = False
    error: str | None = None
    engine_s: float = 0.0  # engine time of every attempt of this repair
    attempts: int = 0  # variants rendered (best-of-k inside a repair)
    removed: list[str] = Field(default_factory=list)  # defects heard before and gone after
    added: list[str] = Field(default_factory=list)  # defects heard after in the changed range, not before
    verdict: str = ""  # why it was kept or thrown away


class Pick(BaseModel):
    """A person's choice of a track's take over its other takes (a human preference for the catalog)."""

    track: int
    chosen: TakeIdText
    others: list[TakeIdText]


class TakeRow(BaseModel):
    """A take as a person choosing between takes sees it (a row of the take table)."""

    rank: int
    take_id: str
    overall: float
    defects: list[str] = Field(default_factory=list)
    audio: str = ""  # absolute path
    note: str = ""
    similarity: float | None = None  # to the reference clip, when there is one


class QuestionKind(StrEnum):
    approve_repairs = "approve_repairs"  # collaborative runs: approve, reject or edit each proposal
    pick_take = "pick_take"  # supervised runs: keep one take of a track


class Question(BaseModel):
    """What a run waits on a person for: the value of its interrupt (JSON in the checkpoint)."""

    kind: QuestionKind
    proposals: list[RepairProposal] = Field(default_factory=list)  # approve_repairs
    scores: dict[str, float | None] = Field(default_factory=dict)  # approve_repairs: take id -> its score
    track: int | None = None  # pick_take
    title: str = ""
    takes: list[TakeRow] = Field(default_factory=list)  # pick_take: best score first

    @classmethod
    def of(cls, value: object) -> Question:
        """An interrupt's value as a question (ConfigError when this aceprod cannot ask it)."""
        try:
            return cls.model_validate(value)
        except ValidationError:
            kind = value.get("kind") if isinstance(value, dict) else None
            raise ConfigError(f"the run waits on a question this aceprod cannot ask ({kind!r})") from None


class TrackOutcome(BaseModel):
    """The curator's choice for one track."""

    track: int
    title: str
    take_id: TakeIdText | None
    score: float | None
    mastered: str | None = None  # album/NN - Title.flac
    lufs: float | None = None
    true_peak_dbtp: float | None = None
    note: str = ""


class AlbumResult(BaseModel):
    """album.json: what the run produced."""

    run_id: str
    title: str
    engine: str
    planner: str
    target_lufs: float
    loudness_spread_lu: float | None
    tracks: list[TrackOutcome]
    takes: list[TakeRecord]
    repairs: list[RepairRecord]
    notes: list[str] = Field(default_factory=list)
