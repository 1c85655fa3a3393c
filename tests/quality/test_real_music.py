"""The critic on music as recorded: what it must tell apart (bench/quality_real.py measures
it on packaged recordings), the numpy stand-ins for librosa on the score path, and the
score command's start-up staying free of heavy imports."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from scipy.signal import butter, sosfilt

from quality import dsp
from quality import fixtures as F
from quality.analyze import analyze
from quality.detectors.base import Context
from quality.features import Features
from quality.report import DefectKind

ACT = 0.25  # the agent acts from this severity
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def song():
    return F.song(duration_s=30.0, seed=11)[0]


def _found(defects, kind, start=None, end=None, sev=ACT):
    return [d for d in defects if d.kind == kind and d.severity >= sev
            and (start is None or (d.start_s <= end + 0.5 and d.end_s >= start - 0.5))]


def _phase(y):
    from quality.detectors import phase_issue

    return phase_issue.run(Context(feats=Features(y)))


def test_a_wide_passage_is_not_a_phase_fault_but_an_inversion_is(song):
    # a stereo widener on the highs (reverb, a pad): the full band reads negative, the low band stays mono
    y = song.copy()
    a, b = 10 * F.SR, 16 * F.SR
    hp = butter(4, 500, "high", fs=F.SR, output="sos")
    high = sosfilt(hp, y[:, a:b], axis=1).astype(np.float32)
    y[1, a:b] -= 2.2 * high[1]
    assert not _found(_phase(y), DefectKind.phase_issue)
    inv, _ = F.plant_phase(song, start_s=10.0, dur_s=6.0)
    assert _found(_phase(inv), DefectKind.phase_issue, 10.0, 16.0)


@pytest.mark.xfail(strict=True, reason="known miss: inverting a channel of a decorrelated recording (correlation ~0) "
                                      "changes no band's correlation, so nothing tells it from the music's own image")
def test_inversion_of_a_decorrelated_recording_is_found():
    rng = np.random.default_rng(3)
    y = (0.1 * rng.standard_normal((2, 30 * F.SR))).astype(np.float32)
    inv, _ = F.plant_phase(y, start_s=10.0, dur_s=6.0)
    assert _found(_phase(inv), DefectKind.phase_issue, 10.0, 16.0)


def test_faint_discontinuity_is_not_a_click_an_audible_one_is(song):
    from quality.detectors import click

    faint, _ = F.plant_click(song, time_s=12.3, amp=0.02)  # d2 0.05: below the audibility floor
    assert not _found(click.run(Context(feats=Features(faint))), DefectKind.click, 12.3, 12.3)
    loud, _ = F.plant_click(song, time_s=12.3, amp=0.15)
    assert _found(click.run(Context(feats=Features(loud))), DefectKind.click, 12.3, 12.3)


def test_a_click_under_a_dense_bright_wall_is_found_in_the_high_band():
    """Noise low-passed at 12 kHz (a codec's top, a wall of guitars and hats) fills the band the
    second difference weighs: the click stands out only in the fourth difference's band."""
    from quality.detectors import click

    rng = np.random.default_rng(5)
    wall = sosfilt(butter(8, 12000, fs=F.SR, output="sos"), rng.standard_normal((2, 20 * F.SR)), axis=1)
    wall = (0.1 * wall / np.std(wall)).astype(np.float32)
    hit, _ = F.plant_click(wall, time_s=8.0, amp=0.3)
    ctx = Context(feats=Features(hit))
    assert not [g for g in click._events(ctx, False)[0] if abs(g["time_s"] - 8.0) < 0.05 and g["sev"] >= 0.25]
    assert _found(click.run(ctx), DefectKind.click, 8.0, 8.0)
    assert not [d for d in click.run(Context(feats=Features(wall))) if d.severity >= 0.25]


def test_a_dc_offset_is_reported_without_sinking_a_clean_score(song):
    r = analyze(F.plant_dc(song, dc=0.05)[0])
    assert _found(r.defects, DefectKind.dc_offset, sev=0.9)
    assert r.overall >= 8.5, r.defects


def test_bell_gain_reads_a_bell_beside_the_tracks_own_tilt():
    from quality.detectors.spectral_balance import HARSH_BELL_RANGE_HZ, MUD_BELL_RANGE_HZ
    from quality.detectors.tonal_bell import bell_db, bell_gain_db

    grid = 2 ** np.arange(np.log2(30.0), np.log2(16_000.0), 1 / 6)
    for tilt in (-9.0, -3.0, 2.0):  # dark to bright: the tilt is the track's, not a fault
        level = -20.0 + tilt * np.log2(grid / 1000.0)
        for centre, (lo, hi) in ((3162.3, HARSH_BELL_RANGE_HZ), (316.2, MUD_BELL_RANGE_HZ)):
            assert abs(bell_gain_db(grid, level, centre_hz=centre, lo_hz=lo, hi_hz=hi)) < 0.01
            boosted = level + bell_db(grid, centre, gain_db=12.0)
            assert bell_gain_db(grid, boosted, centre_hz=centre, lo_hz=lo, hi_hz=hi) == pytest.approx(12.0, abs=1.0)


@pytest.mark.parametrize(("kind", "freq_hz", "q", "gain_db"), [(DefectKind.harshness, 3000.0, 0.7, 20.0),
                                                             (DefectKind.muddy_mix, 320.0, 0.8, 16.0)])
def test_a_whole_mix_bell_is_tonal_a_brighter_section_is_not(song, kind, freq_hz, q, gain_db):
    # a bus EQ lifts every moment by the bell's shape; a chorus boosted by the same bell for
    # a third of the track moves the long-term spectrum by much less and is the music's own
    from quality.detectors import harshness, muddy_mix

    run = (harshness if kind == DefectKind.harshness else muddy_mix).run
    assert not _found(run(Context(feats=Features(song))), kind)
    assert _found(run(Context(feats=Features(F.peaking_eq(song, freq_hz=freq_hz, gain_db=gain_db, q=q)))), kind)
    y = song.copy()
    a, b = 10 * F.SR, 20 * F.SR
    y[:, a:b] = F.peaking_eq(song[:, a:b], freq_hz=freq_hz, gain_db=10.0, q=q)
    assert not _found(run(Context(feats=Features(y))), kind)


@pytest.mark.xfail(strict=True, reason="known miss without stems: a +10 dB low-mid bell on a track whose own low-mid "
                                      "sits under its tilt (this song: -2.8 dB) reads 6.4 dB, under the 8 dB limit that keeps clean "
                                      "drum-kit recordings unflagged (their body reads up to 7 dB; see bench/quality_real.py)")
def test_a_moderate_low_mid_bell_on_a_lean_track_without_stems(song):
    from quality.detectors import muddy_mix

    y = F.peaking_eq(song, freq_hz=320.0, gain_db=10.0, q=0.8)
    assert _found(muddy_mix.run(Context(feats=Features(y))), DefectKind.muddy_mix)


def test_saturation_of_a_wide_recording_is_found_on_its_channels():
    # each channel saturated on its own (a bus saturator, a limiter): in a decorrelated stereo
    # image the mid channel, the mean of two differently flat-topped waves, keeps round peaks
    from quality.detectors import distortion

    rng = np.random.default_rng(3)
    t = np.arange(20 * F.SR) / F.SR
    part = lambda: sum(rng.uniform(0.3, 1.0) * np.sin(2 * np.pi * f * t + rng.uniform(0, 6)) for f in rng.uniform(80, 2000, 12))  # noqa: E731
    y = np.stack([part(), part()]).astype(np.float32)
    y *= np.float32(0.3 / np.abs(y).max())
    sat, _ = F.plant_distortion(y, start_s=8.0, dur_s=4.0, drive=5.0)
    f = Features(sat)
    assert not distortion.detect(f.shape_stats, window_s=0.1, purity=lambda i: distortion.tone_purity(f, i))  # the mid alone
    assert _found(distortion.run(Context(feats=f)), DefectKind.distortion, 8.0, 12.0)
    assert not distortion.run(Context(feats=Features(y)))


def test_a_click_on_an_onset_is_still_a_click():
    from quality.detectors import click

    t = np.arange(4 * F.SR) / F.SR
    y = (0.01 * np.sin(2 * np.pi * 220 * t)).astype(np.float32)
    on = 2 * F.SR  # a louder, brighter part starts here: the music changes around the click
    y[on:] += (0.3 * np.sin(2 * np.pi * 1800 * t[on:])).astype(np.float32)
    assert not [h for h in click.detect(y, sr=F.SR) if h["is_click"]]  # the onset alone
    y[on] += 0.4
    y[on + 1] -= 0.2
    hits = [h for h in click.detect(y, sr=F.SR) if h["is_click"] and abs(h["time_s"] - 2.0) < 0.01]
    assert hits and abs(hits[0]["change_db"]) > click.MAX_CONTEXT_CHANGE_DB



def test_an_attack_that_starts_a_sound_is_not_a_loud_click():
    """A bright 12 ms burst around a sharp edge on a quiet passage (a hit, smeared by a codec's
    pre-echo) stands over its 50 ms surroundings as far as a click does, but so do the 5 ms
    after it: a minor note at most. The same edge alone on the same passage is a loud click."""
    from quality.detectors import click

    t = np.arange(6 * F.SR) / F.SR
    quiet = np.tile((0.01 * np.sin(2 * np.pi * 220 * t)).astype(np.float32), (2, 1))
    i, w = 3 * F.SR, int(0.006 * F.SR)
    edge = quiet.copy()
    edge[:, i] += 0.3
    edge[:, i + 1] -= 0.15
    hit = edge.copy()
    hit[:, i - w : i + w] += (0.02 * np.random.default_rng(0).standard_normal(2 * w)).astype(np.float32)
    clicks = click.run(Context(feats=Features(edge)))
    hits = click.run(Context(feats=Features(hit)))
    assert len(clicks) == 1 and clicks[0].severity >= 0.5
    assert len(hits) == 1 and hits[0].severity < 0.5
    assert hits[0].evidence["ratio_db"] - hits[0].evidence["peak_over_after_db"] > click.MAX_AFTER_OVER_AROUND_DB

# ---- numpy stand-ins for librosa / scipy.signal on the score path ----------------------------

def test_filterbanks_sync_and_peaks_match_librosa_and_scipy():
    import librosa
    from scipy.signal import find_peaks, firwin

    from quality.features import LOWBAND_HZ, LOWBAND_SOS
    from quality.loudness import kaiser_lowpass

    ref = librosa.filters.mel(sr=48_000, n_fft=2048, n_mels=64, fmax=16000)
    assert np.abs(dsp.mel_filterbank(sr=48_000, n_fft=2048, n_mels=64, fmax=16000) - ref).max() < 1e-6 * ref.max()
    ref = librosa.filters.chroma(sr=48_000, n_fft=2048)
    assert np.abs(dsp.chroma_filterbank(sr=48_000, n_fft=2048) - ref).max() < 1e-6
    x = np.random.default_rng(0).random((10, 100))
    assert np.array_equal(dsp.sync(x, np.array([3, 10, 50, 77])), librosa.util.sync(x, [3, 10, 50, 77], aggregate=np.median))
    env = np.random.default_rng(1).random(3000)
    assert np.array_equal(dsp.find_peaks(env, height=0.6, distance=3), find_peaks(env, height=0.6, distance=3)[0])
    assert np.allclose(kaiser_lowpass(48, 20_000 / 192_000, beta=7.0), firwin(48, 20_000, fs=192_000, window=("kaiser", 7.0)))
    sos = butter(4, LOWBAND_HZ, "low", fs=48_000, output="sos")
    assert np.allclose(LOWBAND_SOS, sos[:, [0, 1, 2, 4, 5]], rtol=1e-12)


@pytest.mark.parametrize("seed", [0, 4])
def test_beat_tracker_matches_librosa(seed):
    import librosa.beat

    from quality.tempo import estimate_tempo

    f = Features(F.song(duration_s=30.0, seed=seed, bpm=96.0 if seed == 0 else 140.0)[0])
    tempo, _ = estimate_tempo(f.onset_env, fps=1 / f.frame_s, percussive=f.percussive)
    _, ref = librosa.beat.beat_track(onset_envelope=f.onset_env, sr=48_000, hop_length=f.hop, units="frames", bpm=tempo)
    assert np.array_equal(dsp.beat_track(f.onset_env, fps=48_000 / f.hop, bpm=tempo), ref)


def test_score_command_imports_no_heavy_module(tmp_path, song):
    from engine.audio import write_flac

    p = write_flac(tmp_path / "s.flac", song[:, : 5 * F.SR])
    code = ("import sys, runpy\n"
            f"sys.argv = ['aceprod', 'score', {str(p)!r}, '--json']\n"
            "try:\n    runpy.run_module('agent.cli', run_name='__main__')\nexcept SystemExit as e:\n    assert not e.code, e.code\n"
            "heavy = sorted(m for m in sys.modules if m.split('.')[0] in ('librosa', 'mir_eval', 'torch', 'sklearn',\n"
            "               'numba', 'llvmlite', 'scipy'))\n"
            "print('HEAVY', heavy)\n")
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=ROOT, timeout=600)
    assert out.returncode == 0, out.stderr[-2000:]
    assert "HEAVY []" in out.stdout, out.stdout[-500:]
