"""pick: in supervised runs a person picks each track's take.

After the repair loop, the person sees every take of a track ranked (score,
defects, file path, similarity to the reference clip if any) and picks one;
the pick becomes the track's best and is remembered as human choices (chosen
over each other take) for the catalog (strategy 4). One ``interrupt()`` per
track, so answered tracks are kept when the run stops at a later question;
the node has no side effects (``interrupt`` re-runs it from the top).
"""

from __future__ import annotations

from langgraph.runtime import Runtime
from langgraph.types import interrupt

from agent.context import AgentContext
from agent.nodes.critic import rank
from agent.records import Pick, Question, QuestionKind, TakeRecord, TakeRow
from agent.state import AlbumState, plan_of, takes_of
from engine.errors import ConfigError
from tools.take_store import load_report


def pick_question(track: int, title: str, takes: list[TakeRecord], ctx: AgentContext) -> Question:
    """The interrupt value: the track's takes, best score first."""
    rows = []
    for i, t in enumerate(rank(takes), 1):
        sim = None
        if ctx.reference is not None:
            from agent.reference import similarity

            sim = similarity(load_report(ctx.out_dir / t.report), ctx.reference)
        rows.append(TakeRow(rank=i, take_id=t.take_id, overall=t.overall, defects=[str(d) for d in t.defects],
                            audio=str((ctx.out_dir / t.audio).resolve()), note=t.note, similarity=sim))
    return Question(kind=QuestionKind.pick_take, track=track, title=title, takes=rows)


def pick(state: AlbumState, runtime: Runtime[AgentContext]) -> dict:
    ctx = runtime.context
    if not ctx.asks_picks:
        return {}
    plan = plan_of(state)
    takes = takes_of(state)
    best = dict(state.get("best", {}))
    picks = []
    for track in plan.tracks:
        mine = [t for t in takes if t.track == track.index]
        if len(mine) < 2:
            continue  # nothing to choose between
        answer = interrupt(pick_question(track.index, track.title, mine, ctx).model_dump(mode="json"))
        take_id = answer.get("take_id") if isinstance(answer, dict) else answer
        if take_id not in {t.take_id for t in mine}:
            raise ConfigError(f"track {track.index}: '{take_id}' is not one of its takes "
                              f"(fix: answer one of {', '.join(t.take_id for t in mine)})")
        best[str(track.index)] = take_id
        picks.append(Pick(track=track.index, chosen=take_id, others=[t.take_id for t in mine if t.take_id != take_id])
                     .model_dump(mode="json"))
    ctx.emit("picked", picks=picks)
    return {"best": best, "picks": picks}
