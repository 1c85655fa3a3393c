"""The bar-grid check: sections that arrive a bar late or early (quality/structure_bars.py).

Synthetic takes with a known answer: a drum kit on every beat, a chord that changes
every bar, and five four-bar sections of distinct texture at 120 bpm (a 2 s bar). The
plan says 0-8-16-24-32-40 s; the faulted takes play the intro a bar long (every later
section a bar late) or the verse at 96 bpm (its four bars last 10 s, every later
section a bar late). The per-boundary novelty alone heard both as on time.
"""

from __future__ import annotations

import numpy as np
import pytest

from engine.pipeline import SectionEvent
from quality.analyze import analyze
from quality.report import BoundaryEvidence, DefectKind
from quality.structure_bars import plan_bar_s

SR = 48000
PLAN = [("intro", 0.0, 8.0), ("verse", 8.0, 16.0), ("chorus", 16.0, 24.0), ("bridge", 24.0, 32.0), ("chorus", 32.0, 40.0)]
TEXTURE = {  # chord register (MIDI root), brightness (harmonics), hats per beat, snare, level
    "intro": (48, 1, 0, False, 0.35), "verse": (55, 3, 2, False, 0.6), "chorus": (60, 6, 4, True, 0.9),
    "bridge": (52, 2, 1, True, 0.5)}
ROOTS = (0, 5, 7, 3)  # a chord per bar, cycling


def _events(plan=PLAN) -> list[SectionEvent]:
    return [SectionEvent(type=t, start=a, end=b) for t, a, b in plan]


def _take(fault: str | None = None, *, seed: int = 3, plan=PLAN) -> np.ndarray:
    """(2, n) take of ``plan``: each planned section four bars; ``fault`` "stretched" plays the
    intro five bars, "tempo" plays the verse's four bars at 96 bpm."""
    rng = np.random.default_rng(seed)
    n = int(plan[-1][2] * SR)
    out = np.zeros(n)
    t, bar_no = 0.0, 0
    for kind, _, _ in plan:
        bars = 5 if fault == "stretched" and kind == "intro" else 4
        beat = 60.0 / ({"tempo": 96.0, "tempo100": 100.0}.get(fault or "", 120.0) if kind == "verse" else 120.0)
        reg, bright, hats, snare, level = TEXTURE[kind]
        for _ in range(bars):
            a = int(t * SR)
            ln = int(4 * beat * SR)
            if a >= n:
                break
            k = np.arange(min(ln, n - a)) / SR
            f0 = 440.0 * 2 ** ((reg + ROOTS[bar_no % 4] - 69) / 12)
            chord = sum(np.sin(2 * np.pi * f0 * r * h * k) / h for r in (1.0, 1.26, 1.5) for h in range(1, bright + 1))
            out[a:a + k.size] += level * 0.08 * chord * np.minimum(1.0, k / 0.01)
            for b in range(4):
                s = a + int(b * beat * SR)
                m = min(n - s, int(0.2 * SR))
                if m <= 0:
                    continue
                kk = np.arange(m) / SR
                out[s:s + m] += 0.5 * level * np.sin(2 * np.pi * (50 + 60 * np.exp(-kk / 0.03)) * kk) * np.exp(-kk / 0.08)
                if snare and b % 2 == 1:
                    out[s:s + m] += 0.25 * level * rng.standard_normal(m) * np.exp(-kk / 0.05)
                for h in range(hats):
                    hs = s + int(h * beat / max(hats, 1) * SR)
                    hm = min(n - hs, int(0.04 * SR))
                    if hm > 0:
                        noise = np.diff(rng.standard_normal(hm + 1))
                        out[hs:hs + hm] += 0.12 * level * noise * np.exp(-np.arange(hm) / SR / 0.01)
            t += 4 * beat
            bar_no += 1
    out *= 0.3 / max(1e-9, float(np.abs(out).max()))
    return np.vstack([out, out]).astype(np.float32)


def _mismatches(rep):
    return [d for d in rep.defects if d.kind is DefectKind.structure_mismatch and d.severity >= 0.25]


def test_plan_bar_is_the_grid_of_the_planned_starts_in_heard_beats():
    assert plan_bar_s([8.0, 16.0, 24.0, 32.0], 0.5) == pytest.approx(2.0, abs=0.02)  # 4 beats at 120
    assert plan_bar_s([8.0, 16.0, 24.0, 32.0], 1.0) == pytest.approx(2.0, abs=0.02)  # tempo read at half
    assert plan_bar_s([6.0, 13.5, 19.5], 0.5) == pytest.approx(1.5, abs=0.02)  # 3/4
    assert plan_bar_s([8.0, 16.0, 24.3], 0.5) is None  # off any grid
    # no tempo, or one the plan's grid does not fit (read at 4:5): the plan's own grid, halved to a bar
    assert plan_bar_s([8.0, 16.0, 24.0, 32.0], 0.0) == pytest.approx(2.0, abs=0.02)
    assert plan_bar_s([8.0, 16.0, 24.0, 32.0], 60.0 / 96.0) == pytest.approx(2.0, abs=0.02)
    assert plan_bar_s([8.0], 0.5) is None


@pytest.fixture(scope="module")
def reports():
    return {f: analyze(_take(f), events=_events(), planned_duration_s=40.0)
            for f in (None, "stretched", "tempo", "tempo100")}


def _by_time(rep) -> dict[float, object]:
    return {b.planned_s: b for b in rep.structure.boundaries}


def test_a_clean_take_on_the_grid_stays_on_time(reports):
    rep = reports[None]
    assert all(b.status == "hit" and abs(b.shift_s) < 0.5 for b in rep.structure.boundaries)
    assert not _mismatches(rep)


def test_a_section_a_bar_long_moves_every_later_boundary_by_a_bar(reports):
    b = _by_time(reports["stretched"])
    for t in (8.0, 16.0, 24.0, 32.0):
        assert b[t].status == "shifted" and b[t].shift_s == pytest.approx(2.0, abs=0.3), b[t]
    bad = _mismatches(reports["stretched"])
    assert bad and any(d.start_s <= 8.0 < d.end_s for d in bad)


def test_a_section_at_another_tempo_moves_the_boundaries_after_it(reports):
    b = _by_time(reports["tempo"])
    assert b[8.0].status == "hit" and abs(b[8.0].shift_s) < 0.5
    for t in (16.0, 24.0, 32.0):
        assert b[t].status == "shifted" and b[t].shift_s == pytest.approx(2.0, abs=0.3), b[t]
    bad = _mismatches(reports["tempo"])
    assert bad and all(d.start_s >= 8.0 - 0.01 for d in bad) and any(d.start_s <= 16.0 < d.end_s for d in bad)


def test_a_section_at_another_tempo_reads_its_ratio_to_the_rest():
    from quality.detectors.timing_drift import section_stretches
    from quality.features import Features

    f = Features(_take("tempo100"))
    [(rs, best, at1)] = section_stretches(f.onset_env, frame_s=f.frame_s, spans=[(8.5, 15.5)])
    assert any(r == pytest.approx(100 / 120, abs=0.02) for r in rs) and best - at1 > 0.05
    clean = Features(_take(None))
    [(rs, best, at1)] = section_stretches(clean.onset_env, frame_s=clean.frame_s, spans=[(8.5, 15.5)])
    assert rs[0] == pytest.approx(1.0, abs=0.01) and best - at1 < 0.02


def test_a_move_off_the_bar_grid_is_found_from_the_sections_tempo(reports):
    b = _by_time(reports["tempo100"])
    assert b[8.0].status == "hit" and abs(b[8.0].shift_s) < 0.5
    for t in (16.0, 24.0, 32.0):
        assert b[t].status == "shifted" and b[t].shift_s == pytest.approx(1.6, abs=0.35), b[t]
    assert _mismatches(reports["tempo100"])


def test_a_short_plan_hears_a_bar_move_the_sections_sound_backs():
    """Three planned boundaries are too few for a move the novelty alone carries (one noisy
    boundary would); the intro a bar long still moves them all, and the moved layout makes
    the verse, the chorus and the bridge sound like themselves again (quality/structure_form.py)."""
    plan = PLAN[:4]
    clean = analyze(_take(None, plan=plan), events=_events(plan), planned_duration_s=32.0)
    assert not _mismatches(clean)
    rep = analyze(_take("stretched", plan=plan), events=_events(plan), planned_duration_s=32.0)
    b = _by_time(rep)
    for t in (8.0, 16.0, 24.0):
        assert b[t].status == "shifted" and b[t].shift_s == pytest.approx(2.0, abs=0.3), b[t]
    assert any(d.start_s <= 8.0 < d.end_s for d in _mismatches(rep))


def test_a_bar_move_is_tested_when_the_tempo_is_heard_at_half():
    """At 60 bpm heard (half of 120) two heard beats are the whole 2 s bar: the tolerance is
    capped at 3/4 of the plan's bar, so the intro a bar long is still heard moving the rest."""
    from quality.features import Features
    from quality.structure_bars import check_bar_moves
    from quality.structure_plan import _Novelty, cell_features

    f = Features(_take("stretched"))
    fx, cell_s = cell_features(f)
    bounds = [BoundaryEvidence(planned_s=a, before=p[0], after=t, status="hit", evidence=1.5, found_s=a, shift_s=0.0)
              for p, (t, a, _) in zip(PLAN, PLAN[1:], strict=False)]
    check_bar_moves(_Novelty(fx, cell_s, [b.planned_s for b in bounds]), bounds, tempo_bpm=60.0, tol_s=2.0,
                    content_end_s=40.0)
    for b in bounds:
        assert b.status == "shifted" and b.shift_s == pytest.approx(2.0, abs=0.3), b
