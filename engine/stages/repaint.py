"""repaint's own checks: ``[repainting_start, repainting_end)`` must lie inside its source."""

from __future__ import annotations

from engine.errors import Problem
from engine.pipeline import StageConfig
from engine.stages.base import CheckContext, StageSpec


class RepaintStage(StageSpec):
    def check_specific(self, stage: StageConfig, path: str, ctx: CheckContext) -> list[Problem]:
        problems: list[Problem] = []
        start, end = stage.repainting_start, stage.repainting_end
        if start is None:
            return [Problem(f"{path}.repainting_start", "a repaint stage needs repainting_start (seconds)",
                            "set repainting_start (and repainting_end, or leave it out to repaint to the end)")]
        if end is not None and start >= end:
            problems.append(Problem(f"{path}.repainting_end",
                                    f"repainting_end ({end:g} s) must be after repainting_start ({start:g} s)",
                                    "swap them or widen the range"))
        src = self.source_duration(stage, ctx)
        if src is not None:
            if start >= src:
                problems.append(Problem(f"{path}.repainting_start",
                                        f"repainting_start {start:g} s is past the end of the source ({src:.2f} s)",
                                        f"choose a start below {src:.2f} s"))
            if end is not None and end > src + 1e-6:
                problems.append(Problem(f"{path}.repainting_end",
                                        f"repainting_end {end:g} s is past the end of the source ({src:.2f} s)",
                                        f"choose an end of at most {src:.2f} s, or leave it out to repaint to the end"))
        return problems
