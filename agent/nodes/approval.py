"""approval: the gate between a proposed repair and running it.

Autonomous runs approve every proposal. Collaborative runs stop here with
LangGraph's ``interrupt()`` and resume with the person's decisions; ``interrupt``
re-runs this node from the top on resume, so it has no side effects.
"""

from __future__ import annotations

from langgraph.runtime import Runtime
from langgraph.types import Send, interrupt
from pydantic import BaseModel, ValidationError

from agent.context import AgentContext
from agent.records import Answer, Decision, Question, QuestionKind, RepairProposal, RepairRecord
from agent.state import AlbumState, RepairTask, proposals_of, repairs_of, takes_of
from engine.errors import ConfigError


class RepairAnswer(BaseModel):
    """A person's answer for one proposal. ``edit`` replaces fields of the pipeline's
    repair stage (e.g. repainting_start, audio_cover_strength)."""

    proposal_id: str
    decision: Answer
    edit: dict[str, float | str] = {}


def edit_proposal(proposal: RepairProposal, edit: dict[str, float | str]) -> RepairProposal:
    """A copy of ``proposal`` whose repair stage (the last) has ``edit``'s fields replaced."""
    p = proposal.model_copy(deep=True)
    stage = p.pipeline.stages[-1]
    data = stage.model_dump(exclude_unset=True) | edit
    try:
        p.pipeline.stages[-1] = type(stage).model_validate(data)
    except ValidationError as err:
        problems = "; ".join(f"{'.'.join(str(x) for x in e['loc'])}: {e['msg']}" for e in err.errors())
        raise ConfigError(f"edit of {proposal.proposal_id} is not valid ({problems}) "
                          "(fix: e.g. edit start=12.5 end=16 or edit strength=0.9)") from None
    return p


def apply_decisions(proposals: list[RepairProposal], answers: list[RepairAnswer]) -> list[RepairRecord]:
    by_id = {a.proposal_id: a for a in answers}
    out = []
    for p in proposals:
        a = by_id.get(p.proposal_id)
        if a is None:
            raise ConfigError(f"no valid decision for repair {p.proposal_id} (fix: answer approve, reject or edit)")
        if a.decision is Answer.edit:
            p = edit_proposal(p, a.edit)
        out.append(RepairRecord(proposal=p, decision=a.decision.past, who="person"))
    return out


def approval(state: AlbumState, runtime: Runtime[AgentContext]) -> dict:
    proposals = proposals_of(state)
    if runtime.context.autonomy != "collaborative":
        records = [RepairRecord(proposal=p, decision="auto") for p in proposals]
    else:
        scores = {t.take_id: t.overall for t in takes_of(state)}
        raw = interrupt(Question(kind=QuestionKind.approve_repairs, proposals=proposals,
                                 scores={p.from_take: scores.get(p.from_take) for p in proposals}).model_dump(mode="json"))
        records = apply_decisions(proposals, [RepairAnswer.model_validate(x) for x in raw])
    rejected = [r.model_dump(mode="json") for r in records if r.decision is Decision.rejected]
    approved = [r.model_dump(mode="json") for r in records if r.decision is not Decision.rejected]
    return {"approved": approved, "repairs": rejected, "proposals": []}


def after_approval(state: AlbumState) -> list[Send] | str:
    approved = repairs_of(state, "approved")
    if not approved:
        return "repair_router"
    takes = {t.take_id: t for t in takes_of(state)}
    return [Send("repair", RepairTask(repair=r, before=takes[r.proposal.from_take]).model_dump(mode="json"))
            for r in approved]
