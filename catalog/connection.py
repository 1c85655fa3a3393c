"""Opening a catalog file: where it lives by default, and a DuckDB connection whose
failures (not a catalog, locked by another process, unreadable) are clear errors;
``connect_waiting`` retries while another process has the file open."""

from __future__ import annotations

import os
import re
import time
from pathlib import Path

import duckdb

from catalog.lock import file_in_use_error
from engine.errors import CatalogError

_PID = re.compile(r"\(PID (\d+)\)")


def default_path() -> Path:
    """``$ACEPROD_CATALOG`` or ``~/.aceprod/catalog.duckdb``."""
    return Path(os.environ.get("ACEPROD_CATALOG") or "~/.aceprod/catalog.duckdb").expanduser()


def connect(path: Path, *, read_only: bool, config: dict | None = None) -> duckdb.DuckDBPyConnection:
    try:
        return duckdb.connect(str(path), read_only=read_only, config=config or {})
    except duckdb.IOException as exc:
        if "not a valid DuckDB database" in str(exc):
            raise CatalogError(
                f"{path} is not a readable DuckDB catalog (fix: point --catalog at a catalog file, "
                "or move this file away to start a new one)"
            ) from None
        m = _PID.search(str(exc))
        if m or "lock" in str(exc).lower():
            raise file_in_use_error(path, m.group(1) if m else None) from None
        raise CatalogError(f"cannot open catalog {path}: {exc} (fix: check the path and its permissions)") from exc
    except duckdb.Error as exc:
        raise CatalogError(
            f"{path} is not a readable DuckDB catalog ({str(exc).splitlines()[0]}) "
            "(fix: point --catalog at a catalog file, or move this file away to start a new one)"
        ) from exc


def connect_waiting(path: Path, wait_s: float, *, read_only: bool = True,
                     config: dict | None = None) -> duckdb.DuckDBPyConnection:
    """Connect, retrying up to ``wait_s`` while another process has the file open (DuckDB
    locks the whole file: a writer waits for readers too, a reader for the writer)."""
    deadline = time.monotonic() + wait_s
    while True:
        try:
            return connect(path, read_only=read_only, config=config)
        except CatalogError as exc:
            if "in use by" not in str(exc) or time.monotonic() >= deadline:
                raise
            time.sleep(0.1)
