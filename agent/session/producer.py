"""ProducerSession: plan from a brief, edit the plan, start or open a run (a
producer graph in OUT/<run id>/), advance it until it ends or waits on a
question, answer that question (approve / reject / edit a repair, pick a take),
record A/B choices as human pairs, export the pairs.

It prints nothing: what happens goes to ``on_event(name, data)`` (graph
progress and the session's own ``message``/``waiting``/``finished`` events) and
to an in-memory event log that the studio streams. ``background = True`` makes
answers resume the graph in a worker thread (the studio, the MCP server);
otherwise ``advance`` runs in the caller's thread (the REPL). Every question
has an id; an answer that quotes an id other than the one pending, or comes
while an earlier answer is still being worked on, is refused
(``QuestionConflict``), so nothing is recorded twice."""

from __future__ import annotations

import contextlib
import sqlite3
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from langgraph.checkpoint.sqlite import SqliteSaver

from agent.context import AUTONOMY_LEVELS, AgentContext
from agent.graph import build_graph
from agent.learning import learned_cover_strengths, learned_presets
from agent.nodes.approval import RepairAnswer
from agent.planning.genres import GenrePreset
from agent.plans import AlbumBrief, AlbumPlan
from agent.reference import ReferenceProfile
from agent.runner import (
    RunInfo,
    initial_state,
    is_finished,
    load_info,
    lock_run,
    mark_run,
    new_run_id,
    run_config,
    save_info,
)
from agent.session.events import EventLog
from agent.session.questions import QuestionConflict, Questions
from agent.steering import RunSteering, save_steering, steered_context
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
    decisions: dict[str, RepairAnswer] = field(default_factory=dict)  # answers to a pending repair question
    answered: set[str] = field(default_factory=set)  # ids of questions already answered
    error: str | None = None  # what stopped the last advance, if it failed
    lock: Any = None  # the run's lock file (agent.runner.lock_run), held while the session has the run open

    def close(self) -> None:
        with contextlib.suppress(Exception):
            self.conn.close()
        if self.lock is not None:
            self.lock.release()
            self.lock = None


@dataclass
class ProducerSession(Questions):
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
    background: bool = False  # answers resume the graph in a worker thread
    on_event: Callable[[str, dict[str, Any]], None] | None = None
    events: EventLog = field(default_factory=EventLog)
    _engine: Any = None
    _llm: Any = None
    _llm_loaded: bool = False
    _lock: threading.RLock = field(default_factory=threading.RLock)
    _worker: threading.Thread | None = None

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

    def busy_status(self, text: str) -> contextlib.AbstractContextManager:
        """A context shown while something slow happens (the REPL shows a spinner)."""
        return contextlib.nullcontext()

    def llm(self) -> Any:
        if not self._llm_loaded:
            from agent.llm.runtime import load_llm

            with self.busy_status("loading the planner LLM ..."):
                self._llm = load_llm(self.llm_spec, checkpoints_dir=self.checkpoints, seed=self.seed)
            self._llm_loaded = True
        return self._llm

    def learned(self) -> dict[str, GenrePreset]:
        return learned_presets(self.catalog)

    def emit(self, event: str, **data: Any) -> None:
        self.events.append(event, data)
        if self.on_event is not None:
            self.on_event(event, data)

    def _graph_event(self, event: str, data: dict[str, Any]) -> None:
        self.emit(event, **data)

    def say(self, text: str) -> None:
        self.emit("message", text=text)

    def close(self) -> None:
        self.wait()
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
        with self.busy_status("planning ..."):
            plan = plan_album(brief, llm=llm, seed=self.seed, max_duration_s=max_s)
        self.plan = plan.model_copy(update={"notes": notes + plan.notes})
        self.presets = {}
        return self.plan

    def require_plan(self) -> AlbumPlan:
        if self.plan is None:
            raise ConfigError("no plan yet (fix: type a brief, e.g. a 90 bpm lofi hip hop track with dusty "
                              "piano, 2 minutes)")
        return self.plan

    def edit_plan(self, text: str) -> list[str]:
        """Apply one plan edit (``bpm=92``, ``2 key="F minor"``, ``candidates=3``); what changed."""
        from agent.repl.planedit import edit_plan

        plan, changed = edit_plan(self.require_plan(), text, caps=self.caps, presets=self.presets,
                                  learned=self.learned())
        self.plan = plan
        return changed

    def set_mode(self, level: str) -> None:
        if level not in AUTONOMY_LEVELS:
            raise ConfigError(f"mode '{level}' is not one of {', '.join(AUTONOMY_LEVELS)} (fix: mode supervised)")
        self.autonomy = level

    # ------------------------------------------------------------ runs
    def _open(self, info: RunInfo, *, fresh: bool = False) -> ActiveRun:
        if self.run is not None:
            self.run.close()
            self.run = None
        if info.engine != self.engine_name:
            self.engine_name, self._engine = info.engine, None
        run_dir = self.out / info.run_id
        lock = lock_run(run_dir, info.run_id)  # one process per run: a second one gets an error naming the holder
        conn = sqlite3.connect(str(run_dir / "checkpoint.sqlite"), check_same_thread=False)
        catalog = Path(info.catalog) if info.catalog else self.catalog
        ctx = steered_context(info, run_dir, engine=self.engine, catalog=catalog, on_event=self._graph_event)
        graph = build_graph(checkpointer=SqliteSaver(conn))
        if not fresh and not graph.get_state(run_config(info.run_id)).values.get("plan"):
            from agent.llm.runtime import load_llm  # a run stopped before its plan: plan as it would have

            ctx.llm = load_llm(info.llm, checkpoints_dir=self.checkpoints, seed=info.seed)
        self.run = ActiveRun(info=info, run_dir=run_dir, graph=graph, ctx=ctx, conn=conn, lock=lock)
        return self.run

    def open_run(self, run_id: str) -> ActiveRun:
        """Open a run (started here, in the terminal or in the studio) without advancing it."""
        self._check_idle()
        return self._open(load_info(self.out, run_id))

    def start_run(self, candidates: int | None = None) -> ActiveRun:
        """A new run folder for the plan (info, plan, steering); ``advance(self.first_payload())`` runs it."""
        self._check_idle()
        plan = self.require_plan()
        if candidates is not None:
            plan = self.plan = plan.model_copy(update={"candidates": candidates})
        info = RunInfo(run_id=new_run_id(plan.brief), brief=plan.brief, engine=self.engine_name, llm=self.llm_spec,
                       autonomy=self.autonomy, candidates=plan.candidates, seed=self.seed,
                       max_repairs=self.max_repairs, catalog=str(self.catalog) if self.catalog else None,
                       checkpoints=str(self.checkpoints))
        run_dir = self.out / info.run_id
        save_info(run_dir, info)
        write_text_atomic(run_dir / "plan.json", plan.model_dump_json(indent=2))
        save_steering(run_dir, RunSteering(reference=self.reference, learned=self.learned(),
                                           cover_strengths=learned_cover_strengths(self.catalog),
                                           track_presets=dict(self.presets)))
        run = self._open(info, fresh=True)
        self.say(f"run {esc(info.run_id)} ({info.autonomy}) -> {esc(run_dir)}")
        return run

    def first_payload(self) -> Any:
        """What starts a fresh run, or None to continue an opened one from its checkpoint."""
        run = self._require_run()
        if run.graph.get_state(run_config(run.info.run_id)).values:
            return None
        state = initial_state(run.info)
        plan = self.plan if self.plan is not None and self.plan.brief == run.info.brief else None
        return state | {"plan": plan.model_dump(mode="json"), "rounds": 0} if plan else state

    def generate(self, candidates: int | None = None) -> None:
        self.start_run(candidates)
        self.resume_with(self.first_payload())

    def resume(self, run_id: str | None = None) -> None:
        if run_id:
            self.open_run(run_id)
        if self.run is None:
            raise ConfigError("no run to resume (fix: `generate` starts one; `history` lists runs: resume RUN_ID)")
        self._check_idle()
        self.resume_with(self.first_payload())

    def resume_with(self, payload: Any) -> None:
        """Continue the graph with ``payload``: here, or in a worker thread when ``background``."""
        if not self.background:
            self.advance(payload)
            return
        with self._lock:
            self._check_idle()
            self._worker = threading.Thread(target=self.advance, args=(payload,), name="aceprod-run", daemon=True)
            self._worker.start()

    def advance(self, payload: Any) -> None:
        """Run until the graph ends or waits on a question (a front end asks it and answers)."""
        self.advance_once(payload)

    def advance_once(self, payload: Any) -> str:
        """One stretch of the graph; 'waiting', 'finished' or 'stopped' (an error, also in the event log)."""
        run = self._require_run()
        run.error = None
        self.emit("running", run_id=run.info.run_id)
        try:
            for _ in run.graph.stream(payload, run_config(run.info.run_id), context=run.ctx, stream_mode="updates"):
                pass
        except KeyboardInterrupt:
            run.error = "interrupted"
            self.emit("stopped", run_id=run.info.run_id, error=run.error)
            raise
        except Exception as exc:  # the worker's boundary: the run is saved, the error is shown
            run.error = f"{type(exc).__name__}: {exc}" if not isinstance(exc, ConfigError) else str(exc)
            self.emit("stopped", run_id=run.info.run_id, error=run.error)
            if not self.background:
                raise
            return "stopped"
        qid, _ = self.interrupt()
        if qid is not None:
            self.emit("waiting", run_id=run.info.run_id, question=qid)
            return "waiting"
        try:
            mark_run(Path(run.info.catalog) if run.info.catalog else self.catalog, run.info, "done")
        except AceprodError as exc:
            self.say(f"[yellow]note:[/] could not record the run as done in the catalog: {esc(exc)}")
        self.emit("finished", run_id=run.info.run_id)
        return "finished"

    def wait(self, timeout: float | None = None) -> bool:
        """Wait for a background advance to stop; True when none is running."""
        worker = self._worker
        if worker is not None:
            worker.join(timeout)
        return worker is None or not worker.is_alive()

    @property
    def busy(self) -> bool:
        return self._worker is not None and self._worker.is_alive()

    def _check_idle(self) -> None:
        if self.busy:
            raise QuestionConflict("the run is working on an answer already given (fix: wait for its next "
                                   "question; the studio shows it when it comes)")

    def _require_run(self) -> ActiveRun:
        if self.run is None:
            raise ConfigError("no run in this session (fix: `generate`, or `resume RUN_ID` from `history`)")
        return self.run

    def finished(self) -> bool:
        return self.run is not None and is_finished(self.run.graph, self.run.info.run_id)

    def state(self) -> dict:
        run = self._require_run()
        return run.graph.get_state(run_config(run.info.run_id)).values

    def export(self, folder: str | Path, fmt: str = "jsonl") -> Any:
        from agent.session.library import export_pairs

        return export_pairs(self.catalog, folder, fmt)
