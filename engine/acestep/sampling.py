"""Driving AceStepPipeline for one stage: noise, schedules, progress, cancel.

Every call asks the pipeline for latents (``output_type="latent"``) and hands it
noise drawn here with exactly the stage's frame count: the pipeline would otherwise
recompute the length from seconds with float rounding and add a frame for about 6 %
of lengths (4.4 s: "Expected size 111 but got size 112"). Lengths are whole samples
(``frames_for``), the pipeline gets a duration that maps back to the same frame
count (``duration_for_frames``), and source-conditioned stages take the source
latent's own length.

Progress is one count per stage: a cover's two phases (source-conditioned, then
text2music) report 1..k and k+1..n of n, never starting again.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass

from engine.acestep import memory
from engine.acestep.latents import duration_for_frames, renoise, schedule
from engine.acestep.repaint import injector, keep_outside, repaint_frames
from engine.acestep.tasks import StagePlan
from engine.constants import SAMPLE_RATE, Task, instruction_for
from engine.errors import EngineError
from engine.take import StageRequest

ProgressFn = Callable[[str, int, int], None]  # (stage_id, step done, total steps)
StepHook = Callable[[int, object], object]  # (step index, latents) -> latents


class StageCancelledError(EngineError):
    """The stage was cancelled through the engine's cancel event."""


def frames_for(duration_s: float, hop: int) -> int:
    """Latent frames covering ``round(duration_s * 48000)`` samples (integer arithmetic)."""
    n = round(duration_s * SAMPLE_RATE)
    return -(-n // hop)


def draw_noise(gens, frames: int, dim: int, *, device: str, dtype):
    """``(B, frames, dim)`` standard normal noise, one CPU generator per batch item."""
    import torch

    gens = gens if isinstance(gens, list) else [gens]
    noise = torch.cat([torch.randn((1, frames, dim), generator=g, dtype=torch.float32) for g in gens])
    return noise.to(device=device, dtype=dtype)


def timesig(value: str | None) -> str | None:
    """ACE-Step's metadata writes the numerator only ('4/4' -> '4')."""
    return value.split("/")[0] if value else None


@dataclass
class Text:
    """The stage's text as the pipeline gets it (structure tags in the lyrics, language)."""

    caption: str
    lyrics: str
    language: str


@dataclass
class Sampler:
    """Pipeline calls for one engine (``progress`` / ``cancel`` as the engine's)."""

    device: str
    progress: ProgressFn | None = None
    cancel: threading.Event | None = None

    def denoise(self, pipe, req: StageRequest, plan: StagePlan, text: Text, gen, *, frames: int, src_audio=None,
                src_lat=None, task: Task | None = None, instruction: str | None = None, latents=None,
                timesteps=None, stop_after: int | None = None, offset: int = 0, total: int | None = None,
                on_latents: StepHook | None = None):
        """One pipeline call returning latents ``(B, frames, D)``."""
        import torch

        task = task or plan.task
        batch = len(gen) if isinstance(gen, list) else 1
        fps = pipe.latents_per_second
        if src_lat is not None:
            frames = src_lat.shape[1]
        if latents is None:
            latents = draw_noise(gen, frames, pipe.transformer.config.audio_acoustic_hidden_dim,
                                 device=self.execution_device(pipe), dtype=pipe.transformer.dtype)
        kwargs = dict(
            prompt=text.caption if batch == 1 else [text.caption] * batch,
            lyrics=text.lyrics if batch == 1 else [text.lyrics] * batch,
            audio_duration=duration_for_frames(frames, fps),
            vocal_language=text.language,
            num_inference_steps=plan.steps,
            guidance_scale=plan.guidance,
            shift=plan.shift,
            generator=gen,
            latents=latents,
            timesteps=timesteps,
            output_type="latent",
            instruction=instruction or plan.instruction,
            bpm=req.bpm,
            keyscale=req.keyscale,
            timesignature=timesig(req.timesignature),
            task_type=str(task),
        )
        if task is plan.task:
            kwargs.update(plan.pipeline_args)
        if src_audio is not None:
            kwargs["src_audio"] = torch.from_numpy(src_audio)
        total = total or (len(timesteps) if timesteps is not None else plan.steps)
        with pipe.source_latents(src_lat), memory.oom_guard(
            what=f"stage '{req.stage_id}' ({task})", duration_s=frames / fps, batch=batch, device=self.device,
        ):
            out = self.call_pipeline(pipe, kwargs, stage_id=req.stage_id, total=total, stop_after=stop_after,
                                     offset=offset, on_latents=on_latents)
        if out.shape[1] != frames:
            raise EngineError(f"stage '{req.stage_id}': the pipeline returned {out.shape[1]} latent frames for "
                              f"{frames} (this is a bug in aceprod's length arithmetic; please report it)")
        return out

    @staticmethod
    def execution_device(pipe):
        return getattr(pipe, "_execution_device", None) or pipe.device

    def call_pipeline(self, pipe, kwargs: dict, *, stage_id: str, total: int, stop_after: int | None,
                      offset: int = 0, on_latents: StepHook | None = None):
        """The only place the pipeline is called (tests spy here); progress, cancel,
        step hooks and the cover switch's early stop run through ``callback_on_step_end``."""
        state = {"cancelled": False}

        def on_step(p, step: int, _t, cb_kwargs: dict) -> dict:
            if on_latents is not None and "latents" in cb_kwargs:
                cb_kwargs["latents"] = on_latents(step, cb_kwargs["latents"])
            if self.progress is not None:
                self.progress(stage_id, offset + step + 1, total)
            if self.cancel is not None and self.cancel.is_set():
                state["cancelled"] = True
                p._interrupt = True
            if stop_after is not None and step + 1 >= stop_after:
                p._interrupt = True
            return cb_kwargs

        out = pipe(**kwargs, callback_on_step_end=on_step).audios
        if state["cancelled"]:
            raise StageCancelledError(f"stage '{stage_id}' was cancelled")
        return out

    # ---- stage shapes -------------------------------------------------------------------
    def refine(self, pipe, req: StageRequest, plan: StagePlan, text: Text, clean, gen):
        """The clean latent re-noised to the first kept step, denoised on the rest."""
        start = renoise(clean, plan.timesteps[0], gen).to(self.execution_device(pipe), pipe.transformer.dtype)
        return self.denoise(pipe, req, plan, text, gen, latents=start, timesteps=plan.timesteps,
                            frames=clean.shape[1])

    def cover(self, pipe, req: StageRequest, plan: StagePlan, text: Text, src_audio, src_lat, gen):
        """ACE-Step's temporal switch: source-conditioned cover for the first
        ``cover_steps`` steps, then text2music (silence context, default instruction)."""
        k, frames = plan.cover_steps, src_lat.shape[1]
        t2m = dict(task=Task.text2music, instruction=instruction_for(Task.text2music), frames=frames)
        if k >= plan.steps:
            return self.denoise(pipe, req, plan, text, gen, src_audio=src_audio, src_lat=src_lat, frames=frames)
        if k <= 0:  # strength 0: the source is ignored entirely
            return self.denoise(pipe, req, plan, text, gen, **t2m)
        mid = self.denoise(pipe, req, plan, text, gen, src_audio=src_audio, src_lat=src_lat, stop_after=k,
                           frames=frames)
        rest = schedule(plan.steps, plan.shift)[k:]
        return self.denoise(pipe, req, plan, text, gen, latents=mid, timesteps=rest, offset=k, total=plan.steps,
                            **t2m)

    def repaint(self, pipe, req: StageRequest, plan: StagePlan, text: Text, src_audio, src_lat, gen):
        """Repaint with the source re-injected outside the range for the first half of
        sampling, then kept there exactly (crossfaded just outside the range)."""
        frames = src_lat.shape[1]
        start, end = repaint_frames(plan.paste_back[0], plan.paste_back[1], frames, pipe.latents_per_second)
        noise = draw_noise(gen, frames, pipe.transformer.config.audio_acoustic_hidden_dim,
                           device=self.execution_device(pipe), dtype=pipe.transformer.dtype)
        hook = injector(src_lat, noise, start, end, schedule(plan.steps, plan.shift))
        lat = self.denoise(pipe, req, plan, text, gen, src_audio=src_audio, src_lat=src_lat, frames=frames,
                           latents=noise, on_latents=hook)
        return keep_outside(lat, src_lat, start, end)
