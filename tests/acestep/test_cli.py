"""`aceprod checkpoints` and `aceprod run --engine acestep` end to end (subprocess, real CLI)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
import soundfile as sf
import yaml

REPO = Path(__file__).resolve().parents[2]
EXAMPLES = sorted((REPO / "examples" / "pipelines").glob("*.yaml"))
# Registers the engine if the registry does not have it yet, then runs the real CLI.
BOOT = (
    "import engine.protocol as p; p.ENGINES.setdefault('acestep', 'engine.acestep.engine:AceStepEngine'); "
    "from agent.cli import main; main()"
)


def aceprod(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    full_env = {**os.environ, "OMP_NUM_THREADS": "1", **(env or {})}
    return subprocess.run([sys.executable, "-c", BOOT, *args], capture_output=True, text=True, cwd=REPO,
                          env=full_env, timeout=600)


def test_checkpoints_json(tiny_root):
    r = aceprod("checkpoints", "--checkpoints", str(tiny_root), "--json")
    assert r.returncode == 0, r.stderr
    data = json.loads(r.stdout)
    names = {m["name"]: m for m in data["models"]}
    assert set(names) == {"turbo", "base", "sft"} and all(m["ok"] for m in names.values())
    assert "lego" in names["base"]["tasks"] and "lego" not in names["turbo"]["tasks"]


def test_checkpoints_env_var_and_empty(tmp_path):
    r = aceprod("checkpoints", env={"ACEPROD_CHECKPOINTS": str(tmp_path)})
    assert r.returncode == 2
    assert str(tmp_path.resolve()) in r.stderr and "acestep-v15-turbo-diffusers" in r.stderr


def test_run_without_checkpoints_stops_at_once(tmp_path):
    empty = tmp_path / "ck"
    r = aceprod("run", str(EXAMPLES[0]), "--engine", "acestep", "--checkpoints", str(empty), "--out",
                str(tmp_path / "out"))
    assert r.returncode == 2
    assert str(empty.resolve()) in r.stderr and "acestep-v15-turbo-diffusers" in r.stderr
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


def _shrink(src: Path, dst: Path, seconds: float) -> None:
    """The example with its song shortened to ``seconds`` (events scaled), batch <= 2."""
    data = yaml.safe_load(src.read_text())
    if "duration" in data:
        scale = seconds / float(data["duration"])
        data["duration"] = seconds
        for ev in data.get("events") or []:
            ev["start"], ev["end"] = round(ev["start"] * scale, 3), round(ev["end"] * scale, 3)
    data["batch_size"] = min(int(data.get("batch_size", 1)), 2)
    dst.write_text(yaml.safe_dump(data, sort_keys=False))


@pytest.mark.slow
@pytest.mark.parametrize("example", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_example_pipeline_runs_on_acestep(example, tiny_root, tmp_path, monkeypatch):
    """Every shipped example pipeline, unchanged but for a shorter song, in-process."""
    from typer.testing import CliRunner

    import engine.protocol
    from agent.cli import app

    monkeypatch.setitem(engine.protocol.ENGINES, "acestep", "engine.acestep.engine:AceStepEngine")
    (tmp_path / "pipelines").mkdir()
    (tmp_path / "audio").mkdir()
    sr = 44_100  # a mono 44.1 kHz upload: the engine must convert it
    t = np.arange(int(13 * sr)) / sr
    sf.write(tmp_path / "audio" / "source.flac", (0.3 * np.sin(2 * np.pi * 110 * t)).astype(np.float32), sr)
    pipeline = tmp_path / "pipelines" / example.name
    _shrink(example, pipeline, seconds=10.0)
    r = CliRunner().invoke(app, ["run", str(pipeline), "--engine", "acestep", "--checkpoints", str(tiny_root),
                                 "--out", str(tmp_path / "out"), "--json"])
    assert r.exit_code == 0, (r.output[-3000:], r.exception)
    result = json.loads(r.stdout)
    assert result["engine"] == "acestep" and result["takes"]
    out_dir = Path(result["out_dir"])
    for take in result["takes"]:
        info = sf.info(out_dir / take["audio_path"]) if not Path(take["audio_path"]).is_absolute() \
            else sf.info(take["audio_path"])
        assert info.samplerate == 48_000 and info.channels == 2
        assert info.duration == pytest.approx(take["duration_s"], abs=1e-3)
        assert take["duration_s"] in (pytest.approx(10.0, abs=1e-3), pytest.approx(13.0, abs=1e-3))
