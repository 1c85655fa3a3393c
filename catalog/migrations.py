"""Named, ordered schema migrations, recorded in ``schema_migrations``.

Each migration runs once, inside one transaction, in list order. Add a migration
by appending to ``MIGRATIONS`` (never edit or reorder a released one). On open:
a catalog whose recorded version is newer than this code knows is refused; an
older one is copied to ``<file>.bak-v<N>-<time>`` and then migrated in place.

Conventions: times are naive UTC ``TIMESTAMP``; free-form documents are ``JSON``;
audio paths are POSIX paths relative to the catalog root (the catalog's folder).
Uniqueness of ids that bulk paths write (gen_id, pair_id) is enforced by the one
writer with anti-joins inside the write transaction; ``generations.gen_id`` also
has a primary key as a last line of defence.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import duckdb

from engine.errors import CatalogError

EVENTS_TYPE = 'STRUCT("type" VARCHAR, "start" DOUBLE, "end" DOUBLE)[]'


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    sql: str


_CORE = f"""
CREATE TABLE meta (key VARCHAR PRIMARY KEY, value VARCHAR);
CREATE TABLE runs (
    run_id VARCHAR PRIMARY KEY, started_at TIMESTAMP, finished_at TIMESTAMP, mode VARCHAR,
    engine VARCHAR, brief_id VARCHAR, status VARCHAR, manifest JSON, notes VARCHAR);
CREATE TABLE briefs (
    brief_id VARCHAR PRIMARY KEY, text VARCHAR, source_path VARCHAR, data JSON, created_at TIMESTAMP);
CREATE TABLE plans (
    plan_id VARCHAR PRIMARY KEY, kind VARCHAR CHECK (kind IN ('album', 'track')),
    parent_plan_id VARCHAR, brief_id VARCHAR, run_id VARCHAR, title VARCHAR, caption VARCHAR,
    lyrics VARCHAR, bpm INTEGER, keyscale VARCHAR, timesignature VARCHAR, duration DOUBLE,
    vocal BOOLEAN, events {EVENTS_TYPE}, data JSON, created_at TIMESTAMP);
CREATE TABLE generations (
    gen_id VARCHAR PRIMARY KEY,
    sha256 VARCHAR NOT NULL,
    audio_path VARCHAR NOT NULL,
    duration_s DOUBLE, sample_rate INTEGER, latent_path VARCHAR, stems JSON,
    run_id VARCHAR, plan_id VARCHAR, parent_gen_id VARCHAR, source_gen_ids VARCHAR[], sources JSON,
    pipeline VARCHAR, pipeline_config JSON, stage_id VARCHAR, stage_type VARCHAR, batch_index INTEGER,
    engine VARCHAR, engine_version VARCHAR, model VARCHAR, checkpoint_hash VARCHAR,
    task VARCHAR, instruction VARCHAR,
    caption VARCHAR, lyrics VARCHAR, bpm INTEGER, keyscale VARCHAR, timesignature VARCHAR,
    duration DOUBLE, vocal_language VARCHAR, events {EVENTS_TYPE}, instrumental BOOLEAN, tags VARCHAR[],
    seed BIGINT, steps INTEGER, shift DOUBLE, guidance_scale DOUBLE, scheduler VARCHAR, denoise DOUBLE,
    audio_cover_strength DOUBLE, repainting_start DOUBLE, repainting_end DOUBLE, track_name VARCHAR,
    complete_track_classes VARCHAR[], source_gains_db DOUBLE[],
    prompt_key VARCHAR, params_key VARCHAR,
    timings MAP(VARCHAR, DOUBLE), lm JSON, created_at TIMESTAMP, ingested_at TIMESTAMP,
    overall DOUBLE, n_defects INTEGER);  -- copies of the report's, kept in step by the writer (fast ls)
CREATE TABLE quality_reports (
    gen_id VARCHAR NOT NULL, overall DOUBLE NOT NULL, schema_version INTEGER, analyzer_version VARCHAR,
    integrated_lufs DOUBLE, true_peak_dbtp DOUBLE, loudness_range_lu DOUBLE, tempo_bpm DOUBLE,
    key VARCHAR, stereo_correlation DOUBLE, structure_score DOUBLE, structure_f_3s DOUBLE,
    stem_scores MAP(VARCHAR, DOUBLE), n_defects INTEGER, defect_kinds VARCHAR[],
    metrics JSON, stems JSON, structure JSON, suggested_repairs JSON,
    analysis_seconds DOUBLE, scored_at TIMESTAMP);
CREATE TABLE defects (
    gen_id VARCHAR NOT NULL, idx INTEGER NOT NULL, kind VARCHAR NOT NULL, start_s DOUBLE, end_s DOUBLE,
    severity DOUBLE, stem VARCHAR, evidence JSON);
"""

_FEEDBACK = """
CREATE TABLE repairs (
    repair_id VARCHAR PRIMARY KEY, from_gen_id VARCHAR NOT NULL, to_gen_id VARCHAR, route VARCHAR NOT NULL,
    defect_kinds VARCHAR[], decision VARCHAR CHECK (decision IN ('auto', 'approved', 'rejected', 'pending')),
    decided_by VARCHAR, score_before DOUBLE, score_after DOUBLE, reason VARCHAR, pipeline_config JSON,
    run_id VARCHAR, created_at TIMESTAMP);
CREATE TABLE pairs (
    pair_id VARCHAR NOT NULL, strategy VARCHAR NOT NULL, chosen_gen_id VARCHAR NOT NULL,
    rejected_gen_id VARCHAR NOT NULL, chosen_score DOUBLE, rejected_score DOUBLE, margin DOUBLE,
    score_kind VARCHAR, group_key VARCHAR, mined_at TIMESTAMP);
CREATE TABLE human_choices (
    choice_id VARCHAR PRIMARY KEY, chosen_gen_id VARCHAR NOT NULL, rejected_gen_id VARCHAR NOT NULL,
    who VARCHAR, run_id VARCHAR, note VARCHAR, created_at TIMESTAMP);
CREATE TABLE human_ratings (
    rating_id VARCHAR PRIMARY KEY, gen_id VARCHAR NOT NULL, rating DOUBLE, who VARCHAR, note VARCHAR,
    created_at TIMESTAMP);
CREATE TABLE reference_similarities (
    gen_id VARCHAR NOT NULL, reference_sha256 VARCHAR NOT NULL, reference_path VARCHAR, method VARCHAR NOT NULL,
    similarity DOUBLE NOT NULL, created_at TIMESTAMP);
CREATE TABLE dataset_versions (
    version VARCHAR NOT NULL, kind VARCHAR NOT NULL, format VARCHAR, path VARCHAR, checkpoint VARCHAR,
    n_rows BIGINT, n_files BIGINT, query VARCHAR, filters JSON, manifest_sha256 VARCHAR, created_at TIMESTAMP,
    PRIMARY KEY (kind, version));
CREATE TABLE planner_stats (
    scope VARCHAR NOT NULL, key VARCHAR NOT NULL, value JSON, n BIGINT, updated_at TIMESTAMP,
    PRIMARY KEY (scope, key));
"""

_VIEWS = """
CREATE VIEW takes AS
    SELECT g.gen_id, g.created_at, g.caption, g.tags, g.model, g.task, g.seed, g.steps, g.shift,
           g.guidance_scale, g.bpm, g.keyscale, g.duration_s, g.instrumental, g.run_id, g.parent_gen_id,
           q.overall, q.n_defects, q.defect_kinds, g.audio_path
    FROM generations g LEFT JOIN quality_reports q USING (gen_id);
CREATE VIEW param_stats AS
    SELECT g.model, g.task, g.steps, g.shift, g.guidance_scale, count(*) AS n,
           avg(q.overall) AS mean_overall, avg(q.n_defects) AS mean_defects
    FROM generations g JOIN quality_reports q USING (gen_id)
    GROUP BY ALL;
"""

MIGRATIONS: list[Migration] = [
    Migration(1, "0001_core_tables", _CORE),
    Migration(2, "0002_feedback_tables", _FEEDBACK),
    Migration(3, "0003_views", _VIEWS),
]


def current_version(conn: duckdb.DuckDBPyConnection) -> int:
    """Highest applied migration, 0 for an empty database."""
    has = conn.execute(  # duckdb_tables(): the tables information_schema.tables lists, without its views' cost
        "SELECT count(*) FROM duckdb_tables() WHERE table_name = 'schema_migrations'"
    ).fetchall()[0][0]
    if not has:
        return 0
    return conn.execute("SELECT coalesce(max(version), 0) FROM schema_migrations").fetchall()[0][0]


def check_version(conn: duckdb.DuckDBPyConnection, path: Path, migrations: list[Migration]) -> int:
    """The file's version; CatalogError if it is newer than this code."""
    have = current_version(conn)
    known = migrations[-1].version if migrations else 0
    if have > known:
        raise CatalogError(
            f"catalog {path} has schema version {have}, newer than this aceprod knows ({known}) "
            "(fix: upgrade aceprod, or point --catalog at another file)"
        )
    return have


def backup(path: Path, version: int) -> Path:
    """Copy the catalog file before migrating it; returns the copy's path."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
    dest = path.with_name(f"{path.name}.bak-v{version}-{stamp}")
    shutil.copy2(path, dest)
    return dest


def apply(conn: duckdb.DuckDBPyConnection, migrations: list[Migration] | None = None, *,
          have: int | None = None) -> list[str]:
    """Apply every pending migration, one transaction each. Returns the names applied. ``have``: the
    version the caller just read (``check_version``), not read again."""
    migrations = MIGRATIONS if migrations is None else migrations
    if have is None or have == 0:
        conn.execute(
            "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name VARCHAR, applied_at TIMESTAMP)"
        )
        have = current_version(conn)
    done = []
    for m in migrations:
        if m.version <= have:
            continue
        conn.execute("BEGIN TRANSACTION")
        try:
            conn.execute(m.sql)
            conn.execute(
                "INSERT INTO schema_migrations VALUES (?, ?, ?)",
                [m.version, m.name, datetime.now(UTC).replace(tzinfo=None)],
            )
            conn.execute("COMMIT")
        except Exception as exc:
            conn.execute("ROLLBACK")
            raise CatalogError(f"migration {m.name} failed: {exc} (fix: restore the .bak copy beside the catalog)") from exc
        done.append(m.name)
    return done
