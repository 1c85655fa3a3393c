"""Mix stage: its spec, and the sum of earlier stages' audio (and stems) with per-source gains.

Not a model task, so every engine shares this implementation. Sources shorter than
the longest are padded with silence; nothing is normalised here (the curator's
mastering step owns loudness).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from engine.errors import EngineError
from engine.pipeline import StageConfig
from engine.stages.base import StageSpec
from engine.take import Take


class MixStage(StageSpec):
    def request_fields(self, stage: StageConfig) -> dict[str, Any]:
        """The sources' gains, in the order the executor hands over the sources."""
        return {"source_gains_db": [s.gain_db for s in stage.sources or []]}


def _pad(a: np.ndarray, n: int) -> np.ndarray:
    return a if a.shape[-1] == n else np.pad(a, ((0, 0), (0, n - a.shape[-1])))


def mix_takes(takes: list[Take], gains_db: list[float]) -> Take:
    """Sum ``takes`` (each ``(2, n_i)`` at one sample rate) with ``gains_db``.

    Returns a Take of length ``max(n_i)``; stems with the same name are summed.
    Private diagnostics of the sources carry over (their flaws are in the mix).
    """
    # 1. check inputs
    if not takes:
        raise EngineError("mix needs at least one source take")
    if len(gains_db) != len(takes):
        raise EngineError(f"mix got {len(takes)} takes but {len(gains_db)} gains")
    sr = takes[0].sr
    if any(t.sr != sr for t in takes):
        raise EngineError("mix sources have different sample rates; resample them to 48 kHz first")
    # 2. sum audio and stems
    n = max(t.audio.shape[-1] for t in takes)
    out = np.zeros((2, n), dtype=np.float32)
    stems: dict[str, np.ndarray] = {}
    for take, gain_db in zip(takes, gains_db, strict=True):
        g = float(10.0 ** (gain_db / 20.0))
        out += g * _pad(take.audio, n)
        for name, stem in take.stems.items():
            stems[name] = stems.get(name, np.zeros((2, n), dtype=np.float32)) + g * _pad(stem, n)
    mixed = Take(audio=out, sr=sr, stems=stems)
    # 3. carry private diagnostics
    for take in takes:
        mixed.diagnostics.extend(take.diagnostics)
    return mixed
