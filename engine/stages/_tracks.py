"""Checks shared by the stages that name tracks (extract, lego, complete)."""

from __future__ import annotations

from engine.constants import TRACK_NAMES
from engine.errors import Problem
from engine.pipeline import StageConfig


def require_track_name(stage: StageConfig, path: str) -> list[Problem]:
    if stage.track_name:
        return []
    return [Problem(f"{path}.track_name", f"a {stage.type} stage needs track_name",
                    f"set track_name to one of: {', '.join(TRACK_NAMES)}")]
