"""A person's SQL on the catalog (``aceprod catalog sql``): read-only and bounded.

The guarantees come from DuckDB, not from reading the text: the query runs on its
own connection opened read-only, with external access (files, network, extension
installs) switched off, no spilling to disk, a memory limit, one or two threads,
and the configuration locked before the query runs; a timer interrupts it at the
time limit. On top of that, statements are checked by DuckDB's own parser: only
SELECT-like statements, ``EXPLAIN``/``EXPLAIN ANALYZE`` of those, and a short list
of read-only PRAGMAs (``EXPLAIN ANALYZE`` runs its statement, so what it wraps is
checked like a statement of its own).
"""

from __future__ import annotations

import re
import threading
import time
from pathlib import Path

import duckdb

from catalog.store import _connect_waiting
from engine.errors import CatalogError

READ_STATEMENTS = {"SELECT", "EXPLAIN", "PRAGMA"}
READ_PRAGMAS = {"table_info", "show_tables", "show_tables_expanded", "database_size", "storage_info", "version",
                "show", "functions", "collations", "platform", "database_list", "metadata_info", "user_agent"}
DEFAULT_TIMEOUT_S = 30.0
DEFAULT_MEMORY = "1GB"
_EXPLAIN = re.compile(r"^\s*explain\s*(\([^)]*\))?\s*(analy[sz]e\b)?(?P<inner>.*)$", re.IGNORECASE | re.DOTALL)
_PRAGMA = re.compile(r"^\s*pragma\s+([a-z_][a-z0-9_]*)", re.IGNORECASE)
_MEMORY = re.compile(r"^\d+(\.\d+)?\s*(KB|MB|GB|KiB|MiB|GiB)$", re.IGNORECASE)


def _refuse(kind: str) -> CatalogError:
    return CatalogError(f"`catalog sql` is read-only; refusing a {kind} statement "
                        "(fix: write through aceprod commands, or query only with SELECT)")


def check_statements(sql: str) -> list[str]:
    """The statements of ``sql`` if every one only reads; CatalogError naming the first that does not."""
    try:
        statements = duckdb.extract_statements(sql)
    except duckdb.Error as exc:
        raise CatalogError(f"cannot parse the SQL: {str(exc).splitlines()[0]}") from exc
    if not statements:
        raise CatalogError("no SQL given (fix: pass a query, e.g. \"select count(*) from generations\")")
    for st in statements:
        kind = st.type.name
        if kind not in READ_STATEMENTS:
            raise _refuse(kind)
        if kind == "EXPLAIN":
            m = _EXPLAIN.match(st.query)
            inner = m.group("inner").strip() if m else ""
            try:
                inner_kinds = [s.type.name for s in duckdb.extract_statements(inner)] if inner else []
            except duckdb.Error:
                inner_kinds = []
            if not inner_kinds or any(k != "SELECT" for k in inner_kinds):
                raise _refuse(f"EXPLAIN of {'/'.join(inner_kinds) or 'an unreadable'}")
        if kind == "PRAGMA":
            m = _PRAGMA.match(st.query)
            name = m.group(1).lower() if m else "?"
            if name not in READ_PRAGMAS or "=" in st.query:
                raise _refuse(f"PRAGMA {name}")
    return [st.query for st in statements]


def _config(memory: str, threads: int) -> dict[str, str | bool | int]:
    return {"enable_external_access": False, "autoinstall_known_extensions": False,
            "autoload_known_extensions": False, "allow_community_extensions": False,
            "memory_limit": memory, "max_temp_directory_size": "0B", "threads": threads}


def run_sql(path: Path, sql: str, *, limit: int = 10_000, wait_s: float = 0.0, timeout_s: float = DEFAULT_TIMEOUT_S,
            memory: str = DEFAULT_MEMORY, threads: int = 2) -> tuple[list[str], list[tuple]]:
    """Run read-only SQL; returns (column names, rows). See the module docstring."""
    if not _MEMORY.match(memory.strip()):
        raise CatalogError(f"memory limit '{memory}' is not a size (fix: e.g. 512MB or 2GB)")
    if not 0 < timeout_s <= 24 * 3600:
        raise CatalogError(f"time limit {timeout_s:g} s is out of range (fix: a number of seconds, e.g. 30)")
    queries = check_statements(sql)
    if not path.exists():
        raise CatalogError(f"no catalog at {path} (fix: create one with `aceprod catalog ingest FOLDER`)")
    conn = _connect_waiting(path, wait_s, config=_config(memory.strip(), max(1, threads)))
    timer = threading.Timer(timeout_s, conn.interrupt)
    started = time.monotonic()
    try:
        conn.execute("SET lock_configuration = true")
        timer.start()
        result = None
        for q in queries:
            result = conn.execute(q)
        cols = [d[0] for d in result.description] if result is not None and result.description else []
        rows = result.fetchmany(limit) if cols else []
        return cols, rows
    except duckdb.Error as exc:
        first = str(exc).splitlines()[0]
        if isinstance(exc, duckdb.InterruptException) or time.monotonic() - started >= timeout_s:
            raise CatalogError(f"query stopped at the {timeout_s:g} s time limit (fix: narrow it with WHERE/LIMIT, "
                               "or raise --timeout)") from None
        if isinstance(exc, duckdb.OutOfMemoryException) or "memory" in first.lower() and "limit" in first.lower():
            raise CatalogError(f"query needs more than the {memory} memory limit ({first}) "
                               "(fix: narrow it with WHERE/LIMIT, or raise --memory)") from None
        raise CatalogError(f"query failed: {first}") from exc
    finally:
        timer.cancel()
        conn.close()
