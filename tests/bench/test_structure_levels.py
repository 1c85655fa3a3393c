"""The level step the plan's energy ranks predict, heard at the planned change or elsewhere
(bench/structure_levels.py, the eleventh round's study; not in the critic).

Known answers: each type plays at a level of its own (dB, with noise and a slow swell inside
every section). A chorus that ends six seconds early drops to the outro's level there and not
at the planned time; an intro traded with a long verse steps down, not up, inside the planned
verse. Cell loudness (dB) as the critic's cell features hold it.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

from engine.pipeline import SectionEvent
from quality.report import BoundaryEvidence, SectionCheck

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
from structure_levels import LEVEL_MOVE_DB, check_level_moves, check_level_reversals  # noqa: E402

CELL_S = 0.128
DB = {"intro": -22.0, "verse": -16.0, "pre-chorus": -15.0, "chorus": -10.0, "outro": -22.0}
PLAN = [("intro", 0.0, 8.0), ("verse", 8.0, 16.0), ("chorus", 16.0, 28.0), ("outro", 28.0, 36.0)]
SHORT_CHORUS = [("intro", 0.0, 8.0), ("verse", 8.0, 16.0), ("chorus", 16.0, 22.0), ("outro", 22.0, 36.0)]
PLAN_LONG_VERSE = [("intro", 0.0, 4.0), ("verse", 4.0, 24.0), ("chorus", 24.0, 32.0)]
TRADED = [("verse", 0.0, 20.0), ("intro", 20.0, 24.0), ("chorus", 24.0, 32.0)]


def _loud(layout, dur: float, seed: int = 1, noise: float = 1.0) -> dict[str, np.ndarray]:
    """Cell loudness in dB: the type's level, a 2 dB swell over every section, and noise."""
    rng = np.random.default_rng(seed)
    n = int(dur / CELL_S)
    x = noise * rng.standard_normal(n)
    for t, a, b in layout:
        i0, i1 = int(a / CELL_S), min(n, int(b / CELL_S))
        x[i0:i1] += DB[t] + 2.0 * np.sin(np.linspace(0.0, np.pi, i1 - i0))
    return {"loudness": x[None, :]}


def _events(plan) -> list[SectionEvent]:
    return [SectionEvent(type=t, start=a, end=b) for t, a, b in plan]


def _hits(plan) -> list[BoundaryEvidence]:
    return [BoundaryEvidence(planned_s=a, before=p, after=t, status="hit", evidence=1.5, found_s=a, shift_s=0.0)
            for (p, _, _), (t, a, _) in zip(plan, plan[1:], strict=False)]


def _moves(plan, heard, *, seed: int = 1) -> tuple[list[BoundaryEvidence], dict[float, float]]:
    b = _hits(plan)
    steps = check_level_moves(_loud(heard, plan[-1][2], seed), CELL_S, _events(plan), b, tol_s=1.0, db_per_unit=1.0,
                              content_end_s=plan[-1][2])
    return b, steps


def _reversals(plan, heard, *, seed: int = 1) -> tuple[list[int], list[SectionCheck]]:
    secs = [SectionCheck(type=t, start_s=a, end_s=b) for t, a, b in plan]
    out = check_level_reversals(_loud(heard, plan[-1][2], seed), CELL_S, _events(plan), secs, tol_s=1.0,
                                db_per_unit=1.0, content_end_s=plan[-1][2])
    return out, secs


def test_a_take_that_plays_the_plan_keeps_every_boundary():
    for seed in (1, 2, 3):
        b, steps = _moves(PLAN, PLAN, seed=seed)
        assert [x.status for x in b] == ["hit", "hit", "hit"]
        assert len(steps) == 3 and max(steps.values()) < LEVEL_MOVE_DB
        assert _reversals(PLAN, PLAN, seed=seed)[0] == []


def test_a_chorus_that_ends_early_moves_its_boundary_where_the_level_falls():
    b, steps = _moves(PLAN, SHORT_CHORUS)
    assert [x.status for x in b] == ["hit", "hit", "shifted"]
    assert abs(b[2].found_s - 22.0) <= 0.5 and abs(b[2].shift_s + 6.0) <= 0.5
    assert steps[28.0] >= LEVEL_MOVE_DB


def test_a_boundary_already_judged_is_left_alone():
    b = _hits(PLAN)
    b[2].status = "missing"
    steps = check_level_moves(_loud(SHORT_CHORUS, 36.0), CELL_S, _events(PLAN), b, tol_s=1.0, db_per_unit=1.0,
                              content_end_s=36.0)
    assert b[2].status == "missing" and 28.0 not in steps


def test_neighbours_of_one_energy_rank_give_no_evidence():
    plan = [("intro", 0.0, 8.0), ("verse", 8.0, 16.0), ("pre-chorus", 16.0, 28.0), ("outro", 28.0, 36.0)]
    heard = [("intro", 0.0, 8.0), ("verse", 8.0, 22.0), ("pre-chorus", 22.0, 28.0), ("outro", 28.0, 36.0)]
    b, steps = _moves(plan, heard)
    assert b[1].status == "hit" and 16.0 not in steps


def test_an_intro_traded_with_a_long_verse_steps_the_wrong_way():
    out, secs = _reversals(PLAN_LONG_VERSE, TRADED)
    assert out == [1]
    assert [(s.order_ok, s.sounds_like) for s in secs] == [(False, "verse"), (False, "intro"), (True, None)]
    assert _reversals(PLAN_LONG_VERSE, PLAN_LONG_VERSE)[0] == []


def test_music_after_the_end_is_left_out():
    b = _hits(PLAN)
    steps = check_level_moves(_loud(SHORT_CHORUS, 36.0), CELL_S, _events(PLAN), b, tol_s=1.0, db_per_unit=1.0,
                              content_end_s=27.5)
    assert b[2].status == "hit" and 28.0 not in steps
