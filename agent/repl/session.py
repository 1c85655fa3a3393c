"""The state of one REPL session and what its commands do: plan from a brief,
edit the plan, generate (a run of the producer graph in OUT/<run id>/), answer
the run's questions (repairs, picks) inline or later by command, score, record
A/B choices, show history and pairs. Every run is resumable; Ctrl-C stops a
generation and keeps the session and the run."""

from __future__ import annotations

import contextlib
import sqlite3
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from langgraph.checkpoint.sqlite import SqliteSaver
from langgraph.types import Command
from rich.console import Console

from agent.context import AUTONOMY_LEVELS, AgentContext
from agent.graph import build_graph
from agent.learning import learned_cover_strengths, learned_presets
from agent.nodes.approval import Decision
from agent.people.answers import PAST, answer_interrupt, checked_edit, parse_edit, parse_pick
from agent.people.drive import EventLines
from agent.people.readers import Cancelled, Reader
from agent.planning.genres import GenrePreset
from agent.plans import AlbumBrief, AlbumPlan
from agent.records import RepairProposal
from agent.reference import ReferenceProfile
from agent.runner import (
    RunInfo,
    initial_state,
    is_finished,
    load_info,
    lock_run,
    mark_run,
    new_run_id,
    pending_interrupt,
    run_config,
    save_info,
)
from agent.steering import RunSteering, apply_steering, load_steering, save_steering
from agent.terminal import esc
from engine.audio import write_text_atomic
from engine.errors import AceprodError, ConfigError


@dataclass
class ActiveRun:
    info: RunInfo
    run_dir: Path
    graph: Any
    ctx: AgentContext
    conn: sqlite3.Connection
    decisions: dict[str, Decision] = field(default_factory=dict)  # answers to a pending repair question
    lock: Any = None  # the run's lock file (agent.runner.lock_run), held while the session has the run open

    def close(self) -> None:
        with contextlib.suppress(Exception):
            self.conn.close()
        if self.lock is not None:
            self.lock.release()
            self.lock = None


@dataclass
class Session:
    console: Console
    reader: Reader
    engine_name: str = "sketch"
    llm_spec: str | None = None
    catalog: Path | None = None
    out: Path = Path("out")
    checkpoints: Path = Path("checkpoints")
    seed: int = 0
    autonomy: str = "collaborative"
    max_repairs: int = 2
    plan: AlbumPlan | None = None
    reference: ReferenceProfile | None = None
    presets: dict[int, GenrePreset] = field(default_factory=dict)
    run: ActiveRun | None = None
    _engine: Any = None
    _llm: Any = None
    _llm_loaded: bool = False

    # ------------------------------------------------------------ resources
    @property
    def engine(self) -> Any:
        if self._engine is None:
            from engine.protocol import get_engine

            self._engine = get_engine(self.engine_name, checkpoints_dir=str(self.checkpoints))
        return self._engine

    @property
    def caps(self) -> Any:
        return self.engine.capabilities()

    def llm(self) -> Any:
        if not self._llm_loaded:
            from agent.llm.runtime import load_llm

            with self.console.status("loading the planner LLM ..."):
                self._llm = load_llm(self.llm_spec, checkpoints_dir=self.checkpoints, seed=self.seed)
            self._llm_loaded = True
        return self._llm

    def learned(self) -> dict[str, GenrePreset]:
        return learned_presets(self.catalog)

    def say(self, text: str) -> None:
        self.console.print(text, highlight=False)

    def close(self) -> None:
        if self.run is not None:
            self.run.close()
            self.run = None
        if self._engine is not None:
            with contextlib.suppress(Exception):
                self._engine.unload()

    # ------------------------------------------------------------ planning
    def plan_brief(self, text: str) -> AlbumPlan:
        from agent.planning.planner import load_brief

        return self.plan_from(load_brief(text))

    def plan_from(self, brief: AlbumBrief) -> AlbumPlan:
        from agent.planning.planner import plan_album
        from agent.reference import seed_brief

        notes: list[str] = []
        if self.reference is not None:
            brief, notes = seed_brief(brief, self.reference)
        max_s = min(m.max_duration_s for m in self.caps.models)
        llm = self.llm()
        with self.console.status("planning ..."):
            plan = plan_album(brief, llm=llm, seed=self.seed, max_duration_s=max_s)
        self.plan = plan.model_copy(update={"notes": notes + plan.notes})
        self.presets = {}
        from agent.repl.clarify import clarify

        self.plan = clarify(self, self.plan)  # one question when the brief left the count open
        return self.plan

    def require_plan(self) -> AlbumPlan:
        if self.plan is None:
            raise ConfigError("no plan yet (fix: type a brief, e.g. a 90 bpm lofi hip hop track with dusty "
                              "piano, 2 minutes)")
        return self.plan

    # ------------------------------------------------------------ runs
    def _open(self, info: RunInfo) -> ActiveRun:
        if self.run is not None:
            self.run.close()
            self.run = None
        run_dir = self.out / info.run_id
        lock = lock_run(run_dir, info.run_id)
        conn = sqlite3.connect(str(run_dir / "checkpoint.sqlite"), check_same_thread=False)
        ctx = AgentContext(engine=self.engine, out_dir=run_dir, catalog_path=self.catalog, llm=None,
                           autonomy=info.autonomy, candidates=info.candidates, seed=info.seed,
                           max_repairs=info.max_repairs, on_event=EventLines(self.console))
        apply_steering(ctx, load_steering(run_dir))
        self.run = ActiveRun(info=info, run_dir=run_dir, graph=build_graph(checkpointer=SqliteSaver(conn)), ctx=ctx,
                             conn=conn, lock=lock)
        return self.run

    def generate(self, candidates: int | None = None) -> None:
        plan = self.require_plan()
        if candidates is not None:
            plan = self.plan = plan.model_copy(update={"candidates": candidates})
        info = RunInfo(run_id=new_run_id(plan.brief), brief=plan.brief, engine=self.engine_name, llm=self.llm_spec,
                       autonomy=self.autonomy, candidates=plan.candidates, seed=self.seed,
                       max_repairs=self.max_repairs, catalog=str(self.catalog) if self.catalog else None,
                       checkpoints=str(self.checkpoints), created_at=datetime.now().isoformat(timespec="seconds"))
        run_dir = self.out / info.run_id
        save_info(run_dir, info)
        write_text_atomic(run_dir / "plan.json", plan.model_dump_json(indent=2))
        save_steering(run_dir, RunSteering(reference=self.reference, learned=self.learned(),
                                           cover_strengths=learned_cover_strengths(self.catalog),
                                           track_presets=dict(self.presets)))
        self._open(info)
        self.say(f"run {esc(info.run_id)} ({info.autonomy}) -> {esc(run_dir)}")
        state = initial_state(info) | {"plan": plan.model_dump(mode="json"), "rounds": 0}
        self.advance(state)

    def resume(self, run_id: str | None = None) -> None:
        if run_id:
            self._open(load_info(self.out, run_id))
        if self.run is None:
            raise ConfigError("no run to resume (fix: `generate` starts one; `history` lists runs: resume RUN_ID)")
        self.advance(None)

    def advance(self, payload: Any) -> None:
        """Run until the graph ends or waits on a question; ask questions inline."""
        run = self._require_run()
        config = run_config(run.info.run_id)
        while True:
            try:
                for _ in run.graph.stream(payload, config, context=run.ctx, stream_mode="updates"):
                    pass
            except KeyboardInterrupt:
                self.say(f"[yellow]generation interrupted[/]; the run is saved (type `resume` to continue "
                         f"{esc(run.info.run_id)})")
                return
            question = pending_interrupt(run.graph, run.info.run_id)
            if question is None:
                break
            run.decisions = {}
            try:
                answer = answer_interrupt(question, reader=self.reader, console=self.console, caps=self.caps)
            except (Cancelled, KeyboardInterrupt):
                self.say("question left open: answer it with approve / reject / edit / pick "
                         "(`repair` or `score` shows it again)")
                return
            payload = Command(resume=answer)
        if is_finished(run.graph, run.info.run_id):
            from agent.album_cli import print_album
            from agent.records import AlbumResult

            values = run.graph.get_state(config).values
            print_album(AlbumResult.model_validate(values["album"]), run.run_dir)
            try:
                mark_run(self.catalog, run.info, "done")
            except AceprodError as exc:
                self.say(f"[yellow]note:[/] could not record the run as done in the catalog: {esc(exc)}")

    def _require_run(self) -> ActiveRun:
        if self.run is None:
            raise ConfigError("no run in this session (fix: `generate`, or `resume RUN_ID` from `history`)")
        return self.run

    def question(self) -> dict | None:
        return None if self.run is None else pending_interrupt(self.run.graph, self.run.info.run_id)

    def state(self) -> dict:
        run = self._require_run()
        return run.graph.get_state(run_config(run.info.run_id)).values

    # ------------------------------------------------------------ answering by command
    def pending_proposals(self) -> list[RepairProposal]:
        q = self.question()
        if not q or q.get("kind") != "approve_repairs":
            return []
        return [RepairProposal.model_validate(p) for p in q["proposals"]]

    def decide(self, decision: str, target: str | None, edit_text: str = "") -> None:
        proposals = self.pending_proposals()
        if not proposals:
            raise ConfigError("no repair is waiting for a decision (fix: `generate` with mode collaborative; "
                              "`repair` shows what is pending)")
        run = self._require_run()
        open_ = [p for p in proposals if p.proposal_id not in run.decisions]
        if target in (None, "", "all"):
            chosen = open_ if target == "all" else open_[:1]
        else:
            chosen = [p for p in proposals if p.proposal_id == target.lower()]
            if not chosen:
                raise ConfigError(f"no pending repair '{target}' (fix: one of "
                                  f"{', '.join(p.proposal_id for p in proposals)})")
        for p in chosen:
            if decision == "edit":
                edit = parse_edit(edit_text.split())
                checked_edit(p, edit, self.caps)
                run.decisions[p.proposal_id] = Decision(proposal_id=p.proposal_id, decision="edit", edit=edit)
            else:
                run.decisions[p.proposal_id] = Decision(proposal_id=p.proposal_id, decision=decision)
            self.say(f"{esc(p.proposal_id)}: {PAST[decision]}")
        left = [p.proposal_id for p in proposals if p.proposal_id not in run.decisions]
        if left:
            self.say(f"still to decide: {esc(', '.join(left))}")
            return
        answer = [run.decisions[p.proposal_id].model_dump(mode="json") for p in proposals]
        run.decisions = {}
        self.advance(Command(resume=answer))

    def pick(self, chosen: str, over: str | None = None) -> None:
        q = self.question()
        if q and q.get("kind") == "pick_take" and over is None:
            take_id = parse_pick(chosen, q["takes"])
            self.say(f"track {q['track']}: you picked {esc(take_id)}")
            self.advance(Command(resume={"take_id": take_id}))
            return
        self.ab_choice(chosen, over)

    def ab_choice(self, chosen: str, over: str | None) -> None:
        """An A/B choice between takes of the current run, stored at once as a human pair."""
        from agent.nodes.preferences import gen_id, write_picks
        from agent.records import TakeRecord
        from catalog.store import Catalog

        if self.catalog is None:
            raise ConfigError("no catalog to store the choice in (fix: start the REPL with --catalog PATH)")
        takes = {t["take_id"]: TakeRecord.model_validate(t) for t in self.state().get("takes", [])}
        a = chosen.lower()
        if a not in takes:
            raise ConfigError(f"no take '{chosen}' in this run (fix: one of {', '.join(sorted(takes))})")
        if over is None:
            others = [t for t in takes if takes[t].track == takes[a].track and t != a]
        else:
            if over.lower() not in takes:
                raise ConfigError(f"no take '{over}' in this run (fix: one of {', '.join(sorted(takes))})")
            others = [over.lower()]
        if not others or a in others:
            raise ConfigError("a choice needs two different takes (fix: pick TAKE over OTHER_TAKE)")
        with Catalog.open(self.catalog, wait_s=10) as cat:
            missing = [t for t in [a, *others] if not cat.exists(gen_id(takes[t]))]
            if missing:
                raise ConfigError(f"take(s) {', '.join(missing)} are not in the catalog yet (fix: let the run "
                                  "finish first: `resume`)")
            with cat.transaction():
                n = write_picks(cat, [{"track": takes[a].track, "chosen": a, "others": others}], takes,
                                run_id=self._require_run().info.run_id, who=self.run.ctx.person)
                mined = cat.mine_pairs("human").inserted
        self.say(f"stored: {esc(a)} over {esc(', '.join(others))} ({n} human choice(s), {mined} new human pair(s))")

    def set_mode(self, level: str) -> None:
        if level not in AUTONOMY_LEVELS:
            raise ConfigError(f"mode '{level}' is not one of {', '.join(AUTONOMY_LEVELS)} (fix: mode supervised)")
        self.autonomy = level

    def brief_of_plan(self) -> AlbumBrief:
        return self.require_plan().brief
