"""Device, dtype and memory policy for the acestep engine.

- bf16 on a GPU that runs it natively (compute capability >= 8.0; fp32 elsewhere);
  ``$ACEPROD_DEVICE`` and ``$ACEPROD_DTYPE`` override.
- VAE encode/decode in chunks sized to free memory, using diffusers' own
  ``AutoencoderOobleck`` tiling (overlapping tiles, trimmed), with the chunk length
  computed here; ``$ACEPROD_VAE_CHUNK_S`` fixes it (4-240 s).
- Out-of-memory on the GPU (loading, denoising, VAE) is caught and reported with the
  setting to lower; VAE work retries once with half the chunk first.
"""

from __future__ import annotations

import contextlib
import gc
import logging
import math
import os
from collections.abc import Callable, Iterator

from engine.errors import EngineError

log = logging.getLogger(__name__)

ENV_DEVICE = "ACEPROD_DEVICE"
ENV_DTYPE = "ACEPROD_DTYPE"
ENV_VAE_CHUNK = "ACEPROD_VAE_CHUNK_S"
CPU_VAE_CHUNK_S = 60.0  # on CPU memory is plentiful; chunks only bound peak RSS
MIN_VAE_CHUNK_S = 4.0
MAX_VAE_CHUNK_S = 240.0  # longer chunks gain nothing and a typo (3000) would exhaust memory
VAE_OVERLAP_S = 2.0


class OutOfMemory(EngineError):
    """The GPU ran out of memory; the message names the setting to lower."""


def pick_device(device: str | None = None) -> str:
    import torch

    device = device or os.environ.get(ENV_DEVICE)
    if device:
        if device.startswith("cuda") and not torch.cuda.is_available():
            raise EngineError(f"device '{device}' requested but torch sees no CUDA GPU (fix: use --device cpu or unset {ENV_DEVICE})")
        return device
    return "cuda" if torch.cuda.is_available() else "cpu"


def pick_dtype(device: str, dtype: str | None = None):
    import torch

    name = (dtype or os.environ.get(ENV_DTYPE) or "").lower()
    table = {"bf16": torch.bfloat16, "bfloat16": torch.bfloat16, "fp16": torch.float16, "float16": torch.float16,
             "fp32": torch.float32, "float32": torch.float32}
    if name:
        if name not in table:
            raise EngineError(f"unknown dtype '{name}' (fix: use one of {', '.join(table)})")
        return table[name]
    if device.startswith("cuda") and bf16_native(torch.cuda.get_device_capability(torch.device(device))):
        return torch.bfloat16
    return torch.float32


def bf16_native(capability: tuple[int, int]) -> bool:
    """bf16 runs natively from compute capability 8.0 (Ampere) on. Older GPUs (T4,
    V100, RTX 20xx) only emulate it, slowly - ``torch.cuda.is_bf16_supported()`` counts
    that emulation and asks about the current device, not the chosen one."""
    return tuple(capability) >= (8, 0)


def free_bytes(device: str) -> int | None:
    """Free accelerator memory in bytes, or None on CPU."""
    import torch

    if device.startswith("cuda"):
        free, _total = torch.cuda.mem_get_info(torch.device(device))
        return int(free)
    return None


def vae_bytes_per_second(vae) -> float:
    """Rough peak activation bytes per second of audio for one VAE decode.

    The widest activation is max over decoder stages of channels x samples; the
    factor 6 covers the residual units' temporaries (measured order of magnitude,
    deliberately pessimistic)."""
    cfg = vae.config
    sr = int(cfg.sampling_rate)
    ratios = list(cfg.downsampling_ratios)
    mults = [1, *list(cfg.channel_multiples)]
    hop = 1
    for r in ratios:
        hop *= r
    widest, rate = 0.0, sr / hop
    for i, r in enumerate(reversed(ratios)):
        rate *= r
        ch = cfg.decoder_channels * mults[len(ratios) - 1 - i]
        widest = max(widest, ch * rate)
    itemsize = next(vae.parameters()).element_size()
    return 6.0 * widest * itemsize


def vae_chunk_seconds(vae, device: str) -> float:
    """Chunk length for VAE tiling: ``$ACEPROD_VAE_CHUNK_S``, else what fits in half
    the free GPU memory, else a CPU default."""
    env = os.environ.get(ENV_VAE_CHUNK)
    if env:
        try:
            value = float(env)
        except ValueError:
            value = math.nan
        if not math.isfinite(value) or value <= 0:
            raise EngineError(f"{ENV_VAE_CHUNK}={env!r} is not a number of seconds "
                              f"(fix: e.g. {ENV_VAE_CHUNK}=30; allowed {MIN_VAE_CHUNK_S:g}-{MAX_VAE_CHUNK_S:g})")
        return min(MAX_VAE_CHUNK_S, max(MIN_VAE_CHUNK_S, value))
    free = free_bytes(device)
    if free is None:
        return CPU_VAE_CHUNK_S
    return max(MIN_VAE_CHUNK_S, min(MAX_VAE_CHUNK_S, 0.5 * free / vae_bytes_per_second(vae)))


def configure_vae_tiling(vae, chunk_s: float) -> None:
    """Point diffusers' Oobleck tiling at ``chunk_s`` seconds (plus 2 s overlap per side)."""
    sr = int(vae.config.sampling_rate)
    hop = int(vae.hop_length)
    lps = sr / hop
    overlap_s = min(VAE_OVERLAP_S, chunk_s / 4)
    vae.use_tiling = True
    vae.tile_latent_overlap = max(1, int(overlap_s * lps))
    vae.tile_latent_min_length = int(chunk_s * lps) + 2 * vae.tile_latent_overlap
    vae.tile_sample_overlap = vae.tile_latent_overlap * hop
    vae.tile_sample_min_length = vae.tile_latent_min_length * hop


def is_oom(exc: BaseException) -> bool:
    import torch

    text = str(exc).lower()
    return isinstance(exc, torch.OutOfMemoryError | MemoryError) or "out of memory" in text or "can't allocate" in text


def empty_cache() -> None:
    import torch

    gc.collect()
    if torch.cuda.is_available():
        torch.cuda.empty_cache()


def with_vae_retry(vae, device: str, fn: Callable[[], object], *, what: str) -> object:
    """Run a VAE operation; on OOM halve the chunk once and retry, then explain."""
    chunk = vae_chunk_seconds(vae, device)
    for attempt in range(2):
        configure_vae_tiling(vae, chunk)
        try:
            return fn()
        except (RuntimeError, MemoryError) as exc:
            if not is_oom(exc):
                raise
            empty_cache()
            if attempt == 0 and chunk / 2 >= MIN_VAE_CHUNK_S:
                log.warning("out of memory during %s with %.0f s chunks; retrying with %.0f s", what, chunk, chunk / 2)
                chunk /= 2
                continue
            raise OutOfMemory(
                f"out of memory during {what} (VAE chunks of {chunk:.0f} s on {device}) "
                f"(fix: lower {ENV_VAE_CHUNK}, e.g. {ENV_VAE_CHUNK}={max(MIN_VAE_CHUNK_S, chunk / 2):.0f}, "
                "or close other programs using the GPU)"
            ) from exc
    raise AssertionError("unreachable")


@contextlib.contextmanager
def _explain_oom(message: str) -> Iterator[None]:
    """Re-raise an out-of-memory inside the block as ``OutOfMemory(message)``."""
    try:
        yield
    except (RuntimeError, MemoryError) as exc:
        if not is_oom(exc):
            raise
        empty_cache()
        raise OutOfMemory(message) from exc


def oom_guard(*, what: str, duration_s: float, batch: int, device: str):
    """Turn an out-of-memory inside the denoiser into an error naming what to lower."""
    return _explain_oom(
        f"out of memory during {what}: {duration_s:.0f} s x batch {batch} on {device} "
        "(fix: lower the pipeline's duration or batch_size, run with --offload, use a smaller model variant "
        f"(turbo instead of xl-*), or set {ENV_DTYPE}=bf16 on GPUs that support it)"
    )


def load_guard(*, model: str, device: str, offload: bool):
    """Turn an out-of-memory while loading a model into an error naming what helps."""
    hint = "" if offload else "run with --offload (diffusers' model CPU offload: XL fits in ~12 GB), "
    return _explain_oom(
        f"out of memory while loading model '{model}' on {device} "
        f"(fix: {hint}use a smaller variant (turbo instead of xl-*), close other programs using the GPU, "
        f"or pick another GPU with {ENV_DEVICE}=cuda:N)"
    )
