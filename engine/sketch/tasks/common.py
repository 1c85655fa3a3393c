"""Helpers shared by the stage modules: inputs, seeds, latents and Take assembly."""

from __future__ import annotations

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


def latent_of(take: Take) -> SketchLatent | None:
    return take.latent if isinstance(take.latent, SketchLatent) else None


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
