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
from quality.structure_same import check_same_sound, contrasts

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
