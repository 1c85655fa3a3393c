"""Records -> Arrow tables, column by column: the one bulk write path.

``generation_tables(records, reports, root)`` returns three ``pyarrow.Table``s
(generations, quality_reports, defects) whose columns match the SQL tables in
order, so ``INSERT INTO t SELECT * FROM arrow_table`` works. Building columns
with comprehensions instead of row dicts is what makes ingest run at tens of
thousands of takes per second.
"""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from functools import lru_cache
from itertools import accumulate, chain, repeat
from operator import attrgetter
from pathlib import Path

import pyarrow as pa
from pydantic import TypeAdapter

from catalog.records import GenerationRecord, utcnow
from catalog.tags import caption_tags
from engine.lyrics import is_instrumental
from quality.report import QualityReport, StemReport, SuggestedRepair

EVENT = pa.struct([("type", pa.string()), ("start", pa.float64()), ("end", pa.float64())])
_STEMS = TypeAdapter(list[StemReport])
_REPAIRS = TypeAdapter(list[SuggestedRepair])


@lru_cache(maxsize=4096)
def _rel_dir(folder: str, root: str) -> str:
    return Path(os.path.relpath(os.path.normpath(os.path.join(os.getcwd(), folder)), root)).as_posix()


def rel_to_root(path: str | Path, root: Path) -> str:
    """A path as stored: POSIX, relative to the catalog root (relative input is taken from the cwd)."""
    folder, name = os.path.split(os.fspath(path))
    rel = _rel_dir(folder, str(root))
    return name if rel == "." else f"{rel}/{name}"


def _k(*cols: str) -> str:
    parts = ", ".join(f"coalesce(({c})::VARCHAR, '~')" for c in cols)
    return f"substr(md5(concat_ws(chr(31), {parts})), 1, 16)"


# prompt_key: what was asked for (text, metas, events, task, its inputs and masks).
# params_key: how it was made, seed excluded. The staged prompt_key column carries the
# source sha256 list, folded into the hash here.
KEYS_SQL = (
    "* REPLACE ("
    + _k("task", "stage_type", "track_name", "complete_track_classes", "caption", "lyrics", "bpm", "keyscale",
         "timesignature", "duration", "vocal_language", "events", "repainting_start", "repainting_end",
         "prompt_key", "source_gains_db")
    + " AS prompt_key, "
    + _k("engine", "model", "checkpoint_hash", "scheduler", "instruction", "steps", "shift", "guidance_scale",
         "denoise", "audio_cover_strength")
    + " AS params_key)"
)


def _get(seq: Sequence, name: str) -> list:
    return list(map(attrgetter(name), seq))


def _json(value: object) -> str | None:
    if value is None:
        return None
    if not value:
        return "{}" if isinstance(value, dict) else "[]"
    return json.dumps(value, default=str)


_RECORD_FIELDS = ('checkpoint_hash', 'created_at', 'duration_s', 'engine', 'engine_version', 'gen_id', 'parent_gen_id', 'pipeline', 'plan_id', 'run_id', 'sample_rate', 'scheduler', 'sha256', 'source_gen_ids')
_REQUEST_FIELDS = ('audio_cover_strength', 'batch_index', 'bpm', 'caption', 'complete_track_classes', 'denoise', 'duration', 'events', 'guidance_scale', 'instruction', 'keyscale', 'lyrics', 'model', 'repainting_end', 'repainting_start', 'seed', 'shift', 'source_gains_db', 'stage_id', 'steps', 'task', 'timesignature', 'track_name', 'vocal_language')


def _fields(seq: Sequence, names: tuple[str, ...]) -> dict[str, tuple]:
    """Columns of many attributes in one pass over the objects (cache-friendly)."""
    if not seq:
        return {n: () for n in names}
    return dict(zip(names, zip(*map(attrgetter(*names), seq), strict=True), strict=True))


def generations_table(
    records: Sequence[GenerationRecord], root: Path, reports: Sequence[QualityReport | None] | None = None
) -> pa.Table:
    """Columns of the ``generations`` table, in schema order (``reports`` fill overall/n_defects)."""
    reports = reports if reports is not None else [None] * len(records)
    now = utcnow()
    reqs = _get(records, "request")
    R = _fields(records, _RECORD_FIELDS)
    Q = _fields(reqs, _REQUEST_FIELDS)
    s, f, i, b, ts = pa.string(), pa.float64(), pa.int32(), pa.bool_(), pa.timestamp("us")
    cols: list[tuple[str, list, pa.DataType]] = [
        ("gen_id", R["gen_id"], s),
        ("sha256", R["sha256"], s),
        ("audio_path", [rel_to_root(r.audio_path, root) for r in records], s),
        ("duration_s", R["duration_s"], f),
        ("sample_rate", R["sample_rate"], i),
        ("latent_path", [rel_to_root(r.latent_path, root) if r.latent_path else None for r in records], s),
        ("stems", [_json({k: rel_to_root(v, root) for k, v in r.stems.items()}) for r in records], s),
        ("run_id", R["run_id"], s),
        ("plan_id", R["plan_id"], s),
        ("parent_gen_id", R["parent_gen_id"], s),
        ("source_gen_ids", _lists(R["source_gen_ids"], s), None),
        ("sources", [_json([x.model_dump(exclude_none=True) for x in r.sources]) for r in records], s),
        ("pipeline", R["pipeline"], s),
        ("pipeline_config", [_json(r.pipeline_config) for r in records], s),
        ("stage_id", Q["stage_id"], s),
        ("stage_type", [str(q.stage_type) for q in reqs], s),
        ("batch_index", Q["batch_index"], i),
        ("engine", R["engine"], s),
        ("engine_version", R["engine_version"], s),
        ("model", Q["model"], s),
        ("checkpoint_hash", R["checkpoint_hash"], s),
        ("task", Q["task"], s),
        ("instruction", Q["instruction"], s),
        ("caption", Q["caption"], s),
        ("lyrics", Q["lyrics"], s),
        ("bpm", Q["bpm"], i),
        ("keyscale", Q["keyscale"], s),
        ("timesignature", Q["timesignature"], s),
        ("duration", Q["duration"], f),
        ("vocal_language", Q["vocal_language"], s),
        ("events", _events(Q["events"]), None),
        ("instrumental", [is_instrumental(q.lyrics) for q in reqs], b),
        ("tags", _lists([r.tags if r.tags is not None else caption_tags(r.request.caption) for r in records], s), None),
        ("seed", Q["seed"], pa.int64()),
        ("steps", Q["steps"], i),
        ("shift", Q["shift"], f),
        ("guidance_scale", Q["guidance_scale"], f),
        ("scheduler", R["scheduler"], s),
        ("denoise", Q["denoise"], f),
        ("audio_cover_strength", Q["audio_cover_strength"], f),
        ("repainting_start", Q["repainting_start"], f),
        ("repainting_end", Q["repainting_end"], f),
        ("track_name", Q["track_name"], s),
        ("complete_track_classes", _lists(Q["complete_track_classes"], s), None),
        ("source_gains_db", _lists(Q["source_gains_db"], f), None),
        ("prompt_key", [",".join(x.sha256 or x.ref for x in r.sources) if r.sources else "" for r in records], s),
        ("params_key", [None] * len(records), s),  # both keys are computed in SQL: see KEYS_SQL
        ("timings", [list(r.timings_s.items()) for r in records], pa.map_(s, f)),
        ("lm", [_json(r.lm) for r in records], s),
        ("created_at", R["created_at"], ts),
        ("ingested_at", [now] * len(records), ts),
        ("overall", [r.overall if r is not None else None for r in reports], f),
        ("n_defects", [len(r.defects) if r is not None else None for r in reports], i),
    ]
    return pa.table({name: values if typ is None else pa.array(values, type=typ) for name, values, typ in cols})


def _offsets(per_row: Sequence) -> pa.Array:
    return pa.array([0, *accumulate(map(len, per_row))], pa.int32())


def _lists(per_row: list, item: pa.DataType) -> pa.Array:
    """list<item> from Python sequences (None -> null), via flat children and offsets."""
    valid = [v is not None for v in per_row]
    if all(valid):
        flat = pa.array(list(chain.from_iterable(per_row)), item)
        return pa.ListArray.from_arrays(_offsets(per_row), flat, type=pa.list_(item))
    per_row = [v if v is not None else () for v in per_row]
    flat = pa.array(list(chain.from_iterable(per_row)), item)
    # Nulls through a validity bitmap: from_arrays(mask=...) imports pyarrow.compute (~0.3 s once).
    bitmap = pa.array(valid, pa.bool_()).buffers()[1]
    return pa.Array.from_buffers(pa.list_(item), len(per_row), [bitmap, _offsets(per_row).buffers()[1]],
                                 null_count=valid.count(False), children=[flat])


def _events(per_row: Sequence[list]) -> pa.Array:
    """list<struct<type, start, end>> built from flat child arrays (much faster than row dicts)."""
    flat = list(chain.from_iterable(per_row))
    types, starts, ends = zip(*map(attrgetter("type", "start", "end"), flat), strict=True) if flat else ((), (), ())
    child = pa.StructArray.from_arrays(
        [pa.array(types, pa.string()), pa.array(starts, pa.float64()), pa.array(ends, pa.float64())],
        fields=list(EVENT),
    )
    return pa.ListArray.from_arrays(_offsets(per_row), child, type=pa.list_(EVENT))


def reports_tables(gen_ids: Sequence[str], reports: Sequence[QualityReport]) -> tuple[pa.Table, pa.Table]:
    """Columns of ``quality_reports`` and ``defects`` for reports of ``gen_ids`` (same order)."""
    now = utcnow()
    f, s = pa.float64(), pa.string()
    P = _fields(reports, ("metrics", "structure", "overall", "schema_version", "analyzer_version", "analysis_seconds"))
    m, st = P["metrics"], P["structure"]
    M = _fields(m, ("integrated_lufs", "true_peak_dbtp", "loudness_range_lu", "tempo_bpm", "key", "stereo_correlation"))
    rep = pa.table({
        "gen_id": pa.array(gen_ids, s),
        "overall": pa.array(P["overall"], f),
        "schema_version": pa.array(P["schema_version"], pa.int32()),
        "analyzer_version": pa.array(P["analyzer_version"], s),
        **{name: pa.array(values, s if name == "key" else f) for name, values in M.items()},  # in M's order
        "structure_score": pa.array([x.score if x else None for x in st], f),
        "structure_f_3s": pa.array([x.f_measure_3s if x else None for x in st], f),
        "stem_scores": pa.array([[(x.name, x.score) for x in r.stems] for r in reports], pa.map_(s, f)),
        "n_defects": pa.array([len(r.defects) for r in reports], pa.int32()),
        "defect_kinds": _lists([sorted({d.kind for d in r.defects}) for r in reports], s),
        "metrics": pa.array([x.model_dump_json(exclude_defaults=True) for x in m], s),
        "stems": pa.array([_STEMS.dump_json(r.stems).decode() if r.stems else "[]" for r in reports], s),
        "structure": pa.array([x.model_dump_json() if x else None for x in st], s),
        "suggested_repairs": pa.array(
            [_REPAIRS.dump_json(r.suggested_repairs).decode() if r.suggested_repairs else "[]" for r in reports], s
        ),
        "analysis_seconds": pa.array(P["analysis_seconds"], f),
        "scored_at": pa.array([now] * len(reports), pa.timestamp("us")),
    })
    per_report = _get(reports, "defects")
    flat = list(chain.from_iterable(per_report))
    D = _fields(flat, ("kind", "start_s", "end_s", "severity", "stem", "evidence"))
    dfx = pa.table({
        "gen_id": pa.array(list(chain.from_iterable(repeat(g, len(d)) for g, d in zip(gen_ids, per_report, strict=True))), s),
        "idx": pa.array(list(chain.from_iterable(range(len(d)) for d in per_report)), pa.int32()),
        "kind": pa.array(D["kind"], s),
        "start_s": pa.array(D["start_s"], f),
        "end_s": pa.array(D["end_s"], f),
        "severity": pa.array(D["severity"], f),
        "stem": pa.array(D["stem"], s),
        "evidence": pa.array([json.dumps(e) if e else "{}" for e in D["evidence"]], s),
    })
    return rep, dfx
