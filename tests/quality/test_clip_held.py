"""Clipping holds a value: a low note's own rounded peak is not a clip (known answers: sines
from 20 to 110 Hz peaking at -1 dBFS, through a real 24-bit FLAC, and the same parts clipped)."""

from __future__ import annotations

import numpy as np
import pytest

from engine.audio import read_audio, write_flac
from quality.analyze import analyze
from quality.detectors import clipping

SR = 48_000


def _bass(freq: float) -> np.ndarray:
    t = np.arange(4 * SR) / SR
    y = 10 ** (-1 / 20) * np.sin(2 * np.pi * freq * t) * np.minimum(1.0, t / 0.01)
    return np.stack([y, y]).astype(np.float32)


@pytest.mark.parametrize("freq", [20.0, 41.2, 55.0, 110.0])
def test_a_low_notes_peak_is_not_clipping_but_the_same_note_clipped_is(tmp_path, freq):
    clean = read_audio(write_flac(tmp_path / "bass.flac", _bass(freq)))
    assert clipping.detect(clean, sr=SR) == []
    clipped = read_audio(write_flac(tmp_path / "clipped.flac", np.clip(_bass(freq) * 1.5, -0.8, 0.8)))
    found = clipping.detect(clipped, sr=SR)
    assert found and found[0]["start_s"] < 0.1 and found[-1]["end_s"] > 3.9


def test_a_bass_stem_peaking_on_a_low_note_gets_no_repair(tmp_path):
    bass = read_audio(write_flac(tmp_path / "bass.flac", _bass(41.2)))
    mix = bass * np.float32(0.5)
    r = analyze(mix, sr=SR, stems={"bass": bass})
    assert not [d for s in r.stems for d in s.defects if d.kind.value == "clipping"]
    assert not [s for s in r.suggested_repairs if s.stem == "bass"]
