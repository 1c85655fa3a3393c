"""The questions a run asks and their answers, as part of the producer session:
the pending interrupt with its id, approve / reject / edit of repair proposals
(resumed once every proposal is decided), picks, and A/B choices stored as
human pairs. An answer quoting an id other than the pending question's, or one
already answered, is refused with ``QuestionConflict``: nothing is recorded twice."""

from __future__ import annotations

from typing import Any

from langgraph.types import Command

from agent.nodes.approval import RepairAnswer
from agent.people.answers import checked_edit, parse_edit, parse_pick
from agent.records import Answer, Question, QuestionKind, RepairProposal
from agent.runner import pending_interrupt
from agent.state import takes_of
from agent.terminal import esc
from engine.errors import ConfigError


class QuestionConflict(ConfigError):
    """An answer to a question that is not (or no longer) the one the run waits on."""


class Questions:
    """Mixed into ProducerSession (which provides run, busy, _lock, say, caps, resume_with, catalog)."""

    run: Any
    _lock: Any

    # ------------------------------------------------------------ questions and answers
    def pending(self) -> tuple[str | None, Question | None]:
        """(id, value) of the interrupt the run waits on, or (None, None)."""
        if self.run is None or self.busy:
            return None, None
        return self.interrupt()

    def interrupt(self) -> tuple[str | None, Question | None]:
        """(id, question) of the run's interrupt as checkpointed, even while a worker advances it."""
        return (None, None) if self.run is None else pending_interrupt(self.run.graph, self.run.info.run_id)

    def question(self) -> Question | None:
        return self.pending()[1]

    def _check_question(self, kind: QuestionKind, question_id: str | None) -> tuple[str, Question]:
        """The pending question of ``kind``; refuse an answer to another (or an already answered) one."""
        self._check_idle()
        qid, q = self.pending()
        if question_id is not None and self.run is not None and question_id in self.run.answered:
            raise QuestionConflict(f"question {question_id} was already answered (fix: reload to see the run's "
                                   "current question)")
        if q is None or q.kind is not kind:
            what = {"approve_repairs": "no repair is waiting for a decision", "pick_take": "no pick is waiting"}[kind]
            raise (QuestionConflict if question_id else ConfigError)(
                f"{what} (fix: `generate` with mode {'collaborative' if kind == 'approve_repairs' else 'supervised'}; "
                "`repair` or `score` shows what is pending)")
        if question_id is not None and question_id != qid:
            raise QuestionConflict(f"question {question_id} is not the one pending ({qid}) (fix: reload and "
                                   "answer the current question)")
        return str(qid), q

    def pending_proposals(self) -> list[RepairProposal]:
        q = self.question()
        return q.proposals if q and q.kind is QuestionKind.approve_repairs else []

    def decide(self, decision: str, target: str | None, edit_text: str = "", *,
               question_id: str | None = None) -> list[str]:
        """Approve / reject / edit pending repair(s); resumes the run once every one is decided.
        Returns the proposal ids still to decide."""
        if decision not in Answer.__members__:
            raise ConfigError(f"'{decision}' is not approve, reject or edit (fix: approve t01r1)")
        said = Answer(decision)
        with self._lock:
            qid, q = self._check_question(QuestionKind.approve_repairs, question_id)
            run = self._require_run()
            proposals = q.proposals
            open_ = [p for p in proposals if p.proposal_id not in run.decisions]
            if target in (None, "", "all"):
                chosen = open_ if target == "all" else open_[:1]
            else:
                chosen = [p for p in proposals if p.proposal_id == target.lower()]
                if not chosen:
                    raise ConfigError(f"no pending repair '{target}' (fix: one of "
                                      f"{', '.join(p.proposal_id for p in proposals)})")
                if question_id is not None and chosen[0].proposal_id in run.decisions:
                    raise QuestionConflict(f"{chosen[0].proposal_id} was already "
                                           f"{run.decisions[chosen[0].proposal_id].decision.past}")
            for p in chosen:
                edit = parse_edit(edit_text.split()) if said is Answer.edit else {}
                if edit:
                    checked_edit(p, edit, self.caps)
                run.decisions[p.proposal_id] = RepairAnswer(proposal_id=p.proposal_id, decision=said, edit=edit)
                self.say(f"{esc(p.proposal_id)}: {said.past}")
            left = [p.proposal_id for p in proposals if p.proposal_id not in run.decisions]
            if left:
                self.say(f"still to decide: {esc(', '.join(left))}")
                return left
            answer = [run.decisions[p.proposal_id].model_dump(mode="json") for p in proposals]
            run.decisions = {}
            run.answered.add(qid)
        self.resume_with(Command(resume=answer))
        return []

    def pick(self, chosen: str, over: str | None = None, *, question_id: str | None = None) -> str | None:
        """Answer a pending pick (a rank or take id), or store an A/B choice; the take id picked."""
        with self._lock:
            q = self.question()
            if (q and q.kind is QuestionKind.pick_take and over is None) or question_id is not None:
                qid, q = self._check_question(QuestionKind.pick_take, question_id)
                take_id = parse_pick(chosen, q.takes)
                self._require_run().answered.add(qid)
                self.say(f"track {q.track}: you picked {esc(take_id)}")
            else:
                take_id = None
        if take_id is None:
            self.ab_choice(chosen, over)
            return None
        self.resume_with(Command(resume={"take_id": take_id}))
        return take_id

    def ab_choice(self, chosen: str, over: str | None) -> int:
        """An A/B choice between takes of the current run, stored at once as human pair(s)."""
        from agent.session.library import store_ab_choice

        if self.catalog is None:
            raise ConfigError("no catalog to store the choice in (fix: start the REPL with --catalog PATH)")
        run = self._require_run()
        n, mined, a, others = store_ab_choice(self.catalog, takes_of(self.state()), chosen, over,
                                              run_id=run.info.run_id, who=run.ctx.person)
        self.say(f"stored: {esc(a)} over {esc(', '.join(others))} ({n} human choice(s), {mined} new human pair(s))")
        return n

