"""Output levels: full mixes at -1 dBFS, stems at their source's level, silence is an error."""

from __future__ import annotations

import numpy as np
import pytest
from acestep_helpers import copy_variant, make_request, rewrite_weights

from engine.acestep import levels
from engine.acestep.latents import decode
from engine.errors import EngineError

SR = 48_000


def sine(peak: float, seconds: float = 1.0) -> np.ndarray:
    t = np.arange(int(seconds * SR)) / SR
    x = peak * np.sin(2 * np.pi * 440 * t)
    return np.stack([x, x]).astype(np.float32)


def test_full_mix_goes_to_minus_one_dbfs():
    out, gain = levels.full_mix(sine(0.1), what="x")
    assert np.abs(out).max() == pytest.approx(10 ** (-1 / 20), rel=1e-4) and gain == pytest.approx(8.9125, rel=1e-3)


def test_near_silent_mix_is_an_error_not_a_million_fold_gain():
    with pytest.raises(levels.SilentOutputError, match=r"stage 's' .* silent \(peak -80 dBFS") as err:
        levels.full_mix(sine(1e-4), what="stage 's' (text2music)")
    assert isinstance(err.value, EngineError) and "fix:" in str(err.value)


def test_non_finite_decode_is_an_error():
    bad = sine(0.5)
    bad[0, 10] = np.nan
    with pytest.raises(EngineError, match="non-finite"):
        levels.full_mix(bad, what="x")


def test_quiet_stem_keeps_its_level_relative_to_the_source():
    out, gain = levels.stem(sine(0.02), source_gain=0.5, what="x", track="bass")
    assert np.abs(out).max() == pytest.approx(0.01, rel=1e-3) and gain == 0.5  # not raised to full scale


def test_stem_only_guarded_against_clipping():
    out, gain = levels.stem(sine(0.8), source_gain=2.0, what="x", track="drums")
    assert np.abs(out).max() == pytest.approx(1.0, rel=1e-4) and gain == pytest.approx(1.25)


def test_absent_instrument_is_reported_not_normalised():
    with pytest.raises(levels.SilentOutputError, match="no drums"):
        levels.stem(sine(2e-4), source_gain=1.0, what="stage 'x' (extract)", track="drums")


def test_extracted_stem_keeps_the_source_gain(engine, generated):
    take = engine.run(make_request(stage_type="extract", task="extract", model="base", track_name="drums", steps=4,
                                   guidance_scale=7.0), [generated])
    raw = decode(engine.cache.pipe, take.latent.latent, device="cpu")[0][:, : take.audio.shape[1]]
    src_gain = generated.latent.gain
    expected_gain = src_gain / max(1.0, float(np.abs(raw * src_gain).max()))
    assert take.latent.gain == pytest.approx(expected_gain, rel=1e-5)
    np.testing.assert_allclose(take.audio, raw * expected_gain, atol=1e-5)
    assert take.stems == {"drums": take.audio}


def test_engine_reports_silent_output(tiny_root, tmp_path):
    """A VAE whose last layer outputs nothing: the take fails with a clear engine error."""
    from engine.acestep.engine import AceStepEngine

    folder = copy_variant(tiny_root, tmp_path)

    def mute(t):
        for k in t:
            if k.startswith("decoder.conv2.") and not k.endswith("weight_v"):
                t[k].zero_()

    rewrite_weights(folder / "vae", mute)
    with pytest.raises(levels.SilentOutputError, match="stage 's1' .* silent"):
        AceStepEngine(str(tmp_path)).run(make_request(), [])
