"""Items 4, 7, 8 and part of 12: a writer waits for readers too and names the right
process; ingest keeps to its folder; `catalog sql` is read-only and bounded; runs
keep their start time and are marked finished."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import time

import pytest
from catalog_testkit import write_take
from reliab_kit import aceprod, assert_clean_exit

from catalog.records import RunRecord
from catalog.sql import run_sql
from catalog.store import Catalog
from engine.errors import CatalogError

HOLD_READER = textwrap.dedent("""
    import sys, time, duckdb
    c = duckdb.connect(sys.argv[1], read_only=True)
    print("ready", flush=True)
    time.sleep(float(sys.argv[2]))
""")


def _reader(cat_path, seconds: float) -> subprocess.Popen:
    proc = subprocess.Popen([sys.executable, "-c", HOLD_READER, str(cat_path), str(seconds), "reader-marker"],
                            stdout=subprocess.PIPE, text=True)
    assert proc.stdout.readline().strip() == "ready"
    return proc


def test_a_writer_waits_for_a_reader(cat_path):
    Catalog.open(cat_path).close()
    reader = _reader(cat_path, 1.5)
    try:
        t0 = time.monotonic()
        with Catalog.open(cat_path, wait_s=30) as cat:
            cat.add_run(RunRecord(run_id="r1"))
        assert time.monotonic() - t0 >= 0.3
    finally:
        reader.wait()


def test_the_busy_message_names_the_reader_not_ourselves(cat_path):
    Catalog.open(cat_path).close()
    reader = _reader(cat_path, 30)
    try:
        with pytest.raises(CatalogError) as err:
            Catalog.open(cat_path, wait_s=0.3)
        msg = str(err.value)
        assert f"PID {reader.pid}" in msg and "reader-marker" in msg
    finally:
        reader.kill()
        reader.wait()


@pytest.mark.parametrize("where", ["absolute", "dotdot", "stem"])
def test_ingest_refuses_files_outside_its_folder(tmp_path, cat_path, where):
    import json

    secret = write_take(tmp_path / "private", "gen.b9", seed=9)
    folder = tmp_path / "inbox"
    write_take(folder, "gen.b0", seed=1)
    side = folder / "gen.b0.json"
    data = json.loads(side.read_text())
    if where == "absolute":
        data["audio_path"] = str(secret)
    elif where == "dotdot":
        data["audio_path"] = "../private/gen.b9.flac"
    else:
        data["stems"] = {"drums": "../private/gen.b9.flac"}
    data["sha256"] = None
    side.write_text(json.dumps(data))
    with Catalog.open(cat_path) as cat:
        summary = cat.ingest(folder)
        assert summary.added == 0
        assert any("outside the ingested folder" in s.reason for s in summary.skipped)
        assert cat._scalar("SELECT count(*) FROM generations") == 0


def test_sql_explain_analyze_of_a_write_is_refused(tmp_path, cat_path):
    Catalog.open(cat_path).close()
    before = set(cat_path.parent.iterdir())
    for sql in (f"explain analyze copy (select 1) to '{cat_path.parent / 'x.csv'}'",
                "explain analyze create table t as select 1", "pragma enable_profiling",
                "pragma profile_output='x.txt'", "select 1; install httpfs"):
        with pytest.raises(CatalogError, match="read-only"):
            run_sql(cat_path, sql)
    assert set(cat_path.parent.iterdir()) == before
    assert run_sql(cat_path, "explain analyze select count(*) from generations")[0]


def test_sql_time_limit_stops_a_runaway_query(cat_path):
    Catalog.open(cat_path).close()
    t0 = time.monotonic()
    with pytest.raises(CatalogError, match="time limit"):
        run_sql(cat_path, "with recursive t(n) as (select 1 union all select n + 1 from t) select count(*) from t",
                timeout_s=1.0)
    assert time.monotonic() - t0 < 15
    with Catalog.open(cat_path, read_only=True) as cat:  # the catalog still opens
        assert cat._scalar("select count(*) from generations") == 0


def test_sql_cli_limits_and_reads(cat_path):
    Catalog.open(cat_path).close()
    r = aceprod("catalog", "sql", "select 42 as n", "--json", "--catalog", cat_path, "--timeout", "20")
    assert r.code == 0 and '"n": 42' in r.out
    r = aceprod("catalog", "sql", "select 1", "--memory", "lots", "--catalog", cat_path)
    assert_clean_exit(r)
    assert r.code == 2 and "not a size" in r.err


def test_a_resumed_run_keeps_its_start_and_is_marked_finished(cat_path):
    from datetime import datetime

    first = datetime(2026, 1, 2, 3, 4, 5)
    with Catalog.open(cat_path) as cat:
        cat.add_run(RunRecord(run_id="r1", started_at=first, status="running", mode="autonomous"))
        cat.add_run(RunRecord(run_id="r1", status="running", mode="autonomous"))  # the resume
        cat.finish_run("r1", "done")
        cat.finish_run("r2", "failed", mode="autonomous", engine="sketch")  # never catalogued before
        rows = cat._query("SELECT run_id, started_at, finished_at, status FROM runs ORDER BY run_id")
    assert rows[0]["started_at"] == first and rows[0]["status"] == "done" and rows[0]["finished_at"] is not None
    assert rows[1]["status"] == "failed" and rows[1]["finished_at"] is not None
