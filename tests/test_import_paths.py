"""The test tree never shadows the project's packages (a namespace ``catalog`` once did)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

PACKAGES = ("agent", "catalog", "engine", "quality", "tools")


def test_test_helpers_path_shadows_no_project_package():
    support = Path(__file__).parent / "support"
    code = (
        "import importlib, sys\n"
        f"sys.path.insert(0, {str(support)!r})\n"
        f"for name in {PACKAGES!r}:\n"
        "    mod = importlib.import_module(name)\n"
        "    assert getattr(mod, '__file__', None), f'{name} resolved to a namespace package: {mod!r}'\n"
        "    print(name, mod.__file__)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd="/")
    assert out.returncode == 0, out.stderr
