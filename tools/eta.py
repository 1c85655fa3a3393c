"""Agent-callable: how long a take will take, from past timings in the catalog.

Seconds per second of audio (engine render + analysis) are taken from the most
recent takes of the same engine and model (and steps when known); with no
history, a conservative default per engine is used.
"""

from __future__ import annotations

import contextlib
from pathlib import Path

from pydantic import BaseModel

from engine.errors import CatalogError

DEFAULT_SECONDS_PER_AUDIO_SECOND = {"sketch": 0.12, "acestep": 0.5}
HISTORY = 200


class TakeEstimate(BaseModel):
    seconds: float
    source: str  # "catalog (N takes)" | "default"


def estimate_take_seconds(catalog_path: Path | None, *, engine: str, model: str | None, steps: int | None,
                          duration_s: float) -> TakeEstimate:
    """Expected wall seconds to render and analyse one take of ``duration_s``."""
    per_second = None
    source = "default"
    if catalog_path is not None and catalog_path.is_file():
        from catalog.store import Catalog

        with contextlib.suppress(CatalogError):
            with Catalog.open(catalog_path, read_only=True) as cat:
                rows = cat.recent_timings(engine=engine, model=model, steps=steps, limit=HISTORY)
                ratios = []
                for r in rows:
                    spent = r.timings.get("render", 0.0) + r.timings.get("write", 0.0) + (r.analysis_seconds or 0.0)
                    if spent > 0:
                        ratios.append(spent / r.duration_s)
                if ratios:
                    ratios.sort()
                    per_second = ratios[len(ratios) // 2]
                    source = f"catalog ({len(ratios)} takes)"
    if per_second is None:
        per_second = DEFAULT_SECONDS_PER_AUDIO_SECOND.get(engine, 0.5)
    return TakeEstimate(seconds=round(per_second * duration_s, 2), source=source)
