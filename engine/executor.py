"""Run a validated pipeline on an engine.

Stages run in dependency order, stage-major over the batch (so an engine that can
batch candidates gets them together). Takes stay in memory, latents included, until
no later stage reads them: no decode/encode round trips between stages. Every file
is written atomically and a take's JSON sidecar is written last, so a take exists
exactly when its sidecar does; a failed run keeps whole takes, removes the partial
one, and records the failure in ``run.json``.
"""

from __future__ import annotations

import shutil
import time
import uuid
from collections.abc import Callable
from pathlib import Path

from pydantic import BaseModel, Field

from engine.audio import read_audio, sha256_file, write_flac, write_text_atomic
from engine.constants import instruction_for
from engine.errors import AceprodError, EngineError, OutputError
from engine.pipeline import PipelineConfig, StageConfig
from engine.protocol import Engine, EngineCapabilities
from engine.stages import STAGES, StageRegistry
from engine.take import SourceRef, StageRequest, Take, TakeSidecar
from engine.validate import ValidatedPipeline
from tools.take_store import TakeFiles, load_stems, read_sidecar, take_name

ProgressFn = Callable[[str, int, int, int], None]  # (stage id, batch index, done, total)


class TakeResult(BaseModel):
    stage_id: str
    stage_type: str
    batch_index: int
    seed: int
    audio_path: str
    sidecar_path: str
    duration_s: float
    render_s: float
    stems: list[str] = Field(default_factory=list)


class PipelineResult(BaseModel):
    run_id: str
    pipeline: str
    engine: str
    out_dir: str
    status: str = "ok"  # ok | failed
    error: str | None = None
    takes: list[TakeResult] = Field(default_factory=list)
    seconds: float = 0.0


def build_request(config: PipelineConfig, stage: StageConfig, batch_index: int, model: str | None,
                  capabilities: EngineCapabilities, *, duration: float | None = None,
                  stages: StageRegistry = STAGES) -> StageRequest:
    """Resolve one stage of one batch item: shared conditioning, overrides, model defaults,
    then the stage type's own fields (its spec in ``stages``, the registry).

    ``duration`` is the stage's output length (a source's length for stages that read
    one); it defaults to the pipeline's duration."""
    spec = stages.spec(stage.type)
    info = capabilities.model(model) if model else None
    task = spec.task
    request = StageRequest(
        stage_id=stage.id,
        stage_type=stage.type,
        task=task.value if task else None,
        model=model,
        instruction=instruction_for(task, track_name=stage.track_name,
                                    track_classes=stage.complete_track_classes) if task else None,
        caption=stage.caption if stage.caption is not None else config.caption,
        lyrics=stage.lyrics if stage.lyrics is not None else config.lyrics,
        bpm=config.bpm, keyscale=config.keyscale, timesignature=config.timesignature,
        duration=duration if duration is not None else config.duration,
        vocal_language=config.vocal_language, events=list(config.events), genre=config.genre,
        structure=config.structure, structure_strength=config.structure_strength,
        seed=stage.seed + batch_index if stage.seed is not None else config.batch_seed(batch_index),
        batch_index=batch_index,
    )
    if info is not None:
        request.steps = stage.steps or info.default_steps
        request.shift = stage.shift if stage.shift is not None else info.default_shift
        request.guidance_scale = stage.guidance_scale if stage.guidance_scale is not None else info.default_guidance
    for name, value in spec.request_fields(stage).items():  # the stage type's own fields
        setattr(request, name, value)
    return request


def choose_run_dir(out_root: Path, name: str, *, overwrite: bool = False) -> Path:
    """``out_root/name``; if it already holds a run, ``name.2``, ``name.3``... unless overwrite."""
    check_writable(out_root)
    candidate = out_root / name
    if overwrite and candidate.exists():
        shutil.rmtree(candidate)
    n = 2
    while candidate.exists() and any(candidate.iterdir()):
        candidate = out_root / f"{name}.{n}"
        n += 1
    return candidate


def check_writable(folder: Path) -> None:
    """Fail early, before any work, if ``folder`` cannot hold our output."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        probe = folder / f".aceprod-write-test-{uuid.uuid4().hex[:8]}"
        probe.write_bytes(b"")
        probe.unlink()
    except OSError as exc:
        raise OutputError(f"output folder {folder} is not writable ({exc.strerror}) "
                          "(fix: pass --out with a folder you can write to)") from None


class _TakeWriter:
    """Writes one take (FLAC, stems, then sidecar last) and can undo a partial one."""

    def __init__(self, run_dir: Path, write_stems: bool) -> None:
        self.run_dir = run_dir
        self.write_stems = write_stems

    def write(self, name: str, take: Take, sidecar: TakeSidecar) -> TakeSidecar:
        files = TakeFiles(self.run_dir / f"{name}.flac")
        t0 = time.perf_counter()
        write_flac(files.audio, take.audio, sr=take.sr)
        sidecar.audio_path = files.audio.name
        sidecar.sha256 = sha256_file(files.audio)
        sidecar.duration_s = round(take.duration_s, 6)
        if self.write_stems:
            for stem_name, stem in sorted(take.stems.items()):
                p = write_flac(files.stem(stem_name), stem, sr=take.sr)
                sidecar.stems[stem_name] = f"{files.stems_dir.name}/{p.name}"
        sidecar.timings_s["write"] = round(time.perf_counter() - t0, 4)
        write_text_atomic(files.sidecar, sidecar.model_dump_json(indent=2))
        return sidecar

    def undo(self, name: str) -> None:
        files = TakeFiles(self.run_dir / f"{name}.flac")
        for p in (files.sidecar, files.audio):
            p.unlink(missing_ok=True)
        shutil.rmtree(files.stems_dir, ignore_errors=True)


def load_source_take(path: Path) -> Take:
    """An audio file as a source Take. When it is an earlier take (a sidecar
    ``<name>.json`` beside it lists stems), its stems come along."""
    take = Take(audio=read_audio(path))
    side = TakeFiles(path).sidecar
    if side.is_file():
        try:
            sidecar = read_sidecar(side)
        except ValueError:
            return take  # not a sidecar of ours: the audio alone
        stems = load_stems(sidecar, side.parent, missing="skip")
        if len(stems) < len(sidecar.stems):
            return take  # a stem is gone: the audio alone
        if all(s.shape == take.audio.shape for s in stems.values()):
            take.stems = stems
            take.sidecar = sidecar  # an engine may recognise its own earlier take (the sketch engine does)
    return take


def _last_use(config: PipelineConfig) -> dict[str, int]:
    last: dict[str, int] = {}
    for i, stage in enumerate(config.stages):
        for _, ref in stage.referenced_stages():
            last[ref] = i
    return last


def run_pipeline(validated: ValidatedPipeline, *, engine: Engine, run_dir: Path, write_stems: bool = True,
                 progress: ProgressFn | None = None, run_id: str | None = None,
                 items: list[int] | None = None, stages: StageRegistry | None = None) -> PipelineResult:
    """Run every stage for every batch item (or only ``items``: batch items are independent, so
    they can run on different machines); write takes into ``run_dir``. Each stage's request
    is resolved by its spec in ``stages`` (default: the registry the pipeline was validated against).

    The engine stays loaded afterwards (an album runs many pipelines on one model);
    callers unload it when they are done."""
    config = validated.config
    stages = validated.stages if stages is None else stages
    caps = engine.capabilities()
    run_id = run_id or uuid.uuid4().hex[:12]
    check_writable(run_dir)
    writer = _TakeWriter(run_dir, write_stems)
    result = PipelineResult(run_id=run_id, pipeline=config.name, engine=caps.engine, out_dir=str(run_dir))
    write_text_atomic(run_dir / "pipeline.json", config.model_dump_json(indent=2, exclude_unset=False))
    uploads = {raw: load_source_take(p) for raw, p in validated.audio_paths.items()}
    upload_sha = {raw: sha256_file(p) for raw, p in validated.audio_paths.items()}
    takes: dict[tuple[str, int], Take] = {}
    written: dict[tuple[str, int], TakeSidecar] = {}
    last_use = _last_use(config)
    items = list(range(config.batch_size)) if items is None else list(items)
    total, done = len(config.stages) * len(items), 0
    started = time.perf_counter()
    current = ""
    try:
        for i, stage in enumerate(config.stages):
            model = validated.models[stage.id]
            if model:
                engine.load(model)
            requests, inputs, source_refs = [], [], []
            for b in items:
                current = take_name(stage.id, b)
                requests.append(build_request(config, stage, b, model, caps, duration=validated.durations[stage.id],
                                              stages=stages))
                sources, refs = _gather_sources(stage, b, takes, written, uploads, upload_sha, validated)
                inputs.append(sources)
                source_refs.append(refs)
            current = take_name(stage.id, items[0])
            t0 = time.perf_counter()
            batch = getattr(engine, "run_batch", None)
            if batch is not None and len(requests) > 1:
                outputs = batch(requests, inputs)  # an engine may render shared-conditioning items together
            else:
                outputs = []
                for b, request, sources in zip(items, requests, inputs, strict=True):
                    current = take_name(stage.id, b)
                    outputs.append(engine.run(request, sources))
            render_s = (time.perf_counter() - t0) / len(requests)
            for n, (b, request, take) in enumerate(zip(items, requests, outputs, strict=True)):
                current = take_name(stage.id, b)
                info = caps.model(model) if model else None
                sidecar = TakeSidecar(run_id=run_id, pipeline=config.name, engine=caps.engine,
                                      engine_version=caps.version, request=request, sources=source_refs[n],
                                      checkpoint_hash=info.checkpoint_hash if info else None,
                                      sample_rate=take.sr, timings_s={"render": round(render_s, 4)})
                sidecar = writer.write(current, take, sidecar)
                takes[(stage.id, b)] = take
                written[(stage.id, b)] = sidecar
                result.takes.append(TakeResult(
                    stage_id=stage.id, stage_type=stage.type, batch_index=b, seed=request.seed,
                    audio_path=sidecar.audio_path or "", sidecar_path=f"{current}.json",
                    duration_s=sidecar.duration_s, render_s=round(render_s, 4), stems=sorted(sidecar.stems)))
                done += 1
                if progress:
                    progress(stage.id, b, done, total)
            # release takes no later stage reads
            for (sid, bb) in list(takes):
                if last_use.get(sid, -1) <= i:
                    del takes[(sid, bb)]
    except BaseException as exc:
        writer.undo(current)
        result.status = "failed"
        result.error = str(exc) or type(exc).__name__
        if isinstance(exc, AceprodError | KeyboardInterrupt):
            raise
        raise EngineError(f"engine '{caps.engine}' failed in {current}: {type(exc).__name__}: {exc} "
                          "(whole takes before it are kept; see run.json)") from exc
    finally:  # run.json, whole or failed, last
        result.seconds = round(time.perf_counter() - started, 3)
        write_text_atomic(run_dir / "run.json", result.model_dump_json(indent=2))
    return result


def _gather_sources(stage: StageConfig, b: int, takes: dict[tuple[str, int], Take],
                    written: dict[tuple[str, int], TakeSidecar], uploads: dict, upload_sha: dict,
                    validated: ValidatedPipeline) -> tuple[list[Take], list[SourceRef]]:
    sources: list[Take] = []
    refs: list[SourceRef] = []
    for _, ref in stage.referenced_stages():
        side = written[(ref, b)]
        sources.append(takes[(ref, b)])
        gain = next((s.gain_db for s in stage.sources or [] if s.stage == ref), None)
        refs.append(SourceRef(kind="stage", ref=ref, path=side.audio_path, sha256=side.sha256, gain_db=gain))
    if stage.src_audio:
        sources.append(uploads[stage.src_audio])
        refs.append(SourceRef(kind="audio", ref=stage.src_audio,
                              path=str(validated.audio_paths[stage.src_audio].resolve()),
                              sha256=upload_sha[stage.src_audio]))
    return sources, refs
