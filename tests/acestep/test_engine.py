"""Every stage type through diffusers' real AceStepPipeline on tiny random weights."""

from __future__ import annotations

import threading

import numpy as np
import pytest
from acestep_helpers import SOURCE_TYPES, make_request

from engine.acestep.latents import AceStepLatent, schedule
from engine.constants import SAMPLE_RATE
from engine.errors import CheckpointMissingError, ConfigError, EngineError
from engine.take import Take


def _check_take(take: Take, seconds: float, *, full_mix: bool = True) -> None:
    assert take.sr == SAMPLE_RATE == 48_000
    assert take.audio.dtype == np.float32 and take.audio.ndim == 2 and take.audio.shape[0] == 2
    assert take.audio.shape[1] == round(seconds * SAMPLE_RATE)
    assert np.isfinite(take.audio).all()
    if full_mix:  # stems keep their source's level instead
        assert np.abs(take.audio).max() == pytest.approx(10 ** (-1 / 20), rel=1e-3)  # ACE-Step's -1 dBFS peak
    assert isinstance(take.latent, AceStepLatent)
    assert take.latent.latent.shape[1] == -(-round(seconds * SAMPLE_RATE) // 1920)


@pytest.mark.parametrize("duration", [10.0, 12.3])
def test_generate_shape_rate_duration(engine, duration):
    take = engine.run(make_request(duration=duration), [])
    _check_take(take, duration)


@pytest.mark.parametrize("stage_type", sorted(SOURCE_TYPES))
def test_every_source_stage_runs(engine, generated, spy, stage_type):
    take = engine.run(make_request(stage_type=stage_type, **SOURCE_TYPES[stage_type]), [generated])
    _check_take(take, generated.duration_s, full_mix=stage_type not in ("extract", "lego"))
    first = spy[0]
    expected_task = "text2music" if stage_type == "refine" else stage_type
    assert first["task_type"] == expected_task
    assert first["output_type"] == "latent"
    if stage_type in ("extract", "lego"):
        assert take.stems == {SOURCE_TYPES[stage_type]["track_name"]: take.audio}
        assert first["track_name"] == SOURCE_TYPES[stage_type]["track_name"]
    if stage_type == "complete":
        assert first["complete_track_classes"] == ["bass", "drums"]
        assert first["instruction"] == "Complete the input track with BASS | DRUMS:"


def test_mix_sums_in_audio_space(engine, generated):
    other = engine.run(make_request(seed=99), [])
    mixed = engine.run(make_request(stage_type="mix", task=None, model=None, source_gains_db=[0.0, -6.0]),
                       [generated, other])
    np.testing.assert_allclose(mixed.audio, generated.audio + 10 ** (-6 / 20) * other.audio, atol=1e-6)
    assert mixed.latent is None


def test_deterministic_per_seed(engine):
    a = engine.run(make_request(seed=3), [])
    b = engine.run(make_request(seed=3), [])
    c = engine.run(make_request(seed=4), [])
    np.testing.assert_array_equal(a.audio, b.audio)
    assert not np.allclose(a.audio, c.audio)


def test_source_latent_is_reused_not_reencoded(engine, generated, monkeypatch):
    import engine.acestep.latents as lat

    def boom(*a, **k):
        raise AssertionError("source from this engine must not be VAE-encoded again")

    monkeypatch.setattr(lat, "encode", boom)
    engine.run(make_request(stage_type="refine", denoise=0.3), [generated])


def test_cover_strength_temporal_switch_reaches_pipeline(engine, generated, spy):
    engine.run(make_request(stage_type="cover", task="cover", audio_cover_strength=0.5), [generated])
    assert [c["task_type"] for c in spy] == ["cover", "text2music"]
    assert spy[0]["_stop_after"] == 4 and spy[0]["src_audio"] is not None
    assert spy[0]["instruction"] == "Generate audio semantic tokens based on the given conditions:"
    assert spy[1]["timesteps"] == pytest.approx(schedule(8, 3.0)[4:])
    assert spy[1]["instruction"] == "Fill the audio semantic mask based on the given conditions:"
    assert "src_audio" not in spy[1] and spy[1]["latents"] is not None


def test_cover_strength_changes_output(engine, generated):
    def cover(strength):
        return engine.run(make_request(stage_type="cover", task="cover", audio_cover_strength=strength), [generated])

    full, half, zero = cover(1.0), cover(0.5), cover(0.0)
    assert not np.allclose(full.audio, half.audio) and not np.allclose(half.audio, zero.audio)
    # strength 0 ignores the source: exactly text2music with the same seed and length
    plain = engine.run(make_request(duration=generated.duration_s), [])
    np.testing.assert_allclose(zero.audio, plain.audio, atol=1e-5)


def test_repaint_range_reaches_pipeline_and_keeps_outside(engine, generated, spy):
    take = engine.run(make_request(stage_type="repaint", task="repaint", repainting_start=4.0, repainting_end=6.0),
                      [generated])
    assert spy[0]["repainting_start"] == 4.0 and spy[0]["repainting_end"] == 6.0
    src, out = generated.latent.latent[0], take.latent.latent[0]
    outside = list(range(0, 90)) + list(range(160, src.shape[0]))  # beyond the 10-frame crossfades
    inside = list(range(100, 150))
    assert np.allclose(out[outside].numpy(), src[outside].numpy(), atol=1e-6)
    assert not np.allclose(out[inside].numpy(), src[inside].numpy())


def test_refine_uses_truncated_schedule_and_runs_those_steps(engine, generated, spy):
    steps_seen = []
    engine.progress = lambda stage, step, total: steps_seen.append((step, total))
    try:
        engine.run(make_request(stage_type="refine", denoise=0.6), [generated])
    finally:
        engine.progress = None
    ts = spy[0]["timesteps"]
    assert max(ts) <= 0.6 and ts == [t for t in schedule(8, 3.0) if t <= 0.6]
    assert spy[0]["latents"].shape == generated.latent.latent.shape
    assert steps_seen[-1] == (len(ts), len(ts)) and len(steps_seen) == len(ts)


def test_cancel_stops_stage(engine):
    ev = threading.Event()
    engine.cancel = ev
    engine.progress = lambda *a: ev.set()
    try:
        with pytest.raises(EngineError, match="cancelled"):
            engine.run(make_request(), [])
    finally:
        engine.cancel = engine.progress = None


@pytest.mark.parametrize("stage_type", ["extract", "lego", "complete"])
@pytest.mark.parametrize("model", ["turbo", "sft"])
def test_base_only_tasks_refused(engine, generated, stage_type, model):
    kw = dict(SOURCE_TYPES[stage_type], model=model)
    with pytest.raises(ConfigError, match=f"cannot run {stage_type}.*base"):
        engine.run(make_request(stage_type=stage_type, **kw), [generated])


def test_duration_beyond_model_limit(engine):
    with pytest.raises(ConfigError, match="600"):
        engine.run(make_request(duration=601.0), [])


def test_source_beyond_model_limit():
    from engine.acestep.latents import source_audio

    with pytest.raises(EngineError, match="at most 1 s"):
        source_audio(Take(audio=np.zeros((2, 96_000), np.float32)), what="src", max_s=1.0)


def test_mono_other_rate_source_is_converted(engine):
    sr = 44_100
    t = np.arange(int(1.5 * sr)) / sr
    mono = Take(audio=(0.5 * np.sin(2 * np.pi * 220 * t)).astype(np.float32)[None, :], sr=sr)
    take = engine.run(make_request(stage_type="cover", task="cover", audio_cover_strength=1.0), [mono])
    assert take.audio.shape == (2, round(1.5 * SAMPLE_RATE))


def test_unknown_model_names_expected_folder(engine, tiny_root):
    with pytest.raises(CheckpointMissingError, match="acestep-v15-xl-turbo-diffusers"):
        engine.run(make_request(model="xl-turbo"), [])


def test_variant_switch_reloads_only_what_differs(tiny_root):
    from engine.acestep.engine import AceStepEngine

    e = AceStepEngine(str(tiny_root))
    e.load("turbo")
    n = len(e.cache.loads)
    pipe = e.cache.pipe
    e.load("base")
    swapped = {x.split("/")[1] for x in e.cache.loads[n:]}
    assert swapped == {"transformer", "condition_encoder", "audio_tokenizer", "audio_token_detokenizer"}
    assert e.cache.pipe is pipe and not pipe.is_turbo
    e.load("turbo")
    assert pipe.is_turbo


def test_oom_in_denoiser_names_setting(engine, monkeypatch):
    def oom(*a, **k):
        raise RuntimeError("CUDA out of memory. Tried to allocate 2.00 GiB")

    monkeypatch.setattr(engine.sampler, "call_pipeline", oom)
    with pytest.raises(EngineError, match="lower the pipeline's duration or batch_size"):
        engine.run(make_request(), [])


def test_oom_in_vae_retries_then_names_setting(engine, monkeypatch):
    import engine.acestep.memory as mem

    monkeypatch.setenv(mem.ENV_VAE_CHUNK, "16")
    pipe = engine.cache.get(engine._checkpoint("turbo"))
    calls = []

    def oom(*a, **k):
        calls.append(pipe.vae.tile_latent_min_length)
        raise RuntimeError("out of memory")

    monkeypatch.setattr(pipe.vae, "decode", oom)
    with pytest.raises(mem.OutOfMemory, match="ACEPROD_VAE_CHUNK_S"):
        engine.run(make_request(), [])
    assert len(calls) == 2 and calls[1] < calls[0]


def test_batch_shares_one_call_and_matches_single_runs(engine, spy):
    reqs = [make_request(seed=s, batch_index=i) for i, s in enumerate((11, 12, 13))]
    takes = engine.run_batch(reqs, [[], [], []])
    assert len(spy) == 1 and spy[0]["prompt"] == [reqs[0].caption] * 3 and len(spy[0]["generator"]) == 3
    for r, t in zip(reqs, takes, strict=True):
        single = engine.run(r, [])
        np.testing.assert_allclose(t.audio, single.audio, atol=1e-4)
        _check_take(t, 10.0)


def test_batch_falls_back_for_other_stages(engine, generated, spy):
    reqs = [make_request(stage_type="refine", seed=s, denoise=0.4) for s in (1, 2)]
    takes = engine.run_batch(reqs, [[generated], [generated]])
    assert len(takes) == 2 and len(spy) == 2
