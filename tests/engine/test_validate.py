"""Pipeline validation: every bad input of the foundation issue, reported with path and fix."""

from __future__ import annotations

import numpy as np
import pytest
import soundfile as sf

from engine.audio import write_flac
from engine.constants import Task
from engine.errors import ConfigError
from engine.pipeline import load_pipeline, parse_pipeline
from engine.protocol import EngineCapabilities, ModelInfo
from engine.validate import validate_pipeline

ALL = list(Task)
CAPS = EngineCapabilities(
    engine="test",
    default_model="turbo",
    models=[
        ModelInfo(name="turbo", tasks=[Task.text2music, Task.cover, Task.repaint], default_steps=8,
                  default_shift=3.0, default_guidance=0.0, max_duration_s=600),
        ModelInfo(name="base", tasks=ALL, default_steps=50, default_shift=3.0, default_guidance=7.0,
                  max_duration_s=600),
    ],
)


def check(data: dict, tmp_path=None) -> ConfigError:
    with pytest.raises(ConfigError) as info:
        validate_pipeline(parse_pipeline(data), CAPS, base_dir=tmp_path or ".")
    return info.value


def paths(err: ConfigError) -> list[str]:
    return [p.path for p in err.problems]


def test_valid_pipeline_passes():
    v = validate_pipeline(parse_pipeline({
        "caption": "jazz", "duration": 20,
        "stages": [{"id": "g", "type": "generate"},
                   {"id": "r", "type": "refine", "input_stage": "g", "denoise": 0.4},
                   {"id": "x", "type": "extract", "src_stage": "r", "track_name": "Drums", "model": "base"},
                   {"id": "m", "type": "mix", "sources": [{"stage": "g"}, {"stage": "x", "gain_db": -3}]}]}), CAPS)
    assert v.order == ["g", "r", "x", "m"]
    assert v.models == {"g": "turbo", "r": "turbo", "x": "base", "m": None}
    assert v.config.stages[2].track_name == "drums"


def test_malformed_yaml_names_line(tmp_path):
    f = tmp_path / "bad.yaml"
    f.write_text("caption: x\nstages:\n  - id: g\n   type: generate\n")
    with pytest.raises(ConfigError) as info:
        load_pipeline(f)
    assert "malformed YAML at line" in str(info.value)


def test_unknown_stage_type_lists_valid_types():
    with pytest.raises(ConfigError) as info:
        parse_pipeline({"stages": [{"id": "g", "type": "remix"}]})
    err = info.value
    assert paths(err) == ["stages[0].type"]
    assert "unknown stage type 'remix'" in str(err) and "generate, refine, cover" in str(err)


def test_unknown_field_and_range_errors_all_at_once():
    with pytest.raises(ConfigError) as info:
        parse_pipeline({"bpm": 900, "stages": [{"id": "c", "type": "cover", "audio_cover_strength": 1.5,
                                                 "colour": "red"}]})
    assert set(paths(info.value)) == {"bpm", "stages[0].audio_cover_strength", "stages[0].colour"}


def test_reference_to_later_and_missing_stage():
    err = check({"stages": [{"id": "c", "type": "cover", "src_stage": "g"},
                            {"id": "g", "type": "generate"},
                            {"id": "r", "type": "repaint", "src_stage": "nope", "repainting_start": 1}]})
    text = str(err)
    assert "stages[0].src_stage" in paths(err) and "comes later" in text
    assert "stages[2].src_stage" in paths(err) and "'nope', which does not exist" in text


def test_cycle_is_named():
    err = check({"stages": [{"id": "a", "type": "cover", "src_stage": "b"},
                            {"id": "b", "type": "cover", "src_stage": "a"}]})
    assert "cyclic reference: a -> b -> a" in str(err)
    err = check({"stages": [{"id": "a", "type": "cover", "src_stage": "a"}]})
    assert "cyclic reference: a -> a" in str(err)


def test_cover_without_source():
    err = check({"stages": [{"id": "c", "type": "cover"}]})
    assert paths(err) == ["stages[0]"] and "needs a source" in str(err)


def test_repaint_ranges():
    base = [{"id": "g", "type": "generate"}]
    err = check({"duration": 30, "stages": base + [
        {"id": "r", "type": "repaint", "src_stage": "g", "repainting_start": 10, "repainting_end": 5}]})
    assert "must be after repainting_start" in str(err)
    err = check({"duration": 30, "stages": base + [
        {"id": "r", "type": "repaint", "src_stage": "g", "repainting_start": 10, "repainting_end": 45}]})
    assert paths(err) == ["stages[1].repainting_end"] and "past the end of the source (30.00 s)" in str(err)
    err = check({"duration": 30, "stages": base + [{"id": "r", "type": "repaint", "src_stage": "g"}]})
    assert "needs repainting_start" in str(err)


def test_base_only_task_on_turbo():
    err = check({"stages": [{"id": "g", "type": "generate"},
                            {"id": "l", "type": "lego", "src_stage": "g", "track_name": "guitar"}]})
    assert "model 'turbo' cannot run lego" in str(err) and "set model: base" in str(err)


def test_missing_track_name_and_unknown_model():
    err = check({"stages": [{"id": "g", "type": "generate", "model": "huge"},
                            {"id": "x", "type": "extract", "src_stage": "g", "model": "base"}]})
    assert set(paths(err)) == {"stages[0].model", "stages[1].track_name"}


def test_field_not_used_by_stage_type():
    err = check({"stages": [{"id": "g", "type": "generate", "denoise": 0.3}]})
    assert paths(err) == ["stages[0].denoise"] and "does not use 'denoise'" in str(err)


def test_mix_needs_two_sources():
    err = check({"stages": [{"id": "g", "type": "generate"}, {"id": "m", "type": "mix", "sources": [{"stage": "g"}]}]})
    assert "at least two sources" in str(err)


def test_events_outside_duration_and_overlapping():
    err = check({"duration": 20, "events": [{"type": "intro", "start": 0, "end": 8},
                                            {"type": "verse", "start": 6, "end": 25}],
                 "stages": [{"id": "g", "type": "generate"}]})
    assert set(paths(err)) == {"events[1].end", "events[1].start"}


def test_missing_corrupt_empty_and_nan_sources(tmp_path):
    (tmp_path / "corrupt.flac").write_bytes(b"fLaC" + b"\x00" * 100)
    (tmp_path / "empty.wav").write_bytes(b"")
    sf.write(tmp_path / "nan.wav", np.full((4800, 2), np.nan, dtype=np.float32), 48000, subtype="FLOAT")
    sf.write(tmp_path / "zero.wav", np.zeros((0, 2), dtype=np.float32), 48000, subtype="FLOAT")
    stages = [{"id": f"c{i}", "type": "cover", "src_audio": name}
              for i, name in enumerate(["missing.wav", "corrupt.flac", "empty.wav", "nan.wav", "zero.wav"])]
    err = check({"stages": stages}, tmp_path)
    text = str(err)
    assert len(err.problems) == 5
    assert "not found" in text and "cannot read" in text and "empty (0 bytes)" in text
    assert "NaN/inf" in text and "holds no samples" in text


def test_uploaded_source_sets_repaint_bounds(tmp_path):
    write_flac(tmp_path / "src.flac", 0.1 * np.ones((2, 48000 * 4), dtype=np.float32))
    err = check({"duration": 30, "stages": [
        {"id": "r", "type": "repaint", "src_audio": "src.flac", "repainting_start": 2, "repainting_end": 6}]}, tmp_path)
    assert "past the end of the source (4.00 s)" in str(err)


def test_keys_and_time_signatures_normalised():
    cfg = parse_pipeline({"keyscale": "f# min", "timesignature": 3, "stages": [{"id": "g", "type": "generate"}]})
    assert cfg.keyscale == "F# minor" and cfg.timesignature == "3/4"
    with pytest.raises(ConfigError, match="is not a key"):
        parse_pipeline({"keyscale": "H major", "stages": [{"id": "g", "type": "generate"}]})


def test_one_reading_of_a_key_for_engines_catalog_and_references():
    from engine.pipeline import key_name, parse_key

    assert parse_key("F# minor") == parse_key("gb min") == (6, "minor")
    assert parse_key("Db major") == parse_key("C♯ maj") == (1, "major") and key_name(1, "major") == "C# major"
    assert parse_key("Cb major") == (11, "major") and parse_key("B# minor") == (0, "minor")
    assert parse_key(None) is parse_key("unknown") is parse_key("H major") is None
