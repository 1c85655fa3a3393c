"""Studio tests: real runs on the sketch engine (--llm none, short tracks), the
studio as a process, Debian's chromium through chromium-driver and selenium."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
