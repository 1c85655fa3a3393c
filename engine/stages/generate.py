"""generate: text to music, a whole take from noise (ACE-Step task text2music)."""

from __future__ import annotations

from engine.constants import StageType, Task
from engine.stages.base import StageSpec


class GenerateStage(StageSpec):
    type = StageType.generate
    task = Task.text2music
    source_mode = "none"
    what_it_does = "Text to music: a whole take from caption, lyrics and metas."
