"""Reading the catalog: ``ls`` filters, one take in full (``show``), read-only SQL.

``list_takes(cat, ...)`` returns ``TakeSummary`` rows newest first;
``get_generation(cat, id_or_prefix)`` returns a ``GenerationRow`` with report,
defects, repairs and pairs; ``run_sql(path, sql)`` (``catalog.sql``) runs a
person's query read-only, with time and memory limits.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from catalog.records import GenerationRow, PairRow, TakeSummary
from catalog.sql import run_sql
from catalog.store import Catalog
from engine.errors import CatalogError
from quality.report import Defect, Metrics, QualityReport, StemReport, StructureReport, SuggestedRepair

_SUMMARY_COLS = (
    "g.gen_id, g.created_at, g.caption, g.model, g.task, g.seed, g.bpm, g.keyscale, g.duration_s, "
    "g.overall, g.n_defects, g.tags, g.audio_path"
)


def list_takes(
    cat: Catalog,
    *,
    min_score: float | None = None,
    max_score: float | None = None,
    tag: str | None = None,
    since: datetime | None = None,
    model: str | None = None,
    run_id: str | None = None,
    defect: str | None = None,
    limit: int = 50,
) -> list[TakeSummary]:
    """Takes matching every filter given, newest first."""
    where, params = [], []
    for cond, value in (("g.overall >= ?", min_score), ("g.overall <= ?", max_score), ("g.created_at >= ?", since),
                        ("g.model = ?", model), ("g.run_id = ?", run_id),
                        ("list_contains(g.tags, ?)", tag.lower() if tag else None),
                        ("g.gen_id IN (SELECT gen_id FROM defects WHERE kind = ?)", defect or None)):
        if value is not None:
            where.append(cond)
            params.append(value)
    # one table, no join: generations carries copies of overall/n_defects for exactly this
    sql = (
        f"SELECT {_SUMMARY_COLS} FROM generations g "
        + (f"WHERE {' AND '.join(where)} " if where else "")
        + "ORDER BY g.created_at DESC, g.gen_id LIMIT ?"
    )
    return [TakeSummary(**r) for r in cat._query(sql, [*params, limit])]


def resolve_id(cat: Catalog, id_or_prefix: str) -> str:
    """Full gen_id from an id or a unique prefix (at least 4 characters)."""
    key = id_or_prefix.strip().lower()
    if len(key) < 4:
        raise CatalogError(f"'{id_or_prefix}' is too short to name a take (fix: give at least 4 characters of its id)")
    rows = cat.conn.execute(
        "SELECT gen_id FROM generations WHERE starts_with(gen_id, ?) ORDER BY gen_id LIMIT 3", [key]
    ).fetchall()
    if not rows:
        raise CatalogError(f"no take with id {id_or_prefix} in {cat.path} (fix: list takes with `aceprod catalog ls`)")
    if len(rows) > 1 and rows[0][0] != key:
        raise CatalogError(f"'{id_or_prefix}' matches several takes ({', '.join(r[0] for r in rows)}...) (fix: give more characters)")
    return rows[0][0]


def _report(row: dict[str, Any], defects: list[Defect]) -> QualityReport:
    return QualityReport(
        schema_version=row["schema_version"] or 1,
        overall=row["overall"],
        metrics=Metrics.model_validate(row["metrics"]),
        stems=[StemReport.model_validate(s) for s in row["stems"] or []],
        structure=StructureReport.model_validate(row["structure"]) if row["structure"] else None,
        defects=defects,
        suggested_repairs=[SuggestedRepair.model_validate(s) for s in row["suggested_repairs"] or []],
        analysis_seconds=row["analysis_seconds"],
        analyzer_version=row["analyzer_version"] or "",
    )


def get_generation(cat: Catalog, id_or_prefix: str) -> GenerationRow:
    """Everything about one take: params, report, defects, repairs, pairs, ratings."""
    gid = resolve_id(cat, id_or_prefix)
    g = cat._query("SELECT * FROM generations WHERE gen_id = ?", [gid])[0]
    drows = cat._query("SELECT kind, start_s, end_s, severity, stem, evidence FROM defects WHERE gen_id = ? ORDER BY idx", [gid])
    defects = [Defect(**{**d, "evidence": d["evidence"] or {}}) for d in drows]
    rrow = cat._query("SELECT * FROM quality_reports WHERE gen_id = ?", [gid])
    pairs = cat._query(
        "SELECT * EXCLUDE (mined_at), mined_at FROM pairs WHERE chosen_gen_id = ? OR rejected_gen_id = ? ORDER BY mined_at",
        [gid, gid],
    )
    return GenerationRow(
        gen_id=gid,
        sha256=g["sha256"],
        audio_path=g["audio_path"],
        audio_abspath=str(cat.resolve(g["audio_path"])),
        fields=g,
        report=_report(rrow[0], defects) if rrow else None,
        defects=defects,
        repairs=cat._query(
            "SELECT * FROM repairs WHERE from_gen_id = ? OR to_gen_id = ? ORDER BY created_at", [gid, gid]
        ),
        pairs=[PairRow(**p) for p in pairs],
        human_ratings=cat._query("SELECT rating, who, note, created_at FROM human_ratings WHERE gen_id = ?", [gid]),
    )


__all__ = ["get_generation", "list_takes", "resolve_id", "run_sql"]
