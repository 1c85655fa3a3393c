"""The checkpoint's identity reaches every take's sidecar (and so the catalog)."""

from __future__ import annotations

import shutil

from engine.acestep.engine import AceStepEngine
from engine.executor import run_pipeline
from engine.pipeline import parse_pipeline
from engine.take import TakeSidecar
from engine.validate import validate_pipeline


def test_hash_per_variant_and_in_sidecars(engine, tiny_root, tmp_path):
    caps = engine.capabilities()
    hashes = {m.name: m.checkpoint_hash for m in caps.models}
    assert all(h and len(h) == 16 for h in hashes.values())
    assert len(set(hashes.values())) == len(hashes)  # variants differ
    config = parse_pipeline({"duration": 10, "stages": [{"id": "g", "type": "generate", "model": "turbo"}]})
    run_pipeline(validate_pipeline(config, caps), engine=engine, run_dir=tmp_path / "run")
    side = TakeSidecar.model_validate_json((tmp_path / "run" / "g.b0.json").read_text())
    assert side.checkpoint_hash == hashes["turbo"]


def test_hash_changes_when_weights_change(tiny_root, tmp_path):
    copy = tmp_path / "ck"
    shutil.copytree(tiny_root, copy)
    before = AceStepEngine(str(copy)).capabilities().model("turbo").checkpoint_hash
    cfg = next((copy / "acestep-v15-turbo-diffusers").glob("transformer/config.json"))
    cfg.write_text(cfg.read_text().replace("{", '{"_touched": 1, ', 1))
    after = AceStepEngine(str(copy)).capabilities().model("turbo").checkpoint_hash
    assert before != after
