"""What ACE-Step 1.5 accepts (durations, turbo schedules, text budgets, language) and
the memory policy (bf16 detection, VAE chunk cap, load OOM guard, --offload)."""

from __future__ import annotations

import pytest
from acestep_helpers import make_request

from engine.acestep import conditioning as cond
from engine.acestep import memory
from engine.errors import ConfigError, EngineError


def test_caption_over_the_token_budget_is_refused_with_the_limit(engine):
    # 240 characters is under the 512-character cap, but a rare character costs a token
    # or more each: with the instruction and metadata over 256 tokens, the metadata
    # written after the caption would be cut off
    with pytest.raises(ConfigError, match=r"is \d+ tokens; the text encoder keeps 256.*shorten the caption by"):
        engine.run(make_request(caption="\u9f98" * 240), [])
    engine.run(make_request(caption="warm jazz piano trio with brushed drums, upright bass walking lines, " * 5), [])


def test_character_caps(engine):
    with pytest.raises(ConfigError, match="caption is 600 characters.*at most 512"):
        engine.run(make_request(caption="a" * 600), [])
    with pytest.raises(ConfigError, match="lyrics are 5000 characters.*at most 4096"):
        engine.run(make_request(lyrics="[verse]\n" + "l" * 4992), [])
    with pytest.raises(ConfigError, match=r"lyrics are \d+ tokens; the text encoder keeps 2048"):
        engine.run(make_request(lyrics="[verse]\n" + "\u9f98" * 3000), [])


@pytest.mark.parametrize("duration", [9.9, 600.5])
def test_generate_duration_range(engine, duration):
    with pytest.raises(ConfigError, match="range 10-600 s"):
        engine.run(make_request(duration=duration), [])


def test_short_sources_still_work(engine):
    """The 10 s minimum is for generated lengths; a source sets its own."""
    import numpy as np

    from engine.take import Take

    src = Take(audio=np.full((2, 48_000), 0.1, np.float32))
    assert engine.run(make_request(stage_type="refine", denoise=0.5), [src]).audio.shape == (2, 48_000)


def test_turbo_steps_and_shift(engine):
    with pytest.raises(ConfigError, match="at most 8 steps, got 9") as err:
        engine.run(make_request(steps=9), [])
    assert isinstance(err.value, EngineError)  # an album counts the take as failed and goes on
    with pytest.raises(ConfigError, match="shift 1, 2 or 3, got 2.5"):
        engine.run(make_request(shift=2.5), [])
    req = make_request(shift=2.5)
    cond.check_sampling(req, "turbo-continuous", 8, 2.5)  # the continuous variant takes it
    cond.check_sampling(req, "base", 50, 2.5)  # base/sft: any schedule
    with pytest.raises(ConfigError, match="shift 1-3"):
        cond.check_sampling(req, "xl-turbo-continuous", 8, 4.0)


def test_turbo_refine_denoise_floor(engine, generated):
    with pytest.raises(ConfigError, match=r"denoise 0.2 is below 0.30.*turbo"):
        engine.run(make_request(stage_type="refine", denoise=0.2), [generated])
    engine.run(make_request(stage_type="refine", denoise=0.3), [generated])  # the last trained step


def test_instrumental_lyrics_send_language_unknown(engine, spy):
    engine.run(make_request(lyrics="[Instrumental]", vocal_language="en"), [])
    engine.run(make_request(lyrics="[verse]\nhello", vocal_language="de"), [])
    assert [c["vocal_language"] for c in spy] == ["unknown", "de"]


def test_bf16_only_where_native():
    import torch

    assert not memory.bf16_native((7, 5)) and not memory.bf16_native((7, 0))  # T4, V100: emulated
    assert memory.bf16_native((8, 0)) and memory.bf16_native((8, 6)) and memory.bf16_native((9, 0))
    assert memory.pick_dtype("cpu") is torch.float32


@pytest.mark.parametrize(("value", "seconds"), [("3000", 240.0), ("2", 4.0), ("30", 30.0)])
def test_vae_chunk_is_capped(monkeypatch, value, seconds):
    monkeypatch.setenv(memory.ENV_VAE_CHUNK, value)
    assert memory.vae_chunk_seconds(None, "cpu") == seconds


@pytest.mark.parametrize("value", ["nan", "-5", "inf", "thirty"])
def test_vae_chunk_rejects_nonsense(monkeypatch, value):
    monkeypatch.setenv(memory.ENV_VAE_CHUNK, value)
    with pytest.raises(EngineError, match="ACEPROD_VAE_CHUNK_S"):
        memory.vae_chunk_seconds(None, "cpu")


def test_load_oom_names_the_fix():
    import torch

    with pytest.raises(memory.OutOfMemory, match="loading model 'xl-base'.*--offload"):
        with memory.load_guard(model="xl-base", device="cuda", offload=False):
            raise torch.OutOfMemoryError("CUDA out of memory. Tried to allocate 9.00 GiB")
    with pytest.raises(memory.OutOfMemory) as err:
        with memory.load_guard(model="xl-base", device="cuda", offload=True):
            raise torch.OutOfMemoryError("CUDA out of memory")
    assert "--offload" not in str(err.value)  # already on: other advice only
    with pytest.raises(RuntimeError, match="other"):  # anything else passes through
        with memory.load_guard(model="x", device="cpu", offload=False):
            raise RuntimeError("other")


def test_offload_flag_reaches_the_engine(tiny_root, monkeypatch):
    from agent.commands._common import engine_kwargs
    from engine.protocol import get_engine

    assert engine_kwargs("ck", offload=True) == {"checkpoints_dir": "ck", "offload": True}
    e = get_engine("acestep", **engine_kwargs(str(tiny_root), offload=True))
    assert e.cache.offload_requested and not e.offload  # offload applies on CUDA only
    assert "CUDA GPU only" in e.capabilities().notes
    monkeypatch.setenv("ACEPROD_OFFLOAD", "1")
    assert get_engine("acestep", checkpoints_dir=str(tiny_root)).cache.offload_requested


@pytest.mark.parametrize("command", ["run", "album"])
def test_offload_in_cli_help(command):
    from typer.testing import CliRunner

    from agent.cli import app

    r = CliRunner().invoke(app, [command, "--help"], env={"COLUMNS": "200"})
    assert r.exit_code == 0 and "--offload" in r.output


def test_run_with_offload_flag(tiny_root, tmp_path):
    import json

    import yaml
    from typer.testing import CliRunner

    from agent.cli import app

    pipeline = tmp_path / "p.yaml"
    pipeline.write_text(yaml.safe_dump({"duration": 10, "stages": [{"id": "g", "type": "generate", "model": "turbo"}]}))
    r = CliRunner().invoke(app, ["run", str(pipeline), "--engine", "acestep", "--checkpoints", str(tiny_root),
                                 "--offload", "--out", str(tmp_path / "out"), "--json"])
    assert r.exit_code == 0, (r.output[-2000:], r.exception)
    assert [t["stage_id"] for t in json.loads(r.stdout)["takes"]] == ["g"]
