"""bench/acestep_gpu.py: one JSON summary; a clean skip without a GPU."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


def test_skips_cleanly_without_a_gpu(tmp_path):
    import torch

    if torch.cuda.is_available():
        pytest.skip("a GPU is present: the benchmark would run for real")
    out = tmp_path / "summary.json"
    r = subprocess.run([sys.executable, str(REPO / "bench" / "acestep_gpu.py"), "--out", str(out)],
                       capture_output=True, text=True, cwd=REPO, timeout=300)
    assert r.returncode == 0, r.stderr
    summary = json.loads(r.stdout)
    assert "no CUDA GPU" in summary["skipped"] and json.loads(out.read_text()) == summary


def test_missing_checkpoints_skip_with_the_reason(tmp_path, monkeypatch, capsys):
    sys.path.insert(0, str(REPO / "bench"))
    import acestep_gpu

    assert acestep_gpu.main(["--allow-cpu", "--checkpoints", str(tmp_path / "none")]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert "no usable ACE-Step 1.5 checkpoint" in summary["skipped"]
