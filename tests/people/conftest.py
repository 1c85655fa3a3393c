"""Drive aceprod as a person would: through a pseudo-terminal (pexpect), on the
sketch engine with --llm none, short tracks, tmp --out/--catalog/$ACEPROD_HOME."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
pytest.importorskip("pexpect")
