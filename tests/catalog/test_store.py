"""Catalog store: migrations, one writer, read-only, transactions, relative paths."""

from __future__ import annotations

import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from catalog_testkit import add_take, make_report, write_take

from catalog import migrations
from catalog.records import CatalogRepair, HumanChoice
from catalog.store import Catalog
from engine.errors import CatalogError

ROOT = Path(__file__).resolve().parents[2]


def test_new_catalog_records_every_migration(cat_path):
    with Catalog.open(cat_path) as cat:
        rows = cat._query("SELECT version, name FROM schema_migrations ORDER BY version")
    assert [r["name"] for r in rows] == [m.name for m in migrations.MIGRATIONS]


def test_older_catalog_is_backed_up_then_migrated(cat_path):
    with Catalog.open(cat_path, schema=migrations.MIGRATIONS[:1]) as cat:
        assert cat.schema_version() == 1
    with pytest.raises(CatalogError, match="catalog migrate"):
        Catalog.open(cat_path, read_only=True)
    with Catalog.open(cat_path) as cat:
        assert cat.schema_version() == migrations.MIGRATIONS[-1].version
        assert cat.backup_path is not None and cat.backup_path.exists()
    with Catalog.open(cat.backup_path, read_only=True, schema=migrations.MIGRATIONS[:1]) as old:
        assert old.schema_version() == 1


def test_newer_catalog_is_refused(cat_path):
    with Catalog.open(cat_path) as cat:
        cat.conn.execute("INSERT INTO schema_migrations VALUES (99, '0099_future', NULL)")
    for ro in (False, True):
        with pytest.raises(CatalogError, match="newer than this aceprod"):
            Catalog.open(cat_path, read_only=ro)


def test_not_a_catalog_file(tmp_path):
    bad = tmp_path / "x.duckdb"
    bad.write_bytes(b"this is not duckdb" * 100)
    with pytest.raises(CatalogError, match="not a readable DuckDB catalog"):
        Catalog.open(bad)
    with pytest.raises(CatalogError, match="no catalog at"):
        Catalog.open(tmp_path / "missing.duckdb", read_only=True)


def test_second_writer_process_is_told_the_pid(cat_path):
    code = textwrap.dedent(f"""
        import sys; sys.path.insert(0, {str(ROOT)!r})
        from catalog.store import Catalog
        try:
            Catalog.open({str(cat_path)!r})
        except Exception as e:
            print(type(e).__name__, e)
    """)
    import os

    with Catalog.open(cat_path):
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60).stdout
        assert "CatalogError" in out and f"in use by PID {os.getpid()}" in out
        ro = subprocess.run([sys.executable, "-c", code.replace(")\nexcept", ", read_only=True)\nexcept")],
                            capture_output=True, text=True, timeout=60).stdout
        assert "CatalogError" in ro and f"PID {os.getpid()}" in ro
    # released: a new writer opens
    with Catalog.open(cat_path) as cat:
        assert cat.schema_version() > 0


def test_add_generation_is_idempotent_and_whole(tmp_path, cat_path):
    flac = write_take(tmp_path / "out", "gen.b0", overall=6.0, defects=3)
    with Catalog.open(cat_path) as cat:
        gid = add_take(cat, flac, make_report(6.0, 3))
        assert add_take(cat, flac, make_report(9.0, 0)) == gid
        assert cat._scalar("SELECT count(*) FROM generations") == 1
        assert cat._scalar("SELECT overall FROM quality_reports") == 6.0
        assert cat._scalar("SELECT count(*) FROM defects") == 3
        assert (cat.ls()[0].overall, cat.ls()[0].n_defects) == (6.0, 3)  # the copy on generations
        row = cat.get(gid[:8])
    assert row.report.overall == 6.0 and row.fields["seed"] == 1
    assert row.audio_path == "../out/gen.b0.flac"


def test_failed_transaction_leaves_nothing(tmp_path, cat_path):
    flac = write_take(tmp_path / "out", "gen.b0")
    with Catalog.open(cat_path) as cat:
        with pytest.raises(RuntimeError), cat.transaction():
            add_take(cat, flac, make_report(5.0, 2))
            raise RuntimeError("boom")
        assert cat._scalar("SELECT count(*) FROM generations") == 0
        assert cat._scalar("SELECT count(*) FROM defects") == 0


def test_catalog_moves_with_its_audio(tmp_path):
    proj = tmp_path / "proj"
    flac = write_take(proj / "out", "gen.b0")
    with Catalog.open(proj / "catalog.duckdb") as cat:
        gid = add_take(cat, flac)
    shutil.move(proj, tmp_path / "moved")
    with Catalog.open(tmp_path / "moved" / "catalog.duckdb", read_only=True) as cat:
        path = Path(cat.get(gid).audio_abspath)
    assert path.is_file() and "moved" in str(path)


def test_agent_records_are_checked(tmp_path, cat_path):
    a = write_take(tmp_path / "o", "a.b0", seed=1)
    b = write_take(tmp_path / "o", "b.b0", seed=2)
    with Catalog.open(cat_path) as cat:
        ga = add_take(cat, a, make_report(4.0))
        gb = add_take(cat, b, make_report(8.0))
        rid = cat.add_repair(CatalogRepair(from_gen_id=ga, to_gen_id=gb, route="repaint", defect_kinds=["click"]))
        rep = cat._query("SELECT * FROM repairs WHERE repair_id = ?", [rid])[0]
        assert (rep["score_before"], rep["score_after"], rep["defect_kinds"]) == (4.0, 8.0, ["click"])
        with pytest.raises(CatalogError, match="unknown generation"):
            cat.add_human_choice(HumanChoice(chosen_gen_id=ga, rejected_gen_id="feedfeedfeedfeed"))
        with pytest.raises(CatalogError, match="two different"):
            cat.add_human_choice(HumanChoice(chosen_gen_id=ga, rejected_gen_id=ga))
    with Catalog.open(cat_path, read_only=True) as cat, pytest.raises(CatalogError, match="read-only"):
        cat.add_repair(CatalogRepair(from_gen_id=ga, route="master"))


def test_run_brief_plan_and_planner_stats(cat_path):
    from catalog import BriefRecord, PlannerStat, PlanRecord, RunRecord
    from engine.pipeline import SectionEvent

    with Catalog.open(cat_path) as cat:
        cat.add_run(RunRecord(run_id="r1", mode="supervised", manifest={"tracks": 8}))
        cat.finish_run("r1", "done")
        cat.add_brief(BriefRecord(brief_id="b1", text="jazz album, 8 tracks"))
        cat.add_plan(PlanRecord(plan_id="t1", kind="track", brief_id="b1", bpm=96,
                                events=[SectionEvent(type="intro", start=0, end=8)]))
        cat.set_planner_stat(PlannerStat(scope="genre:jazz", key="steps", value={"turbo": 8}, n=12))
        cat.set_planner_stat(PlannerStat(scope="genre:jazz", key="steps", value={"turbo": 10}, n=13))
        assert cat._query("SELECT status FROM runs")[0]["status"] == "done"
        assert cat._query("SELECT events FROM plans")[0]["events"] == [{"type": "intro", "start": 0.0, "end": 8.0}]
        stats = cat.planner_stats("genre:jazz")
    assert len(stats) == 1 and stats[0].value == {"turbo": 10} and stats[0].n == 13


def test_reader_waits_for_a_writer_to_finish(cat_path):
    Catalog.open(cat_path).close()
    code = textwrap.dedent(f"""
        import sys, time; sys.path.insert(0, {str(ROOT)!r})
        from catalog.store import Catalog
        with Catalog.open({str(cat_path)!r}):
            print("locked", flush=True)
            time.sleep(1.5)
    """)
    proc = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    assert proc.stdout.readline().strip() == "locked"
    with pytest.raises(CatalogError, match="in use by PID"):
        Catalog.open(cat_path, read_only=True)
    with Catalog.open(cat_path, read_only=True, wait_s=30) as cat:
        assert cat.schema_version() > 0
    proc.wait(timeout=30)


def test_report_for_other_audio_is_refused(tmp_path, cat_path):
    flac = write_take(tmp_path / "out", "gen.b0")
    with Catalog.open(cat_path) as cat, pytest.raises(CatalogError, match="other audio"):
        add_take(cat, flac, make_report(5.0, sha256="0" * 64))
