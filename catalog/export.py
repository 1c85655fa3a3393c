"""Preference-pair export for DiffusionDPO-style trainers: JSONL and/or Parquet.

``export_pairs(cat, out, format="jsonl", version=None)`` writes ``out/<version>/``:

- ``pairs.jsonl`` / ``pairs.parquet``: one row per pair (schema below, the same in
  both formats; Parquet holds the nested fields as structs, maps and lists);
- ``audio/<gen_id>.<ext>``: every chosen and rejected take, hard-linked when the
  export is on the catalog's file system, else copied (``audio="none"`` leaves
  audio out: metadata only);
- ``README.md``: this schema; ``manifest.json``: version, checkpoint, the query
  and filters that made it, counts, and sha256 + size of every file.

The version folder is built beside the destination and renamed into place when
complete; an existing version is never overwritten, and each export is recorded in
``dataset_versions``.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from catalog import mining
from catalog.manifest import AUDIO_MODES, VERSION_RE, ExportFolder
from catalog.records import DatasetVersion, utcnow
from catalog.store import Catalog
from engine.errors import CatalogError

SCHEMA_DOC = """# Preference pairs

One row per pair (`pairs.jsonl`: one JSON object per line; `pairs.parquet`: the same fields).

| field | type | meaning |
|---|---|---|
| pair_id | string | stable id of the two takes (either order) |
| strategy | string | seeds, params, repair, human, reference (catalog/mining.py) |
| margin | float | chosen minus rejected on `score_kind` (null for a human choice without reports) |
| score_kind | string | overall (quality score 0-10), similarity (0-1, reference), human |
| prompt | object | caption, lyrics, bpm, keyscale, timesignature, duration (s), vocal_language, events [{type, start, end} in s], task, instruction: the conditioning shared by both takes (taken from the chosen take) |
| chosen, rejected | object | gen_id, audio_path (relative to this folder), sha256, quality_score (0-10), pair_score (the value the strategy ranked on), stem_scores {stem: 0-10}, defects [kind], params {engine, model, checkpoint_hash, task, steps, shift, guidance_scale, seed, scheduler, denoise, audio_cover_strength, repainting_start, repainting_end, track_name} |

Audio is 48 kHz stereo FLAC as generated. `manifest.json` lists every file with its sha256.
"""


def _side(alias: str, q: str, score_col: str) -> str:
    return f"""{{'gen_id': {alias}.gen_id,
        'audio_path': 'audio/' || {alias}.gen_id || coalesce(regexp_extract({alias}.audio_path, '\\.[A-Za-z0-9]+$'), '.flac'),
        'sha256': {alias}.sha256, 'quality_score': {q}.overall, 'pair_score': p.{score_col},
        'stem_scores': {q}.stem_scores, 'defects': coalesce({q}.defect_kinds, []::VARCHAR[]),
        'params': {{'engine': {alias}.engine, 'model': {alias}.model, 'checkpoint_hash': {alias}.checkpoint_hash,
                    'task': {alias}.task, 'steps': {alias}.steps, 'shift': {alias}.shift,
                    'guidance_scale': {alias}.guidance_scale, 'seed': {alias}.seed, 'scheduler': {alias}.scheduler,
                    'denoise': {alias}.denoise, 'audio_cover_strength': {alias}.audio_cover_strength,
                    'repainting_start': {alias}.repainting_start, 'repainting_end': {alias}.repainting_end,
                    'track_name': {alias}.track_name}}}}"""


EXPORT_SELECT = f"""
SELECT p.pair_id, p.strategy, p.margin, p.score_kind,
    {{'caption': c.caption, 'lyrics': c.lyrics, 'bpm': c.bpm, 'keyscale': c.keyscale,
      'timesignature': c.timesignature, 'duration': c.duration, 'vocal_language': c.vocal_language,
      'events': c.events, 'task': c.task, 'instruction': c.instruction}} AS prompt,
    {_side('c', 'cq', 'chosen_score')} AS chosen,
    {_side('r', 'rq', 'rejected_score')} AS rejected
FROM pairs p
JOIN generations c ON c.gen_id = p.chosen_gen_id
JOIN generations r ON r.gen_id = p.rejected_gen_id
LEFT JOIN quality_reports cq ON cq.gen_id = c.gen_id
LEFT JOIN quality_reports rq ON rq.gen_id = r.gen_id
"""


def _where(strategies: list[str] | None, min_margin: float | None, since: datetime | None) -> tuple[str, list[Any]]:
    where, params = [], []
    if strategies:
        where.append("list_contains(?::VARCHAR[], p.strategy)")
        params.append([s.value for s in mining.strategies(strategies)])
    if min_margin is not None:
        where.append("(p.margin >= ? OR p.strategy = 'human')")
        params.append(min_margin)
    if since is not None:
        where.append("p.mined_at >= ?")
        params.append(since)
    return (" WHERE " + " AND ".join(where) if where else ""), params


def write_rows(conn: Any, table: str, path: Path, fmt: str) -> None:
    """Write a (temp) table to ``path`` as JSON lines or zstd Parquet. The path goes to
    DuckDB as a value of its Python API, never pasted into SQL text."""
    if fmt == "parquet":
        conn.table(table).write_parquet(str(path), compression="zstd")
        return
    cur = conn.execute(f"SELECT to_json(t)::VARCHAR FROM {table} t")
    with open(path, "w", encoding="utf-8") as fh:
        while rows := cur.fetchmany(4096):
            fh.writelines(r[0] + "\n" for r in rows)
        fh.flush()
        os.fsync(fh.fileno())


def next_version(cat: Catalog, kind: str, out: Path) -> str:
    """'v<N+1>' after the highest vN recorded in the catalog or present in ``out``."""
    names = [r[0] for r in cat.conn.execute("SELECT version FROM dataset_versions WHERE kind = ?", [kind]).fetchall()]
    if out.is_dir():
        names += [p.name for p in out.iterdir()]
    nums = [int(n[1:]) for n in names if n.startswith("v") and n[1:].isdigit()]
    return f"v{max(nums, default=0) + 1}"


def infer_checkpoint(cat: Catalog, table: str, id_col: str) -> str:
    """'model@hash' shared by the exported takes, or 'mixed: ...' when they differ."""
    rows = cat.conn.execute(
        f"SELECT DISTINCT coalesce(g.model, '?') || coalesce('@' || g.checkpoint_hash, '') FROM {table} t "
        f"JOIN generations g ON g.gen_id = t.{id_col} ORDER BY 1 LIMIT 6"
    ).fetchall()
    names = [r[0] for r in rows]
    if not names:
        return "none"
    return names[0] if len(names) == 1 else "mixed: " + ", ".join(names[:5])


def record_version(cat: Catalog, dv: DatasetVersion) -> None:
    d = dv.model_dump()
    d["filters"] = __import__("json").dumps(d["filters"], default=str)
    with cat.transaction() as c:
        c.execute(f"INSERT INTO dataset_versions ({', '.join(d)}) VALUES ({', '.join('?' * len(d))})", list(d.values()))


def export_pairs(
    cat: Catalog,
    out: str | Path,
    *,
    format: str = "jsonl",
    version: str | None = None,
    strategies: list[str] | None = None,
    min_margin: float | None = None,
    since: datetime | None = None,
    checkpoint: str | None = None,
    audio: str = "link",
    limit: int | None = None,
    progress: Callable[[str, int, int], None] | None = None,
) -> DatasetVersion:
    """Write one immutable dataset version of the stored pairs (see module docstring)."""
    formats = ["jsonl", "parquet"] if format == "both" else [format]
    if any(f not in ("jsonl", "parquet") for f in formats):
        raise CatalogError(f"unknown format '{format}' (fix: use jsonl, parquet or both)")
    if audio not in AUDIO_MODES:
        raise CatalogError(f"unknown audio mode '{audio}' (fix: use {', '.join(AUDIO_MODES)})")
    out = Path(out).absolute()
    version = version or next_version(cat, "pairs", out)
    if not VERSION_RE.fullmatch(version):
        raise CatalogError(f"version '{version}' must be letters, digits, '.', '_' or '-' (e.g. v3)")
    if cat._scalar("SELECT count(*) FROM dataset_versions WHERE kind = 'pairs' AND version = ?", [version]):
        raise CatalogError(f"dataset version {version} was already exported; versions are immutable (fix: choose another --version)")
    where, params = _where(strategies, min_margin, since)
    query = EXPORT_SELECT + where + " ORDER BY p.pair_id" + (f" LIMIT {int(limit)}" if limit else "")
    folder = ExportFolder(out / version)
    try:
        c = cat.conn
        c.execute("CREATE OR REPLACE TEMP TABLE _export AS " + query, params)
        n = c.execute("SELECT count(*) FROM _export").fetchall()[0][0]
        if n == 0:
            raise CatalogError("no pairs match (fix: run `aceprod pairs mine` first, or loosen the filters)")
        for f in formats:
            write_rows(c, "_export", folder.tmp / f"pairs.{f}", f)
        by_strategy = dict(c.execute("SELECT strategy, count(*) FROM _export GROUP BY 1 ORDER BY 1").fetchall())
        files = c.execute(
            "SELECT DISTINCT s.audio_path, g.audio_path, g.sha256 FROM (SELECT chosen AS s FROM _export "
            "UNION ALL SELECT rejected FROM _export) x JOIN generations g ON g.gen_id = x.s.gen_id"
        ).fetchall()
        c.execute("CREATE OR REPLACE TEMP TABLE _export_ids AS SELECT chosen.gen_id AS gen_id FROM _export")
        ckpt = checkpoint or infer_checkpoint(cat, "_export_ids", "gen_id")
        c.execute("DROP TABLE _export")
        c.execute("DROP TABLE _export_ids")
        expected = {} if audio == "none" else folder.place_all(
            [(rel, cat.resolve(src), sha) for rel, src, sha in files], audio, progress=progress,
            fix="export metadata only with --audio none")
        (folder.tmp / "README.md").write_text(SCHEMA_DOC)
        filters = {"strategies": strategies, "min_margin": min_margin, "since": since, "audio": audio, "limit": limit}
        created = utcnow()
        manifest = {
            "kind": "pairs", "version": version, "created_at": created, "format": formats, "checkpoint": ckpt,
            "catalog": str(cat.path), "query": query.strip(), "query_params": params, "filters": filters,
            "counts": {"pairs": n, "audio_files": len(files) if audio != "none" else 0, "by_strategy": by_strategy},
        }
        digest = folder.seal(manifest, expected_sha=expected, required=[f"pairs.{f}" for f in formats] + list(expected),
                             progress=(lambda a, b: progress("hash", a, b)) if progress else None)
    except BaseException:
        folder.abort()
        raise
    dv = DatasetVersion(
        version=version, kind="pairs", format="+".join(formats), path=str(folder.dest), checkpoint=ckpt, n_rows=n,
        n_files=len(files) if audio != "none" else 0, query=query.strip(), filters=filters, manifest_sha256=digest,
        created_at=created,
    )
    record_version(cat, dv)
    return dv
