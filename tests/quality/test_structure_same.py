"""A planned change of type where the sound does not change (quality/structure_same.py).

Known answers: a plan that repeats no type, each type its own sound (a mean per feature
plus a four-bar cycle inside the section and noise). With the verse dropped, the later
types come 8 s earlier and the outro fills the take: every change but the last still
falls on a planned boundary, and at the last one the outro goes on. Cell features first,
then audio through the whole analysis (the chord-only takes of ``test_structure_repeats``).
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest

from engine.pipeline import SectionEvent
from quality.analyze import analyze
from quality.report import BoundaryEvidence, DefectKind
from quality.structure_same import (
    RANK_AGAINST_DB,
    RANK_AGAINST_SAME,
    RANK_SAME,
    check_rank_changes,
    check_same_sound,
    contrasts,
)

sys.path.insert(0, str(Path(__file__).parent))
from test_structure_repeats import _take  # noqa: E402

CELL_S = 0.128
BAR_S = 2.0
PLAN = [("intro", 0.0, 8.0), ("verse", 8.0, 16.0), ("interlude", 16.0, 24.0), ("outro", 24.0, 32.0)]
DROPPED = [("intro", 0.0, 8.0), ("interlude", 8.0, 16.0), ("outro", 16.0, 32.0)]  # the verse left out
TYPES = {"intro": 0, "verse": 1, "interlude": 2, "outro": 3, "chorus": 4}


def _events(plan=PLAN) -> list[SectionEvent]:
    return [SectionEvent(type=t, start=a, end=b) for t, a, b in plan]


def _feats(layout, dur: float = 32.0, seed: int = 1, noise: float = 0.6) -> dict[str, np.ndarray]:
    """Cell features: each type a mean of its own in every group, a bar-by-bar cycle (one of
    four patterns per bar, the same for every type), a beat pattern (every 4 cells) and noise."""
    rng = np.random.default_rng(seed)
    n = int(dur / CELL_S)
    dims = {"timbre": 12, "harmony": 12, "density": 1, "rhythm": 2}
    type_mean = {g: rng.standard_normal((len(TYPES), d)) for g, d in dims.items()}
    cycle = {g: 0.8 * rng.standard_normal((4, d)) for g, d in dims.items()}
    beat = {g: rng.standard_normal((4, d)) for g, d in dims.items()}
    out = {}
    for g, d in dims.items():
        x = noise * rng.standard_normal((d, n))
        for t, a, b in layout:
            for i in range(int(a / CELL_S), min(n, int(b / CELL_S))):
                x[:, i] += type_mean[g][TYPES[t]] + cycle[g][int((i * CELL_S - a) / BAR_S) % 4] + beat[g][i % 4]
        out[g] = (x - x.mean(axis=1, keepdims=True)) / (x.std(axis=1, keepdims=True) + 1e-9)
    return out


def _hits(plan=PLAN) -> list[BoundaryEvidence]:
    return [BoundaryEvidence(planned_s=a, before=p, after=t, status="hit", evidence=1.5, found_s=a, shift_s=0.0)
            for (p, _, _), (t, a, _) in zip(plan, plan[1:], strict=False)]


def test_sections_of_different_types_contrast_and_every_boundary_stays_a_hit():
    b = _hits()
    check_same_sound(_feats(PLAN), CELL_S, _events(), b, content_end_s=32.0)
    assert all(x.status == "hit" for x in b)
    assert min(x.contrast for x in b) > 2.0  # twice the limit


def test_the_boundary_where_the_outro_goes_on_is_missing():
    b = _hits()
    check_same_sound(_feats(DROPPED), CELL_S, _events(), b, content_end_s=32.0)
    assert [x.status for x in b] == ["hit", "hit", "missing"]
    assert b[2].contrast < 1.0 <= min(b[0].contrast, b[1].contrast)
    assert b[2].found_s is None and b[2].shift_s is None


def test_one_section_played_where_the_plan_has_two_is_missing():
    """An intro dropped from intro-verse: the verse fills the take, and its cells vary by its beat
    and its bar cycle around one mean, so the two planned sections' long means barely differ."""
    plan = [("intro", 0.0, 16.0), ("verse", 16.0, 32.0)]
    for seed in (1, 2, 3):
        b = _hits(plan)
        check_same_sound(_feats([("verse", 0.0, 32.0)], seed=seed, noise=0.2), CELL_S, _events(plan), b,
                         content_end_s=32.0)
        assert b[0].status == "missing" and b[0].contrast < 1.0
        b = _hits(plan)
        check_same_sound(_feats(plan, seed=seed, noise=0.2), CELL_S, _events(plan), b, content_end_s=32.0)
        assert b[0].status == "hit" and b[0].contrast > 2.0


def test_a_plan_that_repeats_a_type_is_left_to_the_repeats_check():
    plan = [("verse", 0.0, 8.0), ("chorus", 8.0, 16.0), ("verse", 16.0, 24.0), ("chorus", 24.0, 32.0)]
    same = [("verse", 0.0, 8.0), ("chorus", 8.0, 16.0), ("chorus", 16.0, 32.0)]
    b = _hits(plan)
    check_same_sound(_feats(same), CELL_S, _events(plan), b, content_end_s=32.0)
    assert all(x.status == "hit" and x.contrast is None for x in b)


def test_sections_after_the_music_ends_tell_nothing():
    got = contrasts(_feats(DROPPED), CELL_S, _events(), content_end_s=24.5)
    assert got[0] is not None and got[1] is not None and got[2] is None


# the chord-only audio of the repeats check's tests: each type its own chord cycle, one level and brightness
AUDIO_PLAN = [("intro", 0.0, 8.0), ("verse", 8.0, 16.0), ("bridge", 16.0, 24.0), ("chorus", 24.0, 32.0)]
AUDIO_DROPPED = [("intro", 0.0, 8.0), ("bridge", 8.0, 16.0), ("chorus", 16.0, 32.0)]


@pytest.mark.parametrize(("layout", "want"), [(AUDIO_PLAN, False), (AUDIO_DROPPED, True)])
def test_a_dropped_section_of_a_plan_without_repeats_is_reported(layout, want):
    rep = analyze(_take(layout, 32.0), events=_events(AUDIO_PLAN), planned_duration_s=32.0)
    bad = [d for d in rep.defects if d.kind is DefectKind.structure_mismatch and d.severity >= 0.25]
    assert bool(bad) == want, (bad, rep.structure.boundaries)
    if want:
        assert any(d.start_s <= 24.0 < d.end_s for d in bad)


# A planned change of energy rank: the sound changes and the level steps the plan's way (check_rank_changes)
RANKED = [("intro", 0.0, 16.0), ("verse", 16.0, 32.0), ("chorus", 32.0, 48.0), ("verse", 48.0, 64.0)]  # repeats a type
RANKS = {"intro": 0, "verse": 1, "chorus": 2}


def _ranked(layout, levels: dict[str, float], alike: float = 1.0, seed: int = 1) -> dict[str, np.ndarray]:
    """``_feats`` of 64 s with the noise 1 / ``alike`` times the default (small: each type's own mean drowns
    and the types sound alike) and a loudness group in dB: each type at ``levels[type]`` plus noise (read
    with db_per_unit 1)."""
    rng = np.random.default_rng(seed + 100)
    out = _feats([(t, a, b) for t, a, b in layout], dur=64.0, seed=seed, noise=0.6 / max(alike, 1e-3))
    n = out["timbre"].shape[1]
    loud = rng.standard_normal(n) * 0.5
    for t, a, b in layout:
        loud[int(a / CELL_S): min(n, int(b / CELL_S))] += levels[t]
    out["loudness"] = loud[None, :]
    return out


def _rank_check(feats, plan=RANKED) -> list[BoundaryEvidence]:
    b = _hits(plan)
    check_rank_changes(feats, CELL_S, _events(plan), b, content_end_s=64.0, db_per_unit=1.0, ranks=RANKS)
    return b


def test_one_section_heard_across_a_planned_change_of_rank_is_missing():
    """The verse plays from the start where the plan has an intro first (a plan that repeats a type, so the
    same-sound check does not read it): no level step, sound alike; the other changes are heard."""
    played = [("verse", 0.0, 32.0), ("chorus", 32.0, 48.0), ("verse", 48.0, 64.0)]
    levels = {"intro": -20.0, "verse": -14.0, "chorus": -10.0}
    for seed in (1, 2, 3):
        b = _rank_check(_ranked(played, levels, seed=seed))
        assert [x.status for x in b] == ["missing", "hit", "hit"], b
        assert b[0].contrast < RANK_SAME and b[0].found_s is None
        assert all(x.status == "hit" for x in _rank_check(_ranked(RANKED, levels, seed=seed)))


def test_sections_that_sound_alike_are_heard_when_the_level_steps_the_plans_way():
    """Sections of different types that sound alike (as the sketch engine's classical ones do) read a
    contrast under RANK_SAME; the level stepping the plan's way keeps every change; with the levels the
    other way round, the changes are missing."""
    feats = _ranked(RANKED, {"intro": -20.0, "verse": -14.0, "chorus": -10.0}, alike=0.01)
    assert all(x.status == "hit" for x in _rank_check(feats))
    against = _ranked(RANKED, {"intro": -12.0, "verse": -14.0, "chorus": -16.0}, alike=0.01)
    b = _rank_check(against)
    assert all(x.status == "missing" and x.contrast < RANK_SAME for x in b), b


def test_a_change_of_chords_alone_is_a_change():
    """Types that differ only in their chords, at one level (the chord-only takes of the repeats check):
    the harmony group alone changes beyond the limit, so every change is heard."""
    feats = _ranked(RANKED, {"intro": -12.0, "verse": -14.0, "chorus": -16.0}, alike=0.01)
    feats["harmony"] = _feats(RANKED, dur=64.0, seed=5)["harmony"]
    assert all(x.status == "hit" for x in _rank_check(feats))


def test_a_change_of_sound_is_heard_whatever_the_level():
    """Sections that differ in sound are heard even with the levels the other way round (a loud metal
    intro): that is the swap checks' evidence, not a missing change."""
    feats = _ranked(RANKED, {"intro": -8.0, "verse": -14.0, "chorus": -16.0})
    assert all(x.status == "hit" for x in _rank_check(feats))


# The level stepping clearly the other way needs more change of sound (RANK_AGAINST_DB, RANK_AGAINST_SAME)
SHORT_INTRO = [("intro", 0.0, 4.0), ("verse", 4.0, 32.0), ("chorus", 32.0, 48.0), ("verse", 48.0, 64.0)]
LEVELS = {"intro": -20.0, "verse": -14.0, "chorus": -10.0}


def _opening_step(feats) -> float:
    """The level step at the plan's first change, the plan's way (dB, as check_rank_changes reads it)."""
    from quality.structure_same import section_levels

    lv = section_levels(feats["loudness"][0], CELL_S, _events(SHORT_INTRO), content_end_s=64.0, db_per_unit=1.0)
    return lv[1] - lv[0]


@pytest.mark.parametrize("seed", [1, 2, 4, 5])
def test_a_short_first_section_dropped_under_a_louder_opening_is_missing(seed):
    """The 4 s intro dropped: the verse plays from the start (every later change 4 s early) and its first bar
    is a dB over the rest of it (the full band's first bar). The planned intro and verse are two stretches of
    one verse: a short stretch's mean against a long one's differs by more than RANK_SAME, but the level steps
    the other way, so the change at 4 s is missing; with the opening at the verse's own level it is not."""
    played = [("verse", 0.0, 28.0), ("chorus", 28.0, 44.0), ("verse", 44.0, 60.0), ("chorus", 60.0, 64.0)]
    feats = _ranked(played, LEVELS, alike=2.0, seed=seed)
    level = feats["loudness"].copy()
    feats["loudness"][0, : int(4.0 / CELL_S)] += 1.0
    assert _opening_step(feats) <= -RANK_AGAINST_DB
    b = _rank_check(feats, SHORT_INTRO)
    assert b[0].status == "missing" and RANK_SAME <= b[0].contrast < RANK_AGAINST_SAME, b[0]
    feats["loudness"] = level
    assert _opening_step(feats) > -RANK_AGAINST_DB
    assert _rank_check(feats, SHORT_INTRO)[0].status == "hit"


@pytest.mark.parametrize("seed", [1, 2, 3, 4, 5, 6])
def test_an_intro_louder_than_its_verse_that_sounds_its_own_is_heard(seed):
    """The confounder: an intro 1.5 dB over its verse (the sketch engine's metal intros), played as planned.
    The level steps the other way as much as in a dropped intro, but the sound changes far beyond
    RANK_AGAINST_SAME: every change is heard."""
    feats = _ranked(SHORT_INTRO, {**LEVELS, "intro": -12.5}, alike=2.0, seed=seed)
    assert _opening_step(feats) <= -RANK_AGAINST_DB
    assert all(x.status == "hit" for x in _rank_check(feats, SHORT_INTRO))
