"""Two neighbours traded, read by the plan's energy order where the forms disagree
(quality/structure_swap.py).

Known answers: each type plays at a level and a density of its own (an intro quiet and
sparse, a verse louder and busier, a chorus more so). A short intro traded with the verse
after it keeps the span's ends, and its moved change sits next to the verse's far end; in
the span's first and last 2 s the plan wants the quiet intro first, the traded take plays
the verse first. Cell features first, then audio through the whole analysis.
"""

from __future__ import annotations

import numpy as np

from engine.pipeline import SectionEvent
from quality.analyze import analyze
from quality.report import DefectKind, SectionCheck
from quality.structure_swap import SWAP_CHANGE, check_swap_changes, check_swaps, reversals, swap_changes

CELL_S = 0.128
LEVEL = {"intro": (-1.0, -1.0), "verse": (0.0, 0.0), "pre-chorus": (0.1, 0.1), "chorus": (1.0, 1.0),
         "interlude": (1.0, -1.0), "outro": (-0.8, -0.8)}  # (loudness, density); the interlude loud but sparse
PLAN = [("intro", 0.0, 2.0), ("verse", 2.0, 8.0), ("chorus", 8.0, 16.0), ("verse", 16.0, 22.0), ("outro", 22.0, 26.0)]
TRADED = [("verse", 0.0, 6.0), ("intro", 6.0, 8.0), ("chorus", 8.0, 16.0), ("verse", 16.0, 22.0), ("outro", 22.0, 26.0)]


def _feats(layout, dur: float, seed: int = 1, noise: float = 0.3) -> dict[str, np.ndarray]:
    rng = np.random.default_rng(seed)
    n = int(dur / CELL_S)
    loud, dens = noise * rng.standard_normal(n), noise * rng.standard_normal(n)
    for t, a, b in layout:
        i0, i1 = int(a / CELL_S), min(n, int(b / CELL_S))
        loud[i0:i1] += LEVEL[t][0]
        dens[i0:i1] += LEVEL[t][1]
    z = lambda x: ((x - x.mean()) / x.std())[None, :]  # noqa: E731  (standardised over the take, as cell_features)
    return {"loudness": z(loud), "density": z(dens)}


def _events(plan) -> list[SectionEvent]:
    return [SectionEvent(type=t, start=a, end=b) for t, a, b in plan]


def _check(plan, heard):
    dur = plan[-1][2]
    secs = [SectionCheck(type=t, start_s=a, end_s=b) for t, a, b in plan]
    return check_swaps(_feats(heard, dur), CELL_S, _events(plan), secs, content_end_s=dur), secs


def test_a_take_that_plays_the_plan_keeps_its_order():
    got, secs = _check(PLAN, PLAN)
    assert got == [] and all(s.order_ok for s in secs)
    assert all(lv < 0 and dv < 0 for _, lv, dv in reversals(_feats(PLAN, 26.0), CELL_S, _events(PLAN), content_end_s=26.0))


def test_a_short_intro_traded_with_the_verse_is_found():
    got, secs = _check(PLAN, TRADED)
    assert got == [0]
    assert [s.order_ok for s in secs] == [False, False, True, True, True]
    assert (secs[0].sounds_like, secs[1].sounds_like) == ("verse", "intro")


def test_neighbours_of_one_energy_rank_give_no_evidence():
    plan = [("verse", 0.0, 4.0), ("pre-chorus", 4.0, 12.0), ("chorus", 12.0, 20.0)]
    heard = [("pre-chorus", 0.0, 8.0), ("verse", 8.0, 12.0), ("chorus", 12.0, 20.0)]
    assert [k for k, _, _ in reversals(_feats(heard, 20.0), CELL_S, _events(plan), content_end_s=20.0)] == [1]
    assert _check(plan, heard)[0] == []


def test_louder_but_sparser_is_no_swap():
    """A loud, sparse interlude where the plan wants it below the chorus: only the level is
    the other way round (metal interludes are as loud as the verses)."""
    plan = [("interlude", 0.0, 4.0), ("chorus", 4.0, 12.0), ("outro", 12.0, 16.0)]
    got, secs = _check(plan, plan)
    assert got == [] and all(s.order_ok for s in secs)


def test_music_after_the_end_is_left_out():
    dur = PLAN[-1][2]
    secs = [SectionCheck(type=t, start_s=a, end_s=b) for t, a, b in PLAN]
    assert check_swaps(_feats(TRADED, dur), CELL_S, _events(PLAN), secs, content_end_s=7.0) == []


def _take(layout, dur: float, seed: int = 3) -> np.ndarray:
    """Audio: a sustained chord at the type's level, and kicks (intro on every other beat,
    verse on every beat, chorus on eighths at 120 bpm); the intro only 3 dB under the verse, so
    the two whole planned sections' levels differ by less than ``structure_plan.SWAP_DB``."""
    sr = 48000
    rng = np.random.default_rng(seed)
    out = np.zeros(int(dur * sr))
    per_beat = {"intro": 0.5, "verse": 1, "chorus": 2, "outro": 0}
    gain = {"intro": 0.25, "verse": 0.35, "chorus": 0.7, "outro": 0.12}
    for t, a, b in layout:
        s, e = int(a * sr), min(out.size, int(b * sr))
        k = np.arange(e - s) / sr
        out[s:e] += gain[t] * sum(np.sin(2 * np.pi * f * k) for f in (220.0, 277.2, 329.6)) / 3
        step = 0.5 / per_beat[t] if per_beat[t] else None
        for on in np.arange(a, b - 0.01, step) if step else ():
            m = int(on * sr)
            kk = np.arange(min(int(0.12 * sr), out.size - m)) / sr
            out[m:m + kk.size] += 2 * gain[t] * np.sin(2 * np.pi * 60.0 * kk) * np.exp(-kk / 0.04)
            out[m:m + kk.size] += 0.2 * gain[t] * rng.standard_normal(kk.size) * np.exp(-kk / 0.01)
    out *= 0.5 / np.abs(out).max()
    return np.vstack([out, out]).astype(np.float32)


def test_traded_intro_through_the_whole_analysis():
    plan = [("intro", 0.0, 2.0), ("verse", 2.0, 8.0), ("chorus", 8.0, 16.0), ("outro", 16.0, 20.0)]
    heard = [("verse", 0.0, 6.0), ("intro", 6.0, 8.0), ("chorus", 8.0, 16.0), ("outro", 16.0, 20.0)]
    evs = [e.model_dump() for e in _events(plan)]
    clean = analyze(_take(plan, 20.0), events=evs, planned_duration_s=20.0)
    assert all(s.order_ok for s in clean.structure.sections)
    assert not [d for d in clean.defects if d.kind is DefectKind.structure_mismatch and d.severity >= 0.25]
    rep = analyze(_take(heard, 20.0), events=evs, planned_duration_s=20.0)
    secs = rep.structure.sections
    assert (secs[0].order_ok, secs[0].sounds_like, secs[1].order_ok, secs[1].sounds_like) == (False, "verse", False, "intro")
    bad = [d for d in rep.defects if d.kind is DefectKind.structure_mismatch and d.severity >= 0.25]
    assert any(d.start_s <= 1.0 and d.end_s >= 7.0 for d in bad), bad


# Where the change between two traded neighbours goes (check_swap_changes). Each type its own sound (timbre,
# 6 dims, unit noise): a 3 s intro traded with a 12 s verse puts their change at 12 s, not 3 s; a 12 s verse
# traded with a 3 s pre-chorus puts it at 9 s, not 18 s (the two share a rank, so the levels cannot tell).
SOUND_PLAN = [("intro", 0.0, 3.0), ("verse", 3.0, 15.0), ("pre-chorus", 15.0, 21.0), ("chorus", 21.0, 33.0)]
SOUND_TRADED = [("verse", 0.0, 12.0), ("intro", 12.0, 15.0), ("pre-chorus", 15.0, 21.0), ("chorus", 21.0, 33.0)]
SHORT_PRE = [("intro", 0.0, 6.0), ("verse", 6.0, 18.0), ("pre-chorus", 18.0, 21.0), ("chorus", 21.0, 33.0)]


def _sound(layout, seed: int = 2) -> dict[str, np.ndarray]:
    rng = np.random.default_rng(seed)
    means = {t: 1.5 * rng.standard_normal(6) for t in ("intro", "verse", "pre-chorus", "chorus")}
    x = rng.standard_normal((6, int(layout[-1][2] / CELL_S)))
    for t, a, b in layout:
        x[:, int(a / CELL_S): int(b / CELL_S)] += means[t][:, None]
    return {"timbre": (x - x.mean(axis=1, keepdims=True)) / x.std(axis=1, keepdims=True)}


def _check_changes(plan, heard):
    dur = plan[-1][2]
    secs = [SectionCheck(type=t, start_s=a, end_s=b) for t, a, b in plan]
    return check_swap_changes(_sound(heard), CELL_S, _events(plan), secs, duration_s=dur, tol_s=0.6,
                              content_end_s=dur), secs


def test_the_change_where_a_trade_puts_it():
    gains = dict(swap_changes(_sound(SOUND_TRADED), CELL_S, _events(SOUND_PLAN), duration_s=33.0, tol_s=0.6,
                              content_end_s=33.0))
    assert gains[0] >= SWAP_CHANGE  # the intro-verse change heard at 12 s, none at 3 s
    assert set(gains) == {0, 1, 2}  # every pair's lengths differ (the moved times: 12, 9 and 27 s)
    got, secs = _check_changes(SOUND_PLAN, SOUND_TRADED)
    assert got == [0]
    assert [s.order_ok for s in secs] == [False, False, True, True]
    assert (secs[0].sounds_like, secs[1].sounds_like) == ("verse", "intro")


def test_a_take_that_plays_the_plan_has_its_changes_where_planned():
    got, secs = _check_changes(SOUND_PLAN, SOUND_PLAN)
    assert got == [] and all(s.order_ok for s in secs)
    assert all(g < 0 for _, g in swap_changes(_sound(SOUND_PLAN), CELL_S, _events(SOUND_PLAN), duration_s=33.0,
                                              tol_s=0.6, content_end_s=33.0))


def test_a_trade_of_the_verse_and_the_pre_chorus_is_found_though_they_share_a_rank():
    got, secs = _check_changes(SHORT_PRE, [("intro", 0.0, 6.0), ("pre-chorus", 6.0, 9.0), ("verse", 9.0, 21.0),
                                           ("chorus", 21.0, 33.0)])
    assert got == [1]
    assert (secs[1].sounds_like, secs[2].sounds_like) == ("pre-chorus", "verse")
    assert _check_changes(SHORT_PRE, SHORT_PRE)[0] == []
