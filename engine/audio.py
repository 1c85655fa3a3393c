"""Audio I/O: read anything soundfile can (WAV, FLAC, OGG, MP3), return float32
stereo at 48 kHz, shape ``(2, n_samples)``; write FLAC atomically.

This module imports only ``engine.errors`` so quality/ and catalog/ may use it.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path

import numpy as np
import soundfile as sf
import soxr

from engine.constants import CHANNELS, SAMPLE_RATE
from engine.errors import AudioInputError, OutputError

# Longest file we decode in one piece (20 min of 48 kHz stereo float32 is ~460 MB).
MAX_SECONDS = 20 * 60 + 1


def probe(path: str | Path) -> sf._SoundFileInfo:
    """Header info of an audio file, or AudioInputError naming the problem."""
    p = Path(path)
    if not p.exists():
        raise AudioInputError(f"audio file not found: {p} (fix: check the path; relative paths are resolved from the pipeline file's folder)")
    if p.is_dir():
        raise AudioInputError(f"{p} is a folder, not an audio file (fix: name a .wav/.flac/.ogg/.mp3 file)")
    if p.stat().st_size == 0:
        raise AudioInputError(f"audio file is empty (0 bytes): {p} (fix: re-export or re-download it)")
    try:
        return sf.info(str(p))
    except Exception as exc:  # soundfile raises LibsndfileError/RuntimeError
        raise AudioInputError(
            f"cannot read {p} as audio ({exc}) (fix: use WAV, FLAC, OGG or MP3; re-export a corrupt file)"
        ) from exc


def to_stereo_48k(y: np.ndarray, sr: int, *, name: str = "audio") -> np.ndarray:
    """Convert an array (``(n,)``, ``(n, ch)`` or ``(ch, n)`` with ch <= 8) at ``sr`` Hz
    to float32 ``(2, n')`` at 48 kHz. Mono is duplicated; more than two channels are
    folded to the first two. Refuses empty or non-finite input."""
    a = np.asarray(y, dtype=np.float32)
    if a.ndim == 1:
        a = a[None, :]
    elif a.ndim == 2 and a.shape[0] > 8 and a.shape[1] <= 8:
        a = a.T  # (n, ch) -> (ch, n)
    elif a.ndim != 2:
        raise AudioInputError(f"{name}: expected 1-D or 2-D audio, got shape {a.shape}")
    if a.shape[1] == 0:
        raise AudioInputError(f"{name} holds no samples (fix: use a file with audio in it)")
    if not np.isfinite(a).all():
        bad = int(np.size(a) - np.isfinite(a).sum())
        raise AudioInputError(f"{name} contains {bad} NaN/inf samples (fix: re-render or re-export the file)")
    if a.shape[0] == 1:
        a = np.repeat(a, CHANNELS, axis=0)
    elif a.shape[0] > CHANNELS:
        a = a[:CHANNELS]
    if sr != SAMPLE_RATE:
        a = soxr.resample(a.T, sr, SAMPLE_RATE, quality="HQ").T
    return np.ascontiguousarray(a, dtype=np.float32)


def read_audio(path: str | Path, *, max_seconds: float = MAX_SECONDS) -> np.ndarray:
    """Decode ``path`` to float32 stereo 48 kHz, shape ``(2, n)``."""
    info = probe(path)
    if info.frames == 0 or info.duration <= 0:
        raise AudioInputError(f"{path} holds no samples (fix: use a file with audio in it)")
    if info.duration > max_seconds:
        raise AudioInputError(
            f"{path} is {info.duration / 60:.1f} min long; the limit is {max_seconds / 60:.0f} min "
            "(fix: trim the file)"
        )
    try:
        data, sr = sf.read(str(path), dtype="float32", always_2d=True)
    except Exception as exc:
        raise AudioInputError(f"cannot decode {path} ({exc}) (fix: the file is truncated or corrupt; re-export it)") from exc
    return to_stereo_48k(data.T, sr, name=str(path))


def _atomic_target(path: Path) -> tuple[int, str]:
    path.parent.mkdir(parents=True, exist_ok=True)
    return tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)


def write_flac(path: str | Path, audio: np.ndarray, *, sr: int = SAMPLE_RATE) -> Path:
    """Write ``(channels, n)`` float audio as 24-bit FLAC, atomically (temp + rename).
    Values outside [-1, 1] are clipped by the format, as any DAW export would."""
    p = Path(path)
    a = np.asarray(audio, dtype=np.float32)
    if a.ndim == 1:
        a = a[None, :]
    if not np.isfinite(a).all():
        raise OutputError(f"refusing to write non-finite audio to {p} (this is a bug in the stage that produced it)")
    try:
        fd, tmp = _atomic_target(p)
        with os.fdopen(fd, "wb") as fh:
            sf.write(fh, np.clip(a, -1.0, 1.0).T, sr, format="FLAC", subtype="PCM_24")
        os.replace(tmp, p)
    except OSError as exc:
        raise OutputError(f"cannot write {p}: {exc.strerror} (fix: choose a writable folder with free space)") from exc
    return p


def write_bytes_atomic(path: str | Path, data: bytes) -> Path:
    """Write bytes atomically (temp file in the same folder, then rename)."""
    p = Path(path)
    try:
        fd, tmp = _atomic_target(p)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, p)
    except OSError as exc:
        raise OutputError(f"cannot write {p}: {exc.strerror} (fix: choose a writable folder with free space)") from exc
    return p


def write_text_atomic(path: str | Path, text: str) -> Path:
    """Write a text file (UTF-8) atomically (temp file in the same folder, then rename)."""
    return write_bytes_atomic(path, text.encode("utf-8"))


def sha256_file(path: str | Path) -> str:
    """Hex sha256 of a file's bytes."""
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()
