"""Imperfections like a real generator's, decided by (seed, steps) before rendering.

Rate: a take has at least one imperfection with probability

    p(steps) = min(0.9, 1.4 / sqrt(steps))        # 8 steps: 0.49, 50 steps: 0.20

(times ``rate_scale``: refine uses 0.5 x denoise for new flaws, repaint ``window_scale`` of the
repainted share of the take); with probability
p/3 it gets a second one of another kind. Kinds and what they do:

- structural (change the arrangement before rendering): ``timing_drift`` (the tempo
  ramps 4-8 % across one section), ``early_ending`` (music stops at 55-85 % of the
  duration, silence after); the section-level faults of ``structural_faults`` (a section
  dropped, stretched, swapped or drifting in tempo), drawn from their own stream;
- stem (before the master bus): ``distortion`` (one stem hard-clipped, harsh),
  ``phase_issue`` (one centred stem's right channel inverted);
- mix (after the master bus): ``clipping`` (bus over-driven 6-12 dB into flat tops
  at full scale), ``muddy_mix`` (+9..14 dB bell at 200-450 Hz), ``dropout`` (30-300 ms
  of silence), ``click`` (a 1-3 sample spike), ``noise_burst`` (20-200 ms of noise).
"""

from __future__ import annotations

import math

import numpy as np

from engine.constants import SAMPLE_RATE
from engine.sketch import fx, structural_faults
from engine.sketch.arrangement import Arrangement, Imperfection, TempoDrift

SR = SAMPLE_RATE
STRUCTURAL = ("timing_drift", "early_ending", *structural_faults.KINDS)
STEM_KINDS = ("distortion", "phase_issue")
LOCAL_KINDS = ("clipping", "distortion", "dropout", "click", "noise_burst")
WEIGHTS = {"clipping": 0.15, "distortion": 0.12, "muddy_mix": 0.12, "dropout": 0.14, "click": 0.10,
           "noise_burst": 0.08, "phase_issue": 0.10, "timing_drift": 0.10, "early_ending": 0.09}
_DISTORT_PREF = ("guitar", "keyboard", "vocals", "synth", "bass", "strings", "brass", "woodwinds")
_PHASE_PREF = ("bass", "vocals", "keyboard", "strings", "synth", "drums")


def imperfection_rate(steps: int) -> float:
    """Probability that a take at ``steps`` denoising steps has at least one imperfection."""
    return min(0.9, 1.4 / math.sqrt(max(1, steps)))


def window_scale(steps: int, fraction: float) -> float:
    """``rate_scale`` for re-rendering ``fraction`` of a take (repaint): flaws arrive at a steady rate
    per second, so the chance that the window gets one is ``1 - (1 - p) ** fraction``."""
    p = imperfection_rate(steps)
    return (1.0 - (1.0 - p) ** min(1.0, max(0.0, fraction))) / p


def refine_keep_prob(denoise: float, steps: int) -> float:
    """Chance an imperfection of the input survives a refine (denoise 0.5, 8 steps: 0.25)."""
    return max(0.0, 1.0 - denoise) * imperfection_rate(steps)


def _window_range(rng: np.random.Generator, lo: float, hi: float, length: float) -> tuple[float, float]:
    length = min(length, max(0.0, hi - lo))
    start = lo + rng.random() * max(0.0, hi - lo - length)
    return start, start + length


def _make(kind: str, rng: np.random.Generator, arr: Arrangement, stems: list[str],
          window: tuple[float, float]) -> Imperfection | None:
    lo, hi = window
    dur = arr.duration_s
    inner_lo, inner_hi = max(lo, min(1.0, dur * 0.1)), min(hi, dur - min(1.0, dur * 0.1))
    if inner_hi - inner_lo < 0.5:
        return None
    if kind == "clipping":
        a, b = _window_range(rng, inner_lo, inner_hi, 2.0 + 8.0 * rng.random())
        return Imperfection(kind=kind, start_s=a, end_s=b, params={"gain_db": round(6 + 6 * rng.random(), 2)})
    if kind == "distortion":
        cands = [s for s in _DISTORT_PREF if s in stems]
        if not cands:
            return None
        a, b = (lo, hi) if rng.random() < 0.5 else _window_range(rng, inner_lo, inner_hi, 4.0 + 8 * rng.random())
        return Imperfection(kind=kind, stem=cands[int(rng.integers(len(cands)))], start_s=a, end_s=b,
                            params={"drive": round(0.6 + 0.4 * rng.random(), 3)})
    if kind == "muddy_mix":
        return Imperfection(kind=kind, start_s=lo, end_s=hi, params={"freq_hz": round(200 + 250 * rng.random(), 1),
                                                                   "gain_db": round(9 + 5 * rng.random(), 2)})
    if kind == "dropout":
        a, b = _window_range(rng, inner_lo, inner_hi, 0.03 + 0.27 * rng.random())
        return Imperfection(kind=kind, start_s=a, end_s=b)
    if kind == "click":
        a, _ = _window_range(rng, inner_lo, inner_hi, 0.0)
        return Imperfection(kind=kind, start_s=a, end_s=a + 0.001, params={"amplitude": round(0.6 + 0.35 * rng.random(), 3),
                                                                        "samples": int(rng.integers(1, 4))})
    if kind == "noise_burst":
        a, b = _window_range(rng, inner_lo, inner_hi, 0.02 + 0.18 * rng.random())
        return Imperfection(kind=kind, start_s=a, end_s=b, params={"rms": round(0.15 + 0.2 * rng.random(), 3)})
    if kind == "phase_issue":
        cands = [s for s in _PHASE_PREF if s in stems]
        if not cands:
            return None
        return Imperfection(kind=kind, stem=cands[int(rng.integers(min(2, len(cands))))], start_s=lo, end_s=hi)
    if kind == "timing_drift":
        secs = [s for s in arr.sections[1:] if s.end_s - s.start_s >= 3.0] or arr.sections
        sec = secs[int(rng.integers(len(secs)))]
        ratio = 1.0 + (0.04 + 0.04 * rng.random()) * (1 if rng.random() < 0.5 else -1)
        return Imperfection(kind=kind, start_s=sec.start_s, end_s=sec.end_s, params={"ratio": round(ratio, 4)})
    if kind == "early_ending":
        end = dur * (0.55 + 0.3 * rng.random())
        return Imperfection(kind=kind, start_s=end, end_s=dur)
    raise KeyError(kind)


def decide(seed: int, steps: int, arr: Arrangement, stems: list[str], *, rate_scale: float = 1.0,
           kinds: tuple[str, ...] | None = None, window: tuple[float, float] | None = None,
           salt: int = 0) -> list[Imperfection]:
    """The imperfections a take rendered with (seed, steps) receives. Pure: no audio needed."""
    rng = np.random.default_rng([seed, steps, 7919, salt])
    p = min(1.0, imperfection_rate(steps) * rate_scale)
    allowed = [k for k in (kinds or tuple(WEIGHTS))]
    w = np.array([WEIGHTS[k] for k in allowed])
    win = window or (0.0, arr.duration_s)
    out: list[Imperfection] = []
    if rng.random() >= p:
        return out
    first = allowed[int(rng.choice(len(allowed), p=w / w.sum()))]
    chosen = [first]
    if rng.random() < p / 3 and len(allowed) > 1:
        rest = [k for k in allowed if k != first]
        wr = np.array([WEIGHTS[k] for k in rest])
        chosen.append(rest[int(rng.choice(len(rest), p=wr / wr.sum()))])
    for kind in chosen:
        imp = _make(kind, rng, arr, stems, win)
        if imp is not None:
            out.append(imp)
    if kinds is None and window is None:  # section-level faults, their own random stream
        out += structural_faults.decide(seed, steps, arr, out, rate_scale=rate_scale, salt=salt)
    return out


def apply_structural(arr: Arrangement, imps: list[Imperfection]) -> Arrangement:
    """A copy of ``arr`` with timing drift / early ending set (or cleared when absent)."""
    drift = next((i for i in imps if i.kind == "timing_drift"), None)
    end = next((i for i in imps if i.kind == "early_ending"), None)
    return structural_faults.apply(arr.model_copy(update={
        "drift": TempoDrift(start_s=drift.start_s, end_s=drift.end_s, ratio=drift.params["ratio"]) if drift else None,
        "end_s": end.start_s if end else None}), imps)


def _span(imp: Imperfection, n: int) -> slice:
    return slice(max(0, int(imp.start_s * SR)), min(n, max(int(imp.start_s * SR) + 1, int(imp.end_s * SR))))


SILENT_PEAK = 1e-4  # a part quieter than this over a stem flaw's range (-80 dBFS before the bus) is not playing


def apply_stems(stems: dict[str, np.ndarray], imps: list[Imperfection]) -> None:
    """Distortion and phase inversion on the named stems, in place. A stem flaw whose part does not
    play in its range (a string part that enters after the take's end) changes no sample: it is
    removed from ``imps`` (the take's record), since no listener can hear it."""
    for imp in list(imps):
        if imp.kind not in STEM_KINDS or imp.stem not in stems:
            continue
        s = stems[imp.stem]
        sl = _span(imp, s.shape[1])
        if not np.any(np.abs(s[:, sl]) >= SILENT_PEAK):
            imps.remove(imp)
            continue
        if imp.kind == "phase_issue":
            s[1, sl] *= -1.0
        else:
            seg = s[:, sl]
            rms = float(np.sqrt(np.mean(seg.astype(np.float64) ** 2)) + 1e-9)
            knee = 0.5 * rms
            hard = np.clip(seg * (1.0 + 8.0 * imp.params["drive"]), -knee, knee)
            harsh = hard + fx.filt(hard, fx.sos("high", 2500.0)) * 0.8
            r2 = float(np.sqrt(np.mean(harsh.astype(np.float64) ** 2)) + 1e-9)
            s[:, sl] = harsh * np.float32(rms * 1.6 / r2)


def apply_mix(mix: np.ndarray, stems: dict[str, np.ndarray], imps: list[Imperfection], seed: int) -> np.ndarray:
    """Bus-level imperfections on the mastered mix (dropouts also silence the stems)."""
    n = mix.shape[1]
    rng = np.random.default_rng([seed, 4241])
    for imp in imps:
        sl = _span(imp, n)
        if imp.kind == "muddy_mix":
            seg = fx.filt(mix[:, sl], fx.peaking(imp.params["freq_hz"], imp.params["gain_db"], 0.8))
            seg *= fx.limiter_gain(seg, 10 ** (-1.0 / 20))
            mix[:, sl] = seg
        elif imp.kind == "clipping":
            mix[:, sl] = np.clip(mix[:, sl] * np.float32(10 ** (imp.params["gain_db"] / 20)), -1.0, 1.0)
        elif imp.kind == "dropout":
            mix[:, sl] = 0.0
            for s in stems.values():
                s[:, sl] = 0.0
        elif imp.kind == "click":
            i = sl.start
            k = int(imp.params["samples"])
            sign = np.where(np.arange(k) % 2 == 0, 1.0, -1.0).astype(np.float32)
            mix[:, i:i + k] = np.clip(mix[:, i:i + k] + np.float32(imp.params["amplitude"]) * sign, -1.0, 1.0)
        elif imp.kind == "early_ending":  # the stems already stopped; cut the reverb tail too
            i = sl.start
            f = min(int(0.25 * SR), n - i)
            mix[:, i:i + f] *= np.linspace(1.0, 0.0, f, dtype=np.float32)
            mix[:, i + f:] = 0.0
        elif imp.kind == "noise_burst":
            m = sl.stop - sl.start
            mix[:, sl] += np.float32(imp.params["rms"]) * rng.standard_normal((2, m)).astype(np.float32)
    return mix
