"""The read-eval-print loop: one line at a time, every error one line, the
session never lost (Ctrl-C cancels the line or the generation; Ctrl-D or
`quit` leaves)."""

from __future__ import annotations

import signal
import threading
import warnings
from pathlib import Path

from agent.people.readers import Cancelled, aceprod_home, make_reader
from agent.repl.commands import ALIASES, COMMANDS, Quit, dispatch
from agent.repl.completion import ReplCompleter
from agent.repl.session import Session
from agent.terminal import SafeConsole, esc
from engine.errors import AceprodError

PROMPT = "aceprod> "
BANNER = ("aceprod: type a brief in plain words (e.g. a 90 bpm lofi hip hop track with dusty piano, 2 minutes), "
          "or help")


def one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split("\n")).replace("  - ", "; ")


def run_line(session: Session, line: str) -> bool:
    """Run one line; False when the person asked to quit. Nothing escapes but Quit's False."""
    console = session.console
    try:
        dispatch(session, line)
    except Quit:
        return False
    except AceprodError as exc:
        console.print(f"[bold red]error:[/] {esc(one_line(exc))}", highlight=False, soft_wrap=True)
    except KeyboardInterrupt:
        console.print("[yellow]interrupted[/]", highlight=False)
    except Cancelled:
        console.print("[yellow]cancelled[/]", highlight=False)
    except Exception as exc:  # the command boundary: a bug must not end the session
        console.print(f"[bold red]unexpected error:[/] {type(exc).__name__}: {esc(one_line(exc))} "
                      "(the session goes on; please report this)", highlight=False, soft_wrap=True)
    return True


def run_repl(*, engine: str, llm: str | None, catalog: Path | None, out: Path, checkpoints: Path, seed: int,
             mode: str) -> None:
    warnings.filterwarnings("ignore", category=UserWarning)
    # A session a person types into answers Ctrl-C even when it was started with SIGINT ignored
    # (a shell's background job, a test runner's worker): Python then installs no handler of its own.
    if threading.current_thread() is threading.main_thread():  # only the main thread may set handlers
        signal.signal(signal.SIGINT, signal.default_int_handler)
    console = SafeConsole()
    session = Session(console=console, reader=None, engine_name=engine, llm_spec=llm,  # type: ignore[arg-type]
                      catalog=catalog, out=out, checkpoints=checkpoints, seed=seed)
    session.set_mode(mode)
    session.reader = make_reader(history_path=aceprod_home() / "repl_history",
                                 completer=ReplCompleter(session, list(COMMANDS) + list(ALIASES)))
    console.print(BANNER, highlight=False)
    console.print(f"engine {esc(engine)}, mode {session.autonomy}, runs in {esc(out)}, catalog "
                  f"{esc(catalog) if catalog else '(none)'}", highlight=False)
    try:
        while True:
            try:
                line = session.reader.ask(PROMPT)
            except Cancelled:
                break
            except KeyboardInterrupt:
                continue
            if not run_line(session, line):
                break
    finally:
        session.close()
    console.print("bye", highlight=False)
