"""Coverage of the catalog: what the dataset has plenty of, and the gaps to fill.

``coverage(cat, min_score=None, target=...)`` counts takes (optionally only those
scoring >= min_score) by genre tag, tempo band, key, vocal/instrumental and
instrument, and lists every cell of the fixed vocabularies holding fewer than
``target`` takes (what a planner could fill next). ``target``
defaults to a tenth of the mean count per cell of that dimension, at least 1.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from catalog.store import Catalog
from catalog.tags import GENRES, INSTRUMENTS, TEMPO_BANDS
from engine.pipeline import key_name, parse_key

KEYS = tuple(key_name(pc, mode) for mode in ("major", "minor") for pc in range(12))


class Cell(BaseModel):
    dimension: str
    value: str
    count: int


class Coverage(BaseModel):
    total: int
    min_score: float | None
    counts: dict[str, dict[str, int]]
    gaps: list[Cell]


def _band_sql() -> str:
    cases = " ".join(f"WHEN bpm >= {lo} AND bpm < {hi} THEN '{name}'" for name, lo, hi in TEMPO_BANDS)
    return f"CASE {cases} ELSE 'unknown' END"


def _keys(rows: list[tuple[str, int]]) -> dict[str, int]:
    out = {k: 0 for k in KEYS}
    for key, n in rows:
        name = key_name(*parsed) if (parsed := parse_key(key)) else key  # one spelling per pitch class
        out[name] = out.get(name, 0) + n
    return out


def coverage(cat: Catalog, *, min_score: float | None = None, target: int | None = None) -> Coverage:
    """Counts per dimension and the under-covered cells (see module docstring)."""
    base = (
        "CREATE OR REPLACE TEMP TABLE _cov AS SELECT g.tags, g.bpm, g.keyscale, g.instrumental "
        "FROM generations g WHERE ?::DOUBLE IS NULL OR g.overall >= ?"
    )
    c = cat.conn
    c.execute(base, [min_score, min_score])
    total = c.execute("SELECT count(*) FROM _cov").fetchall()[0][0]
    tag_counts = dict(c.execute("SELECT t, count(*) FROM (SELECT unnest(tags) AS t FROM _cov) GROUP BY t").fetchall())
    counts: dict[str, dict[str, Any]] = {
        "genre": {g: tag_counts.get(g, 0) for g in GENRES},
        "tempo": {name: 0 for name, _, _ in TEMPO_BANDS} | dict(c.execute(f"SELECT {_band_sql()}, count(*) FROM _cov GROUP BY 1").fetchall()),
        "key": _keys(c.execute("SELECT coalesce(keyscale, 'unknown'), count(*) FROM _cov GROUP BY 1").fetchall()),
        "vocal": {"vocal": 0, "instrumental": 0} | dict(c.execute(
            "SELECT CASE WHEN instrumental THEN 'instrumental' ELSE 'vocal' END, count(*) FROM _cov GROUP BY 1").fetchall()),
        "instrument": {t: tag_counts.get(t, 0) for t in sorted(set(INSTRUMENTS.values()))},
    }
    c.execute("DROP TABLE _cov")
    gaps = []
    for dim, cells in counts.items():
        known = {k: v for k, v in cells.items() if k != "unknown"}
        floor = target if target is not None else max(1, int(0.1 * sum(known.values()) / max(1, len(known))))
        gaps += [Cell(dimension=dim, value=k, count=v) for k, v in known.items() if v < floor]
    gaps.sort(key=lambda x: (x.dimension, x.count, x.value))
    return Coverage(total=total, min_score=min_score, counts=counts, gaps=gaps)
