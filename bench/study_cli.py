"""The command line every corpus study shares: ``--out FILE`` measures (appending JSON lines), ``--read FILE``
prints the study's tables from what was measured."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path


def study_main(doc: str, collect: Callable[[Path], None], read: Callable[[Path], None]) -> int:
    ap = argparse.ArgumentParser(description=doc.split("\n\n")[0])
    ap.add_argument("--out", type=Path, default=None, help="measure every excerpt, append JSON lines here")
    ap.add_argument("--read", type=Path, default=None, help="print the tables from this file")
    a = ap.parse_args()
    if a.out:
        collect(a.out)
    if a.read:
        read(a.read)
    return 0
