"""bench/essentia_peer.py and bench/essentia_worker.py, the parts that need no Essentia: how
detector events become aceprod kinds and ranges, and how found / clean false alarms are
counted (the Essentia venv itself is bench-only and never needed here)."""

from __future__ import annotations

import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "bench"))

import essentia_peer as P  # noqa: E402
import essentia_worker as W  # noqa: E402


def test_point_events_join_and_frame_indexes_become_times():
    assert W.join_ranges([(2.0, 2.0), (1.0, 1.5), (1.505, 1.6), (2.5, 2.4)]) == [[1.0, 1.6], [2.0, 2.0], [2.5, 2.5]]
    # frames start at samples 0 and 48000 (48 kHz); hits are sample indexes inside each frame
    assert W.frame_indexes_to_ranges([(0, []), (48000, [24000, 100, 4800])], 48000) == [[1.0021, 1.5]]
    assert W.flagged_frames_to_ranges([0, 512, 4096], 1024, 1024.0) == [[0.0, 1.5], [4.0, 5.0]]


def test_stop_cut_read_as_an_early_ending():
    # sound reaches the end (stopCut 1): no event; silent after frame 9 of hop 512 at 1024 Hz: 5 s .. 12 s
    assert W.trailing_silence(1, 20, 512, 12288, 1024.0) == []
    assert W.trailing_silence(0, 9, 512, 12288, 1024.0) == [[5.0, 12.0]]


def test_detectors_run_per_copy_are_those_of_its_kind():
    assert P.detectors_for("click") == ["ClickDetector", "DiscontinuityDetector"]
    assert P.detectors_for("clipping") == P.detectors_for("distortion") == ["SaturationDetector"]
    assert P.detectors_for("dc_offset") == ["DCRemoval"]
    assert P.detectors_for("phase_issue") == P.detectors_for("muddy_mix") == []  # n/a: not even run
    clean = P.detectors_for("clean")
    assert "HumDetector" in clean and "DCRemoval" in clean and "TruePeakDetector" not in clean
    assert "TruePeakDetector" in P.detectors_for("clean", true_peak=True)


def test_events_map_to_kinds_and_dc_is_derived_from_the_removed_mean():
    ans = {"events": {"SaturationDetector": [[3.0, 3.1]], "GapsDetector": [], "HumDetector": [[0.0, 60.0]]},
           "values": {"dc_removed": 0.02}}
    ev = P.kind_events(ans, 60.0, dc_limit=0.005)
    assert ev["clipping"] == ev["distortion"] == [[3.0, 3.1]]
    assert ev["dropout"] == [] and ev["hum"] == [[0.0, 60.0]] and ev["dc_offset"] == [[0.0, 60.0]]
    assert "dc_offset" not in P.kind_events(ans | {"values": {"dc_removed": 0.001}}, 60.0, dc_limit=0.005)


def _row(kind, plant, events):
    return {"kind": kind, "plant": None if plant is None else {"start_s": plant[0], "end_s": plant[1]}, "ev": events}


def test_found_within_tolerance_and_clean_false_alarms_counted_per_excerpt():
    assert P.overlaps([[10.6, 10.7]], 9.0, 10.1)  # 0.5 s after the range
    assert not P.overlaps([[10.7, 10.8]], 9.0, 10.1)
    assert P.overlaps([[0.0, 60.0]], 30.0, 30.0)
    rows = [
        _row("clean", None, {}),
        _row("clean", None, {"click": [[1.0, 1.0], [2.0, 2.0]], "hum": [[0.0, 5.0]]}),  # one excerpt, not two alarms
        _row("clean", None, {"narrow_stereo": [[0.0, 60.0]]}),  # not a shared fault
        _row("click", (20.0, 20.0), {"click": [[20.3, 20.3]]}),
        _row("click", (20.0, 20.0), {"click": [[25.0, 25.0]], "noise_burst": [[20.0, 20.1]]}),  # wrong kind / place
        _row("dropout", (5.0, 5.2), {}),
        _row("muddy_mix", (0.0, 60.0), {"muddy_mix": [[0.0, 60.0]]}),  # not covered: n/a
    ]
    s = P.score(rows, lambda r: r["ev"], covered={"click", "dropout", "narrow_stereo", "hum"})
    assert s["clean"] == 3
    assert s["recall"] == {"click": [1, 2], "dropout": [0, 1], "narrow_stereo": [0, 0]}
    assert s["clean_fa"] == {"click": 1, "dropout": 0, "narrow_stereo": 1, "hum": 1}
    assert s["clean_any_shared_fault"] == 1
    assert P._cell(s["recall"], s["clean_fa"], "click", 3) == "1/2 (1)"
    assert P._cell(s["recall"], s["clean_fa"], "muddy_mix", 3) == "n/a"


def test_aceprod_events_keep_only_defects_it_acts_on():
    row = {"report": {"defects": [
        {"kind": "click", "severity": 0.3, "start_s": 1.0, "end_s": 1.0},
        {"kind": "click", "severity": 0.1, "start_s": 2.0, "end_s": 2.0},  # a note, under MIN_SEV
        {"kind": "dropout", "severity": 0.24, "start_s": 3.0, "end_s": 3.1},
    ]}}
    assert P.aceprod_events(row) == {"click": [[1.0, 1.0]]}
