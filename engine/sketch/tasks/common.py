"""Helpers shared by the stage modules: inputs, seeds, latents and Take assembly."""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict

import numpy as np

from engine.constants import SAMPLE_RATE, StageType
from engine.errors import AudioInputError, EngineError
from engine.lyrics import is_instrumental
from engine.sketch.analysis import arrangement_from_audio
from engine.sketch.arrangement import Arrangement, Imperfection, SketchLatent
from engine.sketch.models import MAX_DURATION_S, MODELS
from engine.sketch.timbre import GenreProfile, TrackTimbre, profile_for
from engine.take import StageRequest, Take

SR = SAMPLE_RATE
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


# The sketch engine's "encoder": a take it rendered from a request without sources (a generate
# stage), read back from its FLAC (a ``src_audio`` with its sidecar), gets its arrangement back
# instead of an analysis of the audio, as a diffusion model's VAE recovers its own output's latents
# almost losslessly. The sketch engine is deterministic, so the latent is re-rendered from the request
# in the sidecar (and kept in a small cache keyed by that request); it is used only when the re-render
# matches the file, so an edited file falls back to analysis. Only source-less requests are recalled:
# their latent depends on nothing but the request, so every process (a resumed run, a Ray worker) gets
# the same latent and the same repair.
RECALL_MAX = 512
RECALL_MATCH = 1e-3  # max |sample| difference, both clipped to +-1 as FLAC stores them (24-bit: ~1e-7)
_recall: OrderedDict[str, tuple[SketchLatent, np.ndarray]] = OrderedDict()  # latent, audio fingerprint
_recall_lock = threading.Lock()


def _request_key(req: StageRequest, frames: int) -> str:
    return hashlib.sha256(f"{frames}|{req.model_dump_json()}".encode()).hexdigest()


def _fingerprint(audio: np.ndarray) -> np.ndarray:
    """Every n-th sample (about 4,096 per channel): enough to tell an edited file from the render."""
    return np.clip(np.array(audio[..., :: max(1, audio.shape[-1] // 4096)], dtype=np.float32), -1.0, 1.0)


def remember(req: StageRequest, take: Take) -> None:
    """Keep the latent of a take this engine produced (source-less ones come back as ``src_audio``;
    every one is there for ``rendered_latent``)."""
    if isinstance(take.latent, SketchLatent):
        with _recall_lock:
            key = _request_key(req, take.audio.shape[-1])
            _recall[key] = (take.latent, _fingerprint(take.audio))
            _recall.move_to_end(key)
            while len(_recall) > RECALL_MAX:
                _recall.popitem(last=False)


def rendered_latent(req: StageRequest, frames: int) -> SketchLatent | None:
    """The latent of the take ``req`` rendered with ``frames`` samples earlier in this process, whatever its
    stage type, else None. For benchmarks that read the engine's private truth; the engine itself
    only recalls source-less takes (``recall``)."""
    with _recall_lock:
        hit = _recall.get(_request_key(req, frames))
    return hit[0] if hit else None


def recall_request(req: StageRequest, audio: np.ndarray) -> SketchLatent | None:
    """The latent of the take ``req`` renders when that take is ``audio``, else None."""
    if req.stage_type != StageType.generate:
        return None
    key = _request_key(req, audio.shape[-1])
    with _recall_lock:
        hit = _recall.get(key)
    if hit is not None:
        latent, print_ = hit
        return latent if float(np.max(np.abs(print_ - _fingerprint(audio)))) <= RECALL_MATCH else None
    from engine.sketch.tasks import TASKS

    again = TASKS[req.stage_type](req, [])
    if again.audio.shape != audio.shape or \
            float(np.max(np.abs(np.clip(again.audio, -1.0, 1.0) - np.clip(audio, -1.0, 1.0)))) > RECALL_MATCH:
        return None
    remember(req, again)
    return again.latent if isinstance(again.latent, SketchLatent) else None


def recall(take: Take) -> SketchLatent | None:
    """The latent of a take read from a file this engine rendered from a source-less request, else None."""
    side = take.sidecar
    if side is None or side.engine != "sketch":
        return None
    return recall_request(side.request, take.audio)


def latent_of(take: Take) -> SketchLatent | None:
    return take.latent if isinstance(take.latent, SketchLatent) else recall(take)


def source_arrangement(req: StageRequest, src: Take) -> tuple[Arrangement, list[Imperfection], int]:
    """The source's arrangement, flaws and render seed: its latent's, else an analysis of its audio
    (no known flaws, the request's seed)."""
    lat = latent_of(src)
    if lat is not None:
        return lat.arrangement, lat.imperfections, lat.render_seed
    return arrangement_from_audio(src.audio, caption=req.caption, lyrics=req.lyrics, seed=req.seed), [], req.seed


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
