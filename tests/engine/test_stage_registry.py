"""A stage type is defined in one place: a test-only registry adds one and runs it for real.

The dummy ``echo`` type (a source plus its own delayed copy) is a spec in a registry made
here, never in the shipped one: validation, request fields, task mapping and a sketch
engine handler. It goes through the real parser, validator, executor and sketch engine,
writes a real take, and the catalog stores it.
"""

from __future__ import annotations

import numpy as np
import pytest

from catalog.store import Catalog
from engine.audio import read_audio
from engine.constants import Task
from engine.errors import ConfigError, EngineError
from engine.executor import run_pipeline
from engine.pipeline import parse_pipeline
from engine.sketch.engine import SketchEngine
from engine.stages import STAGES, StageSpec, UnknownStageTypeError
from engine.take import StageRequest, Take, TakeSidecar
from engine.validate import validate_pipeline

DELAY_S = 0.25


# task: what ACE-Step would be asked to do (it decides which models may run it);
# audio_cover_strength is the echo's level here
ECHO = StageSpec("echo", Task.cover, "Add a copy of the source 0.25 s later at audio_cover_strength.",
                 source_mode="one", request_defaults={"audio_cover_strength": 0.5})


def run_echo(request: StageRequest, sources: list[Take]) -> Take:
    src = sources[0].audio
    d = int(DELAY_S * sources[0].sr)
    out = src.copy()
    out[:, d:] += float(request.audio_cover_strength) * src[:, :-d]
    return Take(audio=(0.5 * out).astype(np.float32), sr=sources[0].sr)


PIPE = {"name": "echoes", "caption": "upbeat pop, piano", "duration": 3, "bpm": 120,
        "stages": [{"id": "gen", "type": "generate"}, {"id": "wet", "type": "echo", "src_stage": "gen"}]}


def test_a_dummy_stage_type_runs_through_the_executor_and_the_catalog(tmp_path):
    registry = STAGES.extended(ECHO)
    engine = SketchEngine(stages=registry, handlers={"echo": run_echo})
    config = parse_pipeline(PIPE, stages=registry)
    validated = validate_pipeline(config, engine.capabilities(), stages=registry)
    result = run_pipeline(validated, engine=engine, run_dir=tmp_path / "run")

    assert [t.stage_type for t in result.takes] == ["generate", "echo"]
    side = TakeSidecar.model_validate_json((tmp_path / "run" / "wet.b0.json").read_text())
    assert (side.request.stage_type, side.request.task, side.request.audio_cover_strength) == ("echo", "cover", 0.5)
    dry, wet = read_audio(tmp_path / "run" / "gen.b0.flac"), read_audio(tmp_path / "run" / "wet.b0.flac")
    d = int(DELAY_S * 48_000)
    expected = 0.5 * dry
    expected[:, d:] += 0.25 * dry[:, :-d]
    assert np.max(np.abs(wet - expected)) < 1e-3 < np.max(np.abs(wet - 0.5 * dry))

    with Catalog.open(tmp_path / "catalog.duckdb") as cat:  # stage_type is a free VARCHAR column
        assert cat.ingest(tmp_path / "run", score=False).added == 2
        rows = cat._query("SELECT stage_type, task FROM generations ORDER BY stage_type")
    assert [(r["stage_type"], r["task"]) for r in rows] == [("echo", "cover"), ("generate", "text2music")]


def test_the_dummy_specs_checks_and_the_shipped_registry_refuse_it_clearly():
    with pytest.raises(ConfigError) as info:  # the shipped registry has no echo
        parse_pipeline(PIPE)
    assert "stages[1].type: unknown stage type 'echo'" in str(info.value)
    assert "use one of: generate, refine, cover, repaint, extract, lego, complete, mix" in str(info.value)

    registry = STAGES.extended(ECHO)
    bad = {**PIPE, "stages": [PIPE["stages"][0], {"id": "wet", "type": "echo", "denoise": 0.3}]}
    with pytest.raises(ConfigError) as info:
        validate_pipeline(parse_pipeline(bad, stages=registry), SketchEngine().capabilities(), stages=registry)
    text = str(info.value)
    assert "a echo stage needs a source" in text and "a echo stage does not use 'denoise'" in text

    with pytest.raises(ConfigError, match="already registered"):
        registry.extended(ECHO)
    with pytest.raises(UnknownStageTypeError, match="unknown stage type 'reverb'.*generate, refine"):
        STAGES.spec("reverb")


def test_an_engine_says_which_stage_types_it_cannot_run(tmp_path):
    registry = STAGES.extended(ECHO)
    validated = validate_pipeline(parse_pipeline(PIPE, stages=registry), SketchEngine().capabilities(),
                                  stages=registry)
    with pytest.raises(EngineError, match="no handler for stage type 'echo'"):
        run_pipeline(validated, engine=SketchEngine(stages=registry), run_dir=tmp_path / "a")
    with pytest.raises(UnknownStageTypeError, match="unknown stage type 'echo'"):
        run_pipeline(validated, engine=SketchEngine(handlers={"echo": run_echo}), run_dir=tmp_path / "b")
