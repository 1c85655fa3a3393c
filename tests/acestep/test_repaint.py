"""Repaint: the pipeline's own frame range, the source re-injected outside it during
the first half of sampling, and the crossfade just outside the range."""

from __future__ import annotations

import numpy as np
import pytest
from acestep_helpers import make_request

from engine.acestep.latents import schedule
from engine.acestep.repaint import CROSSFADE_FRAMES, crossfade_weights, repaint_frames


def test_range_frames_equal_the_pipelines_mask(engine, generated):
    import torch

    pipe = engine.cache.get(engine._checkpoint("turbo"))
    for frames in (7, 110, 251):
        for start in np.arange(0.0, frames / 25 + 0.5, 0.13):
            for end in (-1.0, *np.arange(start + 0.01, frames / 25 + 0.5, 0.37)):
                mask = pipe._build_chunk_mask(task_type="repaint", latent_length=frames, batch_size=1, device="cpu",
                                              dtype=torch.float32, acoustic_dim=1, repainting_start=float(start),
                                              repainting_end=float(end), has_src_audio=True)[0, :, 0]
                ones = torch.nonzero(mask).flatten().tolist()
                a, b = repaint_frames(float(start), float(end), frames, pipe.latents_per_second)
                assert ones == list(range(a, b)), (frames, start, end)


def test_crossfade_is_outside_the_range():
    w = crossfade_weights(100, 40, 60).numpy()
    assert (w[40:60] == 1).all() and (w[: 40 - CROSSFADE_FRAMES] == 0).all() and (w[60 + CROSSFADE_FRAMES:] == 0).all()
    ramp = w[40 - CROSSFADE_FRAMES : 40]
    assert (np.diff(ramp) > 0).all() and 0 < ramp[0] < ramp[-1] < 1
    np.testing.assert_allclose(w[60 : 60 + CROSSFADE_FRAMES], ramp[::-1])
    edge = crossfade_weights(30, 0, 25).numpy()  # clipped at the clip's ends
    assert (edge[:25] == 1).all() and edge[29] > 0


def test_source_is_reinjected_outside_during_the_first_half(engine, generated, spy):
    engine.run(make_request(stage_type="repaint", task="repaint", repainting_start=4.0, repainting_end=6.0),
               [generated])
    call = spy[0]
    src, noise = generated.latent.latent.float(), call["latents"].float().cpu()
    times = schedule(8, 3.0)
    outside = np.r_[0:100, 150:250]
    for step, lat in enumerate(call["_steps"]):
        if step + 1 < len(times):
            t = times[step + 1]
            expected = ((1 - t) * src + t * noise)[0, outside].numpy()
            matches = np.allclose(lat[0, outside].numpy(), expected, atol=1e-5)
            assert matches == (step + 1 <= len(times) // 2), step  # injected in the first half only
    assert not np.allclose(call["_steps"][-1][0, 100:150].numpy(), src[0, 100:150].numpy())


def test_repaint_to_the_end(engine, generated):
    take = engine.run(make_request(stage_type="repaint", task="repaint", repainting_start=8.0, repainting_end=None),
                      [generated])
    src, out = generated.latent.latent[0], take.latent.latent[0]
    assert np.allclose(out[: 200 - CROSSFADE_FRAMES].numpy(), src[: 200 - CROSSFADE_FRAMES].numpy(), atol=1e-6)
    assert not np.allclose(out[200:].numpy(), src[200:].numpy())
    assert take.audio.shape == generated.audio.shape


@pytest.mark.parametrize("end", [6.0, 6.03])
def test_paste_back_matches_the_regenerated_frames(engine, generated, end):
    """Frames the pipeline regenerated are exactly the ones not kept from the source."""
    take = engine.run(make_request(stage_type="repaint", task="repaint", repainting_start=4.0, repainting_end=end),
                      [generated])
    src, out = generated.latent.latent[0], take.latent.latent[0]
    a, b = repaint_frames(4.0, end, src.shape[0], 25.0)
    w = crossfade_weights(src.shape[0], a, b)
    kept = (w == 0).nonzero().flatten().numpy()
    assert np.allclose(out[kept].numpy(), src[kept].numpy(), atol=1e-6)
