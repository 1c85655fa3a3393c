"""Latents between stages: the handle a Take carries, VAE encode/decode, schedules.

Shapes: latents are ``(B, T, D)`` float tensors at 25 frames per second (48 kHz
audio, 1920-sample hop); audio is ``(B, 2, n)`` float32 at 48 kHz.
"""

from __future__ import annotations

import hashlib
import math
from dataclasses import dataclass

import numpy as np

from engine.acestep import memory
from engine.audio import to_stereo_48k
from engine.constants import SAMPLE_RATE
from engine.errors import AudioInputError, EngineError
from engine.take import Take


@dataclass(frozen=True)
class AceStepLatent:
    """Engine-private handle stored in ``Take.latent``: the clean latent of a take.

    ``vae`` is the fingerprint of the VAE that can decode it; a later stage reuses the
    latent only under the same VAE and when its length still matches the audio.
    ``gain`` is the level the take's audio got over the decode, so stems made from
    this take can keep their level relative to it."""

    latent: object  # torch.Tensor (1, T, D), float32, CPU
    vae: str
    frames_per_second: float
    model: str
    gain: float = 1.0  # the take's audio is decode(latent) * gain
    @property
    def seconds(self) -> float:
        return self.latent.shape[1] / self.frames_per_second


def duration_for_frames(frames: int, fps: float) -> float:
    """A duration d (seconds) with ``ceil(d * fps) == frames``, as the pipeline computes it."""
    d = frames / fps
    while math.ceil(d * fps) > frames:
        d = math.nextafter(d, 0.0)
    while math.ceil(d * fps) < frames:
        d = math.nextafter(d, math.inf)
    return d


def source_audio(take: Take, *, what: str, max_s: float) -> np.ndarray:
    """A source take's audio as float32 ``(2, n)`` at 48 kHz (mono duplicated, other
    rates resampled), refusing silence-free garbage and over-long input."""
    audio = take.audio
    if take.sr != SAMPLE_RATE or audio.ndim != 2 or audio.shape[0] != 2:
        audio = to_stereo_48k(audio, take.sr, name=what)
    if audio.shape[-1] < SAMPLE_RATE // 25:
        raise AudioInputError(f"{what} is shorter than one latent frame (40 ms) (fix: use a longer source)")
    seconds = audio.shape[-1] / SAMPLE_RATE
    if seconds > max_s + 1e-6:
        raise EngineError(
            f"{what} is {seconds:.1f} s long; ACE-Step 1.5 handles at most {max_s:.0f} s "
            "(fix: trim the source or split the song into parts)"
        )
    return np.ascontiguousarray(audio, dtype=np.float32)


def encode(pipe, audio: np.ndarray, *, device: str) -> object:
    """VAE-encode ``(2, n)`` audio to a ``(1, T, D)`` float32 CPU latent (the
    distribution's mean, so the same audio always gives the same latent)."""
    import torch

    vae = pipe.vae
    hop = int(vae.hop_length)
    n = audio.shape[-1]
    pad = (-n) % hop
    x = torch.from_numpy(np.pad(audio, ((0, 0), (0, pad)))).unsqueeze(0)
    x = x.to(device=device, dtype=vae.dtype)

    def run():
        with torch.no_grad():
            return vae.encode(x).latent_dist.mode()

    lat = memory.with_vae_retry(vae, device, run, what="VAE encode")
    return lat.transpose(1, 2)[:, : math.ceil(n / hop)].float().cpu().contiguous()


def decode(pipe, latents, *, device: str) -> np.ndarray:
    """VAE-decode ``(B, T, D)`` latents to float32 ``(B, 2, T*hop)`` audio (not normalised)."""
    import torch

    vae = pipe.vae
    z = latents.to(device=device, dtype=vae.dtype).transpose(1, 2)

    def run():
        with torch.no_grad():
            return vae.decode(z).sample

    audio = memory.with_vae_retry(vae, device, run, what="VAE decode")
    return audio.float().cpu().numpy()


_ENCODED: dict[tuple[str, str], object] = {}  # (vae, audio sha1) -> latent; a few entries
_ENCODED_MAX = 4


def source_latent(pipe, take: Take, audio: np.ndarray, *, vae_id: str, device: str) -> tuple[object, float]:
    """The source's latent and the gain from its decode to its audio: its own handle
    when it came from this VAE and still matches its audio, else an encode (gain 1;
    remembered, so three extracts from one upload encode it once)."""
    h = take.latent
    if isinstance(h, AceStepLatent) and h.vae == vae_id:
        if abs(h.seconds - audio.shape[-1] / SAMPLE_RATE) <= 1.0 / h.frames_per_second:
            return h.latent, h.gain
    key = (vae_id, hashlib.sha1(audio.tobytes()).hexdigest())
    if key not in _ENCODED:
        while len(_ENCODED) >= _ENCODED_MAX:
            _ENCODED.pop(next(iter(_ENCODED)))
        _ENCODED[key] = encode(pipe, audio, device=device)
    return _ENCODED[key], 1.0


def schedule(steps: int, shift: float) -> list[float]:
    """ACE-Step's shifted flow-matching schedule, t from 1 towards 0 (``steps`` values)."""
    t = np.linspace(1.0, 0.0, steps + 1)
    if shift != 1.0:
        t = shift * t / (1 + (shift - 1) * t)
    return [float(v) for v in t[:-1]]


def truncated_schedule(steps: int, shift: float, denoise: float) -> list[float]:
    """The part of the schedule at or below ``denoise`` (refine's start point).
    Never empty: below the last step it is ``[denoise]``."""
    kept = [t for t in schedule(steps, shift) if t <= denoise + 1e-9]
    return kept or [float(denoise)]


def renoise(clean, t: float, generator) -> object:
    """Flow-matching forward process: ``x_t = (1 - t) x_0 + t * noise``."""
    import torch

    noise = torch.randn(clean.shape, generator=generator, dtype=torch.float32)
    return (1.0 - t) * clean.float() + t * noise
