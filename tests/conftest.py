"""Shared by every test folder: ``tests/support`` is importable, so helpers that several
folders use (``kill_resume``, ``aceprod_kit``) live there, and fixtures several folders use are here.

Only that folder goes on ``sys.path``, never ``tests/`` itself: ``tests/catalog``,
``tests/engine`` … carry no ``__init__.py``, so with ``tests/`` on the path a later
``import catalog`` would find the test folder as a namespace package before the editable
install's finder is asked, and the project's own ``catalog`` would vanish."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent / "support"))


@pytest.fixture
def cat_path(tmp_path: Path) -> Path:
    """A catalog file that does not exist yet."""
    return tmp_path / "cat" / "catalog.duckdb"


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    """The environment of an `aceprod` process run as a person would, in a pseudo-terminal or not: its own
    home and default catalog under ``tmp_path``, a wide terminal."""
    return dict(os.environ, ACEPROD_HOME=str(tmp_path / "home"), ACEPROD_CATALOG=str(tmp_path / "unused.duckdb"),
                PROMPT_TOOLKIT_NO_CPR="1", TERM="xterm", COLUMNS="220", PYTHONWARNINGS="ignore")


@pytest.fixture
def dirs(tmp_path: Path) -> dict[str, Path]:
    """``--out`` and ``--catalog`` of a run."""
    return {"out": tmp_path / "out", "catalog": tmp_path / "cat.duckdb"}
