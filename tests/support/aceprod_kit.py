"""What the tests that run `aceprod` as a process share: the installed command and catalog rows."""

from __future__ import annotations

import sys
from pathlib import Path

ACEPROD = str(Path(sys.executable).parent / "aceprod")


def rows(catalog: Path, sql: str) -> list[dict]:
    """The rows of ``sql`` in the catalog, waiting up to 20 s for a writer to let go."""
    from catalog.store import Catalog

    with Catalog.open(catalog, read_only=True, wait_s=20) as cat:
        return cat._query(sql)
