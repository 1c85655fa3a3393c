"""Known answers for phase_issue on signals built like fresh12's MIDI renders (bench/midi_effects_study.py).

fluidsynth's chorus turns a mono send into three modulated delay lines and spreads them with a stereo unit at its
fixed maximum width: left 5.5 d0 - 4.5 d1, right 5.5 d1 - 4.5 d0 (d0, d1: the even and odd lines), so its return
is an anti-phase pair whose mono sum is a tenth of its side. Added to a dry mix that is itself mono-compatible, the
file reads negative throughout when the return is louder than the dry mix (Freedoom's pieces: up to 8 dB), yet its
mono sum is the dry mix: every instrument is still there, only the chorus cancels. Such a file is no fault while
its bass stays near mono (the whole-file rule asks for the low band under WHOLE_LOW_CORRELATION too), but a range of
it inverted in polarity is (it reads positive, its bands all reversed against the context: RISING). A file inverted
throughout stays a fault. A polarity flip of one
band is a fault: found when it is the low band (20-150 Hz, the extreme rule), missed above it (known miss, xfail):
the full-band correlation stays positive and the low band untouched."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.signal import butter, sosfiltfilt

from quality import fixtures as F
from quality.detectors import DETECTORS, Context
from quality.detectors import phase_issue as P
from quality.features import Features
from quality.report import DefectKind

SR = 48000
RANGE_S = (10.0, 16.0)


@pytest.fixture(scope="module")
def dry() -> np.ndarray:
    """A synthetic song from its fifth second (its sparse intro under a return scaled to the whole song reads under
    EXTREME_CORRELATION: a return that loud over next to nothing is flagged, as it should be)."""
    return np.ascontiguousarray(F.song(duration_s=30.0, seed=1)[0][:, 5 * SR :])


def _delayed(x: np.ndarray, phase: float) -> np.ndarray:
    """``x`` through a delay of 4 +- 4 ms swept by a 0.3 Hz sine (fluidsynth's defaults), linear interpolation."""
    n = np.arange(x.size)
    pos = n - (4.0 + 4.0 * np.sin(2 * np.pi * 0.3 * n / SR + phase)) * SR / 1000.0
    i = np.floor(pos).astype(int)
    fr = pos - i
    a, b = x[np.clip(i, 0, x.size - 1)], x[np.clip(i + 1, 0, x.size - 1)]
    return np.where(i >= 0, (1 - fr) * a + fr * b, 0.0)


def chorused(y: np.ndarray, return_db: float, send_from_hz: float | None = None) -> np.ndarray:
    """``y`` with an anti-phase chorus return ``return_db`` over its own power (the stereo unit above); the send
    high-passed at ``send_from_hz`` when given (the chorus on the parts above the bass, the bass dry)."""
    send = y.mean(axis=0).astype(np.float64)
    if send_from_hz is not None:
        send = sosfiltfilt(butter(4, send_from_hz, btype="high", fs=SR, output="sos"), send)
    lines = [_delayed(send, 2 * np.pi * k / 3) for k in range(3)]
    d0, d1 = lines[0] + lines[2], 2 * lines[1]
    w = np.stack([5.5 * d0 - 4.5 * d1, 5.5 * d1 - 4.5 * d0])
    g = 10 ** (return_db / 20) * np.sqrt(float((y.astype(np.float64) ** 2).mean() / (w**2).mean()))
    return (y + g * w).astype(np.float32)


def flipped_band(y: np.ndarray, lo_hz: float, hi_hz: float) -> np.ndarray:
    """``y`` with the right channel's ``lo_hz``-``hi_hz`` band inverted over RANGE_S (the rest untouched)."""
    band = sosfiltfilt(butter(4, [lo_hz, hi_hz], btype="band", fs=SR, output="sos"), y[1]).astype(np.float32)
    a, b = (int(t * SR) for t in RANGE_S)
    o = y.copy()
    o[1, a:b] -= 2 * band[a:b]
    return o


def _worst(y: np.ndarray) -> float:
    ds = DETECTORS[DefectKind.phase_issue](Context(feats=Features(y), planned_duration_s=None))
    return max((d.severity for d in ds), default=0.0)


def _corr(y: np.ndarray) -> float:
    a, b = y.astype(np.float64)
    return float((a * b).sum() / np.sqrt((a * a).sum() * (b * b).sum()))


def _low_corr(y: np.ndarray) -> float:
    s = Features(y).lowband_sums.sum(axis=0)  # the detector's own low band (below 150 Hz)
    return float(s[2] / np.sqrt(s[0] * s[1]))


def _mono_db(y: np.ndarray) -> float:
    y = y.astype(np.float64)
    return float(10 * np.log10(((y[0] + y[1]) ** 2).mean() / 4))


def test_the_chorus_return_is_anti_phase_and_its_mono_sum_is_the_dry_mix(dry):
    y = chorused(dry, 6.0)
    assert _corr(y) < -0.5  # reads negative throughout
    assert abs(_mono_db(y) - _mono_db(dry)) < 1.0  # yet mono keeps the dry mix's level: nothing is cancelled but the chorus


def test_a_quieter_chorus_return_is_no_phase_issue(dry):
    assert _worst(chorused(dry, 0.0)) < 0.25


ABOVE_BASS_HZ = 200.0


def test_a_loud_anti_phase_chorus_return_is_no_fault(dry):
    y = chorused(dry, 6.0, ABOVE_BASS_HZ)
    assert _corr(y) < P.MAX_CORRELATION and _low_corr(y) > P.WHOLE_LOW_CORRELATION  # negative, its bass near mono
    assert _worst(y) < 0.25


def test_a_range_inverted_in_a_chorus_widened_file_is_a_fault(dry):
    y = F.plant_phase(chorused(dry, 6.0, ABOVE_BASS_HZ), start_s=RANGE_S[0], dur_s=RANGE_S[1] - RANGE_S[0])[0]
    ds = DETECTORS[DefectKind.phase_issue](Context(feats=Features(y), planned_duration_s=None))
    assert any(d.severity >= 0.5 and d.start_s <= RANGE_S[1] and d.end_s >= RANGE_S[0] and d.evidence["correlation"] > 0
               for d in ds)  # found as a positive range against the file's negative image


@pytest.mark.xfail(strict=True, reason="known false alarm: a chorus return on the bass too turns the low band negative "
                   "with the rest (Freedoom's doom2 and betwee), which is how one channel inverted throughout reads")
def test_a_loud_anti_phase_chorus_return_on_the_bass_too_is_no_fault(dry):
    assert _worst(chorused(dry, 6.0)) < 0.25


def test_a_file_inverted_throughout_is_still_a_fault(dry):
    y = dry.copy()
    y[1] *= -1
    assert P.inverted_file(_corr(y), _low_corr(y)) and _worst(y) >= 0.5


def test_a_low_band_flipped_in_polarity_is_a_fault(dry):
    assert _worst(flipped_band(dry, 40.0, 150.0)) >= 0.5


@pytest.mark.xfail(strict=True, reason="known miss: a flip of one band above 150 Hz moves neither the full-band "
                   "correlation under MAX_CORRELATION nor the low band")
def test_a_low_mid_band_flipped_in_polarity_is_a_fault(dry):
    assert _worst(flipped_band(dry, 150.0, 600.0)) >= 0.5
