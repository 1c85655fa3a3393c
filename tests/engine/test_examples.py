"""Every example pipeline (patterns A-J) runs on the sketch engine through the CLI."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from engine.audio import probe
from engine.take import TakeSidecar

EXAMPLES = sorted((Path(__file__).parents[2] / "examples" / "pipelines").glob("*.yaml"))


def aceprod(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "agent.cli", *args], capture_output=True, text=True, timeout=600,
                          env=dict(os.environ, COLUMNS="120"))


def test_there_are_ten_patterns():
    assert len(EXAMPLES) == 10


@pytest.mark.slow
@pytest.mark.parametrize("pipeline", EXAMPLES, ids=lambda p: p.stem)
def test_example_runs(pipeline, tmp_path):
    proc = aceprod("run", str(pipeline), "--out", str(tmp_path), "--json")
    assert proc.returncode == 0, proc.stderr[-2000:]
    result = json.loads(proc.stdout)
    run_dir = Path(result["out_dir"])
    assert result["status"] == "ok" and result["takes"]
    for take in result["takes"]:
        info = probe(run_dir / take["audio_path"])
        assert info.samplerate == 48000 and info.channels == 2 and info.format == "FLAC"
        side = TakeSidecar.model_validate_json((run_dir / take["sidecar_path"]).read_text())
        req = side.request
        assert side.engine == "sketch" and req.seed == take["seed"] and side.sha256
        if req.model:
            assert req.instruction and req.steps and req.shift is not None
        for stem in side.stems.values():
            assert (run_dir / stem).is_file()
    assert not list(run_dir.glob("*.part")) and not list(run_dir.glob(".*.part"))


def test_validate_reports_all_problems_with_exit_2(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("stages:\n  - {id: c, type: cover, src_stage: g}\n  - {id: g, type: generate}\n"
                   "  - {id: l, type: lego, src_stage: g, track_name: guitar}\n")
    proc = aceprod("validate", str(bad))
    assert proc.returncode == 2 and "2 problems" in proc.stderr and "Traceback" not in proc.stderr
    proc = aceprod("run", str(bad), "--out", str(tmp_path / "o"))
    assert proc.returncode == 2 and not (tmp_path / "o").exists()
