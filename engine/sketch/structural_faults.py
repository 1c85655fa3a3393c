"""Structural faults: the take's sections are not where the plan put them.

A diffusion model sometimes renders the form it was asked for wrongly: a section
goes missing, runs long or short, two sections trade places, or one section
drifts in tempo so that everything after it comes early or late. These faults
change the arrangement before rendering (like ``timing_drift`` and
``early_ending``) and are recorded, like every imperfection, only in the take's
private diagnostics. Kinds and params:

- ``section_dropped``: one section is missing; what follows comes earlier and the
  last section fills the take;
- ``section_stretched``: one section lasts ``factor`` x its planned length
  (0.5-0.7 or 1.4-1.9); every later section moves;
- ``sections_swapped``: two neighbouring sections of different types play in each
  other's place (each keeps its own length);
- ``section_tempo``: one section plays at ``ratio`` x the tempo (0.78-0.86 or
  1.18-1.3), so its bars end early or late and every later section moves.

``start_s``/``end_s`` of a fault is the range that differs from the plan: from the
planned start of the first section it changes to the end of the last one it moves.
An imperfect take gets one of these too with probability ``SHARE``; they are drawn
from their own random stream, so the other imperfections of a seed are unchanged.
"""

from __future__ import annotations

import numpy as np

from engine.sketch.arrangement import Arrangement, Imperfection, Section, TempoDrift

KINDS = ("section_dropped", "section_stretched", "sections_swapped", "section_tempo")
WEIGHTS = {"section_dropped": 0.25, "section_stretched": 0.25, "sections_swapped": 0.25, "section_tempo": 0.25}
SHARE = 0.12  # an imperfect take also gets a structural fault this often
MIN_SECTION_S = 2.0  # faults act on sections at least this long
MIN_MOVE_S = 1.2  # a fault moves a boundary by at least this much (more than a beat or two)


def _pick(rng: np.random.Generator, cands: list[int]) -> int | None:
    return cands[int(rng.integers(len(cands)))] if cands else None


def make(kind: str, rng: np.random.Generator, arr: Arrangement) -> Imperfection | None:
    """One fault of ``kind`` on ``arr`` (None when its sections cannot carry it)."""
    secs = arr.sections
    dur = arr.duration_s
    lens = [s.end_s - s.start_s for s in secs]
    if len(secs) < 2:
        return None
    if kind == "section_dropped":  # not the last (dropping the last is an early ending)
        k = _pick(rng, [i for i in range(len(secs) - 1) if lens[i] >= max(MIN_SECTION_S, MIN_MOVE_S)
                        and (i == 0 or secs[i - 1].kind != secs[i + 1].kind)])
        if k is None:
            return None
        return Imperfection(kind=kind, start_s=secs[k].start_s, end_s=dur, params={"length_s": round(lens[k], 4)})
    if kind in ("section_stretched", "section_tempo"):
        if kind == "section_stretched":
            f = 0.5 + 0.2 * rng.random() if rng.random() < 0.5 else 1.4 + 0.5 * rng.random()
            scale, key = f, "factor"
        else:
            r = 0.78 + 0.08 * rng.random() if rng.random() < 0.5 else 1.18 + 0.12 * rng.random()
            scale, key = 1.0 / r, "ratio"
            f = r
        k = _pick(rng, [i for i in range(len(secs) - 1) if lens[i] >= MIN_SECTION_S
                        and abs(lens[i] * (scale - 1.0)) >= MIN_MOVE_S
                        and lens[-1] - lens[i] * (scale - 1.0) >= 1.0])
        if k is None:
            return None
        return Imperfection(kind=kind, start_s=secs[k].start_s, end_s=dur, params={key: round(f, 4)})
    if kind == "sections_swapped":
        k = _pick(rng, [i for i in range(len(secs) - 1) if secs[i].kind != secs[i + 1].kind
                        and min(lens[i], lens[i + 1]) >= MIN_SECTION_S])
        if k is None:
            return None
        return Imperfection(kind=kind, start_s=secs[k].start_s, end_s=secs[k + 1].end_s)
    raise KeyError(kind)


def decide(seed: int, steps: int, arr: Arrangement, others: list[Imperfection], *, rate_scale: float = 1.0,
           salt: int = 0) -> list[Imperfection]:
    """The structural fault (zero or one) an imperfect take also receives."""
    if not others or any(i.kind in ("timing_drift", "early_ending") for i in others):
        return []
    rng = np.random.default_rng([seed, steps, 6271, salt])
    if rng.random() >= SHARE * min(1.0, rate_scale):
        return []
    w = np.array([WEIGHTS[k] for k in KINDS])
    imp = make(KINDS[int(rng.choice(len(KINDS), p=w / w.sum()))], rng, arr)
    return [imp] if imp is not None else []


def _index(secs: list[Section], start_s: float) -> int | None:
    return next((i for i, s in enumerate(secs) if abs(s.start_s - start_s) < 0.01), None)


def _tile(parts: list[tuple[str, float, float]], dur: float) -> list[Section]:
    """Sections from (kind, energy, length) laid end to end, cut at or stretched to ``dur``."""
    out: list[Section] = []
    t = 0.0
    for kind, energy, length in parts:
        if t >= dur - 0.05:
            break
        out.append(Section(kind=kind, start_s=t, end_s=min(dur, t + length), energy=energy))
        t += length
    out[-1].end_s = dur
    return out


def apply(arr: Arrangement, imps: list[Imperfection]) -> Arrangement:
    """``arr`` with its structural fault applied (chords and melody follow the new form)."""
    imp = next((i for i in imps if i.kind in KINDS), None)
    if imp is None:
        return arr
    secs = arr.sections
    k = _index(secs, imp.start_s)
    if k is None or k >= len(secs) - 1:
        return arr
    parts = [(s.kind, s.energy, s.end_s - s.start_s) for s in secs]
    drift = arr.drift
    if imp.kind == "section_dropped":
        parts.pop(k)
        kind, energy, _ = parts[-1]
        parts[-1] = (kind, energy, arr.duration_s)  # the last section fills the take
    elif imp.kind == "sections_swapped":
        parts[k], parts[k + 1] = parts[k + 1], parts[k]
    else:
        scale = imp.params["factor"] if imp.kind == "section_stretched" else 1.0 / imp.params["ratio"]
        kind, energy, length = parts[k]
        parts[k] = (kind, energy, length * scale)
        kind, energy, _ = parts[-1]
        parts[-1] = (kind, energy, arr.duration_s)
        if imp.kind == "section_tempo":
            # the tempo ramps to ``ratio`` across the section, then snaps back
            start = secs[k].start_s
            drift = TempoDrift(start_s=start, end_s=start + length * scale, ratio=imp.params["ratio"])
    new = arr.model_copy(update={"sections": _tile(parts, arr.duration_s), "drift": drift})
    return _recompose(new, arr)


def _recompose(new: Arrangement, old: Arrangement) -> Arrangement:
    from engine.sketch.compose import make_chords, make_melody

    grid = new.beat_times()
    new.chords = make_chords(new.sections, new.profile, new.tonic, new.mode, new.beats_per_bar,
                             lambda s: new.beat_of(s, grid), new.seed)
    vowels = "".join("aeiou"[n.vowel % 5] for n in old.melody[:64])
    new.melody = make_melody(new, vowels if new.vocal and vowels else "[instrumental]", new.seed)
    return new
