"""Shared fixtures: a clean synthetic song (with stems and plan) and helpers."""

from __future__ import annotations

import numpy as np
import pytest

from quality import fixtures as F

SR = 48_000


@pytest.fixture(scope="session")
def reference_kernels():
    """The straightforward kernels the fused passes are checked against (tests only)."""
    import importlib.util
    from pathlib import Path

    spec = importlib.util.spec_from_file_location("reference_kernels", Path(__file__).with_name("reference_kernels.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="session")
def clean_song():
    """(mix (2, n), stems, events) of a clean 30 s song, -16 LUFS, 120 bpm."""
    return F.song(duration_s=30.0, seed=1)


@pytest.fixture(scope="session")
def clean_report(clean_song):
    from quality.analyze import analyze

    y, stems, ev = clean_song
    return analyze(y, stems=stems, events=ev, planned_duration_s=30.0)


def sine(freq_hz: float = 440.0, *, seconds: float = 5.0, amp: float = 0.5) -> np.ndarray:
    t = np.arange(int(seconds * SR)) / SR
    x = (amp * np.sin(2 * np.pi * freq_hz * t)).astype(np.float32)
    return np.stack([x, x])


def kinds(report, *, min_severity: float = 0.0, stem: str | None = None) -> set[str]:
    return {d.kind.value for d in report.defects if d.severity >= min_severity and d.stem == stem}
