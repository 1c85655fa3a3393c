"""The process that runs a person's SQL for ``catalog.sql.run_sql``.

Run as a script (``python sql_worker.py``), it imports nothing of aceprod: it reads
one pickled request on stdin, caps its own address space, opens the catalog
read-only with the settings it is given, interrupts the query at the time limit,
and writes one pickled answer on stdout: ``("ok", cols, rows)``, ``("busy", pid)``,
``("timeout",)``, ``("memory", message)`` or ``("error", message)``. The parent
kills it if it outlives the limit anyway, so no query can hold the machine.
"""

from __future__ import annotations

import pickle
import re
import resource
import sys
import threading
import time


def _answer(value: tuple) -> None:
    sys.stdout.buffer.write(pickle.dumps(value))
    sys.stdout.buffer.flush()


def main() -> None:
    req = pickle.loads(sys.stdin.buffer.read())
    cap = int(req["address_space_bytes"])
    try:
        resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
    except (ValueError, OSError):
        pass
    import duckdb

    deadline = time.monotonic() + req["wait_s"]
    while True:
        try:
            conn = duckdb.connect(req["path"], read_only=True, config=req["config"])
            break
        except duckdb.IOException as exc:
            m = re.search(r"\(PID (\d+)\)", str(exc))
            if (m or "lock" in str(exc).lower()) and time.monotonic() < deadline:
                time.sleep(0.1)
                continue
            if m or "lock" in str(exc).lower():
                _answer(("busy", m.group(1) if m else None))
            else:
                _answer(("error", str(exc).splitlines()[0]))
            return
    timer = threading.Timer(req["timeout_s"], conn.interrupt)
    try:
        conn.execute("SET lock_configuration = true")
        timer.start()
        result = None
        for q in req["queries"]:
            result = conn.execute(q)
        cols = [d[0] for d in result.description] if result is not None and result.description else []
        rows = result.fetchmany(req["limit"]) if cols else []
        _answer(("ok", cols, rows))
    except duckdb.InterruptException:
        _answer(("timeout",))
    except (duckdb.OutOfMemoryException, MemoryError) as exc:
        _answer(("memory", str(exc).splitlines()[0] if str(exc) else "out of memory"))
    except duckdb.Error as exc:
        first = str(exc).splitlines()[0]
        _answer(("memory", first) if "bad_alloc" in first or "Out of Memory" in first else ("error", first))
    finally:
        timer.cancel()


if __name__ == "__main__":
    main()
