"""Stage -> pipeline plans (no tensors)."""

from __future__ import annotations

import pytest
from acestep_helpers import make_request

from engine.acestep.latents import duration_for_frames, schedule, truncated_schedule
from engine.acestep.tasks import plan_stage
from engine.constants import Task
from engine.errors import ConfigError


def test_generate_is_text2music_with_exact_instruction():
    p = plan_stage(make_request(), 0)
    assert p.task is Task.text2music
    assert p.instruction == "Fill the audio semantic mask based on the given conditions:"
    assert p.duration_s == 10.0 and p.source is None


def test_track_instructions_are_upper_cased_and_joined():
    p = plan_stage(make_request(stage_type="extract", task="extract", track_name="backing_vocals"), 1)
    assert p.instruction == "Extract the BACKING_VOCALS track from the audio:"
    assert p.pipeline_args == {"track_name": "backing_vocals"} and p.stem == "backing_vocals"
    p = plan_stage(make_request(stage_type="complete", task="complete", complete_track_classes=["bass", "drums"]), 1)
    assert p.instruction == "Complete the input track with BASS | DRUMS:"
    p = plan_stage(make_request(stage_type="lego", task="lego", track_name="guitar"), 1)
    assert p.instruction == "Generate the GUITAR track based on the audio context:"


def test_cover_is_decided_by_task_not_text():
    # an instruction that merely mentions "semantic tokens" does not make a generate a cover
    p = plan_stage(make_request(instruction="Generate audio semantic tokens based on the given conditions:"), 0)
    assert p.task is Task.text2music
    p = plan_stage(make_request(stage_type="cover", task="cover", audio_cover_strength=0.7, steps=50), 1)
    assert p.task is Task.cover and p.cover_steps == 35


@pytest.mark.parametrize("denoise", [0.3, 0.5, 0.9, 1.0])
def test_refine_truncates_schedule_at_denoise(denoise):
    p = plan_stage(make_request(stage_type="refine", task="text2music", denoise=denoise), 1)
    assert p.refine_from == 0
    assert max(p.timesteps) <= denoise + 1e-9
    full = schedule(8, 3.0)
    assert p.timesteps == [t for t in full if t <= denoise + 1e-9] or p.timesteps == [denoise]


def test_schedule_matches_acestep_turbo_shift3():
    s = schedule(8, 3.0)
    assert len(s) == 8 and s[0] == pytest.approx(1.0) and s[-1] == pytest.approx(0.3)
    assert truncated_schedule(8, 3.0, 0.01) == [0.01]


def test_bad_ranges_are_config_errors():
    with pytest.raises(ConfigError, match="repaint range"):
        plan_stage(make_request(stage_type="repaint", task="repaint", repainting_start=5, repainting_end=2), 1)
    with pytest.raises(ConfigError, match="needs a source"):
        plan_stage(make_request(stage_type="cover", task="cover"), 0)
    with pytest.raises(ConfigError, match="denoise"):
        plan_stage(make_request(stage_type="refine", task="text2music", denoise=1.5), 1)


@pytest.mark.parametrize("frames", [1, 7, 50, 58, 75, 250, 15000])
def test_duration_for_frames_round_trips(frames):
    import math

    assert math.ceil(duration_for_frames(frames, 25.0) * 25.0) == frames
