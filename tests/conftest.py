"""Shared by every test folder: the folder itself is importable, so helpers that several
folders use (``kill_resume``) live beside this file."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
