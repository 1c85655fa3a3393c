"""How much of a planted fault the check's features hear (bench/structure_ceiling.py), and the tune3 split's metres.

Known answers: two takes with the same features differ nowhere; a take whose chorus plays one bar late differs for
about that bar at each end of the chorus; a loop moved by its own period does not differ at all (the music is the
same, only the samples moved); a section of another chord an octave of noise louder differs over its length.
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
import structure as bench  # noqa: E402
from structure_ceiling import AUDIBLE, difference  # noqa: E402

CELL_S = 0.128


def _take(layout: list[tuple[int, float, float]], dur: float, seed: int = 1, period_s: float = 0.0) -> dict[str, np.ndarray]:
    """Cell features: each section one chord (harmony) and level (loudness), noise on top; with ``period_s`` a
    loop of that period in the rhythm group (the same in every section, from the take's start)."""
    rng = np.random.default_rng(seed)
    n = int(dur / CELL_S)
    harm, loud = 0.3 * rng.standard_normal((12, n)), 0.3 * rng.standard_normal((1, n))
    for chord, a, b in layout:
        i0, i1 = int(a / CELL_S), min(n, int(b / CELL_S))
        harm[chord, i0:i1] += 3.0
        loud[0, i0:i1] += chord
    t = np.arange(n) * CELL_S
    rhythm = np.vstack([np.sin(2 * np.pi * t / period_s) if period_s else np.zeros(n), np.zeros(n)])
    if period_s:  # a loop plays the same every time round, its texture too
        p = int(round(period_s / CELL_S))
        rhythm += np.tile(0.3 * rng.standard_normal((2, p)), n // p + 1)[:, :n]
    else:
        rhythm += 0.3 * rng.standard_normal(rhythm.shape)
    return {"harmony": harm, "loudness": loud, "rhythm": rhythm}


PLAN = [(0, 0.0, 8.0), (4, 8.0, 16.0), (7, 16.0, 24.0)]
STARTS = [0.0, 8.0, 16.0, 24.0]


def _heard_s(z: np.ndarray) -> float:
    return float((z > AUDIBLE).sum() * CELL_S)


def test_the_same_take_differs_nowhere():
    x = _take(PLAN, 24.0)
    assert _heard_s(difference(x, x, CELL_S, STARTS)) == 0.0


def test_a_section_two_seconds_late_differs_for_about_two_seconds():
    late = [(0, 0.0, 10.0), (4, 10.0, 16.0), (7, 16.0, 24.0)]
    heard = _heard_s(difference(_take(PLAN, 24.0), _take(late, 24.0), CELL_S, STARTS))
    assert 1.0 <= heard <= 3.5


def test_a_loop_moved_by_its_own_period_does_not_differ():
    y = _take(PLAN, 24.0, period_s=1.024)  # 8 cells a period
    z = {g: v.copy() for g, v in y.items()}
    z["rhythm"] = np.roll(y["rhythm"], 8, axis=1)
    assert _heard_s(difference(y, z, CELL_S, STARTS)) < 1.0
    z["rhythm"] = np.roll(y["rhythm"], 4, axis=1)  # half a period: the loop's phase moved, every 1 s mean the same
    assert _heard_s(difference(y, z, CELL_S, STARTS)) < 1.0


def test_a_section_of_other_music_differs_over_its_length():
    other = [(0, 0.0, 8.0), (9, 8.0, 16.0), (7, 16.0, 24.0)]
    heard = _heard_s(difference(_take(PLAN, 24.0), _take(other, 24.0), CELL_S, STARTS))
    assert 6.0 <= heard <= 10.0


def test_tune3_puts_every_metre_on_the_tuning_genres_and_tune_keeps_its_draw():
    assert {c["meter"] for c in bench.cases(bench.TUNE, 48, seed=1)} == {"4/4", "6/8"}  # genre-tied: no 3/4
    pairs = Counter((c["genre"], c["meter"]) for c in bench.cases(bench.TUNE, 48, seed=1, mixed_meters=True))
    assert {g for g, m in pairs if m == "3/4"} >= {"pop", "classical"}
    assert all(m == "4/4" for g, m in pairs if g in ("metal", "electronic"))
    old = bench.cases(bench.TUNE, 4, seed=0)  # the keys of the render cache must not move
    assert [(c["genre"], c["meter"], c["seed"]) for c in old] == [
        ("pop", "4/4", 2005), ("metal", "4/4", 2042), ("electronic", "4/4", 2079), ("lofi", "6/8", 2116)]
    assert set(old[0]) == {"i", "genre", "bpm", "meter", "duration", "events", "seed", "fault"}


def test_a_trade_of_two_sections_that_play_alike_cannot_be_told():
    from types import SimpleNamespace

    from structure_types import pair_contrast

    rng = np.random.default_rng(4)
    sound = rng.standard_normal((3, 14))  # three kinds of music, 14 feature dims each

    def take(kinds: list[tuple[int, float, float]]) -> dict[str, np.ndarray]:
        x = 0.2 * rng.standard_normal((14, int(28.0 / CELL_S)))
        for k, a, b in kinds:
            x[:, int(a / CELL_S): int(b / CELL_S)] += sound[k][:, None]
        x = (x - x.mean(axis=1, keepdims=True)) / x.std(axis=1, keepdims=True)  # standardised over the take
        return {"harmony": x[:12], "loudness": x[12:13], "rhythm": x[13:]}

    evs = [SimpleNamespace(type="intro", start=0.0, end=8.0), SimpleNamespace(type="verse", start=8.0, end=20.0)]
    alike = take([(0, 0.0, 20.0), (2, 20.0, 28.0)])  # intro and verse one music, the outro another
    apart = take([(0, 0.0, 8.0), (1, 8.0, 20.0), (2, 20.0, 28.0)])
    groups = ("harmony", "loudness", "rhythm")
    assert pair_contrast(alike, CELL_S, evs, 0, 28.0, groups) < 1.0
    assert pair_contrast(apart, CELL_S, evs, 0, 28.0, groups) > 3.0
