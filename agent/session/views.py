"""What a front end shows of a session: runs, tracks, takes with their defect
ranges, the pending question. Pydantic models, JSON-ready for the studio's
routes and the MCP server's results."""

from __future__ import annotations

from pydantic import BaseModel, Field

from agent.records import AlbumResult, QuestionKind, RepairProposal


class DefectRange(BaseModel):
    """Where a defect was heard (seconds), for drawing over a take's timeline."""

    kind: str
    start: float
    end: float
    severity: float
    stem: str | None = None


class Section(BaseModel):
    """A planned section of a track (seconds)."""

    type: str
    start: float
    end: float


class TakeView(BaseModel):
    take_id: str
    track: int
    kind: str  # candidate | repair
    rank: int  # 1 = best score within its track
    overall: float
    defects: list[str] = Field(default_factory=list)  # "kind@start-end sev", worst first
    ranges: list[DefectRange] = Field(default_factory=list)
    audio: str  # relative to the run folder
    duration: float | None = None
    note: str = ""
    best: bool = False
    similarity: float | None = None


class TrackView(BaseModel):
    index: int
    title: str
    duration: float
    bpm: int
    keyscale: str
    caption: str
    sections: list[Section] = Field(default_factory=list)
    takes: list[TakeView] = Field(default_factory=list)


class QuestionView(BaseModel):
    """The question a run waits on. ``id`` names it: an answer that quotes another id is refused."""

    id: str
    kind: QuestionKind
    track: int | None = None
    title: str = ""
    takes: list[dict] = Field(default_factory=list)  # pick_take: rank, take_id, overall, defects, note
    proposals: list[RepairProposal] = Field(default_factory=list)
    scores: dict[str, float | None] = Field(default_factory=dict)
    decided: dict[str, str] = Field(default_factory=dict)  # proposal id -> decision given so far


class RunStatus(BaseModel):
    """Where a run is. ``state``: running | waiting (on a question) | finished | stopped."""

    run_id: str
    autonomy: str
    state: str
    run_dir: str
    tracks: int = 0
    takes: int = 0
    question: QuestionView | None = None
    error: str | None = None
    album: AlbumResult | None = None
