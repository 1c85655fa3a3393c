"""Which classes a checkpoint folder may name, and whether its weights fit them.

``model_index.json`` says which class loads each component. aceprod never imports
a module a file names: only the ACE-Step 1.5 classes of diffusers and transformers
below can be loaded, anything else is refused with the component and the fix.

``weight_problems`` compares a component's tensors (names and shapes, read from the
safetensors headers) with the state dict its class expects for the folder's
``config.json`` (the model is built on torch's meta device: no memory, no weights).
A folder converted by an older or different script - a renamed attention key, a
missing ``silence_latent`` or ``null_condition_emb`` - would otherwise load with
zeros or NaNs in place of those tensors and sound like a drone.
"""

from __future__ import annotations

import contextlib
import importlib
import json
import re
from pathlib import Path

from engine.acestep.checkpoints import HeaderError, read_safetensors_header

_ACE = "diffusers.pipelines.ace_step"
# component -> class name -> module it is imported from (the only imports allowed)
KNOWN_CLASSES: dict[str, dict[str, str]] = {
    "transformer": {"AceStepTransformer1DModel": "diffusers"},
    "condition_encoder": {"AceStepConditionEncoder": _ACE},
    "audio_tokenizer": {"AceStepAudioTokenizer": _ACE},
    "audio_token_detokenizer": {"AceStepAudioTokenDetokenizer": _ACE},
    "vae": {"AutoencoderOobleck": "diffusers"},
    "text_encoder": {"Qwen3Model": "transformers"},
    "tokenizer": {name: "transformers" for name in ("Qwen2TokenizerFast", "Qwen2Tokenizer", "PreTrainedTokenizerFast",
                                                    "TokenizersBackend", "AutoTokenizer")},
    "scheduler": {"FlowMatchEulerDiscreteScheduler": "diffusers"},
}
KNOWN_LIBRARIES = ("diffusers", "transformers", "ace_step", _ACE)
RECONVERT = ("re-convert the original ACE-Step weights with scripts/convert_ace_step_to_diffusers.py from the "
             "diffusers source at the tag of your installed version, or download the official "
             "ACE-Step/acestep-v15-*-diffusers folder again")
_SHOW = 4  # tensor names shown per problem
_CHECKED: dict[tuple[str, str], list[str]] = {}  # (component folder fingerprint, class) -> problems


class ComponentClassError(ValueError):
    """model_index.json names a class aceprod does not load."""


def component_class(entry: object, comp: str) -> tuple[str, str]:
    """(module, class name) for one ``model_index.json`` entry, or ComponentClassError."""
    allowed = KNOWN_CLASSES.get(comp, {})
    if not (isinstance(entry, list) and len(entry) == 2 and all(isinstance(x, str) for x in entry)):
        raise ComponentClassError(f"model_index.json entry for {comp} is {str(entry)[:80]!r}, not [library, class] "
                                  f"(fix: {RECONVERT})")
    lib, cls_name = entry
    if lib not in KNOWN_LIBRARIES or cls_name not in allowed:
        raise ComponentClassError(
            f"model_index.json asks to load {comp} with {lib[:60]}.{cls_name[:60]}; aceprod only loads ACE-Step 1.5's "
            f"own classes ({', '.join(sorted(allowed)) or 'none for this component'} from diffusers/transformers) "
            f"and never imports other modules a file names (fix: {RECONVERT})"
        )
    return allowed[cls_name], cls_name


def load_class(entry: object, comp: str) -> type:
    """The class object for an allowed ``model_index.json`` entry."""
    module, cls_name = component_class(entry, comp)
    return getattr(importlib.import_module(module), cls_name)


def _expected_state(cls: type, sub: Path) -> tuple[dict[str, tuple[int, ...]], list[str], list[str] | None, str]:
    """(name -> shape, missing-ok patterns, unexpected-ok patterns, base prefix) of ``cls``
    built from ``sub/config.json`` on the meta device. For a transformers model the
    unexpected-ok list is None: transformers drops a wrapper's extra weights by design
    (the Qwen3 embedding folder may carry an ``lm_head``), so only missing and
    mis-shaped weights count there."""
    import torch

    diffusers_model = hasattr(cls, "load_config")
    with torch.device("meta"):
        if diffusers_model:  # diffusers ModelMixin
            model = cls.from_config(cls.load_config(sub))
        else:  # transformers PreTrainedModel
            model = cls(cls.config_class.from_pretrained(sub))
    state = {k: tuple(v.shape) for k, v in model.state_dict().items()}
    missing_ok = list(getattr(cls, "_keys_to_ignore_on_load_missing", None) or [])
    tied = getattr(model, "_tied_weights_keys", None) or []
    missing_ok += [re.escape(k) for k in (tied if isinstance(tied, list | tuple) else list(tied))]
    unexpected_ok = list(getattr(cls, "_keys_to_ignore_on_load_unexpected", None) or []) if diffusers_model else None
    return state, missing_ok, unexpected_ok, str(getattr(cls, "base_model_prefix", "") or "")


def _names(keys: list[str]) -> str:
    shown = ", ".join(sorted(keys)[:_SHOW])
    return shown + (f" and {len(keys) - _SHOW} more" if len(keys) > _SHOW else "")


def compare_state(found: dict[str, tuple[int, ...]], expected: dict[str, tuple[int, ...]], *, comp: str,
                  missing_ok: list[str] = (), unexpected_ok: list[str] | None = (), prefix: str = "") -> list[str]:
    """Problems when ``found`` (the files' tensors) does not fit ``expected`` (the model's).
    ``unexpected_ok=None``: extra tensors are not a problem (only missing/mis-shaped are)."""
    if prefix and not any(k.startswith(prefix + ".") for k in expected):  # saved from a wrapper model
        found = {k.removeprefix(prefix + "."): v for k, v in found.items()}
    missing = [k for k in expected if k not in found and not any(re.search(p, k) for p in missing_ok)]
    unexpected = [] if unexpected_ok is None else [
        k for k in found if k not in expected and not any(re.search(p, k) for p in unexpected_ok)]
    wrong = [f"{k} {list(found[k])} (expected {list(expected[k])})" for k in expected
             if k in found and found[k] != expected[k]]
    problems = []
    if missing:
        problems.append(f"{comp}/ lacks {len(missing)} weight(s) the model needs: {_names(missing)}")
    if unexpected:
        problems.append(f"{comp}/ has {len(unexpected)} weight(s) the model does not know: {_names(unexpected)}")
    if wrong:
        problems.append(f"{comp}/ has {len(wrong)} weight(s) of the wrong shape: {_names(wrong)}")
    if problems:
        problems[-1] += (" - an incompatible or outdated conversion that would load with zeros in their place "
                         f"(fix: {RECONVERT})")
    return problems


def file_state(sub: Path) -> dict[str, tuple[int, ...]] | None:
    """Tensor name -> shape over every safetensors file of a component (None: no
    safetensors, e.g. legacy .bin only, which cannot be read without unpickling)."""
    files = sorted(sub.glob("*.safetensors"))
    if not files:
        return None
    out: dict[str, tuple[int, ...]] = {}
    for f in files:
        out.update(read_safetensors_header(f))
    return out


def weight_problems(folder: Path, comp: str, entry: object, fingerprint: str) -> list[str]:
    """Problems with ``folder/comp``'s tensors against the class ``entry`` names (cached
    per folder fingerprint). Without torch/diffusers installed nothing is checked here
    (the engine cannot start then anyway and says how to install them)."""
    key = (fingerprint, json.dumps(entry))
    if key in _CHECKED:
        return _CHECKED[key]
    sub = folder / comp
    try:
        found = file_state(sub)
    except HeaderError:
        return []  # reported by the header check already
    if found is None:
        return []
    try:
        cls = load_class(entry, comp)
    except ComponentClassError as exc:
        return [str(exc)]
    except ImportError:
        return []
    try:
        with _quiet():
            expected, missing_ok, unexpected_ok, prefix = _expected_state(cls, sub)
    except Exception as exc:  # a config the class cannot build from is itself the problem
        return [f"{comp}/config.json does not build a {cls.__name__} ({str(exc).splitlines()[0][:160]}) "
                f"(fix: {RECONVERT})"]
    problems = compare_state(found, expected, comp=comp, missing_ok=missing_ok, unexpected_ok=unexpected_ok,
                             prefix=prefix)
    _CHECKED[key] = problems
    return problems


@contextlib.contextmanager
def _quiet():
    """diffusers/transformers log config notes while building; they are not for the user."""
    import logging

    loggers = [logging.getLogger(n) for n in ("diffusers", "transformers")]
    levels = [lg.level for lg in loggers]
    for lg in loggers:
        lg.setLevel(logging.ERROR)
    try:
        yield
    finally:
        for lg, lv in zip(loggers, levels, strict=True):
            lg.setLevel(lv)
