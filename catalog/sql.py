"""A person's SQL on the catalog (``aceprod catalog sql``): read-only and bounded.

The guarantees come from DuckDB and the OS, not from reading the text: the query
runs in a worker process (``catalog/sql_worker.py``) on its own connection opened
read-only, with external access (files, network, extension installs) switched off,
no spilling to disk, a DuckDB memory limit, one or two threads, and the
configuration locked before the query runs. A timer interrupts it at the time
limit; the worker's address space is capped (twice the memory limit plus 2 GB for
the interpreter) and the worker is killed if it outlives the limit, so a query
DuckDB cannot interrupt or account for still cannot hold the machine. On top of that, statements are checked by DuckDB's own parser: only
SELECT-like statements, ``EXPLAIN``/``EXPLAIN ANALYZE`` of those, and a short list
of read-only PRAGMAs (``EXPLAIN ANALYZE`` runs its statement, so what it wraps is
checked like a statement of its own).
"""

from __future__ import annotations

import pickle
import re
import subprocess
import sys
from pathlib import Path

import duckdb

from engine.errors import CatalogError

READ_STATEMENTS = {"SELECT", "EXPLAIN", "PRAGMA"}
READ_PRAGMAS = {"table_info", "show_tables", "show_tables_expanded", "database_size", "storage_info", "version",
                "show", "functions", "collations", "platform", "database_list", "metadata_info", "user_agent"}
DEFAULT_TIMEOUT_S = 30.0
DEFAULT_MEMORY = "1GB"
_EXPLAIN = re.compile(r"^\s*explain\s*(\([^)]*\))?\s*(analy[sz]e\b)?(?P<inner>.*)$", re.IGNORECASE | re.DOTALL)
_PRAGMA = re.compile(r"^\s*pragma\s+([a-z_][a-z0-9_]*)", re.IGNORECASE)
_MEMORY = re.compile(r"^\d+(\.\d+)?\s*(KB|MB|GB|KiB|MiB|GiB)$", re.IGNORECASE)
WORKER_BASE_BYTES = 2 << 30  # the worker's address space beyond twice the memory limit (interpreter, DuckDB)
WORKER_GRACE_S = 10.0  # start-up and clean-up time the worker gets beyond the query's limit


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


def _bytes(size: str) -> int:
    m = _MEMORY.match(size.strip())
    assert m is not None
    number = float(size.strip()[: m.start(2)].strip())
    unit = m.group(2).upper().replace("I", "")
    return int(number * {"KB": 1 << 10, "MB": 1 << 20, "GB": 1 << 30}[unit])


def run_sql(path: Path, sql: str, *, limit: int = 10_000, wait_s: float = 0.0, timeout_s: float = DEFAULT_TIMEOUT_S,
            memory: str = DEFAULT_MEMORY, threads: int = 2) -> tuple[list[str], list[tuple]]:
    """Run read-only SQL in a worker process; returns (column names, rows). See the module docstring."""
    if not _MEMORY.match(memory.strip()):
        raise CatalogError(f"memory limit '{memory}' is not a size (fix: e.g. 512MB or 2GB)")
    if not 0 < timeout_s <= 24 * 3600:
        raise CatalogError(f"time limit {timeout_s:g} s is out of range (fix: a number of seconds, e.g. 30)")
    queries = check_statements(sql)
    path = Path(path).absolute()
    if not path.exists():
        raise CatalogError(f"no catalog at {path} (fix: create one with `aceprod catalog ingest FOLDER`)")
    mem = _bytes(memory)
    request = {"path": str(path), "queries": queries, "config": _config(memory.strip(), max(1, threads)),
               "limit": limit, "wait_s": wait_s, "timeout_s": timeout_s,
               "address_space_bytes": 2 * mem + WORKER_BASE_BYTES}
    proc = subprocess.Popen([sys.executable, "-I", str(Path(__file__).with_name("sql_worker.py"))],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        out, err = proc.communicate(pickle.dumps(request), timeout=wait_s + timeout_s + WORKER_GRACE_S)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.communicate()
        raise _timeout(timeout_s) from None
    except BaseException:
        proc.kill()
        proc.communicate()
        raise
    try:
        answer = pickle.loads(out)
    except Exception:
        why = (err.decode(errors="replace").strip().splitlines() or [f"exit code {proc.returncode}"])[-1]
        if "MemoryError" in why or "bad_alloc" in why or proc.returncode in (-9, 137):
            raise _memory(memory, why) from None
        raise CatalogError(f"query failed: {why[:300]}") from None
    kind = answer[0]
    if kind == "ok":
        return answer[1], answer[2]
    if kind == "busy":
        from catalog.lock import file_in_use_error

        raise file_in_use_error(path, answer[1])
    if kind == "timeout":
        raise _timeout(timeout_s)
    if kind == "memory":
        raise _memory(memory, answer[1])
    raise CatalogError(f"query failed: {answer[1]}")


def _timeout(timeout_s: float) -> CatalogError:
    return CatalogError(f"query stopped at the {timeout_s:g} s time limit (fix: narrow it with WHERE/LIMIT, "
                        "or raise --timeout)")


def _memory(memory: str, why: str) -> CatalogError:
    return CatalogError(f"query needs more than the {memory} memory limit ({why[:200]}) "
                        "(fix: narrow it with WHERE/LIMIT, or raise --memory)")
