"""Start and resume album runs.

Each run lives in ``OUT/<run id>/`` with its LangGraph checkpoint
(``checkpoint.sqlite``), so ``aceprod album --resume RUN_ID`` continues after
Ctrl-C or kill -9: finished takes are not redone (LangGraph re-runs only the
unfinished tasks of a step, and run folders with a finished run are reused).
"""

from __future__ import annotations

import json
import secrets
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

from langgraph.checkpoint.sqlite import SqliteSaver
from langgraph.types import Command
from pydantic import BaseModel

from agent.context import AgentContext
from agent.graph import build_graph
from agent.plans import AlbumBrief
from agent.state import AlbumState
from engine.audio import write_text_atomic
from engine.errors import ConfigError
from engine.executor import check_writable

RUN_FILE = "run-info.json"


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
    created_at: str


def new_run_id(brief: AlbumBrief) -> str:
    word = (brief.genre or "album").replace(" ", "")[:10]
    return f"{datetime.now().strftime('%Y%m%d-%H%M%S')}-{word}-{secrets.token_hex(2)}"


def run_dir_for(out: Path, run_id: str) -> Path:
    return out / run_id


def save_info(run_dir: Path, info: RunInfo) -> None:
    check_writable(run_dir)
    write_text_atomic(run_dir / RUN_FILE, info.model_dump_json(indent=2))


def load_info(out: Path, run_id: str) -> RunInfo:
    path = run_dir_for(out, run_id) / RUN_FILE
    if not path.is_file():
        known = sorted(p.parent.name for p in out.glob(f"*/{RUN_FILE}")) if out.is_dir() else []
        hint = f"runs in {out}: {', '.join(known[-5:])}" if known else f"no runs in {out}"
        raise ConfigError(f"no run '{run_id}' in {out} ({hint}) (fix: pass the run id printed at start, "
                          "and the same --out as then)")
    return RunInfo.model_validate(json.loads(path.read_text()))


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


def pending_interrupt(graph, run_id: str) -> object | None:
    """The value of the interrupt the run waits on, if any."""
    snapshot = graph.get_state(run_config(run_id))
    for task in snapshot.tasks:
        for intr in getattr(task, "interrupts", ()):
            return intr.value
    return None


def is_finished(graph, run_id: str) -> bool:
    snapshot = graph.get_state(run_config(run_id))
    return bool(snapshot.values) and not snapshot.next
