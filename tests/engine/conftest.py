"""Fixtures for the sketch engine tests (all prefixed ``sketch_``)."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from engine.stages import STAGES
from engine.take import StageRequest, Take


def _request(stage_type: str = "generate", **kw: object) -> StageRequest:
    task = STAGES.spec(stage_type).task
    base: dict[str, object] = dict(
        stage_id="t", stage_type=stage_type, task=str(task) if task else None, model=None if task is None else "base",
        instruction=None, caption="upbeat pop, piano", lyrics="[Instrumental]", bpm=120, keyscale="C major",
        timesignature="4/4", duration=8.0, vocal_language="en", events=[], seed=1, steps=50)
    base.update(kw)
    return StageRequest(**base)


@pytest.fixture
def sketch_request() -> Callable[..., StageRequest]:
    """Factory: ``sketch_request("cover", audio_cover_strength=0.5, ...)``."""
    return _request


@pytest.fixture(scope="session")
def sketch_engine():
    from engine.sketch.engine import SketchEngine

    return SketchEngine()


@pytest.fixture(scope="session")
def sketch_song(sketch_engine) -> Take:
    """A 12 s pop song with vocals and events (intro/verse/chorus) and no imperfections."""
    from engine.pipeline import SectionEvent

    events = [SectionEvent(type="intro", start=0, end=4), SectionEvent(type="verse", start=4, end=8),
              SectionEvent(type="chorus", start=8, end=12)]
    for seed in range(1, 50):
        take = sketch_engine.run(_request(caption="upbeat pop, piano, guitar", lyrics="[verse] la la love",
                                          duration=12.0, events=events, seed=seed), [])
        if not take.diagnostics:
            return take
    raise AssertionError("no clean seed found in 1..49")
