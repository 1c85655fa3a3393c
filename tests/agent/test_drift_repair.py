"""A tempo drift ramps from the start of its section and the critic hears it only late in the
section, so a repaint aimed at a drift starts at the planned section (known answer: the sketch
engine's take for seed 4 drifts across the whole verse, 4-12 s; repainted from where the drift
is heard, the verse's first part keeps the drifted tempo; from the section, the drift is gone)."""

from __future__ import annotations

import pytest

from agent.repair_routes import build_repair
from engine.pipeline import PipelineConfig, StageConfig
from engine.protocol import get_engine
from engine.sketch.tasks.common import SR, rendered_latent
from engine.take import TakeSidecar
from quality.report import DefectKind, SuggestedRepair
from quality.routing import MARGIN_S
from tools.takes import run_and_score

from .test_repair_loop import TRACK

pytestmark = pytest.mark.slow  # renders and scores whole sketch takes (~10 s each on a quiet machine)


def _truth(scored):
    side = TakeSidecar.model_validate_json(scored.sidecar.read_text())
    return [i.kind for i in rendered_latent(side.request, round(side.duration_s * SR)).imperfections]


def test_a_drift_repaint_starts_at_its_section_and_removes_the_drift(tmp_path):
    engine = get_engine("sketch")
    caps = engine.capabilities()
    config = PipelineConfig(name="c1", caption=TRACK.caption, lyrics=TRACK.lyrics, bpm=TRACK.bpm,
                            keyscale=TRACK.keyscale, timesignature=TRACK.timesignature, duration=TRACK.duration,
                            events=TRACK.events, seed=4, model="turbo", stages=[StageConfig(id="gen", type="generate", steps=8)])
    take = run_and_score(config, engine=engine, run_dir=tmp_path / "c1", events=TRACK.events,
                         planned_duration_s=TRACK.duration)
    assert _truth(take) == ["timing_drift"]  # across the verse, 4-12 s
    heard = SuggestedRepair(route="repaint", defect_kinds=[DefectKind.timing_drift], start_s=8.0 - MARGIN_S, end_s=12.0,
                            reason="a drift heard at 8-12 s")
    route, _, pipeline = build_repair(heard, report=take.report, take_audio=take.audio, track=TRACK, caps=caps,
                                      attempt=1, run_seed=0, explore_model="turbo", explore_steps=8)
    stage = pipeline.stages[-1]
    assert route == "repaint" and stage.repainting_start <= 4.0 and stage.repainting_end == 12.0
    fixed = run_and_score(pipeline, engine=engine, run_dir=tmp_path / "r1", events=TRACK.events,
                          planned_duration_s=TRACK.duration)
    assert "timing_drift" not in _truth(fixed)
    late = pipeline.model_copy(update={"stages": [stage.model_copy(update={"repainting_start": heard.start_s})]})
    again = run_and_score(late, engine=engine, run_dir=tmp_path / "r2", events=TRACK.events,
                          planned_duration_s=TRACK.duration)
    assert "timing_drift" in _truth(again)  # repainted from where it was heard: the section's start still drifts
