"""What crosses the wire between the driver and a Ray worker: a take job out, a
bundle of files back.

Workers share no filesystem with the driver. A ``TakeJob`` carries the pipeline
and the bytes of every audio file it reads (a repair's source take with its
sidecar and stems); the worker renders into a scratch folder of its own and sends
back every file as bytes (``TakeBundle``). The driver writes them into the run
folder with atomic writes: audio and stems first, then sidecars and reports, the
run manifest (``run.json``) last, so a take exists exactly when its manifest does,
as in an in-process run. Paths the worker wrote into JSON files (its scratch
folder, the inputs' local copies) are mapped back to the driver's paths, so the
files are the ones an in-process run writes.

File contents travel as ``Payload``: a flat uint8 numpy array, not ``bytes``. Ray
pickles numpy arrays out of band, so a bundle read from the object store on the same
machine hands the driver (and a scorer) views of the store's shared memory instead of
copies, and the driver writes the files straight from them: a 30 s take's FLAC (6.5 MB)
is never copied in the driver's memory. Such a view is read-only and pins its object in
the store while it lives: drop a bundle once it is written.
"""

from __future__ import annotations

import hashlib
import json
import mmap
import os
import shutil
from pathlib import Path
from typing import Annotated

import numpy as np
from pydantic import BaseModel, Field, PlainValidator

from engine.audio import AudioHeader, remember_sha256
from engine.files import write_many_atomic, writes_direct
from engine.pipeline import PipelineConfig, SectionEvent
from engine.take import TakeSidecar

MANIFEST = "run.json"  # written last: the mark of a finished take folder
RUN_SUBDIR = "run"  # where a worker renders, under its scratch folder
BASE_SUBDIR = "base"  # what relative src_audio paths are read against, under it


def as_payload(value: object) -> np.ndarray:
    """A file's bytes as a flat uint8 array: an array is kept as it is (no copy), bytes are viewed."""
    if isinstance(value, np.ndarray):
        if value.dtype != np.uint8 or value.ndim != 1:
            raise ValueError(f"file contents must be a flat uint8 array, not {value.dtype} of shape {value.shape}")
        return value
    if isinstance(value, bytes | bytearray | memoryview):
        return np.frombuffer(value, dtype=np.uint8)
    raise ValueError(f"file contents must be bytes or a uint8 array, not {type(value).__name__}")


Payload = Annotated[np.ndarray, PlainValidator(as_payload)]  # one file's bytes (see the module docstring)


def read_payload(path: Path) -> np.ndarray:
    """A file's bytes as a ``Payload``, read straight into the array."""
    return np.fromfile(path, dtype=np.uint8)


class InputFile(BaseModel):
    """One audio file a pipeline reads (``src_audio``), with its sidecar and stems when it is a take."""

    original: str  # src_audio as the pipeline writes it
    local: str  # where the worker puts it, relative to its scratch folder
    absolute: bool  # the pipeline names it by an absolute path (rewritten to the worker's copy)
    driver_path: str  # the file on the driver, resolved (what sidecars record as its path)
    files: dict[str, Payload] = Field(default_factory=dict)  # name beside it ('<x>.stems/<y>.flac') -> bytes


class TakeJob(BaseModel):
    """One take to render (and score) on a worker."""

    label: str  # e.g. takes/t01/c2, for progress and errors
    config: PipelineConfig
    events: list[SectionEvent] | None = None
    planned_duration_s: float | None = None
    inputs: list[InputFile] = Field(default_factory=list)
    items: list[int] | None = None  # batch items to run (None: a take job, all items, scored)
    run_id: str | None = None  # shared by the items of one `aceprod run`
    write_stems: bool = True


class TakeBundle(BaseModel):
    """Every file of a finished take folder, as the worker wrote it."""

    label: str
    worker_roots: list[str]  # scratch folders of the workers that wrote it (render, score): mapped back
    files: dict[str, Payload]  # path relative to the run folder -> bytes
    # sha256 of each take's audio among ``files`` (not stems), from the worker: the driver records it for
    # the file it writes, so the catalog ingest of the run does not read and hash the audio again
    sha256: dict[str, str] = Field(default_factory=dict)
    # and their headers, read there: the ingest checks the decode limits without opening the file again
    headers: dict[str, AudioHeader] = Field(default_factory=dict)
    engine_s: float = 0.0
    worker_s: float = 0.0  # seconds spent in the worker(s), unpacking to collecting
    worker_cpu_s: float = 0.0  # CPU seconds of the worker process(es) in that time
    worker: str = ""  # which worker rendered it (host:pid)


def take_files(audio: Path) -> dict[str, np.ndarray]:
    """An audio file, and when it is a take, its sidecar and the stems that sidecar lists."""
    files = {audio.name: read_payload(audio)}
    side = audio.with_suffix(".json")
    if side.is_file():
        files[side.name] = read_payload(side)
        try:
            sidecar = TakeSidecar.model_validate_json(files[side.name].tobytes())
        except ValueError:
            return files
        for rel in sidecar.stems.values():
            stem = audio.parent / rel
            if stem.is_file():
                files[rel] = read_payload(stem)
    return files


def make_job(config: PipelineConfig, *, label: str, events: list[SectionEvent] | None = None,
             planned_duration_s: float | None = None, base_dir: Path | None = None, **extra: object) -> TakeJob:
    """A job for ``config``: its ``src_audio`` files (relative ones against ``base_dir``) go along as bytes.
    A relative path keeps its place under the worker's base folder, so the pipeline reads the same there."""
    inputs: dict[str, InputFile] = {}
    for stage in config.stages:
        src = stage.src_audio
        if not src or src in inputs:
            continue
        path = Path(src) if Path(src).is_absolute() else (base_dir or Path.cwd()) / src
        local = os.path.normpath(f"{BASE_SUBDIR}/{src}")
        absolute = Path(src).is_absolute() or local.startswith("..")
        if absolute:
            local = f"in{len(inputs)}/{path.name}"
        files = take_files(path) if path.is_file() else {}  # a missing file fails validation on the worker
        inputs[src] = InputFile(original=src, local=local, absolute=absolute, driver_path=str(path.resolve()),
                                files=files)
    return TakeJob(label=label, config=config, events=events, planned_duration_s=planned_duration_s,
                   inputs=list(inputs.values()), **extra)


def unpack_inputs(job: TakeJob, root: Path) -> PipelineConfig:
    """Write the job's inputs under ``root`` (worker side); the config reading them there (relative
    paths against ``root/base``)."""
    for item in job.inputs:
        folder = (root / item.local).parent
        for name, data in item.files.items():
            (folder / name).parent.mkdir(parents=True, exist_ok=True)
            (folder / name).write_bytes(data)
    config = job.config.model_copy(deep=True)
    rewrite = {item.original: str(root / item.local) for item in job.inputs if item.absolute}
    for stage in config.stages:
        if stage.src_audio in rewrite:
            stage.src_audio = rewrite[stage.src_audio]
    return config


def map_payload(path: Path) -> np.ndarray:
    """A file's bytes as a ``Payload`` that maps the file instead of copying it (POSIX: the mapping stays
    valid after the file is removed), for a file sent on at once: Ray copies the bytes into its object
    store from the page cache, with no fresh memory of this process in between (reading a take's 16 MB
    into new arrays cost ~16 ms of CPU on a VM, mapping them ~4). Elsewhere, and for an empty file, read."""
    if os.name != "posix":
        return read_payload(path)
    with open(path, "rb") as fh:
        size = os.fstat(fh.fileno()).st_size
        if size == 0:
            return np.empty(0, dtype=np.uint8)
        return np.frombuffer(mmap.mmap(fh.fileno(), size, access=mmap.ACCESS_READ), dtype=np.uint8)


def collect(run_dir: Path) -> dict[str, np.ndarray]:
    """Every file under a finished run folder, by relative path (mapped: ``map_payload``)."""
    return {p.relative_to(run_dir).as_posix(): map_payload(p) for p in sorted(run_dir.rglob("*")) if p.is_file()}


AUDIO_SUFFIXES = (".flac", ".wav")


def take_audio(files: dict[str, np.ndarray]) -> list[str]:
    """The takes' audio among ``files``: an audio file with its sidecar beside it (not a stem)."""
    return [rel for rel in files if rel.endswith(AUDIO_SUFFIXES) and rel.rsplit(".", 1)[0] + ".json" in files]


def audio_digests(files: dict[str, np.ndarray]) -> dict[str, str]:
    """Hex sha256 of each take's audio among ``files`` (worker side): the digest its sidecar records
    (the executor hashed the file it wrote), else hashed here. Stems are not hashed: the catalog
    hashes only a take's audio."""
    out = {}
    for rel in take_audio(files):
        try:
            recorded = json.loads(files[rel.rsplit(".", 1)[0] + ".json"].tobytes()).get("sha256")
        except (ValueError, AttributeError):  # not a take's sidecar after all
            recorded = None
        out[rel] = recorded if isinstance(recorded, str) else hashlib.sha256(files[rel]).hexdigest()
    return out


def audio_headers(run_dir: Path, files: dict[str, np.ndarray]) -> dict[str, AudioHeader]:
    """The header of each take's audio among ``files``, read from ``run_dir`` (worker side)."""
    return {rel: AudioHeader.of(run_dir / rel) for rel in take_audio(files)}


def _json_escaped(text: str) -> str:
    return json.dumps(text)[1:-1]


def path_map(bundle: TakeBundle, job: TakeJob, run_dir: Path) -> dict[str, str]:
    """Worker paths -> driver paths, longest first, as they appear inside JSON strings."""
    pairs = {str(Path(root) / RUN_SUBDIR): str(run_dir) for root in bundle.worker_roots}
    for item in job.inputs:
        pairs[str(Path(bundle.worker_roots[0]) / item.local)] = item.driver_path
    return {_json_escaped(k): _json_escaped(v) for k, v in sorted(pairs.items(), key=lambda kv: -len(kv[0]))}


PAGE = mmap.PAGESIZE


def fault_in(data: bytes | np.ndarray) -> None:
    """Map every page of a large array into this process before a write copies from it: one read per
    page. A bundle's files are views of the object store's shared memory; pages this process has not
    touched yet are otherwise mapped one by one inside the kernel's copy, which made writing a 6.5 MB
    FLAC from such memory about twice as costly (a take's files: 10-13 ms of CPU against 5-7 ms).
    Not for an array written around the page cache (``writes_direct``): that one is copied in this
    process, where the pages are mapped as the copy reads them."""
    if isinstance(data, np.ndarray) and data.size > 16 * PAGE and not writes_direct(data.size):
        int(data[::PAGE].sum())


def _order(rel: str) -> int:
    if rel == MANIFEST:
        return 3
    if rel.endswith(".quality.json"):
        return 2
    return 1 if rel.endswith(".json") else 0


def _mapped(data: bytes | np.ndarray, mapping: dict[str, str]) -> str:
    """A JSON file's text with the worker's paths mapped to the driver's (``path_map``)."""
    text = data.tobytes().decode("utf-8") if isinstance(data, np.ndarray) else data.decode("utf-8")
    for worker_path, driver_path in mapping.items():
        text = text.replace(worker_path, driver_path)
    return text


def _write_files(bundle: TakeBundle, job: TakeJob, run_dir: Path, skip: set[str],
                 manifest: str | None) -> dict[str, str]:
    """The files of ``bundle`` not in ``skip`` (``run.json`` never), in ``_order``, as one group write; then
    ``manifest`` as its marker when given. The JSON files as written (paths mapped), ``run.json``'s among them."""
    mapping = path_map(bundle, job, run_dir)
    texts: dict[str, str] = {}
    group: list[tuple[Path, bytes | np.ndarray]] = []
    for rel in sorted(bundle.files, key=lambda r: (_order(r), r)):
        if rel in skip:
            continue
        data: bytes | np.ndarray = bundle.files[rel]  # audio: written from the object store's memory
        fault_in(data)
        if rel.endswith(".json"):
            texts[rel] = _mapped(data, mapping)
            if rel == MANIFEST:
                continue
            data = texts[rel].encode("utf-8")
        group.append((run_dir / rel, data))
    write_many_atomic(group, last=None if manifest is None else (run_dir / MANIFEST, manifest.encode("utf-8")))
    for rel, digest in bundle.sha256.items():
        if rel in bundle.files and rel not in skip:
            remember_sha256(run_dir / rel, digest, bundle.headers.get(rel))
    return texts


def write_bundle(bundle: TakeBundle, job: TakeJob, run_dir: Path, *, replace: bool = True) -> dict[str, str]:
    """Write a worker's take folder into ``run_dir`` (driver side), replacing a partial one; the
    JSON files as written (paths mapped), by relative path, ``run.json`` among them.

    Audio and stems, then sidecars and pipeline.json, then reports are renamed into place in
    that order, every file fsynced (all at once) and each folder fsynced once; ``run.json`` is
    written and fsynced with them but renamed into place last, after all of them are durable
    (``write_many_atomic``'s ``last``). With
    ``replace=False`` (batch items that share a folder) nothing is removed and ``run.json`` is
    not written (the caller merges it)."""
    return TakeWriter(job, run_dir).finish(bundle) if replace else _write_files(bundle, job, run_dir, set(), None)


class TakeWriter:
    """A take folder written in two parts (driver side): ``part`` writes the rendered files durably while
    the worker still scores the take, ``finish`` the rest (the report) and ``run.json`` last, once the
    whole folder is durable. Without a ``part``, ``finish`` writes everything (``write_bundle``)."""

    def __init__(self, job: TakeJob, run_dir: Path) -> None:
        self.job, self.run_dir = job, run_dir
        self.texts: dict[str, str] = {}
        self.written: set[str] = set()

    def part(self, bundle: TakeBundle) -> None:
        """A render's files but ``run.json`` (kept for ``finish``), replacing whatever the folder held
        (a partial take, or the part of an attempt whose worker died)."""
        if self.run_dir.exists():
            shutil.rmtree(self.run_dir)
        self.texts = _write_files(bundle, self.job, self.run_dir, set(), None)
        self.written = set(bundle.files) - {MANIFEST}

    def finish(self, bundle: TakeBundle) -> dict[str, str]:
        """The files of the whole take's ``bundle`` not written yet, then ``run.json``; the JSON files as written."""
        if not self.written and self.run_dir.exists():
            shutil.rmtree(self.run_dir)
        manifest = self.texts.get(MANIFEST)
        if manifest is None and MANIFEST in bundle.files:
            manifest = _mapped(bundle.files[MANIFEST], path_map(bundle, self.job, self.run_dir))
        texts = {**self.texts, **_write_files(bundle, self.job, self.run_dir, self.written | {MANIFEST}, manifest)}
        if manifest is not None:
            texts[MANIFEST] = manifest
        self.written |= set(bundle.files)
        return texts
