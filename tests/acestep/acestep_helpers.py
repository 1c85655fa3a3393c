"""Helpers shared by the acestep tests (imported by name; conftest puts this folder on sys.path)."""

from __future__ import annotations

from engine.take import StageRequest


def make_request(**kw) -> StageRequest:
    d = dict(
        stage_id="s1", stage_type="generate", task="text2music", model="turbo", instruction=None,
        caption="warm jazz piano trio, brushed drums", lyrics="[verse]\nla la la", bpm=120, keyscale="C major",
        timesignature="4/4", duration=10.0, vocal_language="en", events=[], seed=7, steps=8, shift=3.0,
        guidance_scale=0.0,
    )
    d.update(kw)
    return StageRequest(**d)
