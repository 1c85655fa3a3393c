"""What a session keeps beyond one run: A/B choices stored as human pairs, dataset
export of the stored pairs."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from agent.records import Pick, TakeRecord
from engine.errors import ConfigError

EXPORT_FORMATS = ("jsonl", "parquet", "both")


def store_ab_choice(catalog: Path, records: list[TakeRecord], chosen: str, over: str | None, *, run_id: str,
                    who: str) -> tuple[int, int, str, list[str]]:
    """Store ``chosen`` over ``over`` (or over every other take of its track); (choices, new pairs, a, others)."""
    from agent.nodes.preferences import gen_id, write_picks
    from catalog.store import Catalog

    takes = {t.take_id: t for t in records}
    a = chosen.lower()
    if a not in takes:
        raise ConfigError(f"no take '{chosen}' in this run (fix: one of {', '.join(sorted(takes))})")
    if over is None:
        others = [t for t in takes if takes[t].track == takes[a].track and t != a]
    else:
        if over.lower() not in takes:
            raise ConfigError(f"no take '{over}' in this run (fix: one of {', '.join(sorted(takes))})")
        others = [over.lower()]
    if not others or a in others:
        raise ConfigError("a choice needs two different takes (fix: pick TAKE over OTHER_TAKE)")
    with Catalog.open(catalog, wait_s=10) as cat:
        missing = [t for t in [a, *others] if not cat.exists(gen_id(takes[t]))]
        if missing:
            raise ConfigError(f"take(s) {', '.join(missing)} are not in the catalog yet (fix: let the run "
                              "finish first: `resume`)")
        with cat.transaction():
            n = write_picks(cat, [Pick(track=takes[a].track, chosen=a, others=others)], takes,
                            run_id=run_id, who=who)
            mined = cat.mine_pairs("human").inserted
    return n, mined, a, others


def export_pairs(catalog: Path | None, folder: str | Path, fmt: str = "jsonl") -> Any:
    """Write the stored pairs as a new dataset version in ``folder``; the DatasetVersion."""
    from catalog.store import Catalog

    if catalog is None or not Path(catalog).exists():
        raise ConfigError("no catalog to export from yet (fix: finish a run first)")
    if fmt not in EXPORT_FORMATS:
        raise ConfigError(f"format '{fmt}' is not jsonl, parquet or both (fix: export {folder} jsonl)")
    with Catalog.open(catalog, wait_s=10) as cat:
        return cat.export(Path(folder), format=fmt)
