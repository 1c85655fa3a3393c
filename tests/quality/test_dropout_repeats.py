"""A silence the music repeats is written (a tracker's empty row coming back with its pattern), not a dropout; a
dropout written into the same music, whose silence nothing repeats, is still one (quality/detectors/dropout.py,
REPEAT_*)."""

from __future__ import annotations

import numpy as np

from quality import fixtures as F
from quality.analyze import analyze

SR = 48_000
BAR_S = 2.0
EMPTY_ROW_S = 0.1


def _bar(pitches: list[float], *, empty_row: bool) -> np.ndarray:
    """Eight 250 ms notes (a plucked tone over a held fifth), cut hard to digital zero for the bar's last
    EMPTY_ROW_S when ``empty_row`` (a tracker's note-off followed by an empty row)."""
    n = int(BAR_S * SR)
    t = np.arange(n) / SR
    y = 0.15 * np.sin(2 * np.pi * 110 * t) + 0.1 * np.sin(2 * np.pi * 165 * t)
    step = n // 8
    for i, f in enumerate(pitches):
        tt = np.arange(step) / SR
        y[i * step:(i + 1) * step] += 0.3 * np.exp(-tt / 0.12) * np.sin(2 * np.pi * f * tt)
    if empty_row:
        y[n - int(EMPTY_ROW_S * SR):] = 0.0
    return y


def _tune() -> np.ndarray:
    """A 24 s tune of two bars, A A B A A B ...: B ends in an empty row, so three hard 100 ms silences, each in the
    same music."""
    a = _bar([440, 554, 659, 554, 440, 659, 554, 880], empty_row=False)
    b = _bar([392, 494, 587, 494, 392, 587, 784, 587], empty_row=True)
    x = np.concatenate([a, a, b, a, a, b, a, a, b, a, a, a]).astype(np.float32)
    rng = np.random.default_rng(0)
    x[x != 0] += 0.002 * rng.standard_normal(int((x != 0).sum())).astype(np.float32)  # a little hiss: not a synth
    return np.stack([x, 0.9 * x])


def _dropouts(y: np.ndarray):
    return [d for d in analyze(y).defects if d.kind.value == "dropout"]


def test_empty_rows_that_come_back_with_their_pattern_are_no_fault():
    ds = _dropouts(_tune())
    assert len(ds) == 3  # still seen (a reader may want them), at a written gap's severity
    assert all(d.severity < 0.5 for d in ds)
    assert all(d.evidence["twin_db"] < 4.0 for d in ds)


def test_one_of_those_rows_alone_is_still_a_fault():
    """The same hard 100 ms cut, once in the file with no twin: the severity the rule lowers is the usual one."""
    a = _bar([440, 554, 659, 554, 440, 659, 554, 880], empty_row=False)
    b = _bar([392, 494, 587, 494, 392, 587, 784, 587], empty_row=True)
    x = np.concatenate([a, a, b] + [a] * 9).astype(np.float32)
    ds = _dropouts(np.stack([x, 0.9 * x]))
    assert len(ds) == 1 and ds[0].severity >= 0.5 and ds[0].evidence["twin_db"] >= 4.0


def test_a_dropout_planted_into_the_repeating_tune_is_still_found():
    """The music around the plant comes back every bar, its silence does not: a fault, where it was planted."""
    y, truth = F.plant_dropout(_tune(), start_s=8.9, dur_s=0.12)
    ds = [d for d in _dropouts(y) if d.start_s <= truth[2] + 0.05 and d.end_s >= truth[1] - 0.05]
    assert len(ds) == 1 and ds[0].severity >= 0.5
    assert ds[0].evidence["twin_db"] >= 4.0
    rows = [d for d in _dropouts(y) if d not in ds]
    assert len(rows) == 3 and all(d.severity < 0.5 for d in rows)
