"""Item 1: `dataset export --out` is a path, never SQL text; a version is sealed only
when every file it lists was written."""

from __future__ import annotations

import json

import pytest
from catalog_testkit import write_take

from catalog.store import Catalog
from engine.errors import CatalogError


@pytest.fixture
def mined(tmp_path, cat_path):
    takes = tmp_path / "cat" / "takes"
    for seed, score in ((1, 3.0), (2, 8.0)):
        write_take(takes, f"gen.b{seed}", seed=seed, overall=score)
    with Catalog.open(cat_path) as cat:
        cat.ingest(takes)
        assert cat.mine_pairs("seeds").inserted == 1
    return cat_path


@pytest.mark.parametrize("folder", ["bob's sets", "x' (FORMAT csv); --", "a\"b;c", "sp ace/and'quote"])
def test_export_to_a_folder_with_quotes(tmp_path, mined, folder):
    out = tmp_path / folder
    with Catalog.open(mined) as cat:
        dv = cat.export(out, format="both")
    version = out / dv.version
    assert {p.name for p in version.iterdir()} >= {"pairs.jsonl", "pairs.parquet", "manifest.json", "README.md"}
    rows = [json.loads(line) for line in (version / "pairs.jsonl").read_text().splitlines()]
    assert len(rows) == 1 and rows[0]["strategy"] == "seeds"
    assert rows[0]["chosen"]["quality_score"] == 8.0
    # nothing was written anywhere but the version folder
    assert {p.name for p in tmp_path.iterdir()} == {"cat", folder.split("/")[0]}


def test_a_missing_file_is_never_sealed(tmp_path, mined, monkeypatch):
    import catalog.export as export

    def forgets_parquet(conn, table, path, fmt):
        if fmt == "jsonl":
            real(conn, table, path, fmt)

    real = export.write_rows
    monkeypatch.setattr(export, "write_rows", forgets_parquet)
    out = tmp_path / "ds"
    with Catalog.open(mined) as cat, pytest.raises(CatalogError, match="did not write pairs.parquet"):
        cat.export(out, format="both", version="v1")
    assert not (out / "v1").exists() and not list(out.glob(".*partial*"))
    with Catalog.open(mined, read_only=True) as cat:
        assert cat._scalar("SELECT count(*) FROM dataset_versions") == 0
