"""Run the real `aceprod` entry point in-process and check what a person would see."""

from __future__ import annotations

import io
import os
import sys
from contextlib import redirect_stderr, redirect_stdout
from dataclasses import dataclass
from pathlib import Path
from unittest import mock


@dataclass
class Result:
    code: int
    out: str
    err: str


def aceprod(*args: str | Path, env: dict[str, str] | None = None) -> Result:
    """``aceprod ARGS`` through ``agent.cli.main`` (its error handling included)."""
    import agent.cli as cli

    out, err = io.StringIO(), io.StringIO()
    code = 0
    argv = ["aceprod", *map(str, args)]
    with mock.patch.object(sys, "argv", argv), mock.patch.dict(os.environ, env or {}), \
            redirect_stdout(out), redirect_stderr(err):
        try:
            cli.main()
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    return Result(code, out.getvalue(), err.getvalue())


def assert_clean_exit(r: Result) -> None:
    """Success, or exit 2 with an `error:` message: never a traceback or an internal error."""
    assert "Traceback" not in r.err + r.out, r.err[-2000:]
    assert r.code in (0, 2), f"exit {r.code}: {r.err[-2000:]}"
    if r.code == 2:
        assert r.err.lstrip().startswith("error:") or "Usage:" in r.err, r.err[-2000:]
    assert "\x1b" not in r.out + r.err, "a terminal escape sequence reached the output"


def files_under(folder: Path) -> set[Path]:
    return {p for p in folder.rglob("*")} if folder.exists() else set()
