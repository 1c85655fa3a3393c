"""Studio tests: real runs on the sketch engine (--llm none, short tracks), the
studio as a process, Debian's chromium through chromium-driver and selenium."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    e = dict(os.environ)
    e.update(ACEPROD_HOME=str(tmp_path / "home"), ACEPROD_CATALOG=str(tmp_path / "unused.duckdb"),
             PYTHONWARNINGS="ignore", COLUMNS="200")
    return e


@pytest.fixture
def dirs(tmp_path: Path) -> dict[str, Path]:
    return {"out": tmp_path / "out", "catalog": tmp_path / "cat.duckdb"}
