"""The CLI: aceprod catalog / pairs / dataset, with --catalog and --json."""

from __future__ import annotations

import json

import pytest
import typer
from catalog_testkit import write_take
from typer.testing import CliRunner

from agent.commands import catalog as catalog_cmd
from agent.commands import dataset as dataset_cmd
from agent.commands import pairs as pairs_cmd


@pytest.fixture
def app():
    a = typer.Typer()
    for mod in (catalog_cmd, pairs_cmd, dataset_cmd):
        mod.register(a)
    return a


def _run(app, *args, env=None):
    res = CliRunner().invoke(app, list(args), env=env)
    return res


def test_cli_round_trip(app, tmp_path, cat_path):
    out = tmp_path / "out"
    for s, score in enumerate([9.0, 8.0, 3.0]):
        write_take(out, f"gen.b{s}", seed=s, overall=score, defects=1)
    env = {"ACEPROD_CATALOG": str(cat_path)}
    res = _run(app, "catalog", "ingest", str(out), "--no-score", "--json", env=env)
    assert res.exit_code == 0, res.output
    assert json.loads(res.stdout)["added"] == 3 and cat_path.exists()  # $ACEPROD_CATALOG is the default

    res = _run(app, "catalog", "ls", "--min-score", "7", "--tag", "jazz", "--since", "2020-01-01", "--json",
               "--catalog", str(cat_path))
    rows = json.loads(res.stdout)
    assert [r["overall"] for r in rows] == [9.0, 8.0] or sorted(r["overall"] for r in rows) == [8.0, 9.0]
    for defect, n in (("click", 3), ("clipping", 0)):  # every take has one click
        res = _run(app, "catalog", "ls", "--defect", defect, "--json", "--catalog", str(cat_path))
        assert len(json.loads(res.stdout)) == n, (defect, res.output)

    res = _run(app, "catalog", "show", rows[0]["gen_id"][:6], "--json", "--catalog", str(cat_path))
    assert json.loads(res.stdout)["report"]["overall"] in (8.0, 9.0)

    res = _run(app, "pairs", "mine", "--strategy", "seeds", "--min-margin", "1.0", "--json", "--catalog", str(cat_path))
    assert json.loads(res.stdout)["results"][0]["inserted"] == 3  # (9,3), (9,8), (8,3)

    res = _run(app, "dataset", "export", "--format", "parquet", "--out", str(tmp_path / "ds"), "--version", "v3",
               "--json", "--catalog", str(cat_path))
    assert res.exit_code == 0, res.output
    assert json.loads(res.stdout)["version"] == "v3" and (tmp_path / "ds" / "v3" / "pairs.parquet").is_file()

    res = _run(app, "dataset", "lora", "--out", str(tmp_path / "lora"), "--min-score", "8", "--json",
               "--catalog", str(cat_path))
    assert json.loads(res.stdout)["n_rows"] == 1

    res = _run(app, "dataset", "coverage", "--json", "--catalog", str(cat_path))
    assert json.loads(res.stdout)["counts"]["genre"]["jazz"] == 3

    res = _run(app, "catalog", "sql", "select count(*) as n from takes", "--json", "--catalog", str(cat_path))
    assert json.loads(res.stdout) == [{"n": 3}]


@pytest.mark.parametrize("sql", [
    "delete from generations",
    "select 1; drop table pairs",
    "copy generations to '/tmp/x.csv'",
    "attach '/tmp/other.duckdb' as o",
    "select * from read_csv('/etc/passwd')",
])
def test_sql_refuses_writes_and_file_access(app, tmp_path, cat_path, sql):
    from catalog.store import Catalog
    from engine.errors import CatalogError

    Catalog.open(cat_path).close()
    res = _run(app, "catalog", "sql", sql, "--catalog", str(cat_path))
    assert isinstance(res.exception, CatalogError)
    assert "read-only" in str(res.exception) or "query failed" in str(res.exception)
    with Catalog.open(cat_path, read_only=True) as cat:
        assert cat._scalar("SELECT count(*) FROM pairs") == 0


def test_cli_migrate_keeps_a_backup(app, cat_path):
    from catalog import migrations
    from catalog.store import Catalog

    Catalog.open(cat_path, schema=migrations.MIGRATIONS[:2]).close()
    res = _run(app, "catalog", "ls", "--catalog", str(cat_path))
    assert "catalog migrate" in str(res.exception)
    res = _run(app, "catalog", "migrate", "--json", "--catalog", str(cat_path))
    info = json.loads(res.stdout)
    assert info["schema_version"] == migrations.MIGRATIONS[-1].version
    assert ".bak-v2-" in info["backup"]
