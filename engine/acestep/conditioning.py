"""What ACE-Step 1.5 accepts: request ranges and text limits, checked before any work.

- Duration: a generated take is 10 s to 600 s (ACE-Step 1.5 was trained on that
  range). Stages working from a source take the source's length.
- Vocal language: instrumental lyrics are sent with language ``unknown``, as ACE-Step
  does (a language code there would ask for singing).
- Turbo variants are distilled for at most 8 steps at shift 1, 2 or 3 (a
  ``turbo-continuous`` variant takes any shift from 1 to 3); a refine whose
  ``denoise`` lies below turbo's last trained step would run one step at a time the
  model never saw, so the floor is that step.
- Text: the caption is read at most 512 characters, lyrics 4096 (ACE-Step's own
  caps). The text encoder keeps the first 256 tokens of instruction + caption +
  metadata (bpm, key, time signature, duration come last) and 2048 tokens of
  lyrics: past that the settings at the end would be cut off without a word, so a
  prompt over the token budget is refused with the limit and the fix.
"""

from __future__ import annotations

from engine.acestep.checkpoints import MAX_DURATION_S, family
from engine.acestep.structure import is_instrumental
from engine.errors import ConfigError, EngineError
from engine.take import StageRequest


class RequestLimitError(ConfigError, EngineError):
    """A request ACE-Step 1.5 cannot take. A ConfigError for pipeline users (exit 2, the
    fix in the message), and an EngineError so an album counts that take as failed and
    goes on with its other tracks instead of stopping."""


MIN_DURATION_S = 10.0
MAX_CAPTION_CHARS = 512
MAX_LYRIC_CHARS = 4096
MAX_TEXT_TOKENS = 256  # AceStepPipeline's max_text_length
MAX_LYRIC_TOKENS = 2048  # AceStepPipeline's max_lyric_length
TURBO_MAX_STEPS = 8
TURBO_SHIFTS = (1.0, 2.0, 3.0)
CONTINUOUS_SHIFT = (1.0, 3.0)


def vocal_language(req: StageRequest, lyrics: str) -> str:
    """``unknown`` for instrumental lyrics, else the request's language."""
    return "unknown" if is_instrumental(lyrics) else req.vocal_language


def check_duration(req: StageRequest, duration_s: float | None) -> None:
    """A generated length must be within ACE-Step 1.5's 10-600 s."""
    if duration_s is None:
        return
    if not MIN_DURATION_S <= duration_s <= MAX_DURATION_S:
        raise RequestLimitError(
            f"stage '{req.stage_id}': duration {duration_s:g} s is outside ACE-Step 1.5's range "
            f"{MIN_DURATION_S:g}-{MAX_DURATION_S:g} s (fix: set duration between {MIN_DURATION_S:g} and "
            f"{MAX_DURATION_S:g}, or split a longer song into parts)"
        )


def check_sampling(req: StageRequest, model: str, steps: int, shift: float) -> None:
    """Turbo's trained steps and shifts."""
    if family(model) != "turbo":
        return
    if steps > TURBO_MAX_STEPS:
        raise RequestLimitError(
            f"stage '{req.stage_id}': model '{model}' is distilled for at most {TURBO_MAX_STEPS} steps, got {steps} "
            f"(fix: steps: {TURBO_MAX_STEPS} or fewer, or use a base/sft model for long schedules)"
        )
    if "continuous" in model:
        lo, hi = CONTINUOUS_SHIFT
        if not lo <= shift <= hi:
            raise RequestLimitError(f"stage '{req.stage_id}': model '{model}' takes shift {lo:g}-{hi:g}, got {shift:g} "
                              f"(fix: shift between {lo:g} and {hi:g})")
    elif not any(abs(shift - s) < 1e-6 for s in TURBO_SHIFTS):
        raise RequestLimitError(
            f"stage '{req.stage_id}': model '{model}' was distilled at shift 1, 2 or 3, got {shift:g} "
            "(fix: shift: 3 (the default), 2 or 1; a turbo-continuous model takes values in between)"
        )


def denoise_floor(model: str, schedule: list[float]) -> float:
    """Lowest denoise a refine can start at: turbo's last trained step, else 0."""
    return min(schedule) if family(model) == "turbo" and schedule else 0.0


def check_denoise(req: StageRequest, model: str, denoise: float, schedule: list[float]) -> None:
    floor = denoise_floor(model, schedule)
    if denoise < floor - 1e-9:
        raise RequestLimitError(
            f"stage '{req.stage_id}': denoise {denoise:g} is below {floor:.2f}, the lowest time turbo was trained at "
            f"with {len(schedule)} steps and shift {req.shift:g} (fix: denoise: {floor:.2f} or more, or refine with "
            "a base/sft model)"
        )


def check_text(req: StageRequest, caption: str, lyrics: str, *, count_tokens, formatted: tuple[str, str]) -> None:
    """Character caps, then the token budget of the texts exactly as the pipeline
    formats them (``formatted``: prompt and lyric strings; ``count_tokens(str)``)."""
    where = f"stage '{req.stage_id}'"
    if len(caption) > MAX_CAPTION_CHARS:
        raise RequestLimitError(f"{where}: the caption is {len(caption)} characters; ACE-Step 1.5 reads at most "
                          f"{MAX_CAPTION_CHARS} (fix: shorten the caption to {MAX_CAPTION_CHARS} characters)")
    if len(lyrics) > MAX_LYRIC_CHARS:
        raise RequestLimitError(f"{where}: the lyrics are {len(lyrics)} characters; ACE-Step 1.5 reads at most "
                          f"{MAX_LYRIC_CHARS} (fix: shorten the lyrics or split the song into parts)")
    _check_tokens(where, count_tokens(formatted[0]), MAX_TEXT_TOKENS, "caption + instruction + metadata is",
                  "so bpm, key, time signature and duration (written last) would be cut off",
                  "shorten the caption by at least {over} tokens, about {chars} characters")
    _check_tokens(where, count_tokens(formatted[1]), MAX_LYRIC_TOKENS, "the lyrics are", "",
                  "shorten the lyrics by at least {over} tokens, or split the song into parts")


def _check_tokens(where: str, tokens: int, limit: int, what: str, lost: str, fix: str) -> None:
    if tokens <= limit:
        return
    over = tokens - limit
    raise RequestLimitError(f"{where}: {what} {tokens} tokens; the text encoder keeps {limit}{', ' + lost if lost else ''} "
                      f"(fix: {fix.format(over=over, chars=4 * over)})")
