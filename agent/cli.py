"""The `aceprod` command line: one entry point, one sub-command module each.

Each module in ``agent/commands/`` exposes ``register(app)``; heavy imports stay
inside the command functions so ``aceprod --help`` is instant.
"""

from __future__ import annotations

import importlib
import os
import sys

SCORE_VALUE_OPTIONS = ("--events", "--plot", "--stems")  # `aceprod score` options followed by a value


def read_ahead_score_file(args: list[str]) -> None:
    """``aceprod score FILE ...`` (in this process): FILE decodes in a background thread while the
    command and the analysis modules import (``engine.audio.read_ahead``: the same bytes, results
    and errors)."""
    if args[:1] != ["score"] or any(a == "--ray" or a.startswith("--ray=") for a in args):
        return
    for prev, arg in zip(args, args[1:], strict=False):
        if not arg.startswith("-") and prev not in SCORE_VALUE_OPTIONS:
            from engine.audio import read_ahead

            read_ahead(arg)
            return


# The console script imports this module (typer, rich, every command module) before main() reads
# the arguments; decoding a 3-minute FLAC takes about as long, and libsndfile releases the GIL, so
# `aceprod score FILE` starts it first (not when this module is merely imported).
if __name__ == "__main__" or os.path.basename(sys.argv[0] if sys.argv else "") == "aceprod":
    read_ahead_score_file(sys.argv[1:])

import typer  # noqa: E402

from agent.terminal import SafeConsole, esc  # noqa: E402
from engine.errors import AceprodError  # noqa: E402

app = typer.Typer(
    name="aceprod",
    help="aceprod: a record producer agent for ACE-Step 1.5 (plan, generate, score, repair, keep preference data).",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

# Order is the order of `aceprod --help`.
COMMAND_MODULES: list[str] = [
    "agent.commands.engines",
    "agent.commands.checkpoints",
    "agent.commands.run",
    "agent.commands.plan",
    "agent.commands.album",
    "agent.commands.repl",
    "agent.commands.studio",
    "agent.commands.mcp",
    "agent.commands.score",
    "agent.commands.catalog",
    "agent.commands.pairs",
    "agent.commands.dataset",
    "agent.commands.heuristics",
]

for _name in COMMAND_MODULES:
    importlib.import_module(_name).register(app)

err_console = SafeConsole(stderr=True)
INTERNAL_ERROR = 70  # EX_SOFTWARE: an unexpected exception (a bug), never bad input (exit 2)


def _console_script() -> bool:
    """True in the installed `aceprod` command: not `python -m agent.cli`, nor a process that runs
    the CLI inside itself and goes on afterwards (tests, benchmarks)."""
    main_file = getattr(sys.modules.get("__main__"), "__file__", None) or ""
    return os.path.splitext(os.path.basename(main_file))[0] == "aceprod"


def exit_now(code: int) -> None:
    """End the process without the interpreter's teardown, which frees every module, object and
    array one by one (0.1-0.3 s after `aceprod score`, which leaves no open file, connection or
    thread behind): the exit handlers run and the output is flushed first."""
    import atexit

    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # a closed pipe: nothing more can be written
            pass
    os._exit(code)


def main() -> None:
    """Console-script entry: run the app, turn AceprodError into one clear message."""
    from agent.workers.options import normalize_argv

    sys.argv[1:] = normalize_argv(sys.argv[1:])  # a bare --ray: a local Ray instance
    read_ahead_score_file(sys.argv[1:])
    try:
        rc = app(standalone_mode=False)  # returns typer.Exit's code instead of raising
        if sys.argv[1:2] == ["score"] and _console_script():
            exit_now(rc if isinstance(rc, int) else 0)
        sys.exit(rc if isinstance(rc, int) else 0)
    except AceprodError as exc:
        err_console.print(f"[bold red]error:[/] {esc(exc)}", highlight=False, soft_wrap=True)
        sys.exit(exc.exit_code)
    except KeyboardInterrupt:
        err_console.print("[yellow]interrupted[/]")
        sys.exit(130)
    except typer.Exit as exc:
        sys.exit(exc.exit_code)
    except typer.Abort:
        err_console.print("[yellow]aborted[/]")
        sys.exit(1)
    except Exception as exc:  # usage errors of typer's (vendored) click: shown, not a traceback
        if hasattr(exc, "show") and hasattr(exc, "exit_code"):
            exc.show()
            sys.exit(exc.exit_code)
        if os.environ.get("ACEPROD_DEBUG"):
            raise
        # A bug, not bad input: one line, a distinct exit code, the traceback on request.
        first = (str(exc).splitlines() or [""])[0][:300]
        err_console.print(f"[bold red]internal error:[/] {type(exc).__name__}: {esc(first)} (this is a bug in "
                          "aceprod; please report it; ACEPROD_DEBUG=1 shows the traceback)", highlight=False,
                          soft_wrap=True)
        sys.exit(INTERNAL_ERROR)


if __name__ == "__main__":
    main()
