"""One local Ray instance for the Ray tests: loopback only, 2 CPUs, a small object store, no dashboard.

The tests in this folder share it (session fixture; under xdist they run in one worker: the
``xdist_group`` mark with ``--dist loadgroup``). Subprocess drivers join it by its address.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from agent.workers.cluster import loopback_only

loopback_only()  # before Ray's first import: the test instance listens on 127.0.0.1 only
ray = pytest.importorskip("ray", reason="Ray is an optional extra: pip install 'aceprod[ray]'")

VOLATILE = {"timings_s", "created_at", "run_id", "seconds", "render_s", "analysis_seconds", "engine_s", "analysis_s",
            "out_dir"}


@pytest.fixture(scope="session")
def ray_address() -> str:
    """The GCS address of a local Ray instance started for these tests."""
    import logging

    from agent.workers.cluster import same_priority_workers

    same_priority_workers()
    ray.init(num_cpus=2, object_store_memory=96 * 1024**2, include_dashboard=False, log_to_driver=False,
             logging_level=logging.WARNING)
    try:
        yield ray.get_runtime_context().gcs_address
    finally:
        ray.shutdown()


def _strip(value: object, roots: tuple[str, ...]) -> object:
    if isinstance(value, dict):
        return {k: _strip(v, roots) for k, v in value.items() if k not in VOLATILE}
    if isinstance(value, list):
        return [_strip(v, roots) for v in value]
    if isinstance(value, str):
        for root in roots:
            value = value.replace(root, "<run>")
    return value


def snapshot(run_dir: Path, under: tuple[str, ...] = ("takes", "album")) -> dict[str, object]:
    """What must be equal between two runs: audio bytes (sha256) and JSON minus timings, ids and run paths."""
    out: dict[str, object] = {}
    for top in under:
        for p in sorted((run_dir / top).rglob("*")):
            if not p.is_file():
                continue
            rel = p.relative_to(run_dir).as_posix()
            if p.suffix == ".json":
                out[rel] = _strip(json.loads(p.read_text()), (str(run_dir.resolve()), str(run_dir)))
            else:
                out[rel] = hashlib.sha256(p.read_bytes()).hexdigest()
    return out
