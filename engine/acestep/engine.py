"""The `acestep` engine: ACE-Step 1.5 in-process through diffusers' AceStepPipeline.

    engine = AceStepEngine(checkpoints="checkpoints")   # fails at once if none usable
    take = engine.run(request, sources)

One pipeline per process (``PipelineCache``); variants swap only differing modules.
Every stage asks the pipeline for latents (``output_type="latent"``), decodes them
here in memory-sized chunks, and keeps the clean latent in ``Take.latent`` so later
stages (refine, cover, repaint, ...) start from it without a decode/encode round trip.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

import numpy as np

from engine.acestep import checkpoints as ck
from engine.acestep import memory
from engine.acestep.latents import (
    AceStepLatent,
    decode,
    duration_for_frames,
    normalise,
    renoise,
    source_audio,
    source_latent,
)
from engine.acestep.pipeline_cache import PipelineCache, import_diffusers
from engine.acestep.tasks import StagePlan, plan_stage
from engine.constants import SAMPLE_RATE, StageType, Task
from engine.errors import ConfigError, EngineError
from engine.protocol import EngineCapabilities
from engine.stages.mix import mix_takes
from engine.take import StageRequest, Take

log = logging.getLogger(__name__)
PASTE_FADE_S = 0.2
ProgressFn = Callable[[str, int, int], None]  # (stage_id, step done, total steps)


class StageCancelledError(EngineError):
    """The stage was cancelled through the engine's cancel event."""


class AceStepEngine:
    """ACE-Step 1.5 on diffusers. ``checkpoints``: folder holding the diffusers
    variant folders (default ``$ACEPROD_CHECKPOINTS`` or ``./checkpoints``); the CLI
    passes it as ``checkpoints_dir``. ``progress(stage_id, step, total)`` is called
    after every denoising step; setting ``cancel`` stops the stage at the next step."""

    name = "acestep"

    def __init__(
        self,
        checkpoints: str | None = None,
        *,
        checkpoints_dir: str | None = None,
        device: str | None = None,
        dtype: str | None = None,
        progress: ProgressFn | None = None,
        cancel: threading.Event | None = None,
        **_ignored: object,
    ) -> None:
        # 1. checkpoints first: cheap, and the most likely problem
        self.root = ck.resolve_dir(checkpoints or checkpoints_dir)
        self._ckpts = {c.name: c for c in ck.require(self.root)}
        # 2. then the libraries, still before any weight is read
        import_diffusers()
        import diffusers

        self.version = f"diffusers {diffusers.__version__}"
        self.device = memory.pick_device(device)
        self.dtype = memory.pick_dtype(self.device, dtype)
        self.progress = progress
        self.cancel = cancel
        self.cache = PipelineCache(device=self.device, dtype=self.dtype)

    # ---- protocol -------------------------------------------------------------------
    def capabilities(self) -> EngineCapabilities:
        models = [c.model_info() for c in self._ckpts.values()]
        default = "turbo" if "turbo" in self._ckpts else models[0].name
        return EngineCapabilities(
            engine=self.name,
            version=self.version,
            default_model=default,
            models=models,
            has_stems=False,
            notes=f"checkpoints: {self.root.resolve()}; device {self.device}, {str(self.dtype).removeprefix('torch.')}",
        )

    def load(self, model: str) -> None:
        self.cache.get(self._checkpoint(model))

    def unload(self) -> None:
        self.cache.unload()

    def run(self, request: StageRequest, sources: list[Take]) -> Take:
        """Run one stage: check, prepare sources, condition, denoise, decode, normalise."""
        if request.stage_type is StageType.mix:
            return self._mix(request, sources)
        # 1. check inputs
        ckpt = self._checkpoint(request.model)
        plan = plan_stage(request, len(sources))
        if not ckpt.model_info().supports(plan.task):
            raise ConfigError(self._unsupported(request, plan.task, ckpt.name))
        if plan.duration_s is not None and not 0 < plan.duration_s <= ck.MAX_DURATION_S:
            raise ConfigError(
                f"stage '{request.stage_id}': duration {plan.duration_s:g} s is outside ACE-Step 1.5's "
                f"range (0, {ck.MAX_DURATION_S:.0f}] s (fix: lower duration or split the song)"
            )
        self._make_room()
        pipe = self.cache.get(ckpt)
        vae_id = self.cache.component_id("vae")
        # 2. prepare sources (as latents where the pipeline allows)
        src_idx = plan.source if plan.source is not None else plan.refine_from
        src_audio = src_lat = None
        if src_idx is not None:
            what = f"stage '{request.stage_id}' source {src_idx + 1}"
            src_audio = source_audio(sources[src_idx], what=what, max_s=ck.MAX_DURATION_S)
            src_lat = source_latent(pipe, sources[src_idx], src_audio, vae_id=vae_id, device=self.device)
        # 3-4. condition and denoise
        gen = _generator(request.seed)
        if plan.refine_from is not None:
            lat = self._refine(pipe, request, plan, src_lat, gen)
        elif plan.task is Task.cover:
            lat = self._cover(pipe, request, plan, src_audio, src_lat, gen)
        else:
            lat = self._denoise(pipe, request, plan, gen, src_audio=src_audio, src_lat=src_lat)
        if plan.paste_back is not None:
            lat = _paste_back(lat, src_lat, plan.paste_back, pipe.latents_per_second)
        # 5. decode, 6. normalise and trim
        lat = lat.float().cpu()
        audio = decode(pipe, lat, device=self.device)[0]
        n = src_audio.shape[-1] if src_audio is not None else round(plan.duration_s * SAMPLE_RATE)
        audio = np.ascontiguousarray(normalise(audio[:, :n]))
        handle = AceStepLatent(latent=lat, vae=vae_id, frames_per_second=pipe.latents_per_second, model=ckpt.name)
        stems = {plan.stem: audio} if plan.stem else {}
        return Take(audio=audio, sr=SAMPLE_RATE, stems=stems, latent=handle)

    def run_batch(self, requests: list[StageRequest], sources: list[list[Take]]) -> list[Take]:
        """Several batch items of one stage. Generate stages that differ only in seed
        share one pipeline call (one text encode, one batched DiT pass); anything else
        runs item by item. Item i equals ``run(requests[i], sources[i])``."""
        first = requests[0]
        same = {"seed", "batch_index"}
        shared = all(r.model_dump(exclude=same) == first.model_dump(exclude=same) for r in requests)
        if len(requests) == 1 or first.stage_type is not StageType.generate or not shared:
            return [self.run(r, s) for r, s in zip(requests, sources, strict=True)]
        ckpt = self._checkpoint(first.model)
        plan = plan_stage(first, 0)
        if not 0 < plan.duration_s <= ck.MAX_DURATION_S:
            return [self.run(r, s) for r, s in zip(requests, sources, strict=True)]  # run() explains
        self._make_room()
        pipe = self.cache.get(ckpt)
        lat = self._denoise(pipe, first, plan, [_generator(r.seed) for r in requests]).float().cpu()
        n = round(plan.duration_s * SAMPLE_RATE)
        takes = []
        for i in range(lat.shape[0]):
            one = lat[i : i + 1].contiguous()
            audio = np.ascontiguousarray(normalise(decode(pipe, one, device=self.device)[0][:, :n]))
            handle = AceStepLatent(latent=one, vae=self.cache.component_id("vae"),
                                   frames_per_second=pipe.latents_per_second, model=ckpt.name)
            takes.append(Take(audio=audio, sr=SAMPLE_RATE, latent=handle))
        return takes

    def _make_room(self) -> None:
        """On a GPU short of memory, ask neighbours (the local LLM) to let go first."""
        free = memory.free_bytes(self.device)
        if free is not None and free < memory.min_free_bytes():
            released = memory.release_neighbours()
            log.info("acestep: %.1f GiB free; released %d neighbour(s)", free / 2**30, released)

    # ---- stages ---------------------------------------------------------------------
    def _denoise(self, pipe, req: StageRequest, plan: StagePlan, gen, *, src_audio=None, src_lat=None,
                 task: Task | None = None, instruction: str | None = None, latents=None, timesteps=None,
                 frames: int | None = None, stop_after: int | None = None):
        """One pipeline call returning latents ``(1, T, D)``."""
        import torch

        task = task or plan.task
        batch = len(gen) if isinstance(gen, list) else 1
        if src_lat is not None:
            frames = src_lat.shape[1]
        if frames is None:
            frames = int(np.ceil(plan.duration_s * pipe.latents_per_second))
        kwargs = dict(
            prompt=req.caption if batch == 1 else [req.caption] * batch,
            lyrics=req.lyrics if batch == 1 else [req.lyrics] * batch,
            audio_duration=duration_for_frames(frames, pipe.latents_per_second),
            vocal_language=req.vocal_language,
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
            timesignature=_timesig(req.timesignature),
            task_type=str(task),
        )
        if task is plan.task:
            kwargs.update(plan.pipeline_args)
        if src_audio is not None:
            kwargs["src_audio"] = torch.from_numpy(src_audio)
        total = len(timesteps) if timesteps is not None else plan.steps
        with pipe.source_latents(src_lat), memory.oom_guard(
            what=f"stage '{req.stage_id}' ({task})", duration_s=frames / pipe.latents_per_second, batch=batch,
            device=self.device,
        ):
            out = self._call_pipeline(pipe, kwargs, stage_id=req.stage_id, total=total, stop_after=stop_after)
        return out

    def _call_pipeline(self, pipe, kwargs: dict, *, stage_id: str, total: int, stop_after: int | None):
        """The only place the pipeline is called (tests spy here); progress, cancel and
        the cover switch's early stop run through ``callback_on_step_end``."""
        state = {"cancelled": False}

        def on_step(p, step: int, _t, cb_kwargs: dict) -> dict:
            if self.progress is not None:
                self.progress(stage_id, step + 1, total)
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

    def _refine(self, pipe, req: StageRequest, plan: StagePlan, clean, gen):
        start = renoise(clean, plan.timesteps[0], gen).to(self.device, pipe.transformer.dtype)
        return self._denoise(pipe, req, plan, gen, latents=start, timesteps=plan.timesteps, frames=clean.shape[1])

    def _cover(self, pipe, req: StageRequest, plan: StagePlan, src_audio, src_lat, gen):
        """ACE-Step's temporal switch: source-conditioned cover for the first
        ``cover_steps`` steps, then text2music (silence context, default instruction)."""
        from engine.acestep.latents import schedule
        from engine.constants import instruction_for

        k = plan.cover_steps
        frames = src_lat.shape[1]
        if k >= plan.steps:
            return self._denoise(pipe, req, plan, gen, src_audio=src_audio, src_lat=src_lat)
        if k <= 0:  # strength 0: the source is ignored entirely
            return self._denoise(pipe, req, plan, gen, task=Task.text2music,
                                 instruction=instruction_for(Task.text2music), frames=frames)
        mid = self._denoise(pipe, req, plan, gen, src_audio=src_audio, src_lat=src_lat, stop_after=k)
        rest = schedule(plan.steps, plan.shift)[k:]
        return self._denoise(pipe, req, plan, gen, task=Task.text2music, instruction=instruction_for(Task.text2music),
                             latents=mid, timesteps=rest, frames=frames)

    def _mix(self, req: StageRequest, sources: list[Take]) -> Take:
        if not sources:
            raise ConfigError(f"mix stage '{req.stage_id}' has no sources (fix: list sources: [{{stage, gain_db}}])")
        gains = list(req.source_gains_db) or [0.0] * len(sources)
        takes = [Take(audio=source_audio(t, what=f"mix source {i + 1}", max_s=ck.MAX_DURATION_S), stems=t.stems)
                 for i, t in enumerate(sources)]
        return mix_takes(takes, gains)

    # ---- helpers --------------------------------------------------------------------
    def _checkpoint(self, model: str | None) -> ck.CheckpointInfo:
        name = model or self.capabilities().default_model
        if name in self._ckpts:
            return self._ckpts[name]
        return ck.require(self.root, name)  # raises with the folder it expected

    def _unsupported(self, req: StageRequest, task: Task, model: str) -> str:
        able = [c.name for c in self._ckpts.values() if c.model_info().supports(task)]
        if task is Task.cover:
            hint = "a checkpoint with audio_tokenizer/ and audio_token_detokenizer/"
        else:
            hint = "a base model (extract, lego and complete were trained on base only)"
        return (
            f"stage '{req.stage_id}': model '{model}' cannot run {task} "
            f"(fix: set model to one of: {', '.join(able) or 'none installed'} — {task} needs {hint})"
        )


def _generator(seed: int):
    import torch

    return torch.Generator(device="cpu").manual_seed(int(seed) % (2**63))


def _timesig(value: str | None) -> str | None:
    """ACE-Step's metadata writes the numerator only ('4/4' -> '4')."""
    return value.split("/")[0] if value else None


def _paste_back(lat, src, rng: tuple[float, float], fps: float):
    """Keep the source latent outside the repainted range, with short linear fades."""
    import torch

    frames = lat.shape[1]
    start = min(frames - 1, int(rng[0] * fps))
    end = frames if rng[1] is None or rng[1] <= 0 else max(start + 1, min(frames, int(np.ceil(rng[1] * fps))))
    fade = max(1, min(int(PASTE_FADE_S * fps), (end - start) // 2))
    w = torch.zeros(frames)
    w[start:end] = 1.0
    ramp = torch.arange(1, fade + 1, dtype=torch.float32) / (fade + 1)
    if start > 0:
        w[start : start + fade] = torch.minimum(w[start : start + fade], ramp)
    if end < frames:
        w[end - fade : end] = torch.minimum(w[end - fade : end], ramp.flip(0))
    w = w.view(1, -1, 1)
    return w * lat.float().cpu() + (1 - w) * src.float().cpu()
