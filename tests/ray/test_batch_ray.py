"""`aceprod run`, `score` and `catalog ingest` with --ray give what they give without it
(in this process, joined to the tests' Ray instance)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from agent.cli import app
from catalog.store import Catalog

from .conftest import snapshot

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("ray")]

SOURCE = """name: source
caption: jazz piano trio, brushed drums
bpm: 100
keyscale: D minor
duration: 8
seed: 5
stages:
  - {id: gen, type: generate, model: turbo}
"""
# src_audio is relative: read against the pipeline's folder on the driver, shipped to each worker
BATCH = """name: batch
caption: jazz piano trio, brushed drums, clean mix
bpm: 100
keyscale: D minor
duration: 8
batch_size: 3
seed: 40
stages:
  - {id: cov, type: cover, model: turbo, src_audio: out0/source/gen.b0.flac, audio_cover_strength: 0.8}
  - {id: pol, type: refine, model: turbo, input_stage: cov, denoise: 0.4}
"""


def _cli(*args: str) -> str:
    res = CliRunner().invoke(app, list(args), catch_exceptions=False)
    assert res.exit_code == 0, res.output
    return res.stdout


@pytest.fixture(scope="module")
def pipelines(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("pipes")
    (root / "source.yaml").write_text(SOURCE)
    (root / "batch.yaml").write_text(BATCH)
    _cli("run", str(root / "source.yaml"), "--out", str(root / "out0"), "--json")
    return root


def test_run_batch_on_ray_equals_in_process(ray_address, pipelines):
    local = json.loads(_cli("run", str(pipelines / "batch.yaml"), "--out", str(pipelines / "a"), "--json"))
    remote = json.loads(_cli("run", str(pipelines / "batch.yaml"), "--out", str(pipelines / "b"), "--json",
                             "--ray", ray_address))
    assert [(t["stage_id"], t["batch_index"], t["seed"]) for t in remote["takes"]] == \
        [(t["stage_id"], t["batch_index"], t["seed"]) for t in local["takes"]]
    assert remote["status"] == "ok" and remote["out_dir"] == str(pipelines / "b" / "batch")
    a, b = pipelines / "a" / "batch", pipelines / "b" / "batch"
    snap_a, snap_b = snapshot(a, under=(".",)), snapshot(b, under=(".",))
    assert sorted(snap_a) == sorted(snap_b) and len(snap_a) > 6
    for rel in snap_a:
        assert snap_a[rel] == snap_b[rel], rel
    assert json.loads((b / "pol.b2.json").read_text())["request"]["batch_index"] == 2
    source = json.loads((b / "cov.b1.json").read_text())["sources"][0]  # the worker's copy mapped back
    assert source["ref"] == "out0/source/gen.b0.flac"
    assert source["path"] == str((pipelines / "out0" / "source" / "gen.b0.flac").resolve())


def test_score_and_ingest_on_ray_equal_in_process(ray_address, pipelines, tmp_path):
    # its own takes: test order inside the xdist group is not guaranteed
    _cli("run", str(pipelines / "batch.yaml"), "--out", str(tmp_path / "s"), "--json")
    files = [str(p) for p in sorted((tmp_path / "s" / "batch").glob("pol.b*.flac"))]
    assert len(files) == 3
    local = json.loads(_cli("score", *files, "--json", "--rank"))
    remote = json.loads(_cli("score", *files, "--json", "--rank", "--ray", ray_address))
    strip = lambda r: {k: v for k, v in r.items() if k != "analysis_seconds"}  # noqa: E731
    assert [strip(r) for r in remote] == [strip(r) for r in local]

    folder = tmp_path / "s"
    plain = json.loads(_cli("catalog", "ingest", str(folder), "--catalog", str(tmp_path / "local.duckdb"), "--json"))
    summary = json.loads(_cli("catalog", "ingest", str(folder), "--catalog", str(tmp_path / "ray.duckdb"), "--json",
                              "--ray", ray_address))
    same = ("added", "scored", "unscored", "skipped")
    assert {k: summary[k] for k in same} == {k: plain[k] for k in same} and summary["scored"] >= 4
    rows = []
    for name in ("local", "ray"):
        with Catalog.open(tmp_path / f"{name}.duckdb", read_only=True) as cat:
            rows.append(cat.conn.execute("SELECT g.sha256, q.overall FROM generations g JOIN quality_reports q "
                                         "USING (gen_id) ORDER BY g.sha256").fetchall())
    assert rows[0] == rows[1] and len(rows[0]) == plain["added"]
