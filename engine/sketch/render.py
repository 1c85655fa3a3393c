"""Arrangement -> stems and the mix.

``render(arr, render_seed)`` renders every track of the profile to a stereo stem,
then builds the mix: stems summed, a shared reverb send, a whole-mix tone filter,
loudness normalised toward ``RENDER_LUFS`` and peak-limited to ``CEILING``.
Returned stems are the parts as they sit in the mix: scaled by the same master gain and
the limiter's gain curve (a stem taken before the limiter could peak above full scale
where the limiter pulled the bus down, and its file would then be clipped on export: a
clip no one hears in the mix).
"""

from __future__ import annotations

import numpy as np

from engine.constants import SAMPLE_RATE, TRACK_NAMES
from engine.sketch import fx, imperfections
from engine.sketch.arrangement import Arrangement, Imperfection
from engine.sketch.instruments import kernels
from engine.sketch.instruments.drums import PIECE_PAN, kit_samples
from engine.sketch.instruments.tonal import render_notes
from engine.sketch.parts import notes_for
from engine.sketch.rhythm import drum_hits
from engine.sketch.timbre import TrackTimbre

SR = SAMPLE_RATE
RENDER_LUFS = -15.0
CEILING = 10 ** (-1.5 / 20)  # -1.5 dBFS
MAX_LIMIT_DB = 5.0  # never limit harder than this; quieter instead
# loudness of each role while it plays (dBFS RMS, before the master gain); TrackTimbre.gain_db nudges it
ROLE_LEVEL = {"beat": -17.0, "perc": -27.0, "bass": -19.0, "comp": -22.0, "pad": -25.0, "arp": -26.0, "riff": -19.0,
              "stab": -25.0, "lead": -20.0, "vocal": -18.0, "backing": -27.0, "fx": -30.0}


def _rng(seed: int, track: str, salt: int = 0) -> np.random.Generator:
    return np.random.default_rng([seed, TRACK_NAMES.index(track) if track in TRACK_NAMES else 99, salt])


def place_hits(out: np.ndarray, arr: Arrangement, grid: np.ndarray, hits, kit: str, seed: int,
               rng: np.random.Generator, pan: float) -> None:
    """Add drum one-shots at the hit times (with a few ms of human timing)."""
    beats, pieces, vels = hits
    if len(pieces) == 0:
        return
    samples = kit_samples(kit, seed % 4)  # four hand-made-feeling kit variants, cached
    jitter = 0.008 if kit == "lofi" else 0.003
    times = arr.time_of(beats, grid) + rng.normal(0.0, jitter, size=len(pieces))
    end = arr.end_s if arr.end_s is not None else arr.duration_s
    variants = rng.integers(0, 3, size=len(pieces))
    n = out.shape[1]
    for t, piece, v, var in zip(times, pieces, vels, variants, strict=True):
        if t >= end:
            continue
        i = max(0, int(t * SR))
        s = samples[piece][var]
        m = min(s.size, n - i)
        if m <= 0:
            continue
        gl, gr = fx.pan_gains(PIECE_PAN[piece] * 0.8 + pan)
        out[0, i:i + m] += (v * gl) * s[:m]
        out[1, i:i + m] += (v * gr) * s[:m]


def riser(arr: Arrangement, n: int, rng: np.random.Generator, min_energy: float) -> np.ndarray:
    """Filtered-noise risers into every high-energy section (the fx stem)."""
    out = np.zeros((2, n), dtype=np.float32)
    span = 2 * arr.beats_per_bar * 60.0 / arr.bpm
    for sec in arr.sections[1:]:
        if sec.energy < max(0.8, min_energy):
            continue
        i0, i1 = max(0, int((sec.start_s - span) * SR)), min(n, int(sec.start_s * SR))
        if i1 - i0 < 100:
            continue
        ramp = np.linspace(0.0, 1.0, i1 - i0, dtype=np.float32) ** 2
        noise = rng.standard_normal((2, i1 - i0)).astype(np.float32)
        hi = fx.filt(noise, fx.sos("high", 2500.0))
        lo = fx.filt(noise, fx.sos("band", (300.0, 1500.0)))
        out[:, i0:i1] += 0.35 * ramp * (ramp * hi + (1 - ramp) * lo)
    return out


def render_track(arr: Arrangement, track: TrackTimbre, seed: int, grid: np.ndarray, n: int) -> np.ndarray:
    """One stem ``(2, n)`` float32, post insert effects and track gain."""
    rng = _rng(seed, track.name)
    out = np.zeros((2, n), dtype=np.float32)
    if track.role == "beat":
        place_hits(out, arr, grid, drum_hits(arr, rng, min_energy=track.min_energy, groove=arr.profile.groove),
                   track.patch, seed, rng, track.pan)
    elif track.role == "perc" and track.patch != "timpani":
        place_hits(out, arr, grid, drum_hits(arr, rng, min_energy=track.min_energy, perc=track.patch),
                   "latin", seed, rng, track.pan)
    elif track.role == "fx":
        out = riser(arr, n, rng, track.min_energy)
    else:
        notes = notes_for(arr, track, rng, grid)
        render_notes(out, notes, track.patch, brightness=track.brightness, pan=track.pan, rng=rng)
    if track.patch == "dist_guitar":
        out = fx.amp_cab(out, track.drive)
        if track.pan != 0:  # double-tracked: a second, delayed and darker copy on the other side
            d = int(0.013 * SR)
            twin = np.zeros_like(out)
            twin[:, d:] = out[::-1, :-d]
            out = 0.8 * out + 0.6 * fx.filt(twin, fx.sos("low", 3800.0))
    elif track.drive > 0.05:
        out = fx.saturate(out, track.drive * 0.5)
    if track.role == "bass":
        out = fx.filt(out, fx.sos("low", 900.0 + 2000.0 * track.brightness))
    elif track.role not in ("beat", "perc"):
        out = fx.filt(out, fx.sos("high", 90.0))
    level = active_rms_db(out)
    if level < -90.0:
        return out
    target = ROLE_LEVEL.get(track.role, -24.0) + 0.5 * track.gain_db
    out *= np.float32(10 ** ((target - level) / 20.0))
    return out


def active_rms_db(x: np.ndarray, frame_s: float = 0.05) -> float:
    """RMS (dBFS) of ``x`` ``(2, n)`` over the 50 ms frames within 40 dB of its loudest frame."""
    f = int(frame_s * SR)
    m = x.shape[1] // f
    if m == 0:
        return -120.0
    power = kernels.sum_squares(np.ascontiguousarray(x[:, : m * f])).reshape(m, f).mean(axis=1) / x.shape[0]
    top = power.max()
    if top <= 1e-12:
        return -120.0
    return float(10 * np.log10(power[power > top * 1e-4].mean()))


def _envelope(arr: Arrangement, n: int) -> np.ndarray | None:
    """Outro fade and early ending as one gain curve, or None when flat."""
    env = np.ones(n, dtype=np.float32)
    last = arr.sections[-1]
    flat = True
    if last.kind == "outro" and last.end_s - last.start_s > 2.0:
        i0 = int((last.start_s + 0.4 * (last.end_s - last.start_s)) * SR)
        env[i0:] = np.linspace(1.0, 0.05, n - i0) ** 1.5
        flat = False
    if arr.end_s is not None and arr.end_s < arr.duration_s:
        i = int(arr.end_s * SR)
        f = min(int(0.15 * SR), i)
        env[i - f:i] *= np.linspace(1.0, 0.0, f)
        env[i:] = 0.0
        flat = False
    return None if flat else env


def reverb_half_rate(send: np.ndarray, size: float) -> np.ndarray:
    """The shared reverb run at 24 kHz (the send is band-limited to 7 kHz), back to 48 kHz."""
    n = send.size
    wet_h = kernels.reverb(send[::2].astype(np.float64), size, 0.35, 1.0)
    wet = np.empty((2, n), dtype=np.float32)
    m = wet_h.shape[1]
    wet[:, 0::2] = wet_h[:, : (n + 1) // 2]
    nxt = np.concatenate([wet_h[:, 1:], wet_h[:, -1:]], axis=1)
    wet[:, 1::2] = (0.5 * (wet_h + nxt))[:, : n // 2] if m >= n // 2 else 0.0
    return wet


def master(stems: dict[str, np.ndarray], arr: Arrangement, sends: dict[str, float]) -> tuple[np.ndarray, np.ndarray]:
    """Sum stems + reverb, tone, loudness and limiter -> (mix, the bus gain per sample: master
    gain x limiter, to apply to the stems)."""
    n = next(iter(stems.values())).shape[1]
    dry = np.zeros((2, n), dtype=np.float32)
    send = np.zeros(n, dtype=np.float32)
    for name, s in stems.items():
        kernels.accumulate(dry, send, s, sends.get(name, 0.2))
    prof = arr.profile
    send = fx.filt(send, fx.sos("band", (250.0, 7000.0)))
    wet = reverb_half_rate(send, prof.reverb_size)
    wet *= np.float32(prof.reverb_wet * 2.5)
    mix = dry
    mix += wet
    if prof.lowpass_hz < 19000:
        mix = fx.filt(mix, fx.sos("low", prof.lowpass_hz))
    lufs = fx.loudness_lufs(mix)
    gain = 10 ** ((RENDER_LUFS - lufs) / 20.0) if lufs > -69 else 1.0
    peak = float(np.max(np.abs(mix))) * gain
    max_peak = CEILING * 10 ** (MAX_LIMIT_DB / 20.0)
    if peak > max_peak:
        gain *= max_peak / peak
    mix *= np.float32(gain)
    limit = fx.limiter_gain(mix, CEILING)
    mix *= limit
    return mix, limit * np.float32(gain)


def render_stems(arr: Arrangement, seed: int, tracks: list[TrackTimbre] | None = None) -> dict[str, np.ndarray]:
    """Every track (or just ``tracks``) of ``arr`` as stems ``(2, n)``, envelope applied, not mastered."""
    n = int(round(arr.duration_s * SR))
    grid = arr.beat_times()
    stems = {t.name: render_track(arr, t, seed, grid, n) for t in (tracks or arr.profile.tracks)}
    env = _envelope(arr, n)
    if env is not None:
        for s in stems.values():
            s *= env
    return stems


def render(arr: Arrangement, seed: int, imps: list[Imperfection] | None = None) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """Render ``arr`` with ``seed`` and the given imperfections -> (mix ``(2, n)``, stems by track name).

    Structural flaws change the arrangement first, stem flaws hit stems before the
    master bus, mix flaws hit the mastered mix.
    """
    imps = imps or []
    arr = imperfections.apply_structural(arr, imps)
    stems = render_stems(arr, seed)
    imperfections.apply_stems(stems, imps)
    mix, gain = master(stems, arr, {t.name: t.send for t in arr.profile.tracks})
    for s in stems.values():
        s *= gain
    mix = imperfections.apply_mix(mix, stems, imps, seed)
    return mix, stems
