"""A person's answers -> LangGraph resume values.

Repairs (collaborative): approve, reject, or edit fields of the repair stage
(``edit start=12.5 end=16``, ``edit strength=0.9``); an edit is checked against
the engine before it is accepted. Picks (supervised): a rank number or a take id.
An answer that is neither gets one clear line and the question again.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from pydantic import ValidationError
from rich.console import Console

from agent.nodes.approval import RepairAnswer, edit_proposal
from agent.people.readers import Cancelled, Reader, words
from agent.people.show import describe_pipeline, show_pick, show_proposal
from agent.records import Answer, Question, RepairProposal, TakeRow
from agent.terminal import esc
from engine.errors import AceprodError, ConfigError
from engine.protocol import EngineCapabilities
from engine.validate import validate_pipeline

APPROVE = {"y", "yes", "a", "approve", "ok", "accept"}
REJECT = {"n", "no", "r", "reject", "skip"}
EDIT_FIELDS = {  # what a person types -> the repair stage's field
    "start": "repainting_start", "end": "repainting_end", "strength": "audio_cover_strength",
    "caption": "caption", "steps": "steps", "shift": "shift", "seed": "seed", "model": "model",
    "denoise": "denoise", "guidance": "guidance_scale", "stem": "track_name",
}
INT_FIELDS = {"steps", "seed"}
LATER = {"later", "cancel"}
T = TypeVar("T")
REPAIR_HELP = "answer a (approve), r (reject) or edit FIELD=VALUE ... (e.g. edit start=12.5 end=16, edit strength=0.9); later leaves it open"


def parse_edit(tokens: list[str]) -> dict[str, float | str]:
    """['start=12.5', 'end=16'] -> {'repainting_start': 12.5, 'repainting_end': 16.0}."""
    if not tokens:
        raise ConfigError("an edit needs FIELD=VALUE (fix: e.g. edit start=12.5 end=16 or edit strength=0.9)")
    out: dict[str, float | str] = {}
    for tok in tokens:
        key, sep, raw = tok.partition("=")
        key = key.strip().lower()
        if not sep or not key or not raw.strip():
            raise ConfigError(f"malformed edit '{tok}' (fix: write FIELD=VALUE, e.g. start=12.5; "
                              f"fields: {', '.join(EDIT_FIELDS)})")
        field = EDIT_FIELDS.get(key) or (key if key in EDIT_FIELDS.values() else None)
        if field is None:
            raise ConfigError(f"unknown repair field '{key}' (fix: use one of {', '.join(EDIT_FIELDS)})")
        if field in ("caption", "model", "track_name"):
            out[field] = raw.strip()
            continue
        try:
            out[field] = int(raw) if key in INT_FIELDS or field in INT_FIELDS else float(raw)
        except ValueError:
            raise ConfigError(f"'{raw}' is not a number for {key} (fix: e.g. {key}=12.5)") from None
    return out


def checked_edit(proposal: RepairProposal, edit: dict[str, float | str],
                 caps: EngineCapabilities | None) -> RepairProposal:
    """The proposal with ``edit`` applied, checked by the engine's validator (ConfigError when wrong)."""
    edited = edit_proposal(proposal, edit)
    stage = edited.pipeline.stages[-1]
    if stage.repainting_start is not None and stage.repainting_end is not None \
            and stage.repainting_end <= stage.repainting_start:
        raise ConfigError(f"end {stage.repainting_end:g} s is not after start {stage.repainting_start:g} s "
                          "(fix: e.g. edit start=12.5 end=16)")
    if caps is not None:
        try:
            validate_pipeline(edited.pipeline, caps, source=f"edit of {proposal.proposal_id}")
        except ConfigError as exc:
            raise ConfigError(f"edit of {proposal.proposal_id}: " + "; ".join(str(p) for p in exc.problems)) from None
    return edited


def parse_repair_answer(text: str, proposal: RepairProposal, caps: EngineCapabilities | None) -> RepairAnswer:
    """One answer line -> a RepairAnswer (ConfigError with a clear line when it is neither)."""
    tokens = words(text, what=f"'{text}'", empty=f"no answer ({REPAIR_HELP})")
    word = tokens[0].lower()
    if word in APPROVE and len(tokens) == 1:
        return RepairAnswer(proposal_id=proposal.proposal_id, decision=Answer.approve)
    if word in REJECT and len(tokens) == 1:
        return RepairAnswer(proposal_id=proposal.proposal_id, decision=Answer.reject)
    if word in ("e", "edit") or "=" in word:
        edit = parse_edit(tokens[1:] if word in ("e", "edit") else tokens)
        checked_edit(proposal, edit, caps)
        return RepairAnswer(proposal_id=proposal.proposal_id, decision=Answer.edit, edit=edit)
    raise ConfigError(f"'{text}' is neither approve nor reject ({REPAIR_HELP})")


def ask_repairs(question: Question, *, reader: Reader, console: Console,
                caps: EngineCapabilities | None) -> list[dict]:
    """Ask about every proposal of an ``approve_repairs`` interrupt; the decisions as resume value."""
    decisions = []
    for p in question.proposals:
        show_proposal(p, console, score=question.scores.get(p.from_take))
        decisions.append(ask_one_repair(p, reader=reader, console=console, caps=caps).model_dump(mode="json"))
    return decisions


def _ask_until_read(prompt: str, parse: Callable[[str], T], *, reader: Reader, console: Console) -> T:
    """Ask ``prompt`` until ``parse`` reads the answer (its error shown each time); ``Cancelled`` on "later"."""
    while True:
        text = reader.ask(prompt)
        if text.strip().lower() in LATER:
            raise Cancelled
        try:
            return parse(text)
        except AceprodError as exc:
            console.print(f"[yellow]{esc(exc)}[/]", highlight=False)


def ask_one_repair(p: RepairProposal, *, reader: Reader, console: Console,
                   caps: EngineCapabilities | None) -> RepairAnswer:
    d = _ask_until_read(f"{p.proposal_id}: approve, reject or edit? [a/r/edit ...] ",
                        lambda text: parse_repair_answer(text, p, caps), reader=reader, console=console)
    if d.decision is Answer.edit:
        console.print(f"edited: {esc(describe_pipeline(edit_proposal(p, d.edit).pipeline))}", highlight=False)
    console.print(f"{esc(p.proposal_id)}: {d.decision.past}", highlight=False)
    return d


def parse_pick(text: str, takes: list[TakeRow]) -> str:
    """A rank number (1 = best score) or a take id -> the take id (ConfigError otherwise)."""
    word = text.strip().lower()
    ids = [t.take_id for t in takes]
    if word.isdigit() and 1 <= int(word) <= len(takes):
        return ids[int(word) - 1]
    if word in ids:
        return word
    raise ConfigError(f"'{text.strip()}' is not one of the takes (fix: type a number 1-{len(takes)} "
                      f"or a take id: {', '.join(ids)})")


def ask_pick(question: Question, *, reader: Reader, console: Console,
             caps: EngineCapabilities | None = None) -> dict:
    show_pick(question, console)
    take_id = _ask_until_read(f"track {question.track}: which take do you keep? [1-{len(question.takes)} or id] ",
                              lambda text: parse_pick(text, question.takes), reader=reader, console=console)
    console.print(f"track {question.track}: you picked {esc(take_id)}", highlight=False)
    return {"take_id": take_id}


ANSWERERS = {"approve_repairs": ask_repairs, "pick_take": ask_pick}


def answer_interrupt(question: Question, *, reader: Reader, console: Console,
                     caps: EngineCapabilities | None) -> Any:
    """Ask the person the interrupt's question(s); return the resume value."""
    return ANSWERERS[question.kind](question, reader=reader, console=console, caps=caps)


__all__ = ["ANSWERERS", "RepairAnswer", "ValidationError", "answer_interrupt", "ask_pick", "ask_repairs",
           "checked_edit", "parse_edit", "parse_pick", "parse_repair_answer"]
