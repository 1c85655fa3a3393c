"""Folder ingest: good takes, every kind of bad input, idempotence, scoring on ingest."""

from __future__ import annotations

import json
import shutil

import pytest
from catalog_testkit import write_take

from catalog.store import Catalog
from engine.take import SourceRef


def _reasons(summary) -> dict[str, str]:
    return {s.path.rsplit("/", 1)[-1]: s.reason for s in summary.skipped}


def test_ingest_good_and_bad_input(tmp_path, cat_path):
    out = tmp_path / "out"
    for s in range(3):
        write_take(out, f"gen.b{s}", seed=s, overall=4.0 + s, defects=s)
    (out / "corrupt.b0.json").write_text("{ not json")
    write_take(out, "badschema.b0")
    side = json.loads((out / "badschema.b0.json").read_text())
    side["request"]["seed"] = "many"
    (out / "badschema.b0.json").write_text(json.dumps(side))
    write_take(out, "noaudio.b0")
    (out / "noaudio.b0.flac").unlink()
    shutil.copy(out / "gen.b0.flac", out / "dup.b0.flac")
    side = json.loads((out / "gen.b0.json").read_text())
    side["audio_path"] = "dup.b0.flac"
    (out / "dup.b0.json").write_text(json.dumps(side))
    (out / "ghost.b0.quality.json").write_text("{}")
    write_take(out, "badreport.b0")
    (out / "badreport.b0.quality.json").write_text('{"overall": 99}')
    write_take(out, "changed.b0", seed=7)
    shutil.copy(out / "gen.b1.flac", out / "changed.b0.flac")
    (out / "stray.flac").write_bytes((out / "gen.b2.flac").read_bytes()[:-10] + b"x" * 10)
    (out / "notes.json").write_text('{"hello": 1}')

    with Catalog.open(cat_path) as cat:
        summary = cat.ingest(out, score=False)
        reasons = _reasons(summary)
        assert summary.added == 3
        assert reasons["corrupt.b0.json"].startswith("corrupt sidecar")
        assert "request.seed" in reasons["badschema.b0.json"]
        assert reasons["noaudio.b0.json"].startswith("missing audio")
        assert "same sha256" in reasons["gen.b0.flac"] or "same sha256" in reasons["dup.b0.flac"]
        assert reasons["ghost.b0.quality.json"].startswith("report for unknown generation")
        assert reasons["badreport.b0.quality.json"].startswith("corrupt report")
        assert "differs from its sidecar" in reasons["changed.b0.flac"]
        assert "without a sidecar" in reasons["stray.flac"]
        assert "not a take sidecar" in reasons["notes.json"]
        # nothing half-written: every stored take with a report has all its defects
        assert cat._scalar("SELECT count(*) FROM generations") == 3
        assert cat._scalar("SELECT sum(n_defects) FROM quality_reports") == cat._scalar("SELECT count(*) FROM defects")
        assert cat._scalar("SELECT count(*) FROM runs") == 1
        again = cat.ingest(out, score=False)
        assert again.added == 0
        assert sum("already in the catalog" in s.reason for s in again.skipped) == 4  # 3 takes + the duplicate copy


def test_parent_generation_from_sources(tmp_path, cat_path):
    out = tmp_path / "out"
    src = write_take(out, "gen.b0", seed=1)
    digest = json.loads((out / "gen.b0.json").read_text())["sha256"]
    write_take(out, "fix.b0", seed=2, stage_id="fix", stage_type="repaint", task="repaint",
               repainting_start=0.1, repainting_end=0.5,
               sources=[SourceRef(kind="stage", ref="gen", path=src.name, sha256=digest)])
    with Catalog.open(cat_path) as cat:
        cat.ingest(out, score=False)
        row = cat._query("SELECT parent_gen_id, source_gen_ids FROM generations WHERE stage_id = 'fix'")[0]
    assert row["parent_gen_id"] == digest[:16] and row["source_gen_ids"] == [digest[:16]]


@pytest.mark.slow  # the analyzer JIT-compiles on first use
def test_ingest_scores_takes_without_report(tmp_path, cat_path):
    pytest.importorskip("quality.analyze")
    out = tmp_path / "out"
    write_take(out, "gen.b0", overall=None)
    with Catalog.open(cat_path) as cat:
        summary = cat.ingest(out)
        assert (summary.added, summary.scored) == (1, 1)
        overall = cat._scalar("SELECT overall FROM quality_reports")
    assert 0 <= overall <= 10
    assert not (out / "gen.b0.quality.json").exists()  # the report goes to the catalog, the folder is left alone


def test_ingest_missing_folder(cat_path, tmp_path):
    from engine.errors import CatalogError

    with Catalog.open(cat_path) as cat, pytest.raises(CatalogError, match="does not exist"):
        cat.ingest(tmp_path / "nope")
