"""One writer per catalog: an advisory ``fcntl`` lock on ``<catalog>.lock``.

The lock file holds the writer's PID, host and command line, so a second writer
is told who has the catalog instead of corrupting it. The kernel drops the lock
when the process dies (even by SIGKILL), so a crash never leaves a stale lock
behind (``engine.files.ProcessLock``).

DuckDB itself locks the whole file while any process has it open, readers
included; when that is what stops us, the PID comes from DuckDB's message and the
command line from ``/proc`` (the lock file names only the last writer).
"""

from __future__ import annotations

from pathlib import Path

from engine.errors import CatalogError
from engine.files import ProcessLock


def lock_path(catalog: Path) -> Path:
    return catalog.with_name(catalog.name + ".lock")


def holder(catalog: Path) -> dict:
    """What the lock file says about its holder (may be stale if nobody holds it)."""
    return ProcessLock.read_info(lock_path(catalog))


def command_of(pid: int | str) -> str:
    """The command line of a running process (Linux ``/proc``), or ''."""
    try:
        raw = Path(f"/proc/{int(pid)}/cmdline").read_bytes()
    except (OSError, ValueError):
        return ""
    args = [" ".join(a.decode("utf-8", errors="replace").split()) for a in raw.split(b"\0") if a]
    return " ".join(a if len(a) <= 60 else a[:57] + "..." for a in args)[:300]


def in_use_error(catalog: Path, pid: int | str | None, cmd: str = "") -> CatalogError:
    who = f"PID {pid}" if pid else "another process"
    what = f" ({cmd})" if cmd else ""
    return CatalogError(
        f"catalog {catalog} is in use by {who}{what} "
        "(fix: wait for it to finish, stop it, or use --catalog to open another file)"
    )


def file_in_use_error(catalog: Path, pid: str | None) -> CatalogError:
    """DuckDB refused the file: name the process DuckDB names, with its own command line."""
    if pid is None:
        info = holder(catalog)
        pid, cmd = info.get("pid"), info.get("cmd", "")
    else:
        info = holder(catalog)
        cmd = info.get("cmd", "") if str(info.get("pid")) == str(pid) else command_of(pid)
    return in_use_error(catalog, pid, cmd)


class WriterLock(ProcessLock):
    """Exclusive, non-blocking (or bounded-wait) writer lock for one catalog file."""

    def __init__(self, catalog: Path) -> None:
        self.catalog = catalog
        super().__init__(lock_path(catalog), lambda info: in_use_error(catalog, info.get("pid"), info.get("cmd", "")))
