"""A dropout cuts sound that was there; a composed silence follows music that went quiet and
starts a louder phrase (quality.detectors.dropout, COMPOSED_LEAD_IN_DB)."""

from __future__ import annotations

import numpy as np

from engine.constants import SAMPLE_RATE
from quality import fixtures as F
from quality.analyze import analyze
from quality.detectors.dropout import COMPOSED_LEAD_IN_DB, COMPOSED_SEVERITY, lead_in_db


def _dropouts(y: np.ndarray) -> list:
    return [d for d in analyze(y).defects if d.kind.value == "dropout"]


def test_lead_in_is_zero_inside_steady_music_and_deep_after_a_quiet_passage():
    assert lead_in_db(-20.0, -20.0, -20.0) == 0.0
    assert lead_in_db(-20.0, -25.0, -20.0) == 0.0  # falling after the gap: only the level before counts
    assert lead_in_db(-50.0, -20.0, -20.0) == -60.0  # 30 dB under the track, then a phrase 30 dB louder
    assert lead_in_db(-50.0, -20.0, -20.0) < COMPOSED_LEAD_IN_DB < lead_in_db(-30.0, -20.0, -20.0)


def test_a_cut_to_silence_after_a_quiet_passage_is_a_note_and_the_same_cut_in_the_music_a_fault(clean_song):
    y = clean_song[0]
    at, dur = 14.4, 0.3
    cut = F.plant_dropout(y, start_s=at, dur_s=dur)[0]
    ds = _dropouts(cut)
    assert len(ds) == 1 and ds[0].severity >= 0.5  # a cut in sound that was there
    a = int((at - 1.0) * SAMPLE_RATE)
    b = int(at * SAMPLE_RATE)
    quiet = cut.copy()
    quiet[:, a:b] *= np.float32(10 ** (-40 / 20))  # the second before the rest 40 dB down: the music went quiet
    ds = _dropouts(quiet)
    assert ds and max(d.severity for d in ds) <= COMPOSED_SEVERITY
    assert all(d.evidence["lead_in_db"] < COMPOSED_LEAD_IN_DB for d in ds)
