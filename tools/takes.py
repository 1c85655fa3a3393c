"""Agent-callable: run a pipeline and score its final take.

The critic hears only audio: the report is computed from the FLAC as written
(plus the engine's stems and the planned events), never from engine state. Where a
take's files are and how they are read and scored is tools/take_store.py.
"""

from __future__ import annotations

import contextlib
import shutil
import threading
from collections.abc import Callable
from pathlib import Path

from pydantic import BaseModel

from engine.audio import write_text_atomic
from engine.executor import PipelineResult, run_pipeline
from engine.pipeline import PipelineConfig, SectionEvent
from engine.protocol import Engine
from engine.take import TakeSidecar
from engine.validate import validate_pipeline
from quality.report import QualityReport
from tools.take_store import TakeFiles, load_report, read_sidecar, score_take


class ScoredTake(BaseModel):
    """The final take of a pipeline run, with its report."""

    run_dir: Path
    audio: Path
    sidecar: Path
    report_path: Path
    report: QualityReport
    sidecar_data: TakeSidecar
    engine_s: float


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
    files = TakeFiles.of_stage(run_dir, config.stages[-1].id, 0)
    sidecar = read_sidecar(files.sidecar)
    if files.report.is_file():
        report = load_report(files.report)
    else:
        if on_stage:
            on_stage("score")
        report = score_take(files.audio, sidecar, events=events, planned_duration_s=planned_duration_s)
        write_text_atomic(files.report, report.model_dump_json(indent=2))
    engine_s = sum(t.render_s for t in result.takes)
    return ScoredTake(run_dir=run_dir, audio=files.audio, sidecar=files.sidecar, report_path=files.report,
                      report=report, sidecar_data=sidecar, engine_s=round(engine_s, 3))
