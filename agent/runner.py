"""Start and resume album runs.

Each run lives in ``OUT/<run id>/`` with its LangGraph checkpoint
(``checkpoint.sqlite``), so ``aceprod album --resume RUN_ID`` continues after
Ctrl-C or kill -9: finished takes are not redone (LangGraph re-runs only the
unfinished tasks of a step, and run folders with a finished run are reused).

Run ids are file names: letters, digits, ``.``, ``_`` and ``-`` (``check_run_id``);
``--resume`` refuses anything else and uses the folder it names. One process at a
time works on a run (``lock_run``: a lock file in the run folder naming its holder),
and the catalog records how each run ended (``mark_run``: done, failed or stopped).
"""

from __future__ import annotations

import json
import re
import secrets
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

from langgraph.checkpoint.sqlite import SqliteSaver
from langgraph.types import Command
from pydantic import BaseModel, Field, ValidationError, field_validator

from agent.context import AgentContext
from agent.graph import build_graph
from agent.plans import AlbumBrief
from agent.records import Question
from agent.state import AlbumState
from engine.audio import write_text_atomic
from engine.errors import ConfigError
from engine.executor import check_writable
from engine.files import ProcessLock, holder_text

RUN_FILE = "run-info.json"
LOCK_FILE = ".run.lock"
RUN_ID_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$")


def check_run_id(run_id: str) -> str:
    """``run_id`` if it is a plain folder name (no path, no '..'); ConfigError otherwise."""
    if not RUN_ID_RE.fullmatch(run_id or "") or ".." in run_id:
        shown = (run_id or "")[:60].encode("unicode_escape").decode()
        raise ConfigError(f"'{shown}' is not a run id (letters, digits, '.', '_' and '-' only) "
                          "(fix: pass the id printed at the run's start, e.g. 20261129-174500-jazz-1a2b)")
    return run_id


class RunInfo(BaseModel):
    """What `--resume` needs to rebuild the context of a run."""

    run_id: str
    brief: AlbumBrief
    engine: str
    llm: str | None
    autonomy: str
    candidates: int
    seed: int
    max_repairs: int
    catalog: str | None
    checkpoints: str | None = None
    created_at: str = Field(default_factory=lambda: datetime.now().isoformat(timespec="seconds"))

    @field_validator("run_id")
    @classmethod
    def _plain_id(cls, v: str) -> str:
        if not RUN_ID_RE.fullmatch(v) or ".." in v:
            raise ValueError("a run id is letters, digits, '.', '_' and '-' only")
        return v


def new_run_id(brief: AlbumBrief) -> str:
    """'<date>-<time>-<genre word>-<random>': the genre word keeps only a-z and 0-9."""
    word = re.sub(r"[^a-z0-9]+", "", (brief.genre or "").lower())[:10] or "album"
    return f"{datetime.now().strftime('%Y%m%d-%H%M%S')}-{word}-{secrets.token_hex(2)}"


def save_info(run_dir: Path, info: RunInfo) -> None:
    check_writable(run_dir)
    write_text_atomic(run_dir / RUN_FILE, info.model_dump_json(indent=2))


def load_info(out: Path, run_id: str) -> RunInfo:
    """The run stored in ``out/<run_id>/`` (the folder given, checked to hold that run)."""
    path = out / check_run_id(run_id) / RUN_FILE
    if not path.is_file():
        known = sorted(p.parent.name for p in out.glob(f"*/{RUN_FILE}")) if out.is_dir() else []
        hint = f"runs in {out}: {', '.join(known[-5:])}" if known else f"no runs in {out}"
        raise ConfigError(f"no run '{run_id}' in {out} ({hint}) (fix: pass the run id printed at start, "
                          "and the same --out as then)")
    try:
        info = RunInfo.model_validate(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError, ValidationError) as exc:
        why = exc.errors()[0]["msg"] if isinstance(exc, ValidationError) else str(exc).splitlines()[0]
        raise ConfigError(f"{path} is damaged ({why}) (fix: restore it, or start the run again)") from None
    if info.run_id != run_id:
        raise ConfigError(f"{path} belongs to run {info.run_id}, not {run_id} (fix: move the folder back to "
                          f"{info.run_id}, or resume --resume {info.run_id})")
    return info


def lock_run(run_dir: Path, run_id: str) -> ProcessLock:
    """Hold the run's lock file until released; a second process gets a ConfigError naming the holder."""
    def busy(info: dict) -> ConfigError:
        return ConfigError(f"run {run_id} is in use by {holder_text(info)} (fix: wait for it to finish, or stop "
                           "it; only one process may work on a run)")

    return ProcessLock(run_dir / LOCK_FILE, busy).acquire()


def mark_run(catalog: Path | None, info: RunInfo, status: str, *, wait_s: float = 30.0) -> None:
    """Record in the catalog that the run ended: ``done``, ``failed`` or ``stopped``."""
    if catalog is None:
        return
    from catalog.store import Catalog

    with Catalog.open(catalog, wait_s=wait_s) as cat:
        cat.finish_run(info.run_id, status, mode=info.autonomy, engine=info.engine)


@contextmanager
def open_graph(run_dir: Path) -> Iterator:
    conn = sqlite3.connect(str(run_dir / "checkpoint.sqlite"), check_same_thread=False)
    try:
        yield build_graph(checkpointer=SqliteSaver(conn))
    finally:
        conn.close()


def run_config(run_id: str) -> dict:
    return {"configurable": {"thread_id": run_id}, "recursion_limit": 200}


def stream_run(graph, ctx: AgentContext, info: RunInfo, *, resume: bool, answer: object = None) -> Iterator[dict]:
    """Stream the graph's updates: a fresh start, a resume after a crash, or an answer to an interrupt."""
    config = run_config(info.run_id)
    if ctx.workers is not None:  # a take per pool worker at once: more graph threads than LangGraph's default
        config["max_concurrency"] = max(8, 2 * ctx.workers.parallelism)
    if answer is not None:
        payload: object = Command(resume=answer)
    elif resume:
        snapshot = graph.get_state(config)
        if not snapshot.values:
            payload = initial_state(info)
        else:
            payload = None  # continue from the last checkpoint
    else:
        payload = initial_state(info)
    yield from graph.stream(payload, config, context=ctx, stream_mode="updates")


def initial_state(info: RunInfo) -> AlbumState:
    return AlbumState(run_id=info.run_id, brief=info.brief.model_dump(mode="json"), plan=None, takes=[], repairs=[],
                      proposals=[], approved=[], best={}, rounds=0, errors=[], cataloged=False, album=None,
                      report_html=None)


def pending_interrupt(graph, run_id: str) -> tuple[str | None, Question | None]:
    """(id, question) of the interrupt the run waits on, or (None, None)."""
    snapshot = graph.get_state(run_config(run_id))
    for task in snapshot.tasks:
        for intr in getattr(task, "interrupts", ()):
            return str(getattr(intr, "id", "") or f"{task.id}"), Question.of(intr.value)
    return None, None


def is_finished(graph, run_id: str) -> bool:
    snapshot = graph.get_state(run_config(run_id))
    return bool(snapshot.values) and not snapshot.next
