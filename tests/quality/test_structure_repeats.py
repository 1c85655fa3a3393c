"""Planned repeats of a type line up bar for bar (quality/structure_repeats.py).

Known answers: each type plays its own cycle of four chords, one per 2 s bar, from its
start. Cell chroma first (synthetic features with noise), then audio through the whole
analysis: sections of equal length, so a dropped verse moves every later change onto a
planned boundary and only the planned repeats can tell.
"""

from __future__ import annotations

import numpy as np
import pytest

from engine.pipeline import SectionEvent
from quality.analyze import analyze
from quality.report import BoundaryEvidence, DefectKind, SectionCheck
from quality.structure_repeats import check_repeats, edited_forms

CELL_S = 0.128
BAR_S = 2.0
CHORDS = {"intro": (0, 9, 0, 9), "verse": (0, 5, 7, 5), "chorus": (9, 4, 5, 7), "bridge": (2, 10, 3, 7)}
PLAN = [("intro", 0.0, 8.0), ("verse", 8.0, 16.0), ("chorus", 16.0, 24.0), ("verse", 24.0, 32.0),
        ("chorus", 32.0, 40.0), ("bridge", 40.0, 48.0), ("chorus", 48.0, 56.0)]


def _heard(plan, edit: str | None, k: int) -> list[tuple[str, float, float]]:
    """The layout a take of ``plan`` with section ``k`` dropped or traded with the next plays."""
    if edit is None:
        return plan
    return next(lay for kind, kk, lay in edited_forms([t for t, _, _ in plan], [b - a for _, a, b in plan], plan[-1][2])
                if kind == edit and kk == k)


def _chroma(layout, dur: float, seed: int = 1) -> np.ndarray:
    rng = np.random.default_rng(seed)
    n = int(dur / CELL_S)
    x = 0.3 * rng.standard_normal((12, n))
    for t, a, b in layout:
        for i in range(int(a / CELL_S), min(n, int(b / CELL_S))):
            root = CHORDS[t][int((i * CELL_S - a) / BAR_S) % 4]
            x[[root, (root + 4) % 12, (root + 7) % 12], i] += 1.0
    return (x - x.mean(axis=1, keepdims=True)) / x.std(axis=1, keepdims=True)


def _events(plan=PLAN) -> list[SectionEvent]:
    return [SectionEvent(type=t, start=a, end=b) for t, a, b in plan]


def _sections(plan=PLAN) -> list[SectionCheck]:
    return [SectionCheck(type=t, start_s=a, end_s=b) for t, a, b in plan]


def _check(edit, k, plan=PLAN, end=None):
    dur = plan[-1][2]
    secs = _sections(plan)
    got = check_repeats(_chroma(_heard(plan, edit, k), dur), CELL_S, _events(plan), secs, duration_s=dur,
                        content_end_s=end or dur)
    return got, secs


def test_a_take_that_plays_the_plan_keeps_its_order():
    got, secs = _check(None, 0)
    assert got is None and all(s.order_ok for s in secs)


@pytest.mark.parametrize("k", [1, 2, 3])
def test_a_dropped_section_is_found_and_everything_after_it_marked(k):
    got, secs = _check("dropped", k)
    assert got is not None and got[:2] == ("dropped", k), got
    assert not secs[k].order_ok and secs[k].sounds_like == PLAN[k + 1][0]
    assert all(s.order_ok for s in secs[:k])


def test_two_traded_sections_are_found():
    got, secs = _check("swapped", 4)
    assert got is not None and got[:2] == ("swapped", 4), got
    assert [s.order_ok for s in secs] == [True, True, True, True, False, False, True]
    assert (secs[4].sounds_like, secs[5].sounds_like) == ("bridge", "chorus")


def test_a_plan_that_repeats_no_type_gives_no_evidence():
    plan = [("intro", 0.0, 8.0), ("verse", 8.0, 16.0), ("chorus", 16.0, 24.0)]
    assert _check("dropped", 1, plan)[0] is None


def test_music_after_the_end_is_left_out():
    """A take that ends before the dropped verse would come plays the plan as far as it goes
    (the early ending is another detector's)."""
    assert _check("dropped", 3)[0] is not None
    assert _check("dropped", 3, end=23.0)[0] is None


def _take(layout, dur: float) -> np.ndarray:
    """Audio of ``layout``: a chord per bar from each type's cycle, a kick on every beat,
    all types at one level and brightness (only the chords tell them apart)."""
    sr = 48000
    out = np.zeros(int(dur * sr))
    for t, a, b in layout:
        for j in range(int(round((b - a) / BAR_S))):
            s = int((a + j * BAR_S) * sr)
            k = np.arange(min(int(BAR_S * sr), out.size - s)) / sr
            if k.size == 0:
                break
            root = CHORDS[t][j % 4]
            out[s:s + k.size] += sum(np.sin(2 * np.pi * 220.0 * 2 ** ((root + iv) / 12) * h * k) / h
                                     for iv in (0, 4, 7) for h in (1, 2, 3)) * np.minimum(1.0, k / 0.01)
            for beat in range(4):
                m = s + int(beat * BAR_S / 4 * sr)
                kk = np.arange(min(int(0.15 * sr), out.size - m)) / sr
                out[m:m + kk.size] += 2.0 * np.sin(2 * np.pi * 55.0 * kk) * np.exp(-kk / 0.06)
    out *= 0.3 / np.abs(out).max()
    return np.vstack([out, out]).astype(np.float32)


@pytest.mark.slow
def test_a_dropped_verse_between_equal_sections_is_reported_where_it_was():
    dur = PLAN[-1][2]
    clean = analyze(_take(PLAN, dur), events=_events(), planned_duration_s=dur)
    assert not [d for d in clean.defects if d.kind is DefectKind.structure_mismatch and d.severity >= 0.25]
    rep = analyze(_take(_heard(PLAN, "dropped", 3), dur), events=_events(), planned_duration_s=dur)
    bad = [d for d in rep.defects if d.kind is DefectKind.structure_mismatch and d.severity >= 0.25]
    assert bad and any(d.start_s <= 24.0 < d.end_s for d in bad), bad


def test_a_plan_that_starts_late_is_laid_out_from_its_first_section():
    """Events from 2 s on (the take opens with 2 s the plan leaves out): the edited forms start
    there too, so a clean take stays quiet and a dropped verse is still found."""
    late = [(t, a + 2.0, b + 2.0) for t, a, b in PLAN]
    dur = late[-1][2]
    for edit, want in ((None, None), ("dropped", ("dropped", 3))):
        heard = [(t, a + 2.0, b + 2.0) for t, a, b in _heard(PLAN, edit, 3)]
        secs = _sections(late)
        got = check_repeats(_chroma(heard, dur), CELL_S, _events(late), secs, duration_s=dur, content_end_s=dur)
        assert (got[:2] if got else None) == want, got


def _stretched(plan, k: int, d: float) -> list[tuple[str, float, float]]:
    """The layout a take of ``plan`` plays with section ``k`` run ``d`` s long (negative: short):
    every later section moves by ``d``, the last fills the take."""
    dur, out, t = plan[-1][2], [], 0.0
    for i, (ty, a, b) in enumerate(plan):
        if t >= dur - 0.05:
            break
        ln = b - a + (d if i == k else 0.0)
        out.append((ty, t, min(dur, t + ln)))
        t += ln
    out[-1] = (out[-1][0], out[-1][1], dur)
    return out


def _bounds(plan=PLAN) -> list[BoundaryEvidence]:
    return [BoundaryEvidence(planned_s=b[1], before=a[0], after=b[0], status="hit", evidence=1.5)
            for a, b in zip(plan, plan[1:], strict=False)]


@pytest.mark.parametrize(("k", "d"), [(2, 2 * BAR_S), (3, -BAR_S), (1, 3 * BAR_S), (2, -0.7 * BAR_S)])
def test_a_section_run_long_or_short_moves_the_later_boundaries(k, d):
    """The later repeats line up with the earlier ones only moved by what the section gained or
    lost (whole bars, or a fraction of one as a tempo drift plays): the boundaries after it are
    marked shifted by that move (within one alignment unit, 0.512 s), the earlier ones kept."""
    dur = PLAN[-1][2]
    secs, bounds = _sections(), _bounds()
    got = check_repeats(_chroma(_stretched(PLAN, k, d), dur), CELL_S, _events(), secs, duration_s=dur,
                        content_end_s=dur, boundaries=bounds)
    assert got is not None and got[:2] == ("stretched", k), got
    moved = [b for b in bounds if b.planned_s > PLAN[k][1] and b.planned_s + d < dur - 0.5]
    assert moved and all(b.status == "shifted" and abs(b.shift_s - d) <= 0.52 for b in moved)
    assert all(b.status == "hit" for b in bounds if b.planned_s <= PLAN[k][1])
    assert all(s.order_ok for s in secs)


def test_without_boundaries_a_stretch_is_not_tried_and_a_clean_take_keeps_its_boundaries():
    dur = PLAN[-1][2]
    chroma = _chroma(_stretched(PLAN, 2, 2 * BAR_S), dur)
    got = check_repeats(chroma, CELL_S, _events(), _sections(), duration_s=dur, content_end_s=dur)
    assert got is None or got[0] != "stretched"
    bounds = _bounds()
    assert check_repeats(_chroma(PLAN, dur), CELL_S, _events(), _sections(), duration_s=dur, content_end_s=dur,
                         boundaries=bounds) is None
    assert all(b.status == "hit" and b.shift_s is None for b in bounds)
