"""Demucs 4-stem separation, only when the user has it installed with local weights.

We never download: demucs' pretrained loader fetches weights from the network
when they are missing, so we look for them first in torch hub's cache
(``$TORCH_HOME/hub/checkpoints``) or ``$ACEPROD_DEMUCS_REPO`` (a folder of
``.th`` files and ``.yaml`` bags, demucs' ``--repo`` layout) and refuse otherwise.
"""

from __future__ import annotations

import importlib.util
import os
from pathlib import Path

import numpy as np

from engine.constants import SAMPLE_RATE
from engine.errors import CheckpointMissingError, ConfigError

MODEL = "htdemucs"


def _repo() -> Path | None:
    env = os.environ.get("ACEPROD_DEMUCS_REPO")
    if env and Path(env).is_dir() and any(Path(env).glob("*.th")):
        return Path(env)
    torch_home = Path(os.environ.get("TORCH_HOME", Path.home() / ".cache" / "torch"))
    ck = torch_home / "hub" / "checkpoints"
    if ck.is_dir() and any(ck.glob("*.th")):
        return ck
    return None


def separate_demucs(y: np.ndarray) -> dict[str, np.ndarray]:
    """Stems of ``y`` (2, n) at 48 kHz from Demucs' ``htdemucs`` (drums, bass, other, vocals)."""
    if importlib.util.find_spec("demucs") is None:
        raise ConfigError("the demucs separator needs the demucs package (fix: pip install demucs, put its weights in "
                          "~/.cache/torch/hub/checkpoints or $ACEPROD_DEMUCS_REPO; or use --stems dsp or spleeter)")
    repo = _repo()
    if repo is None:
        raise CheckpointMissingError("demucs weights are not on this machine and aceprod never downloads them (fix: copy the "
                                     "htdemucs .th files into ~/.cache/torch/hub/checkpoints or set ACEPROD_DEMUCS_REPO; "
                                     "or use --stems dsp or spleeter)")
    import soxr
    import torch
    from demucs.apply import apply_model
    from demucs.pretrained import get_model

    try:
        model = get_model(MODEL, repo=repo if os.environ.get("ACEPROD_DEMUCS_REPO") else None)
    except Exception as exc:
        raise CheckpointMissingError(f"cannot load demucs model {MODEL!r} from {repo} ({exc}) (fix: check the weights)") from exc
    x = soxr.resample(y.T, SAMPLE_RATE, model.samplerate, quality="HQ").T.astype(np.float32)
    with torch.inference_mode():
        out = apply_model(model, torch.from_numpy(x)[None], device="cpu", progress=False)[0].numpy()
    stems = {}
    for name, s in zip(model.sources, out, strict=True):
        b = soxr.resample(s.T, model.samplerate, SAMPLE_RATE, quality="HQ").T.astype(np.float32)
        z = np.zeros_like(y)
        k = min(y.shape[1], b.shape[1])
        z[:, :k] = b[:, :k]
        stems[name] = z
    return stems
