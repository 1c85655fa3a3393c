"""Executor: dependency order, latents passed in memory, sidecars, atomic outputs, failures."""

from __future__ import annotations

import json
import os

import numpy as np
import pytest

from engine.audio import read_audio, sha256_file
from engine.constants import SAMPLE_RATE, Task
from engine.errors import EngineError, OutputError
from engine.executor import choose_run_dir, run_pipeline
from engine.pipeline import parse_pipeline
from engine.protocol import EngineCapabilities, ModelInfo
from engine.stages.mix import mix_takes
from engine.take import StageRequest, Take, TakeSidecar
from engine.validate import validate_pipeline


class ToneEngine:
    """A minimal engine that obeys the protocol: one sine per request, seed -> pitch.

    It records the calls it gets, can fail on a named stage, and hands a latent
    (the frequency) forward so tests can see latents travel without round trips.
    """

    name = "tone"

    def __init__(self, fail_on: str | None = None) -> None:
        self.calls: list[tuple[StageRequest, list[Take]]] = []
        self.fail_on = fail_on
        self.loaded: list[str] = []

    def capabilities(self) -> EngineCapabilities:
        return EngineCapabilities(engine="tone", version="1", default_model="turbo", has_stems=True, models=[
            ModelInfo(name="turbo", tasks=[Task.text2music, Task.cover, Task.repaint], default_steps=8,
                      default_shift=3.0, default_guidance=0.0, max_duration_s=60),
            ModelInfo(name="base", tasks=list(Task), default_steps=50, default_shift=3.0, default_guidance=7.0,
                      max_duration_s=60)])

    def load(self, model: str) -> None:
        self.loaded.append(model)

    def unload(self) -> None:
        pass

    def run(self, request: StageRequest, sources: list[Take]) -> Take:
        self.calls.append((request, sources))
        if request.stage_id == self.fail_on:
            raise RuntimeError("boom")
        if request.stage_type == "mix":
            return mix_takes(sources, request.source_gains_db)
        freq = sources[0].latent * 1.5 if sources and sources[0].latent else 110.0 + request.seed % 200
        t = np.arange(int(request.duration * SAMPLE_RATE)) / SAMPLE_RATE
        y = (0.2 * np.sin(2 * np.pi * freq * t)).astype(np.float32)
        audio = np.stack([y, y])
        return Take(audio=audio, stems={"keyboard": audio.copy()}, latent=freq)


PIPE = {"name": "t", "caption": "test", "duration": 2, "batch_size": 2, "seed": 7,
        "stages": [{"id": "gen", "type": "generate"},
                   {"id": "ref", "type": "refine", "input_stage": "gen", "denoise": 0.3, "caption": "brighter"},
                   {"id": "mix", "type": "mix", "sources": [{"stage": "gen"}, {"stage": "ref", "gain_db": -6}]}]}


def run(tmp_path, engine, data=PIPE):
    v = validate_pipeline(parse_pipeline(data), engine.capabilities())
    return run_pipeline(v, engine=engine, run_dir=tmp_path / "run")


def test_runs_in_order_and_writes_sidecars(tmp_path):
    eng = ToneEngine()
    result = run(tmp_path, eng)
    assert [(t.stage_id, t.batch_index) for t in result.takes] == [
        ("gen", 0), ("gen", 1), ("ref", 0), ("ref", 1), ("mix", 0), ("mix", 1)]
    req, sources = eng.calls[2]
    assert req.caption == "brighter" and req.denoise == 0.3 and req.steps == 8 and req.seed == 7
    assert sources[0].latent == 110.0 + 7 % 200  # the latent object itself, not a decoded copy
    side = TakeSidecar.model_validate_json((tmp_path / "run" / "ref.b0.json").read_text())
    assert side.request.instruction == "Fill the audio semantic mask based on the given conditions:"
    assert side.sources[0].ref == "gen" and side.sources[0].sha256 == sha256_file(tmp_path / "run" / "gen.b0.flac")
    assert side.sha256 == sha256_file(tmp_path / "run" / "ref.b0.flac")
    assert side.stems == {"keyboard": "ref.b0.stems/keyboard.flac"}
    assert set(side.timings_s) == {"render", "write"}
    audio = read_audio(tmp_path / "run" / "mix.b1.flac")
    assert audio.shape == (2, 2 * SAMPLE_RATE)
    manifest = json.loads((tmp_path / "run" / "run.json").read_text())
    assert manifest["status"] == "ok" and len(manifest["takes"]) == 6


def test_batch_seeds_differ_and_stage_seed_wins(tmp_path):
    data = dict(PIPE, stages=[{"id": "gen", "type": "generate"}, {"id": "g2", "type": "generate", "seed": 100}])
    eng = ToneEngine()
    run(tmp_path, eng, data)
    assert [c[0].seed for c in eng.calls] == [7, 8, 100, 101]


def test_failure_keeps_whole_takes_and_removes_partial(tmp_path):
    eng = ToneEngine(fail_on="ref")
    with pytest.raises(EngineError, match="failed in ref.b0: RuntimeError: boom"):
        run(tmp_path, eng)
    files = sorted(os.listdir(tmp_path / "run"))
    assert "ref.b0.flac" not in files and "ref.b0.json" not in files
    assert {"gen.b0.flac", "gen.b0.json", "gen.b1.flac", "gen.b1.json", "run.json"} <= set(files)
    assert not [f for f in files if f.endswith(".part")]
    manifest = json.loads((tmp_path / "run" / "run.json").read_text())
    assert manifest["status"] == "failed" and "boom" in manifest["error"]


def test_unwritable_output_is_refused_before_work(tmp_path):
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    if os.access(locked, os.W_OK):  # root ignores permissions; use a path under a file instead
        blocker = tmp_path / "file"
        blocker.write_text("x")
        locked = blocker / "sub"
    eng = ToneEngine()
    with pytest.raises(OutputError, match="not writable"):
        v = validate_pipeline(parse_pipeline(PIPE), eng.capabilities())
        run_pipeline(v, engine=eng, run_dir=locked / "run")
    assert eng.calls == []


def test_choose_run_dir_never_overwrites(tmp_path):
    first = choose_run_dir(tmp_path, "p")
    first.mkdir()
    (first / "run.json").write_text("{}")
    assert choose_run_dir(tmp_path, "p").name == "p.2"
    assert choose_run_dir(tmp_path, "p", overwrite=True).name == "p"


def test_stage_with_uploaded_source_gets_source_length(tmp_path):
    from engine.audio import write_flac

    write_flac(tmp_path / "src.flac", 0.1 * np.ones((2, SAMPLE_RATE * 3), dtype=np.float32))
    data = {"duration": 10, "stages": [{"id": "c", "type": "cover", "src_audio": "src.flac"}]}
    eng = ToneEngine()
    v = validate_pipeline(parse_pipeline(data), eng.capabilities(), base_dir=tmp_path)
    run_pipeline(v, engine=eng, run_dir=tmp_path / "run")
    req, sources = eng.calls[0]
    assert req.duration == pytest.approx(3.0) and sources[0].audio.shape == (2, SAMPLE_RATE * 3)
    assert req.audio_cover_strength == 1.0


def test_uploaded_take_brings_its_stems(tmp_path):
    eng = ToneEngine()
    run(tmp_path, eng, dict(PIPE, batch_size=1, stages=[{"id": "gen", "type": "generate"}]))
    src = tmp_path / "run" / "gen.b0.flac"
    data = {"duration": 2, "stages": [{"id": "x", "type": "extract", "src_audio": str(src), "track_name": "keyboard",
                                       "model": "base"}]}
    eng2 = ToneEngine()
    v = validate_pipeline(parse_pipeline(data), eng2.capabilities(), base_dir=tmp_path)
    run_pipeline(v, engine=eng2, run_dir=tmp_path / "run2")
    _, sources = eng2.calls[0]
    assert set(sources[0].stems) == {"keyboard"}
    assert sources[0].stems["keyboard"].shape == sources[0].audio.shape


def test_the_executor_resolves_each_stage_through_the_registry_it_is_given(tmp_path):
    """A test-only registry with a dummy refine spec: its request fields reach the engine
    and the sidecar; the shipped registry's default would differ."""
    from engine.stages import DEFAULT_DENOISE, STAGES, StageRegistry

    class GentleRefine(type(STAGES["refine"])):
        def request_fields(self, stage):
            return {"denoise": 0.05, "track_name": "keyboard"}  # fields of its own, whatever the stage says

    gentle = GentleRefine(**{f: getattr(STAGES["refine"], f) for f in STAGES["refine"].__dataclass_fields__})
    registry = StageRegistry([gentle if s.type == "refine" else s for s in STAGES.values()])
    data = {**PIPE, "batch_size": 1, "stages": PIPE["stages"][:2]}
    data["stages"] = [data["stages"][0], {k: v for k, v in data["stages"][1].items() if k != "denoise"}]
    engine = ToneEngine()
    v = validate_pipeline(parse_pipeline(data), engine.capabilities())
    run_pipeline(v, engine=engine, run_dir=tmp_path / "dummy", stages=registry)
    refine_req = [r for r, _ in engine.calls if r.stage_id == "ref"][0]
    assert (refine_req.denoise, refine_req.track_name) == (0.05, "keyboard")
    side = TakeSidecar.model_validate_json((tmp_path / "dummy" / "ref.b0.json").read_text())
    assert side.request.denoise == 0.05
    plain = ToneEngine()
    run_pipeline(v, engine=plain, run_dir=tmp_path / "plain")
    assert [r for r, _ in plain.calls if r.stage_id == "ref"][0].denoise == DEFAULT_DENOISE != 0.05


def test_every_stage_type_has_a_spec_a_task_and_both_engines_run_it():
    from engine.acestep.tasks import PLANNERS
    from engine.constants import StageType
    from engine.sketch.tasks import TASKS
    from engine.stages import STAGES

    assert set(STAGES) == set(StageType) == set(TASKS)
    assert {t for t, spec in STAGES.items() if spec.task is not None} == set(PLANNERS)
    for spec in STAGES.values():
        assert set(spec.request_fields(parse_pipeline(PIPE).stages[0])) <= set(StageRequest.model_fields)
