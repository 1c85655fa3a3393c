"""One writer per catalog: an advisory ``fcntl`` lock on ``<catalog>.lock``.

The lock file holds the writer's PID and command line, so a second writer is told
who has the catalog instead of corrupting it. The kernel drops the lock when the
process dies (even by SIGKILL), so a crash never leaves a stale lock behind; the
PID text left in the file is just overwritten by the next writer.
"""

from __future__ import annotations

import fcntl
import json
import os
import sys
import time
from pathlib import Path

from engine.errors import CatalogError


def lock_path(catalog: Path) -> Path:
    return catalog.with_name(catalog.name + ".lock")


def holder(catalog: Path) -> dict:
    """What the lock file says about its holder (may be stale if nobody holds it)."""
    try:
        return json.loads(lock_path(catalog).read_text() or "{}")
    except (OSError, ValueError):
        return {}


def in_use_error(catalog: Path, pid: int | str | None, cmd: str = "") -> CatalogError:
    who = f"PID {pid}" if pid else "another process"
    what = f" ({cmd})" if cmd else ""
    return CatalogError(
        f"catalog {catalog} is in use by {who}{what} "
        "(fix: wait for it to finish, stop it, or use --catalog to open another file)"
    )


class WriterLock:
    """Exclusive, non-blocking (or bounded-wait) writer lock for one catalog file."""

    def __init__(self, catalog: Path) -> None:
        self.catalog = catalog
        self.path = lock_path(catalog)
        self._fd: int | None = None

    def acquire(self, *, wait_s: float = 0.0) -> WriterLock:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        deadline = time.monotonic() + wait_s
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    os.close(fd)
                    info = holder(self.catalog)
                    raise in_use_error(self.catalog, info.get("pid"), info.get("cmd", "")) from None
                time.sleep(0.05)
        info = {"pid": os.getpid(), "cmd": " ".join(sys.argv)[:200], "since": time.strftime("%Y-%m-%dT%H:%M:%S")}
        os.ftruncate(fd, 0)
        os.pwrite(fd, json.dumps(info).encode(), 0)
        self._fd = fd
        return self

    def release(self) -> None:
        if self._fd is not None:
            try:
                os.ftruncate(self._fd, 0)
                fcntl.flock(self._fd, fcntl.LOCK_UN)
            finally:
                os.close(self._fd)
                self._fd = None
