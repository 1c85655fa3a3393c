"""Dataset export (JSONL, Parquet, manifest, immutability), LoRA sets, coverage."""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from catalog_testkit import write_take

from catalog.store import Catalog
from engine.audio import sha256_file
from engine.errors import CatalogError


@pytest.fixture
def mined(tmp_path, cat_path):
    out = tmp_path / "out"
    for s, score in enumerate([9.0, 7.5, 3.0, 2.0]):
        write_take(out, f"gen.b{s}", seed=s, overall=score, defects=s)
    write_take(out, "vox.b0", seed=1, overall=8.5, caption="soul ballad, female vocal, piano", lyrics="[Verse]\nla la")
    with Catalog.open(cat_path) as cat:
        cat.ingest(out, score=False)
        cat.mine_pairs("seeds", min_margin=1.0, top_k=2)
    return cat_path


def test_export_jsonl_and_parquet_with_manifest(mined, tmp_path):
    with Catalog.open(mined) as cat:
        dv = cat.export(tmp_path / "ds", format="both")
    root = Path(dv.path)
    assert dv.version == "v1" and dv.n_rows == 4 and dv.checkpoint == "turbo"
    rows = [json.loads(line) for line in (root / "pairs.jsonl").read_text().splitlines()]
    table = pq.read_table(root / "pairs.parquet").to_pylist()
    assert len(rows) == len(table) == 4
    assert rows[0]["pair_id"] == table[0]["pair_id"]
    for r in rows:
        assert r["prompt"]["caption"].startswith("warm jazz") and r["prompt"]["events"][0]["type"] == "intro"
        assert r["chosen"]["quality_score"] - r["rejected"]["quality_score"] == pytest.approx(r["margin"])
        for side in ("chosen", "rejected"):
            audio = root / r[side]["audio_path"]
            assert audio.is_file() and sha256_file(audio) == r[side]["sha256"]
            assert r[side]["params"]["steps"] == 8
    manifest = json.loads((root / "manifest.json").read_text())
    assert manifest["checkpoint"] == "turbo" and "FROM pairs" in manifest["query"]
    listed = {f["path"]: f["sha256"] for f in manifest["files"]}
    assert {"pairs.jsonl", "pairs.parquet", "README.md"} <= set(listed)
    assert all(sha256_file(root / p) == h for p, h in listed.items())
    assert sha256_file(root / "manifest.json") == dv.manifest_sha256
    # immutable: same version refused, next one gets v2
    with Catalog.open(mined) as cat:
        with pytest.raises(CatalogError, match="immutable"):
            cat.export(tmp_path / "ds", version="v1")
        assert cat.export(tmp_path / "ds", format="parquet", audio="none").version == "v2"
    assert not (tmp_path / "ds" / "v2" / "audio").exists()
    assert not list((tmp_path / "ds").glob(".*partial*"))


def test_export_refuses_changed_audio_and_leaves_nothing(mined, tmp_path):
    (tmp_path / "out" / "gen.b0.flac").write_bytes(b"changed")
    with Catalog.open(mined) as cat, pytest.raises(CatalogError, match="sha256"):
        cat.export(tmp_path / "ds", audio="copy")
    assert not (tmp_path / "ds" / "v1").exists() and not list((tmp_path / "ds").glob(".*"))


def test_exports_refuse_missing_audio_and_leave_nothing(mined, tmp_path):
    (tmp_path / "out" / "gen.b0.flac").unlink()
    with Catalog.open(mined) as cat:
        with pytest.raises(CatalogError, match="1 take.s. have no audio on disk.*--audio none"):
            cat.export(tmp_path / "ds", strategies=["seeds"])
        with pytest.raises(CatalogError, match="no audio on disk.*raise --min-score"):
            cat.export_lora(tmp_path / "lora", min_score=8.0)
        with pytest.raises(CatalogError, match="unknown strategy 'vibes'"):
            cat.export(tmp_path / "ds", strategies=["vibes"])
    assert not list(tmp_path.glob("ds/*")) + list(tmp_path.glob("ds/.*")) + list(tmp_path.glob(".lora*"))


def test_lora_set_sidecars(mined, tmp_path):
    with Catalog.open(mined) as cat:
        dv = cat.export_lora(tmp_path / "lora", min_score=8.0)
        with pytest.raises(CatalogError, match="immutable|already exists"):
            cat.export_lora(tmp_path / "lora", min_score=8.0)
    root = Path(dv.path)
    sides = sorted(root.glob("*.json"))
    sides = [p for p in sides if p.name != "manifest.json"]
    assert dv.n_rows == 2 and len(sides) == 2  # best jazz take (9.0) + the vocal take; one per prompt
    for p in sides:
        d = json.loads(p.read_text())
        assert set(d) >= {"caption", "bpm", "keyscale", "timesignature", "duration", "events"}
        assert d["events"] == [{"type": "intro", "start": 0.0, "end": 0.5}, {"type": "verse", "start": 0.5, "end": 1.0}]
        assert (root / f"{p.stem}.flac").is_file() and d["quality_score"] >= 8.0


def test_coverage_counts_and_gaps(mined):
    with Catalog.open(mined, read_only=True) as cat:
        cov = cat.coverage()
    assert cov.total == 5
    assert cov.counts["genre"]["jazz"] == 4 and cov.counts["genre"]["rnb"] == 1
    assert cov.counts["vocal"] == {"vocal": 1, "instrumental": 4}
    assert cov.counts["tempo"]["80-99"] == 5 and cov.counts["key"]["F major"] == 5
    gaps = {(g.dimension, g.value) for g in cov.gaps}
    assert ("genre", "rock") in gaps and ("key", "C major") in gaps and ("genre", "jazz") not in gaps


def test_lora_versions_are_unique_per_folder_name(mined, tmp_path):
    with Catalog.open(mined) as cat:
        a = cat.export_lora(tmp_path / "a" / "lora", min_score=8.0)
        b = cat.export_lora(tmp_path / "b" / "lora", min_score=8.0)
        with pytest.raises(CatalogError, match="already exported"):
            cat.export_lora(tmp_path / "c", min_score=8.0, version="lora")
    assert (a.version, b.version) == ("lora", "lora-2")
