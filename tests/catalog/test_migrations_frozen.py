"""Migrations are append-only: a released migration never changes (a catalog that
applied it would silently keep the old layout). Change the schema with a new one."""

from __future__ import annotations

import hashlib

import duckdb
import pytest

from catalog.migrations import MIGRATIONS
from catalog.store import _registered

FROZEN = {
    1: "0001_core_tables",
    2: "0002_feedback_tables",
    3: "0003_views",
}


def digest(sql: str) -> str:
    return hashlib.sha256(" ".join(sql.split()).encode()).hexdigest()[:16]


SHA = {m.version: digest(m.sql) for m in MIGRATIONS}
# sha256 (first 16 hex digits, whitespace folded) of each released migration's SQL.
RELEASED = {1: "ad3f330340f0b046", 2: "f7799a14cba95029", 3: "f6fe38976e86bd11"}


def test_versions_are_ordered_and_named():
    assert [m.version for m in MIGRATIONS] == list(range(1, len(MIGRATIONS) + 1))
    for version, name in FROZEN.items():
        assert MIGRATIONS[version - 1].name == name


@pytest.mark.parametrize("version", sorted(RELEASED))
def test_released_migrations_are_unchanged(version):
    assert SHA[version] == RELEASED[version], (
        f"migration {version} changed: add a new migration instead of editing a released one")


def test_a_failed_statement_is_not_hidden_by_unregister():
    conn = duckdb.connect()
    conn.execute("CREATE TABLE t (a INTEGER)")
    import pyarrow as pa

    conn.execute("BEGIN TRANSACTION")
    with pytest.raises(duckdb.BinderException), _registered(conn, x=pa.table({"a": [1], "b": [2]})):
        conn.execute("INSERT INTO t SELECT * FROM x")  # 2 values for 1 column
    conn.execute("ROLLBACK")
