"""Checkpoint verification against the model's own state dict, hostile headers and
model_index.json entries, and the turbo variants' folder names."""

from __future__ import annotations

import json
import shutil
import struct

import pytest
from acestep_helpers import copy_variant, rewrite_weights

from engine.acestep import checkpoints as ck
from engine.errors import CheckpointMissingError


def _problems(root):
    (info,) = ck.discover(root)
    return info, " | ".join(info.problems)


def test_outdated_conversion_is_refused_naming_weights_and_fix(tiny_root, tmp_path):
    folder = copy_variant(tiny_root, tmp_path)

    def old_condition_encoder(t):
        del t["silence_latent"], t["null_condition_emb"]

    def renamed_attention(t):
        key = next(k for k in t if k.endswith("self_attn.to_q.weight"))
        t[key.replace("to_q", "q_proj")] = t.pop(key)

    rewrite_weights(folder / "condition_encoder", old_condition_encoder)
    rewrite_weights(folder / "transformer", renamed_attention)
    info, text = _problems(tmp_path)
    assert not info.ok
    assert "condition_encoder/ lacks 2 weight(s)" in text and "null_condition_emb" in text and "silence_latent" in text
    assert "transformer/ lacks 1" in text and "transformer/ has 1 weight(s) the model does not know" in text
    assert "q_proj" in text and "convert_ace_step_to_diffusers.py" in text
    with pytest.raises(CheckpointMissingError, match="null_condition_emb"):
        ck.require(tmp_path, "turbo")


def test_wrong_shape_is_refused(tiny_root, tmp_path):
    folder = copy_variant(tiny_root, tmp_path)

    def shrink(t):
        t["silence_latent"] = t["silence_latent"][:, :, :2].contiguous()

    rewrite_weights(folder / "condition_encoder", shrink)
    _, text = _problems(tmp_path)
    assert "wrong shape" in text and "silence_latent" in text


def test_zero_silence_latent_is_refused_at_load(tiny_root, tmp_path):
    from engine.acestep.pipeline_cache import load_component

    folder = copy_variant(tiny_root, tmp_path)
    rewrite_weights(folder / "condition_encoder", lambda t: t["silence_latent"].zero_())
    (info,) = ck.discover(tmp_path)
    with pytest.raises(CheckpointMissingError, match="silence_latent is all zeros.*drone"):
        load_component(info, "condition_encoder", None)


def _write_raw(path, header: object, data: bytes = b"\0" * 8) -> None:
    raw = json.dumps(header).encode()
    path.write_bytes(struct.pack("<Q", len(raw)) + raw + data)


@pytest.mark.parametrize("header", [
    {"w": {"dtype": "F32", "shape": [2]}},  # no data_offsets: was a KeyError
    {"w": {"dtype": "F32", "shape": [2], "data_offsets": "0-8"}},
    {"w": [0, 8]},
    ["not", "an", "object"],
    {"w": {"dtype": "F32", "shape": [-1], "data_offsets": [0, 8]}},
])
def test_malformed_safetensors_header_is_a_problem_not_a_crash(tiny_root, tmp_path, header):
    folder = copy_variant(tiny_root, tmp_path)
    weights = next((folder / "vae").glob("*.safetensors"))
    _write_raw(weights, header)
    _, text = _problems(tmp_path)
    assert "vae/" in text and weights.name in text and ("malformed" in text or "damaged" in text)


def test_checkpoints_cli_on_malformed_header_exits_2_with_one_line(tiny_root, tmp_path, monkeypatch, capsys):
    from agent.cli import main

    folder = copy_variant(tiny_root, tmp_path)
    _write_raw(next((folder / "transformer").glob("*.safetensors")), {"w": {"dtype": "F32"}})
    monkeypatch.setattr("sys.argv", ["aceprod", "checkpoints", "--checkpoints", str(tmp_path), "--json"])
    with pytest.raises(SystemExit) as code:
        main()
    out, err = capsys.readouterr()
    assert code.value.code == 2 and "Traceback" not in err and len(err.strip().splitlines()) == 1
    data = json.loads(out)
    assert data["models"][0]["ok"] is False and "malformed header" in data["models"][0]["problems"][0]


@pytest.mark.parametrize("entry", [["os", "system"], ["builtins", "eval"], ["transformers", "Pipeline"], "Qwen3Model"])
def test_model_index_cannot_name_other_modules(tiny_root, tmp_path, entry):
    from engine.acestep.pipeline_cache import load_component

    folder = copy_variant(tiny_root, tmp_path)
    index = json.loads((folder / "model_index.json").read_text())
    index["text_encoder"] = entry
    (folder / "model_index.json").write_text(json.dumps(index))
    info, text = _problems(tmp_path)
    assert not info.ok and "text_encoder" in text and ("only loads ACE-Step" in text or "not [library, class]" in text)
    with pytest.raises(CheckpointMissingError, match="text_encoder"):  # the loader refuses on its own too
        load_component(info, "text_encoder", None)


def test_turbo_variants_are_found(tiny_root, tmp_path):
    src = tiny_root / "acestep-v15-turbo-diffusers"
    for name in ("acestep-v15-turbo-rl", "acestep-v15-turbo-shift1-diffusers", "acestep-v15-xl-turbo-continuous",
                 "acestep-v15-turbo-diffusers"):
        shutil.copytree(src, tmp_path / name)
    found = {c.name: c for c in ck.discover(tmp_path)}
    assert set(found) == {"turbo", "turbo-rl", "turbo-shift1", "xl-turbo-continuous"}
    assert all(ck.family(n) == "turbo" for n in found)
    assert found["turbo-shift1"].model_info().default_shift == 1.0
    assert found["turbo-rl"].model_info().default_steps == 8


def test_text_encoder_saved_from_a_wrapper_model_is_accepted(tiny_root, tmp_path):
    """Qwen3 weights with a 'model.' prefix and an extra lm_head load fine in transformers."""
    folder = copy_variant(tiny_root, tmp_path)

    def wrapped(t):
        for k in list(t):
            t["model." + k] = t.pop(k)
        t["lm_head.weight"] = t["model.embed_tokens.weight"].clone()

    rewrite_weights(folder / "text_encoder", wrapped)
    info, text = _problems(tmp_path)
    assert info.ok, text

    def lost_layer(t):
        del t["model.layers.0.mlp.up_proj.weight"]

    rewrite_weights(folder / "text_encoder", lost_layer)
    _, text = _problems(tmp_path)
    assert "text_encoder/ lacks 1 weight(s)" in text and "layers.0.mlp.up_proj.weight" in text
