"""The `acestep` engine: ACE-Step 1.5 in-process through diffusers' AceStepPipeline.

    engine = AceStepEngine(checkpoints="checkpoints")   # fails at once if none usable
    take = engine.run(request, sources)

One pipeline per process (``PipelineCache``); variants swap only differing modules.
Every stage asks the pipeline for latents (``engine.acestep.sampling``), decodes them
here in memory-sized chunks, and keeps the clean latent in ``Take.latent`` so later
stages (refine, cover, repaint, ...) start from it without a decode/encode round trip.
Levels: full mixes at ACE-Step's -1 dBFS peak, stems at their source's level, silence
is an error (``engine.acestep.levels``). Planned sections reach the model as lyric
structure tags, or with ``structure: guided`` through a sketch render it covers
(``engine.acestep.structure``).
"""

from __future__ import annotations

import threading

import numpy as np

from engine.acestep import checkpoints as ck
from engine.acestep import conditioning as cond
from engine.acestep import levels, memory
from engine.acestep.latents import AceStepLatent, decode, source_audio, source_latent
from engine.acestep.pipeline_cache import PipelineCache, import_diffusers
from engine.acestep.sampling import ProgressFn, Sampler, StageCancelledError, Text, frames_for, timesig
from engine.acestep.structure import lyrics_with_structure
from engine.acestep.tasks import StagePlan, plan_cover, plan_stage
from engine.constants import SAMPLE_RATE, StageType, Task
from engine.errors import ConfigError
from engine.protocol import EngineCapabilities
from engine.stages.mix import mix_takes
from engine.take import StageRequest, Take

ENV_OFFLOAD = "ACEPROD_OFFLOAD"
DEFAULT_STRUCTURE_STRENGTH = 0.5
__all__ = ["AceStepEngine", "StageCancelledError"]


class AceStepEngine:
    """ACE-Step 1.5 on diffusers. ``checkpoints``: folder holding the diffusers
    variant folders (default ``$ACEPROD_CHECKPOINTS`` or ``./checkpoints``); the CLI
    passes it as ``checkpoints_dir``. ``progress(stage_id, step, total)`` is called
    after every denoising step; setting ``cancel`` stops the stage at the next step.
    ``offload`` (or ``$ACEPROD_OFFLOAD=1``): diffusers' model CPU offload on a GPU."""

    name = "acestep"

    def __init__(
        self,
        checkpoints: str | None = None,
        *,
        checkpoints_dir: str | None = None,
        device: str | None = None,
        dtype: str | None = None,
        offload: bool | None = None,
        progress: ProgressFn | None = None,
        cancel: threading.Event | None = None,
        **_ignored: object,
    ) -> None:
        import os

        # 1. checkpoints first: cheap, and the most likely problem
        self.root = ck.resolve_dir(checkpoints or checkpoints_dir)
        self._ckpts = {c.name: c for c in ck.require(self.root)}
        # 2. then the libraries, still before any weight is read
        import_diffusers()
        import diffusers

        self.version = f"diffusers {diffusers.__version__}"
        self.device = memory.pick_device(device)
        self.dtype = memory.pick_dtype(self.device, dtype)
        if offload is None:
            offload = os.environ.get(ENV_OFFLOAD, "").strip().lower() in ("1", "true", "yes")
        self.cache = PipelineCache(device=self.device, dtype=self.dtype, offload=offload)
        self.sampler = Sampler(device=self.device, progress=progress, cancel=cancel)

    @property
    def offload(self) -> bool:
        return self.cache.offload

    @property
    def progress(self) -> ProgressFn | None:
        return self.sampler.progress

    @progress.setter
    def progress(self, fn: ProgressFn | None) -> None:
        self.sampler.progress = fn

    @property
    def cancel(self) -> threading.Event | None:
        return self.sampler.cancel

    @cancel.setter
    def cancel(self, event: threading.Event | None) -> None:
        self.sampler.cancel = event

    # ---- protocol -------------------------------------------------------------------
    def capabilities(self) -> EngineCapabilities:
        models = [c.model_info() for c in self._ckpts.values()]
        default = "turbo" if "turbo" in self._ckpts else models[0].name
        offload = ", model CPU offload" if self.offload else (
            " (--offload applies on a CUDA GPU only)" if self.cache.offload_requested else "")
        return EngineCapabilities(
            engine=self.name,
            version=self.version,
            default_model=default,
            models=models,
            has_stems=False,
            notes=f"checkpoints: {self.root.resolve()}; device {self.device}, "
                  f"{str(self.dtype).removeprefix('torch.')}{offload}",
        )

    def load(self, model: str) -> None:
        self.cache.get(self._checkpoint(model))

    def unload(self) -> None:
        self.cache.unload()

    def run(self, request: StageRequest, sources: list[Take]) -> Take:
        """Run one stage: check, prepare sources, condition, denoise, decode, set levels."""
        if request.stage_type == StageType.mix:
            return self._mix(request, sources)
        # 1. check inputs (before any weight is touched)
        ckpt = self._checkpoint(request.model)
        plan = plan_stage(request, len(sources))
        guided = request.stage_type == StageType.generate and request.structure == "guided"
        self._check(request, plan, ckpt, guided=guided)
        pipe = self.cache.get(ckpt)
        vae_id = self.cache.component_id("vae")
        # 2. prepare sources (as latents where the pipeline allows)
        src_idx = plan.source if plan.source is not None else plan.refine_from
        src_audio = src_lat = None
        src_gain = 1.0
        if guided:
            src_audio, plan = self._guide(request, plan)
            src_lat, _ = source_latent(pipe, Take(audio=src_audio), src_audio, vae_id=vae_id, device=self.device)
        elif src_idx is not None:
            what = f"stage '{request.stage_id}' source {src_idx + 1}"
            src_audio = source_audio(sources[src_idx], what=what, max_s=ck.MAX_DURATION_S)
            src_lat, src_gain = source_latent(pipe, sources[src_idx], src_audio, vae_id=vae_id, device=self.device)
        # 3. condition: structure tags, text limits; 4. denoise
        text = self._text(pipe, request, plan, src_lat)
        gen = _generator(request.seed)
        s = self.sampler
        if plan.refine_from is not None:
            lat = s.refine(pipe, request, plan, text, src_lat, gen)
        elif plan.task is Task.cover:
            lat = s.cover(pipe, request, plan, text, src_audio, src_lat, gen)
        elif plan.task is Task.repaint:
            lat = s.repaint(pipe, request, plan, text, src_audio, src_lat, gen)
        else:
            frames = frames_for(plan.duration_s, int(pipe.vae.hop_length)) if src_lat is None else src_lat.shape[1]
            lat = s.denoise(pipe, request, plan, text, gen, frames=frames, src_audio=src_audio, src_lat=src_lat)
        # 5. decode, 6. levels and trim
        lat = lat.float().cpu()
        n = src_audio.shape[-1] if src_audio is not None else round(plan.duration_s * SAMPLE_RATE)
        audio, gain = self._levels(decode(pipe, lat, device=self.device)[0][:, :n], request, plan, src_gain)
        handle = AceStepLatent(latent=lat, vae=vae_id, frames_per_second=pipe.latents_per_second, model=ckpt.name,
                               gain=gain)
        stems = {plan.stem: audio} if plan.stem else {}
        return Take(audio=audio, sr=SAMPLE_RATE, stems=stems, latent=handle)

    def run_batch(self, requests: list[StageRequest], sources: list[list[Take]]) -> list[Take]:
        """Several batch items of one stage. Generate stages that differ only in seed
        share one pipeline call (one text encode, one batched DiT pass); anything else
        runs item by item. Item i equals ``run(requests[i], sources[i])``."""
        first = requests[0]
        same = {"seed", "batch_index"}
        shared = all(r.model_dump(exclude=same) == first.model_dump(exclude=same) for r in requests)
        if (len(requests) == 1 or first.stage_type != StageType.generate or not shared
                or first.structure == "guided"):
            return [self.run(r, s) for r, s in zip(requests, sources, strict=True)]
        ckpt = self._checkpoint(first.model)
        plan = plan_stage(first, 0)
        self._check(first, plan, ckpt, guided=False)
        pipe = self.cache.get(ckpt)
        text = self._text(pipe, first, plan, None)
        frames = frames_for(plan.duration_s, int(pipe.vae.hop_length))
        gens = [_generator(r.seed) for r in requests]
        lat = self.sampler.denoise(pipe, first, plan, text, gens, frames=frames).float().cpu()
        n = round(plan.duration_s * SAMPLE_RATE)
        takes = []
        for i, r in enumerate(requests):
            one = lat[i : i + 1].contiguous()
            audio, gain = self._levels(decode(pipe, one, device=self.device)[0][:, :n], r, plan, 1.0)
            handle = AceStepLatent(latent=one, vae=self.cache.component_id("vae"),
                                   frames_per_second=pipe.latents_per_second, model=ckpt.name, gain=gain)
            takes.append(Take(audio=audio, sr=SAMPLE_RATE, latent=handle))
        return takes

    # ---- steps of a stage -------------------------------------------------------------
    def _check(self, req: StageRequest, plan: StagePlan, ckpt: ck.CheckpointInfo, *, guided: bool) -> None:
        info = ckpt.model_info()
        if not info.supports(plan.task):
            raise ConfigError(self._unsupported(req, plan.task, ckpt.name))
        if guided and not info.supports(Task.cover):
            raise ConfigError(f"stage '{req.stage_id}': structure: guided covers a sketch of the plan, and model "
                              f"'{ckpt.name}' cannot cover (fix: {self._unsupported(req, Task.cover, ckpt.name)}; "
                              "or use structure: tags)")
        cond.check_duration(req, plan.duration_s)
        cond.check_sampling(req, ckpt.name, plan.steps, plan.shift)
        if plan.timesteps is not None and req.denoise is not None:
            from engine.acestep.latents import schedule

            cond.check_denoise(req, ckpt.name, float(req.denoise), schedule(plan.steps, plan.shift))

    def _text(self, pipe, req: StageRequest, plan: StagePlan, src_lat) -> Text:
        """Lyrics with the plan's sections as structure tags, checked against the limits."""
        lyrics = lyrics_with_structure(req.lyrics, req.events)
        text = Text(caption=req.caption, lyrics=lyrics, language=cond.vocal_language(req, lyrics))
        fps = pipe.latents_per_second
        seconds = src_lat.shape[1] / fps if src_lat is not None else plan.duration_s
        formatted = pipe._format_prompt(prompt=text.caption, lyrics=text.lyrics, vocal_language=text.language,
                                        audio_duration=seconds, instruction=plan.instruction, bpm=req.bpm,
                                        keyscale=req.keyscale, timesignature=timesig(req.timesignature))

        def count(s: str) -> int:
            return len(pipe.tokenizer(s, truncation=False)["input_ids"])

        cond.check_text(req, text.caption, text.lyrics, count_tokens=count, formatted=formatted)
        return text

    def _guide(self, req: StageRequest, plan: StagePlan) -> tuple[np.ndarray, StagePlan]:
        """``structure: guided``: the sketch engine's render of the plan (sections where
        the plan put them) and the cover plan that follows it."""
        from engine.sketch.engine import SketchEngine
        from engine.sketch.models import MODELS

        guide_model = MODELS["base"]  # the sketch variant with the fewest imperfections
        sketch_req = req.model_copy(update=dict(model=guide_model.name, steps=guide_model.default_steps,
                                                shift=guide_model.default_shift,
                                                guidance_scale=guide_model.default_guidance))
        sketch = SketchEngine().run(sketch_req, [])
        audio = source_audio(sketch, what=f"stage '{req.stage_id}' structure guide", max_s=ck.MAX_DURATION_S)
        n = round(plan.duration_s * SAMPLE_RATE)
        audio = np.ascontiguousarray(np.pad(audio, ((0, 0), (0, max(0, n - audio.shape[-1]))))[:, :n])
        strength = DEFAULT_STRUCTURE_STRENGTH if req.structure_strength is None else float(req.structure_strength)
        cover_req = req.model_copy(update=dict(stage_type=StageType.cover, task=str(Task.cover), instruction=None,
                                               audio_cover_strength=strength))
        return audio, plan_cover(cover_req, 1)

    def _levels(self, audio: np.ndarray, req: StageRequest, plan: StagePlan, src_gain: float):
        what = f"stage '{req.stage_id}' ({plan.task})"
        if plan.stem:
            out, gain = levels.stem(audio, source_gain=src_gain, what=what, track=plan.stem)
        else:
            out, gain = levels.full_mix(audio, what=what)
        return np.ascontiguousarray(out), gain

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
