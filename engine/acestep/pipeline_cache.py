"""One AceStepPipeline per process; switching variants reloads only what differs.

The real ACE-Step 1.5 releases share the VAE, the Qwen3 text encoder and its
tokenizer (about 1.5 GB) and differ in the DiT (and its condition encoder and VQ
modules). Each component folder gets a cheap fingerprint (config bytes, weight file
names and sizes, and hashes of each weight file's first and last 64 KiB); on a switch
only components whose fingerprint changed are loaded, then registered on the same
pipeline object. Nothing is ever downloaded: the hub is forced offline and every
load is ``local_files_only``.
"""

from __future__ import annotations

import os

os.environ["HF_HUB_OFFLINE"] = "1"  # before huggingface_hub / diffusers import
os.environ["TRANSFORMERS_OFFLINE"] = "1"
os.environ.setdefault("HF_HUB_DISABLE_TELEMETRY", "1")

import contextlib  # noqa: E402
import json  # noqa: E402
import logging  # noqa: E402
from collections.abc import Iterator  # noqa: E402

from engine.acestep.checkpoints import COVER_COMPONENTS, REQUIRED_COMPONENTS, CheckpointInfo, fingerprint  # noqa: E402
from engine.acestep.components import RECONVERT  # noqa: E402
from engine.acestep.memory import is_oom, load_guard  # noqa: E402
from engine.errors import CheckpointMissingError, EngineError  # noqa: E402

log = logging.getLogger(__name__)
COMPONENTS = REQUIRED_COMPONENTS + COVER_COMPONENTS


def import_diffusers():
    """Import diffusers' AceStepPipeline or say how to install it."""
    try:
        import torch  # noqa: F401
        from diffusers import AceStepPipeline
    except ImportError as exc:
        raise EngineError(
            f"the acestep engine needs torch, diffusers>=0.42 and transformers>=5 ({exc}) "
            "(fix: `pip install torch` for your platform first, then `pip install -e .[acestep]`)"
        ) from exc
    import warnings

    from diffusers.utils import logging as dlog

    # diffusers' Oobleck VAE still uses torch's old weight_norm; nothing a user can act on
    warnings.filterwarnings("ignore", message=".*weight_norm.*", category=FutureWarning)

    dlog.set_verbosity_error()
    with contextlib.suppress(Exception):
        from transformers.utils import logging as tlog

        tlog.set_verbosity_error()
        tlog.disable_progress_bar()
    return AceStepPipeline


def _pipeline_class():
    AceStepPipeline = import_diffusers()

    class AceProdPipeline(AceStepPipeline):
        """AceStepPipeline that can take source latents directly.

        Inside ``source_latents(lat)``, source-conditioned tasks use ``lat``
        (``(B, T, D)``) instead of VAE-encoding ``src_audio`` again: latents pass
        between stages without a lossy decode/encode round trip, and the encode is
        deterministic. Cover still goes through the VQ bottleneck."""

        _aceprod_src_latents = None

        @contextlib.contextmanager
        def source_latents(self, latents) -> Iterator[None]:
            self._aceprod_src_latents = latents
            try:
                yield
            finally:
                self._aceprod_src_latents = None

        def prepare_src_latents(self, device, dtype, batch_size=1, src_audio=None, audio_codes=None,
                                latent_length=None, task_type="text2music"):
            pre = self._aceprod_src_latents
            if pre is None or src_audio is None or audio_codes is not None:
                return super().prepare_src_latents(device, dtype, batch_size, src_audio, audio_codes,
                                                   latent_length, task_type)
            src = pre.to(device=device, dtype=dtype)
            if src.shape[0] == 1:
                src = src.expand(batch_size, -1, -1)
            length = src.shape[1]
            if task_type == "cover":  # the 25 Hz -> 5 Hz VQ bottleneck and back
                silence = self.condition_encoder.silence_latent.to(device=device, dtype=dtype)
                quantized, _ = self.audio_tokenizer.tokenize(src, silence)
                src = self.audio_token_detokenizer(quantized.to(device=device, dtype=dtype))[:, :length, :]
            return src.contiguous(), length

    return AceProdPipeline


def load_component(ckpt: CheckpointInfo, comp: str, dtype):
    """Load one component with the class its model_index.json names (only ACE-Step's
    own diffusers/transformers classes are allowed; ``engine.acestep.components``)."""
    from engine.acestep.components import ComponentClassError, load_class

    index = json.loads((ckpt.path / "model_index.json").read_text())
    sub = ckpt.path / comp
    try:
        cls = load_class(index.get(comp), comp)
    except ComponentClassError as exc:
        raise CheckpointMissingError(f"{ckpt.path}: {exc}") from exc
    except (ImportError, AttributeError) as exc:
        raise EngineError(
            f"{sub}: model_index.json names {index.get(comp)}, which this diffusers/transformers cannot import "
            f"({exc}) (fix: upgrade with `pip install -e .[acestep]`)"
        ) from exc
    try:
        if comp == "scheduler":
            return cls.from_pretrained(sub)
        if comp == "tokenizer":
            return cls.from_pretrained(sub, local_files_only=True)
        obj = cls.from_pretrained(sub, dtype=dtype, local_files_only=True)
        obj.eval()
    except (OSError, ValueError, RuntimeError, KeyError) as exc:
        if is_oom(exc):
            raise
        msg = str(exc).splitlines()[0][:300]
        raise CheckpointMissingError(
            f"cannot load {comp} from {sub}: {msg} (fix: the weights are damaged or incomplete; download "
            f"{ckpt.path.name} again; `aceprod checkpoints` verifies it)"
        ) from exc
    if comp == "condition_encoder":
        _check_learned_tensors(obj, sub)
    return obj


def _check_learned_tensors(encoder, sub) -> None:
    """The learned silence latent and null condition must be real numbers, not the
    zeros or NaNs an incompatible conversion leaves (drone-like audio)."""
    import torch

    for name in ("silence_latent", "null_condition_emb"):
        t = getattr(encoder, name, None)
        if t is None:
            continue
        t = t.detach().float()
        if not bool(torch.isfinite(t).all()) or not bool(t.abs().sum() > 0):
            raise CheckpointMissingError(
                f"{sub}: the learned {name} is {'all zeros' if bool(torch.isfinite(t).all()) else 'not finite'}; "
                f"ACE-Step would sound like a drone (fix: {RECONVERT})"
            )


class PipelineCache:
    """Holds the single pipeline and which checkpoint each component came from.

    ``offload``: diffusers' model CPU offload (each model moves to the GPU only while it
    runs): the XL models then fit in about 12 GB instead of 20+, somewhat slower. It only
    applies on a CUDA device."""

    def __init__(self, *, device: str, dtype, offload: bool = False) -> None:
        self.device = device
        self.dtype = dtype
        self.offload_requested = bool(offload)
        self.offload = self.offload_requested and device.startswith("cuda")
        self.pipe = None
        self.variant: str | None = None
        self._prints: dict[str, str] = {}
        self.loads: list[str] = []  # "variant/component" loaded, in order (tests read it)

    def get(self, ckpt: CheckpointInfo):
        """The pipeline with ``ckpt``'s components in place (loading only what differs).
        Out of memory while loading is reported with the settings that help."""
        if self.pipe is not None and self.variant == ckpt.name:
            return self.pipe
        with load_guard(model=ckpt.name, device=self.device, offload=self.offload):
            return self._load(ckpt)

    def _load(self, ckpt: CheckpointInfo):
        wanted = {c: fingerprint(ckpt.path / c) for c in COMPONENTS if (ckpt.path / c).is_dir()}
        changed = [c for c in wanted if self._prints.get(c) != wanted[c]]
        modules = {c: load_component(ckpt, c, self.dtype) for c in changed}
        for c in modules:
            self.loads.append(f"{ckpt.name}/{c}")
        if self.pipe is None:
            cls = _pipeline_class()
            missing = {c: None for c in COVER_COMPONENTS if c not in modules}
            self.pipe = cls(**modules, **missing)
            self.pipe.set_progress_bar_config(disable=True)
        else:
            for c in COVER_COMPONENTS:  # a variant without VQ modules must not inherit another's
                if c not in wanted and getattr(self.pipe, c, None) is not None:
                    modules[c] = None
                    self._prints.pop(c, None)
            if self.offload:
                self.pipe.remove_all_hooks()
            self.pipe.register_modules(**modules)
            cfg = self.pipe.transformer.config
            self.pipe.is_turbo = bool(getattr(cfg, "is_turbo", False) or getattr(cfg, "model_version", None) == "turbo")
        if self.offload:
            self.pipe.enable_model_cpu_offload(device=self.device)
        else:
            self.pipe.to(self.device)
        self._prints.update(wanted)
        self.variant = ckpt.name
        log.info("acestep: %s ready (loaded %s)", ckpt.name, ", ".join(changed) or "nothing")
        return self.pipe

    def component_id(self, comp: str) -> str:
        """Fingerprint of the loaded ``comp`` ("" when none is loaded)."""
        return self._prints.get(comp, "")

    def unload(self) -> None:
        from engine.acestep.memory import empty_cache

        self.pipe = None
        self.variant = None
        self._prints.clear()
        empty_cache()
