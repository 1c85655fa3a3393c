"""LoRA training folder: audio + one JSON sidecar per file, filtered by score.

``export_lora(cat, out, min_score=8.0)`` writes ``out/`` (which must not exist or
be empty) with ``<gen_id>.flac`` and ``<gen_id>.json`` per take::

    {"caption": ..., "lyrics": ..., "bpm": 92, "keyscale": "F major", "timesignature": "4/4",
     "duration": 30.0, "vocal_language": "en",
     "events": [{"type": "intro", "start": 0.0, "end": 8.0}, ...],
     "tags": [...], "gen_id": ..., "quality_score": 8.4}

(the time-event proposal: global fields plus timed sections). Only whole mixes are
exported (extract/lego outputs are single stems), at most ``per_prompt`` best takes
per prompt so one caption does not dominate. A ``manifest.json`` lists every file
with its sha256; the export is recorded in ``dataset_versions`` (kind ``lora``).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from catalog.export import infer_checkpoint, record_version
from catalog.manifest import AUDIO_MODES, ExportFolder
from catalog.records import DatasetVersion, utcnow
from catalog.store import Catalog
from engine.errors import CatalogError

LORA_QUERY = """
SELECT g.gen_id, g.audio_path, g.sha256, g.caption, g.lyrics, g.bpm, g.keyscale, g.timesignature,
       CASE WHEN g.duration_s > 0 THEN g.duration_s ELSE g.duration END AS duration, g.vocal_language,
       g.events, g.tags, q.overall
FROM generations g JOIN quality_reports q USING (gen_id)
WHERE q.overall >= ? AND coalesce(g.task, '') NOT IN ('extract', 'lego')
  AND (?::VARCHAR IS NULL OR list_contains(g.tags, ?::VARCHAR))
QUALIFY row_number() OVER (PARTITION BY g.prompt_key ORDER BY q.overall DESC, g.gen_id) <= ?
ORDER BY g.gen_id
"""


def export_lora(
    cat: Catalog,
    out: str | Path,
    *,
    min_score: float = 8.0,
    per_prompt: int = 1,
    tag: str | None = None,
    version: str | None = None,
    audio: str = "link",
    progress: Callable[[str, int, int], None] | None = None,
) -> DatasetVersion:
    """Write a LoRA folder of the best takes (see module docstring)."""
    if audio == "none" or audio not in AUDIO_MODES:
        raise CatalogError("a LoRA set needs its audio (fix: use --audio link or copy)")
    out = Path(out).absolute()
    taken = {r[0] for r in cat.conn.execute("SELECT version FROM dataset_versions WHERE kind = 'lora'").fetchall()}
    if version and version in taken:
        raise CatalogError(f"LoRA set '{version}' was already exported; sets are immutable (fix: choose another version)")
    if not version:  # the folder's name, made unique among recorded LoRA sets
        version, k = out.name, 1
        while version in taken:
            k += 1
            version = f"{out.name}-{k}"
    params = [min_score, tag, tag, per_prompt]
    rows = cat._query(LORA_QUERY, params)
    if not rows:
        raise CatalogError(f"no takes score >= {min_score}{f' with tag {tag}' if tag else ''} (fix: lower --min-score)")
    folder = ExportFolder(out)
    try:
        expected = folder.place_all([(r["gen_id"] + (Path(r["audio_path"]).suffix or ".flac"),
                                      cat.resolve(r["audio_path"]), r["sha256"]) for r in rows], audio,
                                    progress=progress, fix="raise --min-score to leave them out")
        for r in rows:
            side = {
                "caption": r["caption"], "lyrics": r["lyrics"], "bpm": r["bpm"], "keyscale": r["keyscale"],
                "timesignature": r["timesignature"], "duration": r["duration"], "vocal_language": r["vocal_language"],
                "events": [dict(e) for e in r["events"] or []], "tags": r["tags"] or [],
                "gen_id": r["gen_id"], "quality_score": r["overall"],
            }
            (folder.tmp / f"{r['gen_id']}.json").write_text(json.dumps(side, indent=1) + "\n")
        cat.conn.execute("CREATE OR REPLACE TEMP TABLE _lora_ids AS SELECT unnest(?::VARCHAR[]) AS gen_id", [[r["gen_id"] for r in rows]])
        ckpt = infer_checkpoint(cat, "_lora_ids", "gen_id")
        cat.conn.execute("DROP TABLE _lora_ids")
        created = utcnow()
        filters = {"min_score": min_score, "per_prompt": per_prompt, "tag": tag, "audio": audio}
        manifest = {
            "kind": "lora", "version": version, "created_at": created, "checkpoint": ckpt, "catalog": str(cat.path),
            "query": LORA_QUERY.strip(), "query_params": params, "filters": filters, "counts": {"takes": len(rows)},
        }
        digest = folder.seal(manifest, expected_sha=expected,
                             progress=(lambda a, b: progress("hash", a, b)) if progress else None)
    except BaseException:
        folder.abort()
        raise
    dv = DatasetVersion(
        version=version, kind="lora", format="flac+json", path=str(out), checkpoint=ckpt, n_rows=len(rows),
        n_files=len(rows), query=LORA_QUERY.strip(), filters=filters, manifest_sha256=digest, created_at=created,
    )
    record_version(cat, dv)
    return dv
