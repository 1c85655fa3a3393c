"""Checkpoint discovery and verification: missing, partial and corrupt folders."""

from __future__ import annotations

import json
import shutil

import pytest

from engine.acestep import checkpoints as ck
from engine.constants import Task
from engine.errors import CheckpointMissingError


@pytest.fixture
def copy_of(tiny_root, tmp_path):
    def make(*names: str):
        for n in names:
            shutil.copytree(tiny_root / f"acestep-v15-{n}-diffusers", tmp_path / f"acestep-v15-{n}-diffusers")
        return tmp_path

    return make


def test_discovers_variants_tasks_and_defaults(tiny_root):
    found = {c.name: c for c in ck.discover(tiny_root)}
    assert set(found) == {"turbo", "base", "sft"} and all(c.ok for c in found.values())
    assert set(found["base"].tasks) == set(Task)
    for name in ("turbo", "sft"):
        assert set(found[name].tasks) == {Task.text2music, Task.cover, Task.repaint}
    turbo, base = found["turbo"].model_info(), found["base"].model_info()
    assert (turbo.default_steps, turbo.default_shift, turbo.default_guidance) == (8, 3.0, 0.0)
    assert base.default_steps == 50 and base.default_guidance > 1.0
    assert turbo.max_duration_s == 600.0


def test_folder_names_and_xl_variants(tmp_path, tiny_root):
    shutil.copytree(tiny_root / "acestep-v15-turbo-diffusers", tmp_path / "acestep-v15-xl-turbo-diffusers")
    (tmp_path / "not-a-model").mkdir()
    names = [c.name for c in ck.discover(tmp_path)]
    assert names == ["xl-turbo"]
    assert ck.family("xl-base") == "base" and Task.lego in ck.tasks_for("xl-base")


def test_dir_resolution_order(monkeypatch, tmp_path):
    monkeypatch.setenv(ck.ENV_VAR, str(tmp_path / "env"))
    assert ck.resolve_dir("given") == ck.Path("given")
    assert ck.resolve_dir(None) == tmp_path / "env"
    monkeypatch.delenv(ck.ENV_VAR)
    assert ck.resolve_dir(None) == ck.Path("checkpoints")


def test_missing_folder_names_where_it_looked(tmp_path):
    with pytest.raises(CheckpointMissingError) as err:
        ck.require(tmp_path / "nope")
    msg = str(err.value)
    assert str((tmp_path / "nope").resolve()) in msg and "does not exist" in msg
    assert "acestep-v15-turbo-diffusers" in msg and "README" in msg


def test_partial_folder_is_reported(copy_of):
    root = copy_of("turbo")
    shutil.rmtree(root / "acestep-v15-turbo-diffusers" / "vae")
    (info,) = ck.discover(root)
    assert not info.ok and "missing component folder vae/" in info.problems
    with pytest.raises(CheckpointMissingError, match="broken.*vae"):
        ck.require(root)


def test_missing_model_index(copy_of):
    root = copy_of("turbo")
    (root / "acestep-v15-turbo-diffusers" / "model_index.json").unlink()
    (info,) = ck.discover(root)
    assert any("model_index.json is missing" in p for p in info.problems)


def test_truncated_weights_are_caught_before_loading(copy_of):
    root = copy_of("turbo", "base")
    w = root / "acestep-v15-base-diffusers" / "transformer" / "diffusion_pytorch_model.safetensors"
    data = w.read_bytes()
    w.write_bytes(data[: len(data) // 2])
    found = {c.name: c for c in ck.discover(root)}
    assert found["turbo"].ok and not found["base"].ok
    assert any("truncated" in p for p in found["base"].problems)
    with pytest.raises(CheckpointMissingError, match="'base'.*damaged.*truncated"):
        ck.require(root, "base")


def test_garbage_weight_header(copy_of):
    root = copy_of("turbo")
    w = root / "acestep-v15-turbo-diffusers" / "vae" / "diffusion_pytorch_model.safetensors"
    w.write_bytes(b"\xff" * 64)
    (info,) = ck.discover(root)
    assert any("damaged header" in p for p in info.problems)


def test_well_formed_file_of_other_tensors_is_caught_before_loading(copy_of):
    """A header that parses but describes other tensors: caught by verification, not at load."""
    from safetensors.torch import save_file

    from engine.acestep.engine import AceStepEngine

    root = copy_of("turbo")
    import torch

    w = root / "acestep-v15-turbo-diffusers" / "text_encoder" / "model.safetensors"
    save_file({"embed_tokens.weight": torch.zeros(3, 3)}, str(w))
    with pytest.raises(CheckpointMissingError, match="text_encoder/ lacks .*wrong shape.*re-convert"):
        AceStepEngine(str(root))


def test_no_cover_without_vq_modules(copy_of):
    root = copy_of("turbo")
    for sub in ("audio_tokenizer", "audio_token_detokenizer"):
        shutil.rmtree(root / "acestep-v15-turbo-diffusers" / sub)
    idx = root / "acestep-v15-turbo-diffusers" / "model_index.json"
    meta = json.loads(idx.read_text())
    meta["audio_tokenizer"] = meta["audio_token_detokenizer"] = [None, None]
    idx.write_text(json.dumps(meta))
    (info,) = ck.discover(root)
    assert info.ok and Task.cover not in info.tasks
