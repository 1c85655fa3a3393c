"""Helpers shared by the stage modules: inputs, seeds, latents and Take assembly."""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict

import numpy as np

from engine.errors import AudioInputError, EngineError
from engine.sketch.arrangement import Arrangement, Imperfection, SketchLatent
from engine.sketch.compose import is_instrumental
from engine.sketch.models import MAX_DURATION_S, MODELS
from engine.sketch.timbre import GenreProfile, TrackTimbre, profile_for
from engine.take import StageRequest, Take

SR = 48000


def steps_of(req: StageRequest) -> int:
    if req.steps:
        return int(req.steps)
    info = MODELS.get(req.model or "turbo")
    return info.default_steps if info else 8


def derive_seed(*parts: int | float) -> int:
    """A 31-bit seed from integers (floats are taken in milliseconds)."""
    ints = [int(round(p * 1000)) if isinstance(p, float) else int(p) for p in parts]
    return int(np.random.SeedSequence([abs(i) for i in ints]).generate_state(1)[0] & 0x7FFFFFFF)


def check_duration(req: StageRequest) -> float:
    if not 0.5 <= req.duration <= MAX_DURATION_S:
        raise EngineError(f"stage '{req.stage_id}': duration {req.duration:g} s is outside 0.5-{MAX_DURATION_S:g} s "
                          "(fix: set `duration` in that range)")
    return float(req.duration)


def one_source(req: StageRequest, sources: list[Take]) -> Take:
    if len(sources) != 1:
        raise EngineError(f"stage '{req.stage_id}' ({req.stage_type}) needs exactly one source take, got {len(sources)} "
                          "(fix: give it one `src_stage`, `src_audio` or `input_stage`)")
    src = sources[0]
    a = src.audio
    if a.ndim != 2 or a.shape[0] != 2 or a.shape[1] < SR // 10:
        raise AudioInputError(f"stage '{req.stage_id}': source audio must be stereo (2, n) with at least 0.1 s, "
                              f"got shape {a.shape} (fix: load the file with engine.audio.read_audio)")
    if src.sr != SR:
        raise AudioInputError(f"stage '{req.stage_id}': source is at {src.sr} Hz; the sketch engine works at 48 kHz "
                              "(fix: resample with engine.audio.to_stereo_48k)")
    if not np.isfinite(a).all():
        raise AudioInputError(f"stage '{req.stage_id}': source audio has NaN/inf samples (fix: re-render the source)")
    return src


# The sketch engine's "encoder": a take it rendered earlier in this process, read back from its FLAC
# (a ``src_audio`` with its sidecar), gets its arrangement back instead of an analysis of the audio, as a
# diffusion model's VAE recovers its own output's latents almost losslessly. Keyed by the request that
# produced the take (the sidecar holds it); a miss (another process, an edited file) falls back to analysis.
RECALL_MAX = 512
_recall: OrderedDict[str, SketchLatent] = OrderedDict()
_recall_lock = threading.Lock()


def _request_key(req: StageRequest, frames: int) -> str:
    return hashlib.sha256(f"{frames}|{req.model_dump_json()}".encode()).hexdigest()


def remember(req: StageRequest, take: Take) -> None:
    """Keep the latent of a take this engine produced, for when it comes back as ``src_audio``."""
    if isinstance(take.latent, SketchLatent):
        with _recall_lock:
            key = _request_key(req, take.audio.shape[-1])
            _recall[key] = take.latent
            _recall.move_to_end(key)
            while len(_recall) > RECALL_MAX:
                _recall.popitem(last=False)


def recall_request(req: StageRequest, frames: int) -> SketchLatent | None:
    """The latent of the take ``req`` produced with ``frames`` samples in this process, else None."""
    with _recall_lock:
        return _recall.get(_request_key(req, frames))


def recall(take: Take) -> SketchLatent | None:
    """The latent of a take read from a file this engine rendered in this process, else None."""
    side = take.sidecar
    if side is None or side.engine != "sketch":
        return None
    return recall_request(side.request, take.audio.shape[-1])


def latent_of(take: Take) -> SketchLatent | None:
    return take.latent if isinstance(take.latent, SketchLatent) else recall(take)


def profile_for_request(caption: str, lyrics: str, genre: str | None = None) -> GenreProfile:
    """The genre's profile (the caption's when no genre is given), plus a formant voice when the
    lyrics are sung."""
    prof = profile_for(caption, genre)
    if not is_instrumental(lyrics) and all(t.name != "vocals" for t in prof.tracks) \
            and "no vocal" not in caption.lower() and "without vocal" not in caption.lower():
        prof.tracks.append(TrackTimbre(name="vocals", patch="voice", role="vocal", gain_db=-1.0, min_energy=0.45,
                                       send=0.3))
    return prof


def make_take(mix: np.ndarray, stems: dict[str, np.ndarray], arr: Arrangement, imps: list[Imperfection],
              render_seed: int, steps: int) -> Take:
    take = Take(audio=np.ascontiguousarray(mix, dtype=np.float32),
                stems={k: np.ascontiguousarray(v, dtype=np.float32) for k, v in stems.items()},
                latent=SketchLatent(arrangement=arr, imperfections=imps, render_seed=render_seed, steps=steps))
    take.diagnostics.extend(i.as_diagnostic() for i in imps)
    return take


def fit_length(a: np.ndarray, n: int) -> np.ndarray:
    if a.shape[1] >= n:
        return a[:, :n]
    return np.pad(a, ((0, 0), (0, n - a.shape[1])))
