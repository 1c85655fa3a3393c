"""Latent frame counts agree with the pipeline at every length, for every task.

diffusers recomputes a length from seconds (ceil((n / 25) * 25)) and gets n + 1 for
925 of the frame counts 1-15000; the engine now draws the noise itself with the exact
count. The trap counts are computed here from that arithmetic, not listed.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from acestep_helpers import SOURCE_TYPES, make_request

from engine.acestep.latents import duration_for_frames
from engine.acestep.sampling import frames_for
from engine.constants import SAMPLE_RATE
from engine.take import Take

HOP, FPS = 1920, 25.0
# short uploads: a repaint range inside them
SOURCE_TASKS = {**SOURCE_TYPES, "repaint": dict(task="repaint", repainting_start=0.3, repainting_end=1.1)}


def trap_frames(lo: int, hi: int) -> list[int]:
    """Frame counts for which seconds -> frames in float arithmetic gives one more."""
    return [n for n in range(lo, hi) if math.ceil((n / FPS) * FPS) != n]


def upload(samples: int, seed: int = 0) -> Take:
    rng = np.random.default_rng(seed)
    return Take(audio=(0.2 * rng.standard_normal((2, samples))).astype(np.float32))


def test_length_arithmetic_for_every_frame_count():
    assert len(trap_frames(1, 15001)) > 900  # the float trap is real
    for n in range(1, 15001):
        assert math.ceil(duration_for_frames(n, FPS) * FPS) == n
        assert frames_for(n * HOP / SAMPLE_RATE, HOP) == n  # whole frames
        assert frames_for((n * HOP - 7) / SAMPLE_RATE, HOP) == n  # a partial last frame


def _check(take: Take, samples: int) -> None:
    assert take.audio.shape == (2, samples)
    assert take.latent.latent.shape[1] == -(-samples // HOP)
    assert np.isfinite(take.audio).all()


@pytest.mark.parametrize("frames", [trap_frames(250, 600)[0], 251])
def test_generate_at_trap_and_odd_lengths(engine, frames):
    seconds = frames * HOP / SAMPLE_RATE - (0.01 if frames == 251 else 0.0)  # 251: a partial last frame
    take = engine.run(make_request(duration=seconds), [])
    _check(take, round(seconds * SAMPLE_RATE))


@pytest.mark.parametrize("stage_type", sorted(SOURCE_TASKS))
def test_every_task_on_uploads_of_odd_length(engine, stage_type):
    for samples in (110 * HOP, 55 * HOP - 7):  # a trap count (4.4 s); a partial last frame
        take = engine.run(make_request(stage_type=stage_type, **SOURCE_TASKS[stage_type]), [upload(samples)])
        _check(take, samples)


def test_cover_progress_counts_up_once(engine, generated):
    seen: list[tuple[int, int]] = []
    engine.progress = lambda stage, step, total: seen.append((step, total))
    try:
        engine.run(make_request(stage_type="cover", task="cover", audio_cover_strength=0.5), [generated])
    finally:
        engine.progress = None
    assert seen == [(i, 8) for i in range(1, 9)]


@pytest.mark.slow
def test_sweep_of_trap_lengths_for_every_task(engine):
    """More trap counts: generate (batched too) above 10 s, every task on short uploads."""
    for frames in trap_frames(250, 1000)[1:3]:
        seconds = frames * HOP / SAMPLE_RATE
        _check(engine.run(make_request(duration=seconds), []), frames * HOP)
        reqs = [make_request(duration=seconds, seed=s, batch_index=i) for i, s in enumerate((1, 2))]
        for t in engine.run_batch(reqs, [[], []]):
            _check(t, frames * HOP)
    for frames in trap_frames(1, 250)[:4]:
        for stage_type, kw in SOURCE_TASKS.items():
            samples = frames * HOP - 3
            _check(engine.run(make_request(stage_type=stage_type, **{**kw, "repainting_start": 0.0}
                                           if stage_type == "repaint" else kw), [upload(samples)]), samples)
