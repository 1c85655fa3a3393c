"""The structure checks' cell features: the shared spectrogram pooled into 128 ms cells, five groups.

timbre (MFCC 1-12), harmony (chroma), density (onset strength), loudness (frame energy, dB)
and rhythm (high-band flux and how peaky the onsets are). ``cell_features`` standardises
each dimension over the take (what the plan-aware check, ``quality.structure_plan``, and the
checks after it read); ``raw_cell_features`` gives them before that (bench/structure_ceiling.py).
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from quality.dsp import dct_ortho
from quality.features import HOP, N_FFT, Features

CELL_FRAMES = 6  # 128 ms cells
GROUPS = ("timbre", "harmony", "density", "loudness", "rhythm")
# what a section sounds like, whatever its level: the groups the same-sound, form and layout checks compare
LEVEL_FREE_GROUPS = ("timbre", "harmony", "density", "rhythm")


@lru_cache(maxsize=1)
def _chroma_fb() -> tuple[np.ndarray, int, int]:
    from quality.dsp import chroma_filterbank

    fb = chroma_filterbank(sr=48000, n_fft=N_FFT).astype(np.float32)
    freqs = np.fft.rfftfreq(N_FFT, 1 / 48000)
    lo, hi = int(np.searchsorted(freqs, 60.0)), int(np.searchsorted(freqs, 4200.0))
    return np.ascontiguousarray(fb[:, lo:hi]), lo, hi


@lru_cache(maxsize=4)
def _mfcc_rows(n_mels: int) -> np.ndarray:
    """Rows 1-12 of the orthonormal DCT-II (``dsp.dct_ortho(x)[1:13]`` without computing the
    other rows)."""
    return dct_ortho(np.eye(n_mels))[1:13]


def _pool(x: np.ndarray, n: int, axis: int) -> np.ndarray:
    """Mean over CELL_FRAMES consecutive frames along ``axis`` (first n cells)."""
    m = n * CELL_FRAMES
    if axis == 1:
        return x[:, :m].reshape(x.shape[0], n, CELL_FRAMES).mean(axis=2)
    return x[:m].reshape(n, CELL_FRAMES, *x.shape[1:]).mean(axis=1)


def raw_cell_features(f: Features) -> tuple[dict[str, np.ndarray], float]:
    """({group: (dims, cells) float64, before standardisation}, cell length s)."""
    frames = f.mel_db.shape[1]
    n = frames // CELL_FRAMES
    mel = _pool(f.mel_db, n, 1)
    mfcc = _mfcc_rows(mel.shape[0]).astype(mel.dtype) @ mel
    fb, lo, hi = _chroma_fb()
    pw = _pool(f.power[:, lo:hi], n, 0)
    chroma = fb @ pw.T
    chroma /= np.maximum(chroma.max(axis=0, keepdims=True), 1e-10)
    energy = 10.0 * np.log10(_pool(f.frame_energy[:, None], n, 0)[:, 0] + 1e-12)
    env = f.onset_env[: n * CELL_FRAMES].reshape(n, CELL_FRAMES)
    hi_bands = _hi_flux(f.mel_db)[: n * CELL_FRAMES].reshape(n, CELL_FRAMES)
    peaky = env.max(axis=1) / (env.mean(axis=1) + 1e-6)
    groups = {"timbre": mfcc, "harmony": chroma, "density": env.mean(axis=1)[None, :],
              "loudness": energy[None, :], "rhythm": np.vstack([hi_bands.mean(axis=1), peaky])}
    return {g: x.astype(np.float64) for g, x in groups.items()}, CELL_FRAMES * HOP / f.sr


def cell_features(f: Features) -> tuple[dict[str, np.ndarray], float]:
    """({group: (dims, cells) standardised}, cell length s)."""
    raw, cell_s = raw_cell_features(f)
    out = {}
    for g, x in raw.items():
        out[g] = (x - x.mean(axis=1, keepdims=True)) / (x.std(axis=1, keepdims=True) + 1e-9)
    return out, cell_s


def stacked(feats: dict[str, np.ndarray], groups: tuple[str, ...]) -> np.ndarray:
    """The rows of ``groups`` (those ``feats`` has) stacked, each group divided by the square root of
    its number of dimensions, so that every group weighs the same in a distance."""
    return np.vstack([feats[g] / np.sqrt(feats[g].shape[0]) for g in groups if g in feats])


def _hi_flux(mel_db: np.ndarray) -> np.ndarray:
    from quality.dsp import mel_frequencies

    hi = mel_frequencies(mel_db.shape[0] + 2, fmax=16000)[1:-1] > 5000.0
    d = np.maximum(0.0, np.diff(mel_db[hi], axis=1)).mean(axis=0)
    return np.concatenate([[0.0], d])
