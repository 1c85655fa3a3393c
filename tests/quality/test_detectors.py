"""Synthetic signals with known answers: detection, timing, severity ordering."""

from __future__ import annotations

import pytest

from quality import fixtures as F
from quality.analyze import analyze

from .conftest import kinds, sine


def _find(report, kind):
    return [d for d in report.defects if d.kind.value == kind]


def test_clipped_sine_is_clipping_with_sample_timing():
    y = sine(seconds=6.0, amp=0.5)
    y2, truth = F.plant_clipping(y, start_s=2.0, dur_s=0.5, drive_db=6.0)
    ds = _find(analyze(y2), "clipping")
    assert ds, "no clipping found"
    assert abs(ds[0].start_s - truth[1]) < 0.05 and abs(ds[-1].end_s - truth[2]) < 0.05


def test_clipping_severity_rises_with_drive(clean_song):
    y = clean_song[0]
    sev = []
    for drive in (1.0, 6.0, 12.0):
        r = analyze(F.plant_clipping(y, start_s=12.0, dur_s=2.0, drive_db=drive)[0])
        sev.append(max((d.severity for d in _find(r, "clipping")), default=0.0))
    assert sev[0] < sev[1] < sev[2]


def test_50ms_dropout_found_within_50ms(clean_song):
    y2, truth = F.plant_dropout(clean_song[0], start_s=14.3, dur_s=0.05)
    ds = _find(analyze(y2), "dropout")
    assert len(ds) == 1
    assert abs(ds[0].start_s - truth[1]) < 0.05 and abs(ds[0].end_s - truth[2]) < 0.05
    assert ds[0].severity >= 0.5


def test_gaps_that_recur_are_the_musics_own_articulation(clean_song):
    """A file holding RECURRING_GAPS gaps (a tracker's note-offs) has each reported at RECURRING_FACTOR of
    the severity the same gap has alone; one gap alone keeps it. (The song loops, so the five gaps, cut at the same
    place of its pattern, are each other's twins: the repeat rule lowers them too, REPEAT_FACTOR.)"""
    from quality.detectors.dropout import RECURRING_FACTOR, RECURRING_GAPS, REPEAT_DB, REPEAT_FACTOR

    y = clean_song[0]
    alone = _find(analyze(F.plant_dropout(y, start_s=14.3, dur_s=0.08)[0]), "dropout")
    many = y
    for i in range(RECURRING_GAPS):
        many = F.plant_dropout(many, start_s=4.3 + 2.5 * i, dur_s=0.08)[0]
    ds = _find(analyze(many), "dropout")
    assert len(alone) == 1 and alone[0].severity >= 0.5
    assert len(ds) == RECURRING_GAPS and all(d.evidence["gaps_in_file"] == RECURRING_GAPS for d in ds)
    on = [d for d in ds if abs(d.start_s - 14.3) < 0.05]
    twin = REPEAT_FACTOR if on and on[0].evidence["twin_db"] < REPEAT_DB else 1.0
    assert on and on[0].severity == pytest.approx(RECURRING_FACTOR * twin * alone[0].severity, abs=0.01)


def test_dc_offset(clean_song):
    small = analyze(F.plant_dc(clean_song[0], dc=0.01)[0])
    big = analyze(F.plant_dc(clean_song[0], dc=0.04)[0])
    assert _find(small, "dc_offset") and _find(big, "dc_offset")
    assert _find(big, "dc_offset")[0].severity > _find(small, "dc_offset")[0].severity


def test_a_short_offset_just_past_the_window_limit_is_mild(clean_song):
    """A 1 s window passes its own limit (MAX_DC_WINDOW), so its severity starts at 0.25 there
    (a recording's asymmetric bass can reach it), and grows to serious only well past it."""
    from engine.constants import SAMPLE_RATE
    from quality.detectors.dc_offset import MAX_DC_WINDOW

    y = clean_song[0]
    a, b = int(20.0 * SAMPLE_RATE), int(22.0 * SAMPLE_RATE)
    just = y.copy()
    just[:, a:b] += MAX_DC_WINDOW * 1.15
    far = y.copy()
    far[:, a:b] += 0.045
    mild = _find(analyze(just), "dc_offset")
    loud = _find(analyze(far), "dc_offset")
    assert mild and loud
    assert max(d.severity for d in mild) < 0.5 <= max(d.severity for d in loud)


def test_inverted_channel_is_phase_issue(clean_song):
    y2, truth = F.plant_phase(clean_song[0], start_s=10.0, dur_s=6.0)
    ds = _find(analyze(y2), "phase_issue")
    assert ds and any(abs(d.start_s - truth[1]) < 1.0 for d in ds)


def test_added_3khz_is_harshness_and_ordered(clean_song):
    sev = []
    for g in (12.0, 18.0, 24.0):
        r = analyze(F.plant_harshness(clean_song[0], gain_db=g)[0])
        sev.append(max((d.severity for d in _find(r, "harshness")), default=0.0))
    assert sev[2] > 0 and sev[0] <= sev[1] <= sev[2]


def test_low_mid_boost_is_muddy(clean_song):
    assert "muddy_mix" in kinds(analyze(F.plant_mud(clean_song[0], gain_db=15.0)[0]))


def test_highpassed_mix_is_thin(clean_song):
    assert "thin_low_end" in kinds(analyze(F.plant_thin(clean_song[0], cutoff_hz=300.0)[0]))


def test_tempo_drift_found(clean_song):
    y2, truth = F.plant_tempo_drift(clean_song[0], start_s=8.0, dur_s=14.0, ratio=1.12)
    ds = _find(analyze(y2), "timing_drift")
    assert ds and any(d.start_s < truth[2] and d.end_s > truth[1] for d in ds)


def test_truncated_ending_against_plan(clean_song):
    y2, truth = F.plant_truncation(clean_song[0], keep_s=22.0)
    r = analyze(y2, planned_duration_s=30.0)
    ds = _find(r, "early_ending")
    assert ds and abs(ds[0].start_s - 22.0) < 0.1
    assert any(s.route in ("repaint_tail", "regenerate") for s in r.suggested_repairs)


def test_click_and_noise_burst(clean_song):
    y2, t = F.plant_click(clean_song[0], time_s=17.77, amp=0.6)
    ds = _find(analyze(y2), "click")
    assert any(abs(d.start_s - 17.77) < 0.05 for d in ds)
    y3, t3 = F.plant_noise_burst(clean_song[0], start_s=16.2, dur_s=0.3, level_db=6.0)
    ds = _find(analyze(y3), "noise_burst")
    assert any(abs(d.start_s - 16.2) < 0.1 for d in ds)


def test_distortion(clean_song):
    y2, t = F.plant_distortion(clean_song[0], start_s=10.0, dur_s=5.0, drive=8.0)
    ds = _find(analyze(y2), "distortion")
    assert ds and any(d.start_s < 15.0 and d.end_s > 10.0 for d in ds)


def test_loudness_and_true_peak_route_to_master(clean_song):
    r = analyze(F.plant_gain(clean_song[0], gain_db=-12.0)[0])
    assert "loudness_off_target" in kinds(r)
    assert any(s.route == "master" for s in r.suggested_repairs)


def test_mono_is_narrow_but_mild(clean_song):
    r = analyze(F.plant_narrow(clean_song[0])[0])
    d = _find(r, "narrow_stereo")
    assert d and d[0].severity < 0.5


def test_structure_against_plan(clean_song, clean_report):
    st = clean_report.structure
    assert st.planned_boundaries_s and st.f_measure_3s is not None and st.score is not None
    wrong = [{"type": "verse", "start": 0, "end": 3}, {"type": "chorus", "start": 3, "end": 17.0}, {"type": "bridge", "start": 17.0, "end": 30}]
    r = analyze(clean_song[0], events=wrong)
    assert r.structure.f_measure_3s <= st.f_measure_3s


@pytest.mark.parametrize("kind", ["clipping", "dropout"])
def test_local_defects_route_to_repaint(clean_song, kind):
    y = clean_song[0]
    y2 = F.plant_dropout(y, start_s=14.3, dur_s=0.1)[0] if kind == "dropout" else F.plant_clipping(y, start_s=14.0, dur_s=0.5, drive_db=12)[0]
    reps = [s for s in analyze(y2).suggested_repairs if s.route == "repaint"]
    assert reps and reps[0].start_s <= 14.3 <= reps[0].end_s
