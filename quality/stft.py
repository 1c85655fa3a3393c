"""The mix's STFT and its fused spectral pass, in chunks any thread may take.

``Features`` computes its spectrogram through a ``ChunkedSTFT``: the frames are cut into
chunks of ``chunk`` frames, each windowed (C kernel), transformed (numpy's float64 FFT) and
reduced (``kernels.spectral_pass``) into its own rows of the outputs. ``work()`` takes chunks
until none is left; several threads may call it at once (all three steps release the GIL), so a
worker that has finished its own part of the analysis helps with the spectrum
(``quality.analyze``). Every chunk is computed the same way whichever thread takes it: the
result does not depend on how the chunks were shared.
"""

from __future__ import annotations

import threading

import numpy as np

from quality import kernels


class ChunkedSTFT:
    """The STFT of ``x`` (n,) float32 (frames of ``len(win)`` samples every ``hop``, no centering;
    ``x`` at least one frame long) and ``kernels.spectral_pass`` over it, into
    ``out`` = (power (frames, bins) float32, stats (frames, len(edges) + 2) float64, mel
    (frames, n_mels) float32)."""

    def __init__(self, x: np.ndarray, *, hop: int, win: np.ndarray, chunk: int, edges: np.ndarray, freqs: np.ndarray,
                 flat_lo: int, flat_hi: int, mel: tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]) -> None:
        self.x, self.hop, self.win, self.chunk = x, hop, win, chunk
        self.pass_args = (edges, freqs, flat_lo, flat_hi, *mel)
        n_fft = win.shape[0]
        nf = (x.shape[0] - n_fft) // hop + 1
        self.out = (np.empty((nf, n_fft // 2 + 1), dtype=np.float32), np.empty((nf, edges.shape[0] + 2)),
                    np.empty((nf, mel[0].shape[0]), dtype=np.float32))
        self._starts = iter(range(0, nf, chunk))
        self._left = len(range(0, nf, chunk))
        self._lock = threading.Lock()
        self._done = threading.Event()
        self._error: BaseException | None = None

    def work(self) -> None:
        """Compute chunks until none is left to take (other threads may be finishing theirs)."""
        n_fft = self.win.shape[0]
        buf = zbuf = None
        while True:
            with self._lock:
                a = next(self._starts, None)
            if a is None:
                return
            if buf is None:
                buf = np.empty((self.chunk, n_fft))
                zbuf = np.empty((self.chunk, n_fft // 2 + 1), dtype=np.complex128)
            b = min(self.out[0].shape[0], a + self.chunk)
            try:
                frames = kernels.windowed_frames(self.x, a, b - a, self.hop, self.win, out=buf[: b - a])
                z = np.fft.rfft(frames, axis=1, out=zbuf[: b - a])
                kernels.spectral_pass(z, *self.pass_args, out=tuple(o[a:b] for o in self.out))
            except BaseException as exc:
                self._error = exc
                raise
            finally:
                with self._lock:
                    self._left -= 1
                    if self._left == 0:
                        self._done.set()

    def result(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Work on the chunks left, wait for the ones other threads took, return ``out``."""
        self.work()
        self._done.wait()
        if self._error is not None:
            raise self._error
        return self.out
