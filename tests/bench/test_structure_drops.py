"""A section dropped from a plan that repeats no type, read by what the drop relabels (bench/structure_drops.py,
a study of the twenty-first round; the rule was not kept).

Known answers on cell features: each type a mean of its own in every group (1.5 x the noise), a bar
cycle shared by every type, a beat pattern and noise. The plan is intro, verse, pre-chorus,
chorus (6, 8, 16, 10 s); with the verse dropped, the pre-chorus comes 8 s early and the chorus
fills the take from 22 s, so the music the plan gives the pre-chorus's last 8 s is the chorus's.
The confounder: a clean pre-chorus that builds toward the chorus (its sound moves part of the
way there over its length) is still nearer its own first half than the chorus.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

from engine.pipeline import SectionEvent
from quality.report import SectionCheck

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
from structure_drops import DROP_SPAN, check_drops, drop_readings  # noqa: E402

CELL_S = 0.128
BAR_S = 2.0
DUR = 40.0
PLAN = [("intro", 0.0, 6.0), ("verse", 6.0, 14.0), ("pre-chorus", 14.0, 30.0), ("chorus", 30.0, 40.0)]
DROPPED = [("intro", 0.0, 6.0), ("pre-chorus", 6.0, 22.0), ("chorus", 22.0, 40.0)]  # the verse left out
TYPES = {"intro": 0, "verse": 1, "pre-chorus": 2, "chorus": 3, "outro": 4}


def _events(plan=PLAN) -> list[SectionEvent]:
    return [SectionEvent(type=t, start=a, end=b) for t, a, b in plan]


def _sections(plan=PLAN) -> list[SectionCheck]:
    return [SectionCheck(type=t, start_s=a, end_s=b) for t, a, b in plan]


def _feats(layout, seed: int = 1, noise: float = 0.6, build: float = 0.0) -> dict[str, np.ndarray]:
    """Cell features of ``layout``; ``build``: the share of the way from its own sound to the chorus's that
    a pre-chorus has moved by its end (linearly from its start)."""
    rng = np.random.default_rng(seed)
    n = int(DUR / CELL_S)
    dims = {"timbre": 12, "harmony": 12, "density": 1, "rhythm": 2, "loudness": 1}
    mean = {g: 1.5 * rng.standard_normal((len(TYPES), d)) for g, d in dims.items()}
    cycle = {g: 0.8 * rng.standard_normal((4, d)) for g, d in dims.items()}
    beat = {g: rng.standard_normal((4, d)) for g, d in dims.items()}
    out = {}
    for g, d in dims.items():
        x = noise * rng.standard_normal((d, n))
        for t, a, b in layout:
            for i in range(int(a / CELL_S), min(n, int(b / CELL_S))):
                own = mean[g][TYPES[t]]
                if t == "pre-chorus" and build:
                    own = own + build * (i * CELL_S - a) / (b - a) * (mean[g][TYPES["chorus"]] - own)
                x[:, i] += own + cycle[g][int((i * CELL_S - a) / BAR_S) % 4] + beat[g][i % 4]
        out[g] = (x - x.mean(axis=1, keepdims=True)) / (x.std(axis=1, keepdims=True) + 1e-9)
    return out


def test_a_dropped_verse_is_found_and_the_moved_sections_sound_like_the_next_types():
    secs = _sections()
    got = check_drops(_feats(DROPPED), CELL_S, _events(), secs, duration_s=DUR, content_end_s=DUR)
    assert got is not None and got[0] == 1 and got[1] >= DROP_SPAN
    by = {s.type: s for s in secs}
    assert (by["verse"].order_ok, by["verse"].sounds_like) == (False, "pre-chorus")
    assert (by["pre-chorus"].order_ok, by["pre-chorus"].sounds_like) == (False, "chorus")
    assert by["intro"].order_ok and by["chorus"].order_ok


def test_a_clean_take_reads_no_drop():
    secs = _sections()
    readings = drop_readings(_feats(PLAN), CELL_S, _events(), duration_s=DUR, content_end_s=DUR)
    assert readings and max(r for _, r in readings) < 0.5 * DROP_SPAN
    assert check_drops(_feats(PLAN), CELL_S, _events(), secs, duration_s=DUR, content_end_s=DUR) is None
    assert all(s.order_ok for s in secs)


def test_a_pre_chorus_that_builds_toward_the_chorus_is_no_drop():
    for build in (0.3, 0.5):
        secs = _sections()
        readings = drop_readings(_feats(PLAN, build=build), CELL_S, _events(), duration_s=DUR, content_end_s=DUR)
        assert max(r for _, r in readings) < DROP_SPAN
        assert check_drops(_feats(PLAN, build=build), CELL_S, _events(), secs, duration_s=DUR, content_end_s=DUR) is None


def test_over_draws_of_the_types_sounds_the_drop_always_reads_over_the_clean_take_and_building_ones():
    # the reading depends on how far apart the types' sounds happen to be (seed 6's drop reads 1.2, seed 1's 3.1):
    # the rule is not sure to find every drop, but no clean draw, building or not, comes near it
    for seed in range(1, 7):
        drop = max(r for _, r in drop_readings(_feats(DROPPED, seed=seed), CELL_S, _events(), duration_s=DUR,
                                               content_end_s=DUR))
        clean = max(r for b in (0.0, 0.3, 0.5) for _, r in drop_readings(
            _feats(PLAN, seed=seed, build=b), CELL_S, _events(), duration_s=DUR, content_end_s=DUR))
        assert clean < 0.0 < drop and clean < DROP_SPAN - 1.0


def test_plans_that_repeat_a_type_are_left_to_the_repeats_check():
    plan = [("verse", 0.0, 8.0), ("chorus", 8.0, 16.0), ("verse", 16.0, 24.0), ("outro", 24.0, 40.0)]
    assert drop_readings(_feats(plan), CELL_S, _events(plan), duration_s=DUR, content_end_s=DUR) == []


def test_a_drop_after_the_music_has_ended_is_not_read():
    # the music ends at 20 s: the chorus is never heard, so no relabelled span has both references
    assert drop_readings(_feats(DROPPED), CELL_S, _events(), duration_s=DUR, content_end_s=20.0) == []
