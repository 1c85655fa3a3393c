"""``Catalog``: the one connection to a catalog file, its lock, its transactions.

Open it as a context manager; writers hold the writer lock until they close::

    with Catalog.open("~/.aceprod/catalog.duckdb") as cat:      # writer
        new_ids = cat.add_generations([GenerationRecord.from_sidecar(sidecar, audio_path=flac)], [report])
    with Catalog.open(path, read_only=True) as cat:              # reader
        row = cat.get(gen_id)

A second writer gets ``CatalogError("catalog ... is in use by PID N ...")``. A
reader cannot open while a writer holds the file (DuckDB locks the whole file), so
long-running writers (the agent) should open the catalog per batch of writes, not
for a whole night. Every public write is one transaction; ``transaction()`` nests,
so a caller can group several writes into one.
"""

from __future__ import annotations

import gc
import json
import time
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

import duckdb

from catalog import migrations
from catalog.connection import connect_waiting, default_path
from catalog.lock import WriterLock
from catalog.reads import CatalogReads
from catalog.records import (
    BriefRecord,
    CatalogRepair,
    GenerationRecord,
    HumanChoice,
    PlannerStat,
    PlanRecord,
    ReferenceSimilarity,
    RunRecord,
    utcnow,
)
from engine.errors import CatalogError
from quality.report import QualityReport

_EVENTS_JSON = '[{"type": "VARCHAR", "start": "DOUBLE", "end": "DOUBLE"}]'


@contextmanager
def _registered(conn: duckdb.DuckDBPyConnection, **tables: Any) -> Iterator[None]:
    """Arrow tables visible to SQL under the given names for the block. Unregistering
    cannot fail the block: after an error the transaction is aborted and DuckDB refuses
    even that, which would hide the error that matters."""
    for name, table in tables.items():
        conn.register(name, table)
    try:
        yield
    finally:
        for name in tables:
            with suppress(duckdb.Error):
                conn.unregister(name)


class Catalog(CatalogReads):
    """A thin typed wrapper over one DuckDB catalog file (see module docstring)."""

    def __init__(self, path: Path, conn: duckdb.DuckDBPyConnection, lock: WriterLock | None) -> None:
        self.path = path
        self.root = path.parent
        self.conn = conn
        self.read_only = lock is None
        self._lock = lock
        self._depth = 0
        self.backup_path: Path | None = None

    # ------------------------------------------------------------ open / close
    @classmethod
    def open(
        cls,
        path: str | Path | None = None,
        *,
        read_only: bool = False,
        wait_s: float = 0.0,
        schema: list[migrations.Migration] | None = None,
    ) -> Catalog:
        """Open (and create or migrate, for writers) the catalog at ``path``.
        ``wait_s``: how long to wait for another process's writer to finish first."""
        schema = migrations.MIGRATIONS if schema is None else schema
        p = Path(path).expanduser() if path else default_path()
        p = p.absolute()
        if read_only:
            if not p.exists():
                raise CatalogError(f"no catalog at {p} (fix: create one with `aceprod catalog ingest FOLDER`, or pass --catalog)")
            conn = connect_waiting(p, wait_s)
            have = migrations.check_version(conn, p, schema)
            if have < schema[-1].version:
                conn.close()
                raise CatalogError(
                    f"catalog {p} has schema version {have}; this aceprod uses {schema[-1].version} "
                    "(fix: run `aceprod catalog migrate` once; a backup copy is kept)"
                )
            return cls(p, conn, None)
        if p.is_dir():
            raise CatalogError(f"--catalog {p} is a folder (fix: name a file, e.g. {p / 'catalog.duckdb'})")
        deadline = time.monotonic() + wait_s
        lock = WriterLock(p).acquire(wait_s=wait_s)
        try:
            existed = p.exists() and p.stat().st_size > 0
            conn = connect_waiting(p, max(0.0, deadline - time.monotonic()), read_only=False)
            have = migrations.check_version(conn, p, schema)
            cat = cls(p, conn, lock)
            if existed and 0 < have < schema[-1].version:
                conn.execute("CHECKPOINT")
                cat.backup_path = migrations.backup(p, have)
            migrations.apply(conn, schema, have=have)
            return cat
        except BaseException:
            lock.release()
            raise

    def close(self) -> None:
        if self.conn is not None:
            self.conn.close()
            self.conn = None  # type: ignore[assignment]
        if self._lock is not None:
            self._lock.release()
            self._lock = None

    def __enter__(self) -> Catalog:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ------------------------------------------------------------ helpers
    @contextmanager
    def transaction(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """One transaction; nested calls join the outer one."""
        self._writable()
        if self._depth:
            self._depth += 1
            try:
                yield self.conn
            finally:
                self._depth -= 1
            return
        self.conn.execute("BEGIN TRANSACTION")
        self._depth = 1
        try:
            yield self.conn
            self.conn.execute("COMMIT")
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        finally:
            self._depth = 0

    def _writable(self) -> None:
        if self.read_only:
            raise CatalogError("this catalog was opened read-only (fix: open it without read_only to write)")

    def resolve(self, stored_path: str) -> Path:
        """Absolute path of an audio path as stored (relative to the catalog root)."""
        return (self.root / stored_path).resolve()

    def exists(self, gen_id: str) -> bool:
        return bool(self._scalar("SELECT count(*) FROM generations WHERE gen_id = ?", [gen_id]))

    def _require(self, *gen_ids: str | None) -> None:
        for g in gen_ids:
            if g is not None and not self.exists(g):
                raise CatalogError(f"unknown generation {g} (fix: add the take first, or check the id with `aceprod catalog ls`)")

    def schema_version(self) -> int:
        return migrations.current_version(self.conn)

    # ------------------------------------------------------------ generations
    def add_generations(
        self, records: Sequence[GenerationRecord], reports: Sequence[QualityReport | None] | None = None
    ) -> list[str]:
        """Bulk insert in one transaction; returns the gen_ids that were new.
        Takes already in the catalog (or repeated in ``records``) are skipped whole."""
        from catalog.columns import KEYS_SQL, generations_table, reports_tables

        self._writable()
        if not records:
            return []
        reports = list(reports) if reports is not None else [None] * len(records)
        if len(reports) != len(records):
            raise CatalogError("add_generations: give one report (or None) per record")
        for r, rep in zip(records, reports, strict=True):
            if rep is not None and rep.sha256 and rep.sha256 != r.sha256:
                raise CatalogError(
                    f"the report given for take {r.gen_id} is for other audio (sha256 {rep.sha256[:16]}...) "
                    "(fix: score the take's own file)"
                )
        seen: set[str] = set()
        keep = []
        for k, r in enumerate(records):
            if r.gen_id not in seen:
                seen.add(r.gen_id)
                keep.append(k)
        recs = [records[k] for k in keep]
        reps = [reports[k] for k in keep]
        gc_was_on = gc.isenabled()
        gc.disable()  # building columns allocates only acyclic objects; the cyclic GC would rescan every record
        try:
            gtab = generations_table(recs, self.root, reps)
            scored = [(r.gen_id, rep) for r, rep in zip(recs, reps, strict=True) if rep is not None]
            rtab, dtab = reports_tables([g for g, _ in scored], [rep for _, rep in scored])
        finally:
            if gc_was_on:
                gc.enable()
        c = self.conn
        with self.transaction(), _registered(c, _stage_g=gtab, _stage_r=rtab, _stage_d=dtab):
            c.execute(
                "CREATE OR REPLACE TEMP TABLE _new AS SELECT gen_id FROM _stage_g "
                "WHERE gen_id NOT IN (SELECT gen_id FROM generations)"
            )
            c.execute(f"INSERT INTO generations SELECT {KEYS_SQL} FROM _stage_g WHERE gen_id IN (SELECT gen_id FROM _new)")
            c.execute("INSERT INTO quality_reports SELECT * FROM _stage_r WHERE gen_id IN (SELECT gen_id FROM _new)")
            c.execute("INSERT INTO defects SELECT * FROM _stage_d WHERE gen_id IN (SELECT gen_id FROM _new)")
            new = {row[0] for row in c.execute("SELECT gen_id FROM _new").fetchall()}
            c.execute("DROP TABLE _new")
        return [r.gen_id for r in recs if r.gen_id in new]

    # ------------------------------------------------------------ agent records
    def _upsert(self, table: str, row: dict[str, Any], casts: dict[str, str] | None = None, json_cols: tuple = ()) -> None:
        """Insert or replace one row; dicts, ``json_cols`` and cast columns are sent as JSON text."""
        casts = casts or {}
        cols = list(row)
        marks = ", ".join(casts.get(k, "?") for k in cols)
        vals = [
            (json.dumps(v, default=str) if v is not None else None)
            if isinstance(v, dict) or k in casts or k in json_cols
            else v
            for k, v in row.items()
        ]
        with self.transaction() as c:
            c.execute(f"INSERT OR REPLACE INTO {table} ({', '.join(cols)}) VALUES ({marks})", vals)

    def add_run(self, run: RunRecord) -> str:
        """Insert a run, or update a stored one keeping its ``started_at`` (a resume is the same run)."""
        self.add_runs([run])
        return run.run_id

    def add_runs(self, runs: Sequence[RunRecord]) -> None:
        """``add_run`` for many runs (distinct ids) in one statement (an ingest of many take folders)."""
        if not runs:
            return
        rows = [r.model_dump() for r in runs]
        for row in rows:
            row["manifest"] = json.dumps(row["manifest"], default=str) if row["manifest"] is not None else None
        cols = list(rows[0])
        keep = ", ".join(f"{k} = excluded.{k}" for k in cols if k not in ("run_id", "started_at"))
        marks = ", ".join([f"({', '.join('?' * len(cols))})"] * len(rows))
        with self.transaction() as c:
            c.execute(f"INSERT INTO runs ({', '.join(cols)}) VALUES {marks} ON CONFLICT (run_id) DO UPDATE SET {keep}",
                      [v for row in rows for v in row.values()])

    def finish_run(self, run_id: str, status: str = "done", *, mode: str = "", engine: str = "") -> None:
        """Mark a run finished (``done``, ``failed``, ``stopped``); a run not stored yet is added."""
        with self.transaction() as c:
            if not self._scalar("SELECT count(*) FROM runs WHERE run_id = ?", [run_id]):
                self.add_run(RunRecord(run_id=run_id, mode=mode, engine=engine, status=status))
            c.execute("UPDATE runs SET finished_at = ?, status = ? WHERE run_id = ?", [utcnow(), status, run_id])

    def add_brief(self, brief: BriefRecord) -> str:
        self._upsert("briefs", brief.model_dump())
        return brief.brief_id

    def add_plan(self, plan: PlanRecord) -> str:
        row = plan.model_dump(mode="json")
        row["created_at"] = plan.created_at
        self._upsert("plans", row, {"events": f"from_json(?, '{_EVENTS_JSON}')"})
        return plan.plan_id

    def add_repair(self, repair: CatalogRepair) -> str:
        """Record a repair; scores default to the stored reports of both takes."""
        self._require(repair.from_gen_id, repair.to_gen_id)
        row = repair.model_dump()
        if row["score_before"] is None:
            row["score_before"] = self._overall(repair.from_gen_id)
        if row["score_after"] is None and repair.to_gen_id:
            row["score_after"] = self._overall(repair.to_gen_id)
        row = {"repair_id": uuid.uuid4().hex[:16], **row}
        self._upsert("repairs", row)
        return row["repair_id"]

    def add_human_choice(self, choice: HumanChoice) -> str:
        self._require(choice.chosen_gen_id, choice.rejected_gen_id)
        if choice.chosen_gen_id == choice.rejected_gen_id:
            raise CatalogError("a human choice needs two different takes")
        cid = uuid.uuid4().hex[:16]
        self._upsert("human_choices", {"choice_id": cid, **choice.model_dump()})
        return cid

    def add_reference_similarity(self, sim: ReferenceSimilarity) -> None:
        """Store (or replace) one take's similarity to one reference under one method."""
        self._require(sim.gen_id)
        with self.transaction() as c:
            c.execute(
                "DELETE FROM reference_similarities WHERE gen_id = ? AND reference_sha256 = ? AND method = ?",
                [sim.gen_id, sim.reference_sha256, sim.method],
            )
            d = sim.model_dump()
            c.execute(
                f"INSERT INTO reference_similarities ({', '.join(d)}) VALUES ({', '.join('?' * len(d))})",
                list(d.values()),
            )

    def set_planner_stat(self, stat: PlannerStat) -> None:
        self._upsert("planner_stats", stat.model_dump(), json_cols=("value",))

    def planner_stats(self, scope: str | None = None) -> list[PlannerStat]:
        rows = self._query(
            "SELECT scope, key, value, n, updated_at FROM planner_stats WHERE ? IS NULL OR scope = ? ORDER BY scope, key",
            [scope, scope],
        )
        return [PlannerStat(**r) for r in rows]

    def _overall(self, gen_id: str) -> float | None:
        return self._scalar("SELECT overall FROM quality_reports WHERE gen_id = ?", [gen_id])

    # ------------------------------------------------------------ reads and jobs (thin wrappers)
    def get(self, gen_id: str):
        """Everything about one take (id or unique prefix) -> ``GenerationRow``."""
        from catalog.query import get_generation

        return get_generation(self, gen_id)

    def ls(self, **filters: Any):
        """``TakeSummary`` rows newest first; filters as ``catalog.query.list_takes``."""
        from catalog.query import list_takes

        return list_takes(self, **filters)

    def ingest(self, folder: str | Path, **kw: Any):
        """Import a folder of takes -> ``IngestSummary`` (``catalog.ingest.ingest_folder``)."""
        from catalog.ingest import ingest_folder

        return ingest_folder(self, folder, **kw)

    def mine_pairs(self, strategy: str, **kw: Any):
        """Mine and store pairs of one strategy -> ``MiningResult`` (``catalog.mining``)."""
        from catalog.mining import mine_pairs

        return mine_pairs(self, strategy, **kw)

    def export(self, out: str | Path, **kw: Any):
        """Immutable pair dataset version -> ``DatasetVersion`` (``catalog.export``)."""
        from catalog.export import export_pairs

        return export_pairs(self, out, **kw)

    def export_lora(self, out: str | Path, **kw: Any):
        """LoRA folder of the best takes -> ``DatasetVersion`` (``catalog.lora``)."""
        from catalog.lora import export_lora

        return export_lora(self, out, **kw)

    def coverage(self, **kw: Any):
        """Counts and gaps by genre, tempo, key, vocal, instrument (``catalog.coverage``)."""
        from catalog.coverage import coverage

        return coverage(self, **kw)
