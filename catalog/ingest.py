"""Ingest a folder of takes: sidecars, FLACs, reports -> whole generations.

``ingest_folder(cat, folder)`` walks ``folder`` for take sidecars
(``<stage>.b<batch>.json`` beside ``<stage>.b<batch>.flac``), their reports
(``<take>.quality.json``) and run manifests (``run.json``), then writes batches,
each one transaction holding whole generations (row + report + defects + run).
A process killed mid-ingest leaves only whole generations; running the ingest
again adds the rest (takes already stored are recognised by sha256).

Takes without a report are scored with ``quality.analyze.analyze_file`` (imported
lazily) and the report is stored, not written beside the take. Every file left out
is listed in ``IngestSummary.skipped`` with a reason: corrupt or foreign JSON,
missing or unreadable audio, sha256 mismatch, duplicate audio, corrupt report,
report for unknown generation, audio without sidecar.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError

from catalog.records import GenerationRecord, IngestSummary, RunRecord, Skip, to_utc_naive
from catalog.store import Catalog
from engine.audio import check_decode_limits, probe_known, sha256_file
from engine.errors import AceprodError, CatalogError
from engine.take import TakeSidecar
from quality.report import QualityReport
from tools.take_records import generation_record
from tools.take_store import STEMS_SUFFIX, TakeFiles, load_report, load_stems, report_key

AUDIO_EXT = {".flac", ".wav", ".ogg", ".mp3"}


def after_batch_write(batch_no: int) -> None:
    """Called inside each batch's transaction, after the rows are written and before COMMIT (tests
    replace it to kill a process mid-transaction)."""


@dataclass
class _Item:
    sidecar_path: Path
    sidecar: TakeSidecar
    audio: Path
    sha256: str
    report: QualityReport | None
    run_manifest: dict | None
    pipeline_config: dict | None = None


def _first_line(exc: Exception) -> str:
    if isinstance(exc, ValidationError):
        e = exc.errors()[0]
        loc = ".".join(str(x) for x in e["loc"])
        return f"{loc}: {e['msg']}" + (f" (+{exc.error_count() - 1} more)" if exc.error_count() > 1 else "")
    return str(exc).splitlines()[0]


def _files_in_order(folder: Path) -> list[Path]:
    """Every file under ``folder`` (symlinks to files included; folders reached through a symlink are
    not entered) in the order sorted Paths have (parts compared in turn), from one ``scandir`` per
    folder: no stat per file, no Path per folder."""
    found: list[tuple[tuple[str, ...], str]] = []
    stack: list[tuple[str, tuple[str, ...]]] = [(str(folder), ())]
    while stack:
        where, parts = stack.pop()
        try:
            with os.scandir(where) as it:
                entries = list(it)
        except PermissionError:
            continue
        for e in entries:
            try:
                if e.is_dir() and not e.is_symlink():
                    stack.append((e.path, (*parts, e.name)))
                elif e.is_file():
                    found.append(((*parts, e.name), e.path))
            except OSError:
                continue
    found.sort()
    return [Path(path) for _, path in found]


def _discover(folder: Path) -> tuple[list[Path], dict[Path, Path], dict[Path, Path], dict[Path, Path], list[Path]]:
    """(sidecars, take-stem -> report, folder -> run.json, folder -> pipeline.json, audio files)."""
    sidecars, reports, runs, pipelines, audio = [], {}, {}, {}, []
    for p in _files_in_order(folder):
        if p.name.startswith(".") or any(part.endswith(STEMS_SUFFIX) for part in p.parent.parts):
            continue
        if (key := report_key(p)) is not None:
            reports[key] = p
        elif p.name == "run.json":
            runs[p.parent] = p
        elif p.name == "pipeline.json":
            pipelines[p.parent] = p
        elif p.suffix == ".json":
            sidecars.append(p)
        elif p.suffix.lower() in AUDIO_EXT:
            audio.append(p)
    return sidecars, reports, runs, pipelines, audio


def _read_json(path: Path) -> dict | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def _inside(path: Path, root: str) -> bool:
    """Whether ``path`` (symlinks followed) lies inside ``root`` (a folder's real path)."""
    try:
        real = os.path.realpath(path)
    except (ValueError, OSError):
        return False
    return real == root or real.startswith(root.rstrip(os.sep) + os.sep)


def _prepare(sc_path: Path, report_path: Path | None, run_json: Path | None, pipeline_json: Path | None,
             root: Path | None = None) -> _Item | Skip:
    """Parse and check one take; a Skip names the first problem found. Files a sidecar
    names (audio, stems) must lie inside ``root``, the folder being ingested (its real path)."""
    root = root or sc_path.parent.resolve()
    real_root = str(root)
    try:
        raw = json.loads(sc_path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        return Skip(path=str(sc_path), reason=f"corrupt sidecar: {_first_line(exc)}")
    if not isinstance(raw, dict) or "request" not in raw or "engine" not in raw:
        return Skip(path=str(sc_path), reason="not a take sidecar (no 'engine'/'request'); left alone")
    try:
        sc = TakeSidecar.model_validate(raw)
    except ValidationError as exc:
        return Skip(path=str(sc_path), reason=f"corrupt sidecar: {_first_line(exc)}")
    audio = sc_path.parent / sc.audio_path if sc.audio_path else TakeFiles.of_sidecar(sc_path).audio
    outside = [p for p in [audio, *(sc_path.parent / rel for rel in sc.stems.values())] if not _inside(p, real_root)]
    if outside:
        return Skip(path=str(sc_path), reason=f"the sidecar names {outside[0]}, outside the ingested folder {root} "
                                              "(fix: keep a take's audio and stems beside its sidecar)")
    if not audio.is_file():
        return Skip(path=str(sc_path), reason=f"missing audio: {audio} not found")
    try:
        check_decode_limits(probe_known(audio), audio)  # a file too big to decode is never catalogued
    except AceprodError as exc:
        return Skip(path=str(audio), reason=f"unreadable audio: {_first_line(exc)}")
    digest = sha256_file(audio)
    if sc.sha256 and sc.sha256 != digest:
        return Skip(path=str(audio), reason="audio sha256 differs from its sidecar (the file changed after generation)")
    report = None
    if report_path is not None:
        try:
            report = load_report(report_path)
        except (OSError, ValueError) as exc:
            return Skip(path=str(report_path), reason=f"corrupt report: {_first_line(exc)} (fix: delete it to re-score on ingest)")
        if report.sha256 and report.sha256 != digest:
            return Skip(path=str(report_path), reason="report is for different audio (sha256 mismatch); re-score the take")
    manifest = _read_json(run_json) if run_json else None
    config = _read_json(pipeline_json) if pipeline_json else None
    return _Item(sc_path, sc, audio, digest, report, manifest, config)


def score_take_file(audio: Path, sidecar: TakeSidecar, folder: Path) -> QualityReport | Skip | None:
    """Report for a take (its sidecar's stems, events and duration; stems relative to ``folder``);
    None when no analyzer is installed."""
    try:
        from quality.analyze import analyze_file
    except ImportError:
        return None
    req = sidecar.request
    try:
        stems = load_stems(sidecar, folder, missing="skip")
        return analyze_file(str(audio), stems=stems or None, events=req.events or None,
                            planned_duration_s=req.duration)
    except AceprodError as exc:
        return Skip(path=str(audio), reason=f"cannot score: {_first_line(exc)}")


# Scores many takes at once (``aceprod catalog ingest --ray``): (audio, sidecar path) pairs -> reports, in order.
ScoreMany = Callable[[list[tuple[Path, Path]]], list[QualityReport | Skip | None]]


def _score_batch(items: list[_Item], score_many: ScoreMany | None) -> dict[int, QualityReport | Skip | None]:
    if score_many is None:
        return {id(it): score_take_file(it.audio, it.sidecar, it.sidecar_path.parent) for it in items}
    return dict(zip(map(id, items), score_many([(it.audio, it.sidecar_path) for it in items]), strict=True))


def _record(item: _Item, known: dict[str, str]) -> GenerationRecord:
    src_ids = [known[s.sha256] for s in item.sidecar.sources if s.sha256 and s.sha256 in known]
    return generation_record(item.sidecar, audio=item.audio, base=item.sidecar_path.parent, sha256=item.sha256,
                             source_gen_ids=src_ids, parent_gen_id=src_ids[0] if src_ids else None,
                             pipeline_config=item.pipeline_config)


def ingest_folder(
    cat: Catalog,
    folder: str | Path,
    *,
    score: bool = True,
    batch_size: int = 64,
    progress: Callable[[int, int], None] | None = None,
    score_many: ScoreMany | None = None,
) -> IngestSummary:
    """Import every take under ``folder``; see the module docstring."""
    t0 = time.perf_counter()
    root = Path(folder)
    if not root.is_dir():
        raise CatalogError(f"ingest folder {root} does not exist or is not a folder (fix: pass the --out folder of a run)")
    summary = IngestSummary(folder=str(root))
    sidecars, reports, runs, pipelines, audio_files = _discover(root)
    real_root = root.resolve()
    items: list[_Item] = []
    claimed: set[Path] = set()
    for sc_path in sidecars:
        stem = sc_path.with_suffix("")
        got = _prepare(sc_path, reports.get(stem), runs.get(sc_path.parent), pipelines.get(sc_path.parent), real_root)
        claimed.add(stem)
        if isinstance(got, Skip):
            summary.skipped.append(got)
            claimed.add(stem.parent / (stem.name + ".flac"))
        else:
            items.append(got)
            claimed.add(got.audio)
    for stem, rp in reports.items():
        if stem not in claimed:
            summary.skipped.append(Skip(path=str(rp), reason="report for unknown generation (no take sidecar beside it)"))
    for a in audio_files:
        if a not in claimed and a.with_suffix("") not in claimed:
            summary.skipped.append(Skip(path=str(a), reason="audio without a sidecar (cannot know its prompt or params)"))

    # duplicates: within the folder, then against the catalog
    shas = [it.sha256 for it in items]
    stored = {r[0] for r in cat.conn.execute("SELECT sha256 FROM generations WHERE sha256 IN (SELECT unnest(?))", [shas]).fetchall()} if shas else set()
    known = {r[0]: r[1] for r in cat.conn.execute(
        "SELECT sha256, gen_id FROM generations WHERE sha256 IN (SELECT unnest(?))",
        [[s.sha256 for it in items for s in it.sidecar.sources if s.sha256]],
    ).fetchall()}
    first: dict[str, Path] = {}
    unique: list[_Item] = []
    for it in items:
        if it.sha256 in stored:
            summary.skipped.append(Skip(path=str(it.audio), reason=f"already in the catalog as {it.sha256[:16]} (same sha256)"))
        elif it.sha256 in first:
            summary.skipped.append(Skip(path=str(it.audio), reason=f"duplicate of {first[it.sha256]} (same sha256)"))
        else:
            first[it.sha256] = it.audio
            known[it.sha256] = it.sha256[:16]
            unique.append(it)

    done_runs: set[str] = set()
    for b, start in enumerate(range(0, len(unique), batch_size)):
        batch = unique[start : start + batch_size]
        recs, reps = [], []
        fresh = _score_batch([it for it in batch if it.report is None], score_many) if score else {}
        for it in batch:
            rep = it.report
            if rep is None and score:
                rep = fresh[id(it)]
                if isinstance(rep, Skip):
                    summary.skipped.append(rep)
                    continue
                summary.scored += rep is not None
            summary.unscored += rep is None
            recs.append(_record(it, known))
            reps.append(rep)
        with cat.transaction():
            ids = list({it.sidecar.run_id for it in batch if it.sidecar.run_id} - done_runs)
            stored_runs = cat.stored_run_ids(ids)
            runs: dict[str, RunRecord] = {}
            for it in batch:
                rid = it.sidecar.run_id
                if rid and rid not in done_runs and rid not in stored_runs and rid not in runs:
                    runs[rid] = RunRecord(run_id=rid, engine=it.sidecar.engine, mode="ingest", status="ingested",
                                          manifest=it.run_manifest,
                                          started_at=to_utc_naive(it.sidecar.created_at))
            cat.add_runs(list(runs.values()))
            done_runs.update(it.sidecar.run_id for it in batch)
            new = cat.add_generations(recs, reps)
            after_batch_write(b)
        summary.added += len(new)
        summary.gen_ids += new
        if progress:
            progress(min(start + batch_size, len(unique)), len(unique))
    summary.seconds = round(time.perf_counter() - t0, 3)
    return summary
