"""Named reads of the catalog: what learning, ETA, pairs, datasets, the REPL and the
benches ask of it. ``Catalog`` inherits them, so callers never write SQL (user SQL
goes through ``aceprod catalog sql``, catalog/query.py)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel

from catalog.records import PairRow

if TYPE_CHECKING:
    import duckdb


class RunListing(BaseModel):
    """One run of the catalog, for listings."""

    run_id: str
    mode: str | None
    started_at: str | None
    brief: str | None
    takes: int  # generations of the run
    decisions: str | None  # the person's repair decisions, comma separated
    picks: int  # human choices of the run


class TakeTiming(BaseModel):
    """How long a stored take took: the engine's timings and the analysis."""

    duration_s: float
    timings: dict[str, float]
    analysis_seconds: float | None


class CatalogCounts(BaseModel):
    """Row counts, of the whole catalog or of one run."""

    generations: int
    distinct_audio: int
    repairs: int
    quality_reports: int
    defects: int
    pairs: int
    run_status: str | None = None  # with a run id: that run's status


class LearningRows(BaseModel):
    """Everything the planner's learning reads (agent/learning.py)."""

    takes: list[dict[str, Any]]  # scored takes with their settings and album genre
    choices: list[dict[str, Any]]  # chosen_gen_id, rejected_gen_id
    defect_kinds: dict[str, list[str]]  # gen_id -> distinct defect kinds
    repairs: list[dict[str, Any]]  # route, decision, decided_by, scores, pipeline_config, from_gen_id


_SCORED_TAKES = """
SELECT g.gen_id, g.parent_gen_id, g.caption, g.pipeline_config, g.stage_type, g.model, g.steps, g.shift,
       g.guidance_scale, q.overall, json_extract_string(ap.data, '$.genre') AS genre
FROM generations g JOIN quality_reports q USING (gen_id)
LEFT JOIN plans tp ON tp.plan_id = g.plan_id
LEFT JOIN plans ap ON ap.plan_id = tp.parent_plan_id
"""


class CatalogReads:
    """Mixed into ``Catalog`` (which owns ``conn``); ``_query``/``_scalar`` are private to catalog/."""

    conn: duckdb.DuckDBPyConnection

    def _query(self, sql: str, params: Sequence[Any] | None = None) -> list[dict[str, Any]]:
        """Rows as dicts, JSON columns decoded (internal SQL; user SQL goes through ``catalog.query.run_sql``)."""
        cur = self.conn.execute(sql, params or [])
        cols = [(d[0], str(d[1]) == "JSON") for d in cur.description]
        return [{c: json.loads(v) if is_json and v is not None else v for (c, is_json), v in zip(cols, row, strict=True)}
                for row in cur.fetchall()]

    def _scalar(self, sql: str, params: Sequence[Any] | None = None) -> Any:
        rows = self.conn.execute(sql, params or []).fetchall()  # fetch all: DuckDB refuses new work on a pending result
        return rows[0][0] if rows else None

    def recent_runs(self, limit: int = 50) -> list[RunListing]:
        """Runs, newest first, with their brief, take count, the person's decisions and picks."""
        rows = self._query(
            """SELECT r.run_id, r.mode, CAST(r.started_at AS VARCHAR) AS started_at, b.text AS brief,
                      (SELECT count(*) FROM generations g WHERE g.run_id = r.run_id) AS takes,
                      (SELECT string_agg(x.decision, ', ') FROM repairs x
                        WHERE x.run_id = r.run_id AND x.decided_by <> 'agent') AS decisions,
                      (SELECT count(*) FROM human_choices h WHERE h.run_id = r.run_id) AS picks
               FROM runs r LEFT JOIN briefs b ON b.brief_id = r.brief_id
               ORDER BY r.started_at DESC LIMIT ?""", [limit])
        return [RunListing(**r) for r in rows]

    def pair_counts(self) -> dict[str, int]:
        """Stored pairs per strategy."""
        return {r["strategy"]: int(r["n"]) for r in
                self._query("SELECT strategy, count(*) AS n FROM pairs GROUP BY strategy ORDER BY strategy")}

    def list_pairs(self, strategy: str | None = None, *, limit: int = 50, newest_first: bool = False) -> list[PairRow]:
        """Stored pairs (of one strategy), largest margin first, or newest first."""
        order = "mined_at DESC" if newest_first else "margin DESC NULLS LAST"
        return [PairRow(**r) for r in self._query(
            f"SELECT * FROM pairs WHERE ?::VARCHAR IS NULL OR strategy = ? ORDER BY {order} LIMIT ?",
            [strategy, strategy, limit])]

    def dataset_versions(self) -> list[dict[str, Any]]:
        """Exported dataset versions, oldest first (version, kind, format, n_rows, checkpoint, created_at, path)."""
        return self._query("SELECT version, kind, format, n_rows, checkpoint, created_at, path FROM dataset_versions "
                           "ORDER BY created_at")

    def has_human_choice(self, chosen_gen_id: str, rejected_gen_id: str, run_id: str | None) -> bool:
        return bool(self._scalar("SELECT count(*) FROM human_choices WHERE chosen_gen_id = ? AND rejected_gen_id = ? "
                                 "AND coalesce(run_id, '') = ?", [chosen_gen_id, rejected_gen_id, run_id or ""]))

    def has_repair(self, run_id: str, from_gen_id: str, route: str, to_gen_id: str | None) -> bool:
        return bool(self._scalar("SELECT count(*) FROM repairs WHERE run_id = ? AND from_gen_id = ? AND route = ? "
                                 "AND coalesce(to_gen_id, '') = ?", [run_id, from_gen_id, route, to_gen_id or ""]))

    def stored_run_ids(self, run_ids: list[str]) -> set[str]:
        """Which of ``run_ids`` the catalog already holds (one query for a batch)."""
        if not run_ids:
            return set()
        return {r["run_id"] for r in self._query("SELECT run_id FROM runs WHERE run_id IN (SELECT unnest(?))", [run_ids])}

    def recent_timings(self, *, engine: str, model: str | None, steps: int | None, limit: int) -> list[TakeTiming]:
        """The newest takes of an engine (and model, steps) with their timings, for ETAs."""
        rows = self._query(
            "SELECT g.duration_s, g.timings, q.analysis_seconds FROM generations g "
            "JOIN quality_reports q USING (gen_id) WHERE g.engine = ? AND (? IS NULL OR g.model = ?) "
            "AND (? IS NULL OR g.steps = ?) AND g.duration_s > 0 ORDER BY g.created_at DESC LIMIT ?",
            [engine, model, model, steps, steps, limit])
        return [TakeTiming(duration_s=r["duration_s"], timings=r["timings"] or {}, analysis_seconds=r["analysis_seconds"])
                for r in rows]

    def learning_rows(self) -> LearningRows:
        defects = self._query("SELECT gen_id, list(DISTINCT kind) AS kinds FROM defects GROUP BY gen_id")
        return LearningRows(
            takes=self._query(_SCORED_TAKES),
            choices=self._query("SELECT chosen_gen_id, rejected_gen_id FROM human_choices"),
            defect_kinds={d["gen_id"]: d["kinds"] for d in defects},
            repairs=self._query("SELECT route, decision, decided_by, score_before, score_after, pipeline_config, "
                                "from_gen_id FROM repairs"))

    def counts(self, run_id: str | None = None) -> CatalogCounts:
        """Row counts of the catalog, or of one run's generations, repairs and reports."""
        gen = "FROM generations WHERE ?::VARCHAR IS NULL OR run_id = ?"
        p = [run_id, run_id]
        return CatalogCounts(
            generations=self._scalar(f"SELECT count(*) {gen}", p),
            distinct_audio=self._scalar(f"SELECT count(DISTINCT sha256) {gen}", p),
            repairs=self._scalar("SELECT count(*) FROM repairs WHERE ?::VARCHAR IS NULL OR run_id = ?", p),
            quality_reports=self._scalar(f"SELECT count(*) FROM quality_reports WHERE gen_id IN (SELECT gen_id {gen})", p),
            defects=self._scalar(f"SELECT count(*) FROM defects WHERE gen_id IN (SELECT gen_id {gen})", p),
            pairs=self._scalar("SELECT count(*) FROM pairs"),
            run_status=self._scalar("SELECT status FROM runs WHERE run_id = ?", [run_id]) if run_id else None)
