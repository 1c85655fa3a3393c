"""Reliability and security tests: hostile and odd input never crashes, escapes or
corrupts. Helpers live in reliab_kit (this folder and tests/catalog go on sys.path)."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
sys.path.insert(0, str(Path(__file__).parent.parent / "catalog"))
