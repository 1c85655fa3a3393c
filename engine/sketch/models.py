"""The sketch engine's model variants: the same names as the acestep engine, so
pipeline files run unchanged on both. Steps drive the imperfection rate."""

from __future__ import annotations

from engine.constants import Task
from engine.protocol import ModelInfo

MAX_DURATION_S = 600.0
DEFAULT_MODEL = "turbo"
_LIGHT = [Task.text2music, Task.cover, Task.repaint]

MODELS: dict[str, ModelInfo] = {
    "turbo": ModelInfo(name="turbo", tasks=_LIGHT, default_steps=8, default_shift=3.0, default_guidance=0.0,
                       max_duration_s=MAX_DURATION_S,
                       description="fast sketch: 8 steps, more imperfections (~49 % of takes)"),
    "base": ModelInfo(name="base", tasks=list(Task), default_steps=50, default_shift=3.0, default_guidance=7.0,
                      max_duration_s=MAX_DURATION_S,
                      description="all six tasks incl. extract/lego/complete; 50 steps (~20 % of takes flawed)"),
    "sft": ModelInfo(name="sft", tasks=_LIGHT, default_steps=50, default_shift=3.0, default_guidance=7.0,
                     max_duration_s=MAX_DURATION_S, description="text2music/cover/repaint at 50 steps"),
}
