"""Fixtures for the acestep engine tests: tiny random ACE-Step checkpoints built once
per session (tests/acestep/tiny_checkpoint.py), an engine over them, and requests."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

pytest.importorskip("torch")
pytest.importorskip("diffusers", minversion="0.42")

import torch  # noqa: E402

sys.path.insert(0, str(Path(__file__).parent))
import tiny_checkpoint  # noqa: E402
from acestep_helpers import make_request  # noqa: E402

torch.set_num_threads(1)


def pytest_configure(config):
    config.addinivalue_line("filterwarnings", "ignore:.*weight_norm.*:FutureWarning")


@pytest.fixture(scope="session")
def tiny_root(tmp_path_factory) -> Path:
    """A checkpoints folder with tiny turbo, base and sft variants (built once)."""
    root = tmp_path_factory.mktemp("checkpoints")
    tiny_checkpoint.build_tiny_checkpoints(root, ("turbo", "base", "sft"))
    return root


@pytest.fixture(scope="session")
def engine(tiny_root):
    from engine.acestep.engine import AceStepEngine

    return AceStepEngine(str(tiny_root))


@pytest.fixture
def req():
    return make_request


@pytest.fixture(scope="session")
def generated(engine):
    """A 10 s turbo take (ACE-Step's shortest) to use as a source."""
    return engine.run(make_request(), [])


@pytest.fixture
def spy(engine, monkeypatch):
    """Records the keyword arguments of every pipeline call (and still runs it);
    ``_steps`` holds the latents after every step (after the engine's step hook)."""
    calls: list[dict] = []
    real = engine.sampler.call_pipeline

    def wrapper(pipe, kwargs, **kw):
        steps: list = []
        hook = kw.get("on_latents")

        def record(step, latents):
            latents = hook(step, latents) if hook is not None else latents
            steps.append(latents.detach().float().cpu().clone())
            return latents

        calls.append({**kwargs, "_stop_after": kw.get("stop_after"), "_steps": steps})
        return real(pipe, kwargs, **{**kw, "on_latents": record})

    monkeypatch.setattr(engine.sampler, "call_pipeline", wrapper)
    return calls
