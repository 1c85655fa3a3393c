"""Drive aceprod as a person would: through a pseudo-terminal (pexpect), on the
sketch engine with --llm none, short tracks, tmp --out/--catalog/$ACEPROD_HOME."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
pytest.importorskip("pexpect")


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    e = dict(os.environ)
    e.update(ACEPROD_HOME=str(tmp_path / "home"), PROMPT_TOOLKIT_NO_CPR="1", TERM="xterm", COLUMNS="220",
             ACEPROD_CATALOG=str(tmp_path / "unused.duckdb"), PYTHONWARNINGS="ignore")
    return e


@pytest.fixture
def dirs(tmp_path: Path) -> dict[str, Path]:
    return {"out": tmp_path / "out", "catalog": tmp_path / "cat.duckdb"}
