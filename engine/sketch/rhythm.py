"""Grooves: drum and percussion hits on the arrangement's grid, and swing.

Patterns are 16th-note step strings per 4/4 bar at three density levels
(low/mid/high, chosen by section energy); other meters get patterns built from
the meter (waltz: kick on 1, snare on 2 and 3; 6/8: kick on 1, snare on 4).
"""

from __future__ import annotations

import numpy as np

from engine.sketch.arrangement import Arrangement

Hits = tuple[np.ndarray, list[str], np.ndarray]  # beats, pieces, velocities

GROOVES: dict[str, dict[str, dict[str, str]]] = {
    "rock": {"low": {"kick": "x.......x.......", "snare": "....x.......x...", "hat": "x...x...x...x..."},
             "mid": {"kick": "x.......x.x.....", "snare": "....x.......x...", "hat": "x.x.x.x.x.x.x.x."},
             "high": {"kick": "x.....x.x.x.....", "snare": "....x.......x...", "ohat": "x.x.x.x.x.x.x.x."}},
    "pop": {"low": {"kick": "x.......x.......", "rim": "....x.......x...", "hat": "x.x.x.x.x.x.x.x."},
            "mid": {"kick": "x.....x...x.....", "snare": "....x.......x...", "hat": "x.x.x.x.x.x.x.x."},
            "high": {"kick": "x.....x...x.....", "snare": "....x.......x...", "clap": "....x.......x...",
                     "hat": "xxxxxxxxxxxxxxxx"}},
    "metal": {"low": {"kick": "x.......x.......", "snare": "....x.......x...", "ride": "x...x...x...x..."},
              "mid": {"kick": "x.x.x.x.x.x.x.x.", "snare": "....x.......x...", "hat": "x.x.x.x.x.x.x.x."},
              "high": {"kick": "xxxxxxxxxxxxxxxx", "snare": "....x.......x...", "crash": "x...x...x...x..."}},
    "swing": {"low": {"ride": "x...x.x.x...x.x.", "hat": "....x.......x..."},
              "mid": {"ride": "x...x.x.x...x.x.", "hat": "....x.......x...", "kick": "x...x...x...x..."},
              "high": {"ride": "x...x.x.x...x.x.", "hat": "....x.......x...", "kick": "x...x...x...x...",
                       "snare": ".......x.....x.."}},
    "four": {"low": {"kick": "x...x...x...x...", "hat": "..x...x...x...x."},
             "mid": {"kick": "x...x...x...x...", "clap": "....x.......x...", "hat": "..x...x...x...x."},
             "high": {"kick": "x...x...x...x...", "clap": "....x.......x...", "ohat": "..x...x...x...x.",
                      "hat": "xxxxxxxxxxxxxxxx"}},
    "hiphop": {"low": {"kick": "x.........x.....", "hat": "x.x.x.x.x.x.x.x."},
               "mid": {"kick": "x......x..x.....", "clap": "....x.......x...", "hat": "x.x.x.x.x.x.x.x."},
               "high": {"kick": "x......x..x..x..", "clap": "....x.......x...", "hat": "xxxxxxxxxxxxxxxx"}},
    "boombap": {"low": {"kick": "x.........x.....", "rim": "....x.......x...", "hat": "x.x.x.x.x.x.x.x."},
                "mid": {"kick": "x......xx.x.....", "snare": "....x.......x...", "hat": "x.x.x.x.x.x.x.x."},
                "high": {"kick": "x......xx.x.....", "snare": "....x.......x...", "hat": "x.x.x.x.x.x.x.x.",
                         "ohat": "..............x."}},
    "folk": {"low": {"kick": "x.......x.......", "rim": "....x.......x..."},
             "mid": {"kick": "x.......x.......", "snare": "....x.......x...", "hat": "x.x.x.x.x.x.x.x."},
             "high": {"kick": "x.....x.x.......", "snare": "....x.......x...", "hat": "x.x.x.x.x.x.x.x."}},
    "latin": {"low": {"kick": "x..x....x..x....", "clave": "x..x..x...x.x..."},
              "mid": {"kick": "x..x....x..x....", "rim": "...x..x....x..x.", "clave": "x..x..x...x.x...",
                      "hat": "x.x.x.x.x.x.x.x."},
              "high": {"kick": "x..x....x..x....", "snare": "...x..x....x..x.", "clave": "x..x..x...x.x...",
                       "ohat": "x.x.x.x.x.x.x.x."}},
}
PERC: dict[str, dict[str, str]] = {
    "shaker": {"shaker": "xxxxxxxxxxxxxxxx"},
    "congas": {"conga_lo": "......x.......x.", "conga_hi": "..x.x.....x.x..x"},
}
ACCENT = np.array([1.0, 0.55, 0.75, 0.55])  # by position within the beat (16ths)


def level_of(energy: float) -> str:
    return "low" if energy < 0.5 else ("mid" if energy < 0.8 else "high")


def meter_pattern(groove: str, level: str, meter: str, n_steps: int) -> dict[str, str]:
    """The step pattern of one bar; 4/4 from the table, other meters derived."""
    if meter == "4/4" and groove in GROOVES:
        return GROOVES[groove][level]
    steps = [["."] * n_steps for _ in range(4)]
    kick, snare, hat, ride = steps
    kick[0] = "x"
    if meter == "6/8":
        snare[6 % n_steps] = "x"
        if level == "high":
            kick[8 % n_steps] = "x"
    else:
        for b in range(4, n_steps, 4):
            (snare if b % 8 == 4 or meter == "3/4" else kick)[b] = "x"
    for s in range(0, n_steps, 2 if level != "low" else 4):
        (ride if groove == "swing" else hat)[s] = "x"
    pat = {"kick": "".join(kick), "snare": "".join(snare), "hat": "".join(hat), "ride": "".join(ride)}
    if groove == "swing":
        pat["snare"] = "." * n_steps
    if level == "low":
        pat.pop("snare")
    return pat


def swing_beats(beats: np.ndarray, amount: float, unit: float) -> np.ndarray:
    """Delay off-beat subdivisions: the point half way through each pair of ``unit``
    notes moves to ``0.5 + amount`` of the pair (0.167 ~ triplet swing)."""
    if amount <= 0:
        return beats
    pair = 2.0 * unit
    base = np.floor(beats / pair) * pair
    f = (beats - base) / pair
    g = np.where(f < 0.5, f / 0.5 * (0.5 + amount), 0.5 + amount + (f - 0.5) / 0.5 * (0.5 - amount))
    return base + g * pair


def drum_hits(arr: Arrangement, rng: np.random.Generator, *, min_energy: float, groove: str | None = None,
              perc: str | None = None) -> Hits:
    """Hits for the drum kit (``groove``) or a percussion part (``perc``) across the song."""
    bar = arr.beats_per_bar
    n_steps = max(1, int(round(bar * 4)))
    grid = arr.beat_times()
    n_bars = int(np.ceil(float(arr.beat_of(arr.duration_s, grid)) / bar))
    beats: list[float] = []
    pieces: list[str] = []
    vels: list[float] = []
    for b in range(n_bars):
        b0 = b * bar
        t0 = float(arr.time_of(b0, grid))
        sec = arr.section_at(t0)
        if sec.energy < min_energy:
            continue
        level = level_of(sec.energy)
        pat = PERC[perc] if perc else meter_pattern(groove or "rock", level, arr.meter, n_steps)
        t_next = float(arr.time_of(b0 + bar, grid))
        fill = perc is None and t0 < sec.end_s <= t_next + 0.05 \
            and arr.section_at(sec.end_s + 0.01).energy >= sec.energy and sec.end_s < arr.duration_s - 0.5
        base_vel = 0.55 + 0.4 * sec.energy
        for piece, steps in pat.items():
            for s, ch in enumerate(steps[:n_steps]):
                if ch != "x" or (fill and s >= n_steps - 4 and piece != "kick"):
                    continue
                v = base_vel * ACCENT[s % 4] * (1.0 + 0.08 * rng.standard_normal())
                if piece == "hat" and s % 2 == 1:
                    v *= 0.8
                beats.append(b0 + s * 0.25)
                pieces.append(piece)
                vels.append(v)
        if perc is None and groove == "swing":  # brushed comping ghost notes
            for s in range(0, n_steps, 2):
                if rng.random() < 0.18:
                    beats.append(b0 + s * 0.25)
                    pieces.append("snare")
                    vels.append(0.3 * base_vel)
        if fill:
            toms = groove in ("rock", "metal", "pop")
            for j, s in enumerate(range(n_steps - 4, n_steps)):
                beats.append(b0 + s * 0.25)
                pieces.append(("tom_hi" if j < 2 else "tom_lo") if toms else "snare")
                vels.append(base_vel * (0.7 + 0.1 * j))
        if perc is None and b0 <= float(arr.beat_of(sec.start_s, grid)) < b0 + bar and sec.energy >= 0.7 \
                and groove not in ("swing", "none"):
            beats.append(b0)
            pieces.append("crash")
            vels.append(base_vel)
    beat_arr = swing_beats(np.asarray(beats, dtype=np.float64), arr.profile.swing, arr.profile.swing_unit)
    return beat_arr, pieces, np.clip(np.asarray(vels), 0.05, 1.0)
