"""Shared by every test folder: ``tests/support`` is importable, so helpers that several
folders use (``kill_resume``) live there.

Only that folder goes on ``sys.path``, never ``tests/`` itself: ``tests/catalog``,
``tests/engine`` … carry no ``__init__.py``, so with ``tests/`` on the path a later
``import catalog`` would find the test folder as a namespace package before the editable
install's finder is asked, and the project's own ``catalog`` would vanish."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent / "support"))
