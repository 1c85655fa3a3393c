"""The shared analysis context: decode once, one STFT, every detector reads it.

``Features`` wraps stereo float32 audio ``(2, n)`` at 48 kHz and computes each
derived representation once, on first use (``cached_property``): one fused pass over
the samples (block statistics, K-weighted loudness steps, the low band, the mid
channel), true peak, the mid-channel power spectrogram, one fused pass over it
(per-frame band energies, centroid, flatness, mel spectrogram), the onset envelope
and percussive evidence, tempo and beats.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from engine.constants import SAMPLE_RATE
from quality import kernels
from quality.loudness import K_WEIGHTING_48K, STEP_S, Loudness, loudness_from_steps, true_peak_curve
from quality.stft import ChunkedSTFT

SR = SAMPLE_RATE
N_FFT = 2048  # 42.7 ms window
HOP = 1024  # 21.3 ms frame step
STEM_HOP = 4 * HOP  # stems: spectrum for whole-file metrics only (85 ms step, every 4th frame)
BLOCK = 240  # 5 ms time-domain block (dropouts, stereo, DC)
N_MELS = 64
HI_FLUX_HZ = 5000.0  # onset flux above this is mostly percussion (hats, snares)
STFT_CHUNK = 64  # frames per FFT call (1 MiB of float64 frames; each thread computes whole chunks)
TP_INTEREST_DBTP = -1.0  # true peak resolved exactly above this level (EBU R128 ceiling)

# Band limits in Hz (names used in Metrics.band_energy_db).
BANDS: dict[str, tuple[float, float]] = {
    "sub": (20.0, 60.0),
    "bass": (60.0, 200.0),
    "low_mid": (200.0, 500.0),
    "mid": (500.0, 2000.0),
    "presence": (2000.0, 5000.0),
    "brilliance": (5000.0, 10000.0),
    "air": (10000.0, 20000.0),
}
BAND_NAMES = tuple(BANDS)
FLATNESS_HZ = (100.0, 16000.0)


class cached_property:  # noqa: N801 (same name and use as functools.cached_property)
    """``functools.cached_property`` without its lock: on Python < 3.12 that lock is one per
    property for all instances, so a stem computing ``_time`` in a worker thread would
    block the mix computing its own ``_time``. Each Features is used by one thread at a
    time here (the mix's mid channel is computed before it is shared)."""

    def __init__(self, func):
        self.func = func
        self.name = func.__name__
        self.__doc__ = func.__doc__

    def __set_name__(self, owner, name):
        self.name = name

    def __get__(self, inst, owner=None):
        if inst is None:
            return self
        v = self.func(inst)
        inst.__dict__[self.name] = v
        return v


def _window() -> np.ndarray:
    """Periodic Hann window, float64: numpy's float64 FFT is faster than its float32 one."""
    return np.hanning(N_FFT + 1)[:-1]


class Features:
    """Lazily computed shared representations of one signal. ``y``: (2, n) float32, 48 kHz."""

    def __init__(self, y: np.ndarray, *, sr: int = SR, hop: int = HOP) -> None:
        """``hop``: spectral frame step in samples. The mix uses HOP; a stem, whose
        spectrum only feeds whole-file metrics, may use a multiple (STEM_HOP) to cut
        the STFT cost (frame-level detectors need HOP)."""
        if sr != SR:
            raise ValueError("Features works at 48 kHz; resample with engine.audio.to_stereo_48k first")
        self.y = np.ascontiguousarray(y, dtype=np.float32)
        self.sr = sr
        self.hop = hop
        self.n = self.y.shape[1]
        self.duration_s = self.n / sr

    # ---- time domain -------------------------------------------------------------
    @cached_property
    def _time(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """One fused pass over the samples (``kernels.time_pass``): 5 ms block sums,
        K-weighted 100 ms loudness steps, low-band 50 ms sums (its mid channel is not kept:
        ``mono`` holds the same values)."""
        blocks, kpow, low, _ = kernels.time_pass(self.y, K_WEIGHTING_48K, LOWBAND_SOS, BLOCK,
                                                 int(self.sr * STEP_S), LOWBAND_BLOCK, with_mono=False)
        return blocks, kpow, low

    @cached_property
    def mono(self) -> np.ndarray:
        """Mid channel (L+R)/2, (n,) float32: the same values as ``kernels.time_pass``'s, computed
        here so the spectral chain need not wait for the sample pass (``quality.analyze`` runs the
        two side by side)."""
        m = np.add(self.y[0], self.y[1])
        m *= np.float32(0.5)  # in place: one 4-byte-per-sample array, not two
        return m

    @cached_property
    def blocks(self) -> np.ndarray:
        """(n_blocks, 8) block sums, see ``kernels.time_pass``; 5 ms blocks."""
        return self._time[0]

    @cached_property
    def peak(self) -> float:
        """Sample peak max |y| over both channels."""
        return float(self.blocks[:, 3:5].max()) if self.blocks.size else 0.0

    @property
    def block_s(self) -> float:
        return BLOCK / self.sr

    @cached_property
    def block_rms_db(self) -> np.ndarray:
        """Per-5 ms block RMS of the louder channel, dBFS, (n_blocks,)."""
        b = self.blocks
        cnt = np.full(b.shape[0], float(BLOCK))
        cnt[-1] = self.n - BLOCK * (b.shape[0] - 1)
        ms = np.maximum(b[:, 0], b[:, 1]) / cnt
        return (10.0 * np.log10(ms + 1e-12)).astype(np.float32)  # floor -120 dBFS

    @cached_property
    def loudness(self) -> Loudness:
        return loudness_from_steps(self._time[1])

    @cached_property
    def true_peak_blocks(self) -> np.ndarray:
        """Per-10 ms block true peak, linear (max over channels)."""
        return true_peak_curve(self.y, interest_level=10 ** (TP_INTEREST_DBTP / 20), sample_peak=self.peak)

    # ---- spectral ----------------------------------------------------------------
    @cached_property
    def power(self) -> np.ndarray:
        """Power spectrogram of the mid channel, (frames, N_FFT//2+1) float32.
        Frame i covers samples [i*hop, i*hop+N_FFT) (no centering)."""
        return self._spectral[0]

    @property
    def frame_s(self) -> float:
        return self.hop / self.sr

    def frame_time(self, i: np.ndarray | int) -> np.ndarray | float:
        """Centre time in seconds of frame(s) ``i``."""
        return (np.asarray(i) * self.hop + N_FFT / 2) / self.sr

    @cached_property
    def freqs(self) -> np.ndarray:
        return np.fft.rfftfreq(N_FFT, 1.0 / self.sr)

    @cached_property
    def stft_job(self) -> ChunkedSTFT:
        """The STFT of the mid channel (numpy's FFT in float64: scipy.fft's import costs more than
        this whole chain) and one fused pass over it (``kernels.spectral_pass``), in chunks of
        STFT_CHUNK frames that any thread may compute (``quality.stft``; ``_spectral`` waits for all)."""
        x = self.mono
        if x.shape[0] < N_FFT:
            x = np.pad(x, (0, N_FFT - x.shape[0]))
        f = self.freqs
        edges = np.array([int(np.searchsorted(f, lo)) for lo, _ in BANDS.values()] + [int(np.searchsorted(f, BANDS["air"][1]))])
        lo, hi = (int(np.searchsorted(f, v)) for v in FLATNESS_HZ)
        return ChunkedSTFT(x, hop=self.hop, win=_window(), chunk=STFT_CHUNK, edges=edges, freqs=f, flat_lo=lo, flat_hi=hi,
                           mel=_mel_sparse())

    @cached_property
    def _spectral(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(power spectrogram, per-frame band energies, total, centroid, flatness, mel spectrogram)."""
        return self.stft_job.result()

    def help_spectral(self) -> None:
        """Compute chunks of the spectral pass, if one was started (``stft_job``) and has chunks left."""
        job = self.__dict__.get("stft_job")
        if job is not None:
            job.work()

    @cached_property
    def frame_stats(self) -> np.ndarray:
        """(frames, n_bands + 3): band energies, total, centroid Hz, flatness."""
        return self._spectral[1]

    @cached_property
    def band_energy(self) -> np.ndarray:
        """(frames, n_bands) band energies (linear power sums)."""
        return self.frame_stats[:, : len(BANDS)]

    @cached_property
    def frame_energy(self) -> np.ndarray:
        return self.frame_stats[:, len(BANDS)]

    @cached_property
    def active_frames(self) -> np.ndarray:
        """Frames within 40 dB of the loudest 5 % (where music is playing), bool."""
        e = self.frame_energy
        if e.size == 0 or e.max() <= 0:
            return np.zeros(e.shape, dtype=bool)
        ref = np.percentile(e, 95)
        return e > ref * 1e-4

    @cached_property
    def mel_db(self) -> np.ndarray:
        """Log-mel spectrogram (N_MELS, frames), dB."""
        m = self._spectral[2].T
        return 10.0 * np.log10(np.maximum(m, 1e-10))

    @cached_property
    def _flux(self) -> tuple[np.ndarray, float]:
        """(onset envelope, hi-band flux ratio): the mean positive log-mel difference per
        frame, and the mean flux of the mel bands above HI_FLUX_HZ over that of all bands."""
        m = self.mel_db
        d = np.maximum(0.0, np.diff(m, axis=1))
        env = np.concatenate([[0.0], d.mean(axis=0)]).astype(np.float32)
        hi = _mel_centres() > HI_FLUX_HZ
        tot = float(d.mean()) if d.size else 0.0
        ratio = float(d[hi].mean()) / tot if tot > 0 else 0.0
        return env, ratio

    @cached_property
    def onset_env(self) -> np.ndarray:
        """Onset strength per frame (mean positive log-mel difference), (frames,)."""
        return self._flux[0]

    @cached_property
    def percussive(self) -> float:
        """0-1 percussive evidence (onset flux above 5 kHz, see ``quality.tempo``)."""
        from quality.tempo import percussive_evidence

        return percussive_evidence(self._flux[1])

    @cached_property
    def beats(self) -> tuple[float, np.ndarray]:
        """(tempo_bpm, beat times in seconds): tempo from ``quality.tempo`` (octave errors
        resolved), beats from the dynamic-programming tracker at that tempo (``quality.dsp``)."""
        from quality.dsp import beat_track
        from quality.tempo import estimate_tempo

        env = self.onset_env
        if env.size < 16 or not np.any(env > 0):
            return 0.0, np.zeros(0)
        tempo, _ = estimate_tempo(env, fps=1.0 / self.frame_s, percussive=self.percussive)
        if tempo <= 0:
            return 0.0, np.zeros(0)
        frames = beat_track(env, fps=self.sr / self.hop, bpm=tempo)
        return float(tempo), np.asarray(self.frame_time(np.asarray(frames)), dtype=float)

    # ---- extra time-domain views used by some detectors ---------------------------
    @cached_property
    def lowband_sums(self) -> np.ndarray:
        """Per-50 ms block L^2, R^2, L*R below LOWBAND_HZ (4th-order Butterworth), (blocks, 3)."""
        return self._time[2]

    @cached_property
    def shape_stats(self) -> np.ndarray:
        """Per-100 ms window amplitude shape of the mid channel, see ``kernels.window_shape_stats``."""
        return kernels.window_shape_stats(self.mono, SHAPE_WIN, NEAR_PEAK)


@lru_cache(maxsize=1)
def _mel_sparse() -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """The Slaney mel filterbank (N_MELS, fmax 16 kHz) as (start, stop, weights, offsets):
    each triangular filter touches a few bins, so applying it sparsely costs ~2 multiply-adds
    per bin instead of N_MELS."""
    from quality.dsp import mel_filterbank

    fb = mel_filterbank(sr=SR, n_fft=N_FFT, n_mels=N_MELS, fmax=16000).astype(np.float32)
    start, stop, w, off = [], [], [], []
    pos = 0
    for row in fb:
        nz = np.flatnonzero(row)
        a, b = (int(nz[0]), int(nz[-1]) + 1) if nz.size else (0, 0)
        start.append(a), stop.append(b), off.append(pos)
        w.append(row[a:b])
        pos += b - a
    i64 = lambda v: np.array(v, dtype=np.int64)  # noqa: E731
    return i64(start), i64(stop), np.concatenate(w).astype(np.float32), i64(off)


@lru_cache(maxsize=1)
def _mel_centres() -> np.ndarray:
    """Centre frequencies (Hz) of the N_MELS mel bands."""
    from quality.dsp import mel_frequencies

    return mel_frequencies(N_MELS + 2, fmax=16000)[1:-1]


# The LOWBAND_HZ 4th-order Butterworth low-pass as biquads (k, 5) = [b0, b1, b2, a1, a2]:
# scipy.signal.butter(4, LOWBAND_HZ, "low", fs=SR, output="sos"), written out: importing
# scipy.signal costs more start-up than the whole analysis of a short file (checked
# against scipy in tests/quality/test_fast_paths.py).
LOWBAND_SOS = np.array([
    [9.05552549992156e-09, 1.811105099984312e-08, 9.05552549992156e-09, -1.9639893509038986, 0.9643680015329213],
    [1.0, 2.0, 1.0, -1.9847024413583025, 0.985085085402425],
])
LOWBAND_HZ = 150.0  # below this, well-mixed music is near mono (bass, kick)
LOWBAND_BLOCK = 2400  # 50 ms
SHAPE_WIN = 4800  # 100 ms
NEAR_PEAK = 0.95
