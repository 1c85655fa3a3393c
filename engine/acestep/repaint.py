"""Repaint: the frames it regenerates, keeping the source outside them, and the seam.

- ``repaint_frames`` is the pipeline's own arithmetic for the repainted range (start
  and end both truncated to whole latent frames, clamped to the clip, at least one
  frame), so what is regenerated and what is pasted back are the same frames.
- During the first half of sampling the source is re-injected outside the range: after
  each of those steps the frames outside are replaced by the source re-noised to the
  step's time with the run's own starting noise, so the new material grows against
  the real surroundings instead of drifting away from them (as ACE-Step does).
- At the end the source is kept exactly outside the range, with a linear crossfade
  over ``CROSSFADE_FRAMES`` frames just outside each edge (the range itself is fully
  new material).
"""

from __future__ import annotations

from collections.abc import Callable

CROSSFADE_FRAMES = 10  # 0.4 s at 25 frames per second


def repaint_frames(start_s: float, end_s: float | None, frames: int, fps: float) -> tuple[int, int]:
    """Frames ``[start, end)`` the pipeline repaints for a range in seconds (end <= 0
    or None: to the end)."""
    start = int((start_s or 0.0) * fps)
    end = int(end_s * fps) if end_s is not None and end_s > 0 else frames
    start = max(0, min(start, frames - 1))
    end = max(start + 1, min(end, frames))
    return start, end


def crossfade_weights(frames: int, start: int, end: int, crossfade: int = CROSSFADE_FRAMES):
    """Per-frame weight of the new material: 1 in ``[start, end)``, falling linearly to 0
    over ``crossfade`` frames outside each edge, 0 beyond. Shape ``(frames,)``."""
    import torch

    w = torch.zeros(frames)
    w[start:end] = 1.0
    for i in range(1, crossfade + 1):
        v = 1.0 - i / (crossfade + 1)
        if start - i >= 0:
            w[start - i] = v
        if end - 1 + i < frames:
            w[end - 1 + i] = v
    return w


def keep_outside(lat, src, start: int, end: int):
    """The repainted latent with the source kept outside ``[start, end)`` (crossfaded)."""
    w = crossfade_weights(lat.shape[1], start, end).view(1, -1, 1)
    return w * lat.float().cpu() + (1 - w) * src.float().cpu()


def injector(src, noise, start: int, end: int, times: list[float]) -> Callable[[int, object], object]:
    """A step hook for the first half of sampling: after step ``k`` the latents are at
    time ``times[k + 1]``; outside ``[start, end)`` they become the source re-noised to
    that time with the starting ``noise``. Later steps are left alone."""
    import torch

    inject_steps = len(times) // 2

    def hook(step: int, latents):
        if step + 1 > inject_steps or step + 1 >= len(times):
            return latents
        t = float(times[step + 1])
        s = src.to(device=latents.device, dtype=latents.dtype)
        n = noise.to(device=latents.device, dtype=latents.dtype)
        outside = torch.ones(latents.shape[1], dtype=torch.bool, device=latents.device)
        outside[start:end] = False
        renoised = (1.0 - t) * s + t * n
        return torch.where(outside.view(1, -1, 1), renoised, latents)

    return hook
