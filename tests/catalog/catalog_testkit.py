"""Helpers for catalog tests: real FLAC takes with real sidecars and reports."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from catalog.records import GenerationRecord
from engine.audio import sha256_file, write_flac
from engine.pipeline import SectionEvent
from engine.take import SourceRef, StageRequest, TakeSidecar
from quality.report import Defect, Metrics, QualityReport, StemReport


def make_request(**kw) -> StageRequest:
    base = dict(
        stage_id="gen", stage_type="generate", task="text2music", model="turbo",
        instruction="Fill the audio semantic mask based on the given conditions:",
        caption="warm jazz trio, piano, upright bass, brushed drums", lyrics="[Instrumental]",
        bpm=96, keyscale="F major", timesignature="4/4", duration=1.0, vocal_language="en",
        events=[SectionEvent(type="intro", start=0.0, end=0.5), SectionEvent(type="verse", start=0.5, end=1.0)],
        seed=1, steps=8, shift=3.0, guidance_scale=None,
    )
    base.update(kw)
    return StageRequest(**base)


def make_report(overall: float, defects: int = 0, *, sha256: str | None = None) -> QualityReport:
    m = Metrics(duration_s=1.0, sample_rate=48000, integrated_lufs=-14.0, true_peak_dbtp=-1.2, key="F major", tempo_bpm=96.0)
    return QualityReport(
        overall=overall, metrics=m, sha256=sha256,
        stems=[StemReport(name="drums", score=min(10, overall + 1), source="engine", metrics=m)],
        defects=[Defect(kind="click", start_s=0.1 * k, end_s=0.1 * k + 0.05, severity=0.5, evidence={"db": 3.0})
                 for k in range(defects)],
    )


def write_take(folder: Path, name: str, *, seed: int = 1, overall: float | None = 5.0, defects: int = 1,
               sources: list[SourceRef] | None = None, run_id: str = "run1", **req) -> Path:
    """Write ``name``.flac + ``name``.json (+ ``name``.quality.json if overall is given); returns the FLAC."""
    folder.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(abs(hash((name, seed))) % 2**32)
    audio = (0.1 * rng.standard_normal((2, 4800))).astype(np.float32)
    flac = write_flac(folder / f"{name}.flac", audio)
    digest = sha256_file(flac)
    sc = TakeSidecar(engine="sketch", request=make_request(seed=seed, **req), audio_path=flac.name, sha256=digest,
                     duration_s=0.1, run_id=run_id, pipeline="demo", sources=sources or [])
    (folder / f"{name}.json").write_text(sc.model_dump_json(indent=1))
    if overall is not None:
        (folder / f"{name}.quality.json").write_text(make_report(overall, defects, sha256=digest).model_dump_json())
    return flac


def add_take(cat, flac: Path, report: QualityReport | None = None) -> str:
    """Store the take ``flac`` (its sidecar beside it) with ``report``; its gen_id."""
    rec = GenerationRecord.from_sidecar(TakeSidecar.model_validate_json(flac.with_suffix(".json").read_text()),
                                        audio_path=flac)
    cat.add_generations([rec], [report])
    return rec.gen_id
