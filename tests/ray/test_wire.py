"""The pieces of --ray that need no Ray: a worker's take shipped as bytes and written by the driver
equals the in-process take; the --ray option; pool sizes per cluster."""

from __future__ import annotations

import functools
import hashlib
from pathlib import Path

import numpy as np
import pytest

from agent.workers.actor import TakeWorker
from agent.workers.cluster import check_address, pool_shape
from agent.workers.jobs import MANIFEST, TakeBundle, TakeWriter, as_payload, fault_in, make_job, write_bundle
from agent.workers.options import normalize_argv
from agent.workers.pool import scored_from_bundle, with_report
from engine.audio import AudioHeader, probe_known
from engine.errors import ConfigError
from engine.files import write_many_atomic
from engine.pipeline import parse_pipeline
from engine.protocol import get_engine
from tools.takes import run_and_score

from .conftest import snapshot

SOURCE = dict(name="src", caption="rock, electric guitar, drums", bpm=120, keyscale="E minor", duration=6, seed=7,
              stages=[{"id": "gen", "type": "generate", "model": "turbo"}])


@pytest.mark.slow
def test_a_take_shipped_as_bytes_equals_the_in_process_take(tmp_path: Path):
    engine = get_engine("sketch")
    src = run_and_score(parse_pipeline(SOURCE), engine=engine, run_dir=tmp_path / "source")
    repair = parse_pipeline(dict(SOURCE, name="fix", seed=8, stages=[
        {"id": "fix", "type": "repaint", "model": "turbo", "src_audio": str(src.audio.resolve()),
         "repainting_start": 2.0, "repainting_end": 4.0}]))
    local = run_and_score(repair, engine=engine, run_dir=tmp_path / "a" / "r1", events=repair.events,
                          planned_duration_s=repair.duration)
    job = make_job(repair, label="r1", events=repair.events, planned_duration_s=repair.duration,
                   base_dir=tmp_path / "b" / "r1")
    assert sorted(job.inputs[0].files) == sorted(["gen.b0.flac", "gen.b0.json"] +
                                                 [f"gen.b0.stems/{n}.flac" for n in src.sidecar_data.stems])
    bundle = TakeWorker(functools.partial(get_engine, "sketch")).render(job, True)
    assert not Path(bundle.worker_roots[0]).exists()  # the worker's scratch folder is gone
    assert set(bundle.sha256) == set(bundle.headers) == {"fix.b0.flac"}  # the take's audio (the catalog's), not stems
    write_bundle(bundle, job, tmp_path / "b" / "r1")
    for rel, digest in bundle.sha256.items():  # hashed on the worker: the bytes the driver wrote
        assert hashlib.sha256((tmp_path / "b" / "r1" / rel).read_bytes()).hexdigest() == digest
        # and their headers read there: what the ingest checks, without opening the file again
        assert bundle.headers[rel] == AudioHeader.of(tmp_path / "b" / "r1" / rel)
        assert probe_known(tmp_path / "b" / "r1" / rel) is bundle.headers[rel]
    snap_a, snap_b = snapshot(tmp_path / "a", under=(".",)), snapshot(tmp_path / "b", under=(".",))
    assert snap_a == snap_b and "r1/fix.b0.quality.json" in snap_a
    sidecar = (tmp_path / "b" / "r1" / "fix.b0.json").read_text()
    assert str(src.audio.resolve()) in sidecar and bundle.worker_roots[0] not in sidecar
    assert local.report.overall == run_and_score(repair, engine=engine, run_dir=tmp_path / "b" / "r1").report.overall


@pytest.mark.slow
def test_a_take_written_while_its_worker_scores_it_equals_the_in_process_take(tmp_path: Path):
    """A CPU worker renders and keeps its take, the driver writes the rendered files (no run.json yet), the
    worker scores the kept take and the driver writes the report, then run.json: the in-process folder."""
    cfg = parse_pipeline(dict(SOURCE, duration=4))
    run_and_score(cfg, engine=get_engine("sketch"), run_dir=tmp_path / "a" / "t", events=cfg.events,
                  planned_duration_s=cfg.duration)
    worker, run_dir = TakeWorker(functools.partial(get_engine, "sketch")), tmp_path / "b" / "t"
    job = make_job(cfg, label="t", events=cfg.events, planned_duration_s=cfg.duration, base_dir=run_dir)
    run_dir.mkdir(parents=True)
    (run_dir / "gen.b0.flac").write_bytes(b"partial")  # a killed attempt's leftover: replaced
    writer = TakeWriter(job, run_dir)
    rendered = worker.render(job, False, keep=True)
    assert Path(rendered.worker_roots[0]).is_dir() and not any(r.endswith(".quality.json") for r in rendered.files)
    writer.part(rendered)
    assert (run_dir / "gen.b0.flac").read_bytes() == rendered.files["gen.b0.flac"].tobytes()
    assert not (run_dir / MANIFEST).exists()  # not a finished take until its report is written
    assert worker.score_kept("another take", "gen", cfg.events, cfg.duration) is None  # the kept take is dropped
    assert not Path(rendered.worker_roots[0]).exists()
    rendered = worker.render(job, False, keep=True)  # the same take again (a retry), kept
    writer.part(rendered)
    report = worker.score_kept("t", "gen", cfg.events, cfg.duration)
    assert list(report.files) == ["gen.b0.quality.json"] and not Path(rendered.worker_roots[0]).exists()
    texts = writer.finish(with_report(rendered, report))
    assert set(texts) >= {MANIFEST, "gen.b0.json", "gen.b0.quality.json"}
    assert snapshot(tmp_path / "a", under=(".",)) == snapshot(tmp_path / "b", under=(".",))
    assert scored_from_bundle(cfg, run_dir, texts, rendered.engine_s) is not None


def test_bare_ray_means_a_local_instance():
    assert normalize_argv(["album", "b.yaml", "--ray"]) == ["album", "b.yaml", "--ray=local"]
    assert normalize_argv(["album", "--ray", "b.yaml"]) == ["album", "--ray=local", "b.yaml"]
    assert normalize_argv(["album", "--ray", "--json"]) == ["album", "--ray=local", "--json"]
    assert normalize_argv(["album", "b.yaml", "--ray", "10.0.0.5:6379"]) == ["album", "b.yaml", "--ray", "10.0.0.5:6379"]
    assert normalize_argv(["score", "--ray", "auto", "x.flac"]) == ["score", "--ray", "auto", "x.flac"]
    assert check_address("ray://head.lan:10001") == "ray://head.lan:10001"
    with pytest.raises(ConfigError, match="not a Ray address"):
        check_address("briefs/jazz.yaml")


def test_pool_sizes_follow_the_cluster():
    workers, spec, scorers = pool_shape("acestep", {"CPU": 16, "GPU": 4})
    assert (workers, spec.num_gpus, scorers) == (4, 1, 4)  # one actor per GPU, CPU scorers beside them
    assert pool_shape("acestep", {"CPU": 5, "GPU": 4})[2] == 1
    workers, spec, scorers = pool_shape("sketch", {"CPU": 2, "GPU": 1})
    assert (workers, spec.num_gpus, scorers) == (2, 0, 0)  # CPU engine: one per CPU, scoring its own takes
    assert pool_shape("acestep", {"CPU": 2})[0] == 2  # no GPU: acestep's CPU path, per CPU
    with pytest.raises(ConfigError, match="no CPUs"):
        pool_shape("sketch", {})


def test_file_contents_travel_as_uint8_arrays_without_copies(tmp_path: Path):
    data = b"RIFF....fLaC"
    view = as_payload(data)
    assert view.dtype == np.uint8 and view.tobytes() == data and view.base is data  # a view of the bytes
    arr = np.arange(5, dtype=np.uint8)
    assert TakeBundle(label="t", worker_roots=[], files={"a.flac": arr}).files["a.flac"] is arr  # kept as it is
    for bad in (np.zeros(3, dtype=np.float32), np.zeros((2, 2), dtype=np.uint8), "text"):
        with pytest.raises(ValueError, match="file contents must be"):
            as_payload(bad)
    # the driver writes any buffer as it is (an array in the object store's memory, a memoryview)
    written = write_many_atomic([(tmp_path / "x" / "a.flac", arr), (tmp_path / "x" / "b.json", memoryview(data)),
                                 (tmp_path / "y" / "c.json", data)])
    assert [p.read_bytes() for p in written] == [arr.tobytes(), data, data]
    assert sorted(p.name for p in (tmp_path / "x").iterdir()) == ["a.flac", "b.json"]  # no .part left
    # before writing, the driver reads each page of a large file once (the store's views are read-only)
    big = np.frombuffer(bytes(range(256)) * 700, dtype=np.uint8)[3:]  # read-only, not a whole number of pages
    assert not big.flags.writeable
    for contents in (big, arr, data):
        fault_in(contents)
    assert write_many_atomic([(tmp_path / "z.flac", big)])[0].read_bytes() == (bytes(range(256)) * 700)[3:]



def test_a_large_file_is_written_around_the_page_cache_bit_for_bit(tmp_path: Path, monkeypatch):
    """A FLAC-sized buffer (over ``DIRECT_MIN``, not page-aligned in memory, its length no whole number of
    blocks, over one staging chunk) comes out byte for byte: with O_DIRECT where the file system takes it,
    buffered where it refuses it (EINVAL, as tmpfs on older kernels)."""
    import errno
    import fcntl
    import os

    from engine import files

    rng = np.random.default_rng(5)
    size = files.DIRECT_CHUNK + files.DIRECT_MIN + 4099
    data = rng.integers(0, 256, size + 3, dtype=np.uint8)[3:]  # an unaligned view, as the object store's
    assert files.writes_direct(data.size) == bool(getattr(os, "O_DIRECT", 0))
    out = write_many_atomic([(tmp_path / "a.flac", data), (tmp_path / "a.json", b"{}")])
    assert out[0].read_bytes() == data.tobytes() and out[1].read_bytes() == b"{}"
    assert files.write_bytes_atomic(tmp_path / "b.flac", data.tobytes()).read_bytes() == data.tobytes()
    if not files.writes_direct(data.size):
        return
    real = fcntl.fcntl

    def refuse_direct(fd: int, cmd: int, arg: int = 0) -> int:
        if cmd == fcntl.F_SETFL and arg & os.O_DIRECT:
            raise OSError(errno.EINVAL, "Invalid argument")
        return real(fd, cmd, arg)

    monkeypatch.setattr(files.fcntl, "fcntl", refuse_direct)
    assert write_many_atomic([(tmp_path / "c.flac", data)])[0].read_bytes() == data.tobytes()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.flac", "a.json", "b.flac", "c.flac"]  # no .part left

def test_a_bundle_without_its_report_is_read_back_instead(tmp_path: Path):
    """scored_from_bundle gives None (the runner then reads the folder as an in-process take) unless the
    bundle holds a finished run's manifest, the final take's sidecar and its report."""
    cfg = parse_pipeline(SOURCE)
    assert scored_from_bundle(cfg, tmp_path, {}, 1.0) is None
    assert scored_from_bundle(cfg, tmp_path, {MANIFEST: "{}", "gen.b0.json": "{}"}, 1.0) is None
