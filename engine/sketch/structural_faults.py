"""Structural faults: the take's sections are not where the plan put them.

A diffusion model sometimes renders the form it was asked for wrongly: a section
goes missing, runs long or short, two sections trade places, or one section
drifts in tempo so that everything after it comes early or late. These faults
change the arrangement before rendering (like ``timing_drift`` and
``early_ending``) and are recorded, like every imperfection, only in the take's
private diagnostics. Kinds and params:

- ``section_dropped``: one section is missing; what follows comes earlier and the
  last section fills the take;
- ``section_stretched``: one section runs whole bars long or short, about ``factor`` x
  its planned length (drawn in 0.5-0.7 or 1.4-1.9, rounded to whole bars: a band or a
  model that runs a section long adds bars); every later section moves by those bars;
- ``sections_swapped``: two neighbouring sections of different types play in each
  other's place (each keeps its own length);
- ``section_tempo``: one section's tempo ramps to ``ratio`` x (0.78-0.86 or 1.18-1.3)
  over its first bar and holds it to the section's end, then snaps back; the section
  keeps its bars (played faster or slower), so it ends
  early or late and every later section moves with the tempo map (all parts together,
  on the drifted bar lines).

Every fault that moves the later sections moves them by at least ``min_move_s`` (more
than a beat or two at the take's tempo: MIN_MOVE_BEATS beats, and MIN_MOVE_S) and
records the rendered move in ``move_s`` (negative: early). Until Nov 2026 a stretch was
any factor and a tempo fault moved the sections by the unramped ratio while the beat
grid followed the ramp: the drums switched on the next bar line, the chords on the
nearest one and the other parts at the exact time, so what was heard differed from the
recorded fault, and in 12 of 38 bench faults the drums moved by 2 beats or less.

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
MIN_MOVE_S = 1.2  # a fault moves a boundary by at least this much ...
MIN_MOVE_BEATS = 2.5  # ... and by at least this many beats (the critic allows a beat or two)


def bar_s(arr: Arrangement) -> float:
    return arr.beats_per_bar * 60.0 / arr.bpm


def min_move_s(arr: Arrangement) -> float:
    """The least move of a section that is a fault: more than a beat or two."""
    return max(MIN_MOVE_S, MIN_MOVE_BEATS * 60.0 / arr.bpm)


def stretch_bars(arr: Arrangement, length_s: float, factor: float) -> int:
    """Bars a section of ``length_s`` run ``factor`` x long gains (negative: loses);
    never 0 (a stretch or squeeze of less than half a bar is one bar)."""
    k = int(round(length_s * (factor - 1.0) / bar_s(arr)))
    return k if k != 0 else (1 if factor > 1.0 else -1)


def tempo_drift(arr: Arrangement, start_s: float, length_s: float, ratio: float) -> tuple[TempoDrift, float]:
    """(the drift, the section's rendered end): the tempo ramps to ``ratio`` over the
    section's first bar (half the section at most) and holds it across the section's
    planned beats, which end where the drifted tempo map puts them."""
    plain = arr.model_copy(update={"drift": None}).beat_times()
    beats = float(arr.beat_of(start_s + length_s, plain))
    ramp = min(bar_s(arr), 0.5 * length_s)
    end = start_s + ramp * 2.0 / (1.0 + ratio) + (length_s - ramp) / ratio  # first guess
    for _ in range(3):  # the drift must end between the section's last beat and the next
        drift = TempoDrift(start_s=start_s, end_s=end, ratio=ratio, ramp_s=ramp)
        end = float(arr.time_of(beats, arr.model_copy(update={"drift": drift}).beat_times()))
        drift.end_s = end - 1e-6
    return drift, end


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
        return Imperfection(kind=kind, start_s=secs[k].start_s, end_s=dur,
                            params={"length_s": round(lens[k], 4), "move_s": round(-lens[k], 4)})
    if kind in ("section_stretched", "section_tempo"):
        if kind == "section_stretched":
            f = 0.5 + 0.2 * rng.random() if rng.random() < 0.5 else 1.4 + 0.5 * rng.random()
            tries = [f]
        else:  # a tempo that no section can carry one way may be carried the other way, or at the
            u = rng.random()  # range's slowest (the largest move)
            slow, fast = 0.78 + 0.08 * u, 1.18 + 0.12 * u
            tries = [slow, fast, 0.78] if rng.random() < 0.5 else [fast, slow, 0.78]
        for f in tries:
            if kind == "section_stretched":
                moves = [stretch_bars(arr, lens[i], f) * bar_s(arr) for i in range(len(secs))]
            else:
                moves = [tempo_drift(arr, secs[i].start_s, lens[i], f)[1] - secs[i].end_s for i in range(len(secs))]
            cands = [i for i in range(len(secs) - 1) if lens[i] >= MIN_SECTION_S and abs(moves[i]) >= min_move_s(arr)
                     and lens[i] + moves[i] >= bar_s(arr) - 0.01 and lens[-1] - moves[i] >= 1.0]
            if cands:
                break
        k = _pick(rng, cands)
        if k is None:
            return None
        params = {"factor": round((lens[k] + moves[k]) / lens[k], 4)} if kind == "section_stretched" else {"ratio": round(f, 4)}
        return Imperfection(kind=kind, start_s=secs[k].start_s, end_s=dur, params={**params, "move_s": round(moves[k], 4)})
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
    k = next((i for i, s in enumerate(secs) if abs(s.start_s - imp.start_s) < 0.01), None)
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
        kind, energy, length = parts[k]
        if imp.kind == "section_stretched":
            parts[k] = (kind, energy, length + stretch_bars(arr, length, imp.params["factor"]) * bar_s(arr))
        else:
            drift, end = tempo_drift(arr, secs[k].start_s, length, imp.params["ratio"])
            parts[k] = (kind, energy, end - secs[k].start_s)
        kind, energy, _ = parts[-1]
        parts[-1] = (kind, energy, arr.duration_s)
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
