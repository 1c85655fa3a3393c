"""refine: re-noise an earlier stage's clean latent to ``denoise`` and finish the
truncated schedule (text2music conditioning; structure comes from the latent)."""

from __future__ import annotations

from engine.constants import StageType, Task
from engine.stages.base import StageSpec

DEFAULT_DENOISE = 0.5


class RefineStage(StageSpec):
    type = StageType.refine
    task = Task.text2music
    source_mode = "input"
    extra_fields = frozenset({"denoise"})
    what_it_does = "Polish an earlier take: re-noise to `denoise` (0-1) and denoise again."
    request_defaults = {"denoise": DEFAULT_DENOISE}
