"""Agent-callable: run a pipeline and score its final take.

The critic hears only audio: the report is computed from the FLAC as written
(plus the engine's stems and the planned events), never from engine state.
"""

from __future__ import annotations

import contextlib
import json
import shutil
import threading
from collections.abc import Callable
from pathlib import Path

from pydantic import BaseModel

from engine.audio import read_audio, write_text_atomic
from engine.executor import PipelineResult, run_pipeline, take_name
from engine.pipeline import PipelineConfig, SectionEvent
from engine.protocol import Engine
from engine.take import TakeSidecar
from engine.validate import validate_pipeline
from quality.analyze import analyze
from quality.report import QualityReport


class ScoredTake(BaseModel):
    """The final take of a pipeline run, with its report."""

    run_dir: Path
    audio: Path
    sidecar: Path
    report_path: Path
    report: QualityReport
    sidecar_data: TakeSidecar
    engine_s: float


def report_path_for(audio: Path) -> Path:
    """``x.flac`` -> ``x.quality.json`` (where `aceprod score --save` writes it)."""
    return audio.with_suffix(".quality.json")


def score_take(audio: Path, sidecar: TakeSidecar, *, events: list[SectionEvent] | None,
               planned_duration_s: float | None) -> QualityReport:
    """Analyse a written take with its engine stems and planned events."""
    stems = {name: read_audio(audio.parent / rel) for name, rel in sidecar.stems.items()}
    return analyze(read_audio(audio), stems=stems or None, stem_source="engine", events=events,
                   planned_duration_s=planned_duration_s, path=str(audio))


def finished_run(run_dir: Path) -> PipelineResult | None:
    """The manifest of a finished run in ``run_dir``, or None (absent, partial or failed)."""
    manifest = run_dir / "run.json"
    if not manifest.is_file():
        return None
    with contextlib.suppress(ValueError, OSError):
        result = PipelineResult.model_validate_json(manifest.read_text())
        if result.status == "ok":
            return result
    return None


def render_take(config: PipelineConfig, *, engine: Engine, run_dir: Path, base_dir: Path | None = None,
                lock: threading.Lock | None = None, on_stage: Callable[[str], None] | None = None) -> PipelineResult:
    """Run ``config`` into ``run_dir`` unless it already holds a finished run (a partial one is replaced)."""
    result = finished_run(run_dir)
    if result is None:
        if run_dir.exists():
            shutil.rmtree(run_dir)
        validated = validate_pipeline(config, engine.capabilities(), base_dir=base_dir or run_dir,
                                      source=config.name)
        progress = (lambda stage_id, _b, _done, _total: on_stage(stage_id)) if on_stage else None
        with lock or contextlib.nullcontext():
            result = run_pipeline(validated, engine=engine, run_dir=run_dir, progress=progress)
    return result


def run_and_score(config: PipelineConfig, *, engine: Engine, run_dir: Path, base_dir: Path | None = None,
                  events: list[SectionEvent] | None = None, planned_duration_s: float | None = None,
                  lock: threading.Lock | None = None,
                  on_stage: Callable[[str], None] | None = None) -> ScoredTake:
    """Run ``config`` into ``run_dir`` and score its last stage's first take.

    Idempotent: a run folder that already holds a finished run (and report) is
    reused, a partial one is replaced, so a resumed album never redoes or
    duplicates finished takes. ``on_stage`` hears each stage id as it finishes, then
    "score".
    """
    result = render_take(config, engine=engine, run_dir=run_dir, base_dir=base_dir, lock=lock, on_stage=on_stage)
    last = take_name(config.stages[-1].id, 0)
    audio = run_dir / f"{last}.flac"
    sidecar_path = run_dir / f"{last}.json"
    sidecar = TakeSidecar.model_validate_json(sidecar_path.read_text())
    rpath = report_path_for(audio)
    if rpath.is_file():
        report = QualityReport.model_validate_json(rpath.read_text())
    else:
        if on_stage:
            on_stage("score")
        report = score_take(audio, sidecar, events=events, planned_duration_s=planned_duration_s)
        write_text_atomic(rpath, report.model_dump_json(indent=2))
    engine_s = sum(t.render_s for t in result.takes)
    return ScoredTake(run_dir=run_dir, audio=audio, sidecar=sidecar_path, report_path=rpath, report=report,
                      sidecar_data=sidecar, engine_s=round(engine_s, 3))


def defect_summary(report: QualityReport, limit: int = 4) -> list[str]:
    """Worst defects first, as short strings: 'clipping@12.3-12.9s sev 0.8 (drums)'."""
    worst = sorted(report.defects + [d for s in report.stems for d in s.defects], key=lambda d: -d.severity)
    out = []
    for d in worst[:limit]:
        where = f" ({d.stem})" if d.stem else ""
        out.append(f"{d.kind.value}@{d.start_s:.1f}-{d.end_s:.1f}s sev {d.severity:.2f}{where}")
    return out


def load_report(path: Path) -> QualityReport:
    return QualityReport.model_validate(json.loads(path.read_text()))
