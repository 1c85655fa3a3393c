"""Audio I/O: read anything soundfile can (WAV, FLAC, OGG, MP3), return float32
stereo at 48 kHz, shape ``(2, n_samples)``; write FLAC atomically.

Decoding is bounded: sample rate, channels, length and decoded samples are checked
from the header before anything is allocated, and files are decoded in blocks that
keep two channels (a small file cannot expand to gigabytes in memory).

This module imports only ``engine.errors`` and ``engine.files`` so quality/ and catalog/ may use it.
"""

from __future__ import annotations

import hashlib
import os
import threading
from concurrent.futures import Future
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import soundfile as sf
import soxr

from engine.constants import CHANNELS, SAMPLE_RATE
from engine.errors import AudioInputError, OutputError
from engine.files import atomic_write, write_bytes_atomic, write_text_atomic

__all__ = ["MAX_SECONDS", "AudioHeader", "probe", "probe_known", "read_ahead", "read_audio", "remember_sha256", "sha256_file", "to_stereo_48k", "write_bytes_atomic", "write_flac",
           "write_text_atomic"]

# Longest file we decode (20 min of 48 kHz stereo float32 is ~460 MB).
MAX_SECONDS = 20 * 60 + 1
# Most samples (frames x channels) a file may hold: 20 min of 96 kHz stereo. A file past
# it is refused from its header before anything is allocated.
MAX_DECODED_SAMPLES = 96_000 * 2 * MAX_SECONDS
MIN_RATE, MAX_RATE = 1_000, 384_000
MAX_CHANNELS = 64
BLOCK_SAMPLES = 1 << 20  # samples (frames x channels) decoded at a time


def probe(path: str | Path) -> sf._SoundFileInfo:
    """Header info of an audio file, or AudioInputError naming the problem."""
    p = Path(path)
    try:
        p.stat()
    except FileNotFoundError:
        pass
    except (OSError, ValueError) as exc:  # a name too long, NUL bytes, no permission
        raise AudioInputError(f"cannot open {str(p)[:300]} ({getattr(exc, 'strerror', None) or exc}) "
                              "(fix: check the path)") from None
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


@dataclass(frozen=True)
class AudioHeader:
    """What ``check_decode_limits`` reads of a file's header, as ``probe`` gives it."""

    frames: int
    samplerate: int
    channels: int

    @property
    def duration(self) -> float:
        return self.frames / self.samplerate if self.samplerate else 0.0

    @classmethod
    def of(cls, path: str | Path) -> AudioHeader:
        info = probe(path)
        return cls(frames=info.frames, samplerate=info.samplerate, channels=info.channels)


def probe_known(path: str | Path) -> sf._SoundFileInfo | AudioHeader:
    """``probe``, or the header recorded by ``remember_sha256`` for the same, unchanged file (this
    process wrote it from bytes whose header was read where they were made): not opened again."""
    if _KNOWN_HEADER and (header := _KNOWN_HEADER.get(_file_key(path))) is not None:  # type: ignore[arg-type]
        return header
    return probe(path)


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
    if not (np.isfinite(a.min()) and np.isfinite(a.max())):  # NaN propagates: no (n,) mask unless there is one
        bad = int(np.size(a) - np.isfinite(a).sum())
        raise AudioInputError(f"{name} contains {bad} NaN/inf samples (fix: re-render or re-export the file)")
    if a.shape[0] == 1:
        a = np.repeat(a, CHANNELS, axis=0)
    elif a.shape[0] > CHANNELS:
        a = a[:CHANNELS]
    if sr != SAMPLE_RATE:
        a = soxr.resample(a.T, sr, SAMPLE_RATE, quality="HQ").T
    return np.ascontiguousarray(a, dtype=np.float32)


def check_decode_limits(info: sf._SoundFileInfo, path: str | Path, *, max_seconds: float = MAX_SECONDS) -> None:
    """Refuse, from the header alone and before any allocation, audio that would decode to
    too much: too long, a sample rate or channel count outside what audio uses, or more
    decoded samples (rate x channels x frames) than ``MAX_DECODED_SAMPLES``."""
    if info.frames <= 0 or info.duration <= 0:
        raise AudioInputError(f"{path} holds no samples (fix: use a file with audio in it)")
    if not MIN_RATE <= info.samplerate <= MAX_RATE:
        raise AudioInputError(f"{path} says its sample rate is {info.samplerate} Hz; aceprod reads "
                              f"{MIN_RATE}-{MAX_RATE} Hz (fix: resample it to 48 kHz)")
    if not 1 <= info.channels <= MAX_CHANNELS:
        raise AudioInputError(f"{path} says it has {info.channels} channels; aceprod reads 1-{MAX_CHANNELS} "
                              "(fix: mix it down to stereo)")
    if info.duration > max_seconds:
        raise AudioInputError(
            f"{path} is {info.duration / 60:.1f} min long; the limit is {max_seconds / 60:.0f} min "
            "(fix: trim the file)"
        )
    decoded = info.frames * info.channels
    if decoded > MAX_DECODED_SAMPLES:
        raise AudioInputError(
            f"{path} would decode to {decoded / 1e6:.0f} M samples ({info.samplerate} Hz x {info.channels} channels x "
            f"{info.duration:.0f} s); the limit is {MAX_DECODED_SAMPLES / 1e6:.0f} M "
            "(fix: mix it down to stereo, resample it to 48 kHz, or trim it)"
        )


# Files being decoded and hashed ahead (``read_ahead``): (real path, size, mtime) -> futures.
_AHEAD_AUDIO: dict[tuple[str, int, int], Future] = {}
_AHEAD_SHA: dict[tuple[str, int, int], Future] = {}
# Digests of files this process wrote from bytes hashed where they were made (``remember_sha256``).
_KNOWN_SHA: dict[tuple[str, int, int], str] = {}
_KNOWN_HEADER: dict[tuple[str, int, int], AudioHeader] = {}  # and their headers, when given
KNOWN_SHA_MAX = 4096  # entries kept (oldest dropped first)


def _file_key(path: str | Path) -> tuple[str, int, int] | None:
    try:
        st = os.stat(path)
    except (OSError, ValueError):
        return None
    return os.path.realpath(path), st.st_size, st.st_mtime_ns


def read_ahead(path: str | Path) -> None:
    """Start decoding and hashing ``path`` in a background thread: the next ``read_audio`` and
    ``sha256_file`` of the same, unchanged file in this process take the results (errors
    included) instead of doing the work again. ``aceprod score`` decodes a file while the
    analysis modules import (libsndfile and hashlib release the GIL)."""
    key = _file_key(path)
    if key is None or key in _AHEAD_AUDIO:
        return
    audio, digest = Future(), Future()
    _AHEAD_AUDIO[key], _AHEAD_SHA[key] = audio, digest

    def work() -> None:
        for fut, fn in ((audio, _read_audio), (digest, _sha256_file)):
            try:
                fut.set_result(fn(path))
            except BaseException as exc:  # noqa: BLE001 - handed to the caller of read_audio/sha256_file
                fut.set_exception(exc)

    threading.Thread(target=work, name="aceprod-read-ahead", daemon=True).start()


def _ahead(table: dict[tuple[str, int, int], Future], path: str | Path) -> Future | None:
    return table.pop(_file_key(path), None) if table else None  # type: ignore[arg-type]


def discard_ahead(path: str | Path) -> None:
    """Forget ``path``'s read-ahead (its caller stopped before taking the audio or the digest)."""
    _ahead(_AHEAD_AUDIO, path)
    _ahead(_AHEAD_SHA, path)


def read_audio(path: str | Path, *, max_seconds: float = MAX_SECONDS) -> np.ndarray:
    """Decode ``path`` to float32 stereo 48 kHz, shape ``(2, n)``.

    Limits are checked from the header first (``check_decode_limits``); the file is then
    decoded in blocks keeping at most two channels and resampled as it goes, so memory
    is the 48 kHz stereo result (plus one block) whatever the file's rate and channels,
    and a header that understates its length is stopped at the limit."""
    ahead = _ahead(_AHEAD_AUDIO, path) if max_seconds == MAX_SECONDS else None
    if ahead is not None:
        try:
            return ahead.result()
        except BaseException:
            _ahead(_AHEAD_SHA, path)  # nobody hashes a file that failed to decode: its digest is not kept
            raise
    return _read_audio(path, max_seconds=max_seconds)


def _read_audio(path: str | Path, *, max_seconds: float = MAX_SECONDS) -> np.ndarray:
    info = probe(path)
    check_decode_limits(info, path, max_seconds=max_seconds)
    if info.samplerate == SAMPLE_RATE and info.channels <= CHANNELS:
        direct = _read_direct(path, info)
        if direct is not None:
            return to_stereo_48k(direct, SAMPLE_RATE, name=str(path))
    sr, keep = info.samplerate, min(info.channels, CHANNELS)
    max_frames = int(max_seconds * sr) + 1
    block = max(1024, min(1 << 16, BLOCK_SAMPLES // info.channels))
    stream = None if sr == SAMPLE_RATE else soxr.ResampleStream(sr, SAMPLE_RATE, keep, dtype="float32", quality="HQ")
    cap = info.frames if stream is None else int(np.ceil(info.frames * SAMPLE_RATE / sr)) + 64
    out = np.empty((keep, cap), dtype=np.float32)  # filled in place: no copy when the header is right
    filled = read = 0

    def put(chunk: np.ndarray) -> None:
        nonlocal out, filled, cap
        if filled + len(chunk) > cap:
            cap = max(filled + len(chunk), cap + cap // 4)
            bigger = np.empty((keep, cap), dtype=np.float32)
            bigger[:, :filled] = out[:, :filled]
            out = bigger
        out[:, filled:filled + len(chunk)] = chunk.T
        filled += len(chunk)

    try:
        with sf.SoundFile(str(path)) as fh:
            for frames in fh.blocks(blocksize=block, dtype="float32", always_2d=True):
                read += len(frames)
                if read > max_frames:
                    raise AudioInputError(f"{path} holds more audio than its header says, past the "
                                          f"{max_seconds / 60:.0f} min limit (fix: trim or re-export the file)")
                part = np.ascontiguousarray(frames[:, :keep])
                put(part if stream is None else stream.resample_chunk(part))
            if stream is not None:
                put(stream.resample_chunk(np.zeros((0, keep), dtype=np.float32), last=True))
    except AudioInputError:
        raise
    except Exception as exc:
        raise AudioInputError(f"cannot decode {path} ({exc}) (fix: the file is truncated or corrupt; re-export it)") from exc
    if filled == 0:
        raise AudioInputError(f"{path} holds no samples (fix: use a file with audio in it)")
    return to_stereo_48k(out[:, :filled], SAMPLE_RATE, name=str(path))


# Integer PCM read as int32 (libsndfile's left-aligned samples) is the float32 read times 2^-31
# exactly, and libsndfile's FLAC decoder makes int32 natively: one conversion less.
EXACT_INT_SUBTYPES = ("PCM_S8", "PCM_U8", "PCM_16", "PCM_24")
READ_FRAMES = 1 << 20  # frames per read call (each call releases the GIL once for ~20 ms of decoding)
PARALLEL_FLAC_FRAMES = 10 * SAMPLE_RATE  # a longer 48 kHz FLAC decodes in two threads, one half each


def _read_direct(path: str | Path, info: sf._SoundFileInfo) -> np.ndarray | None:
    """A 48 kHz file of one or two channels decoded straight into its ``(channels, n)`` float32
    array, a long FLAC in two threads (one half each: libsndfile seeks FLAC to the sample and
    releases the GIL while decoding); the same samples as the block-wise path. None when the file
    does not decode to exactly the frames its header announces (truncated, corrupt, or longer):
    the block-wise path then reads it and reports what is wrong."""
    n, ch = info.frames, info.channels
    dtype = "int32" if info.subtype in EXACT_INT_SUBTYPES else "float32"
    y = np.empty((ch, n), dtype=np.float32)
    mid = n // 2 if info.format == "FLAC" and n >= PARALLEL_FLAC_FRAMES else n
    ok = [False, mid == n]

    def part(slot: int, a: int, b: int) -> None:
        buf = np.empty((min(READ_FRAMES, b - a), ch), dtype=dtype)
        with sf.SoundFile(str(path)) as fh:
            if a:
                fh.seek(a)
            while a < b:
                got = fh.read(out=buf[: min(READ_FRAMES, b - a)])
                if len(got) == 0:
                    return
                for c in range(ch):
                    y[c, a:a + len(got)] = got[:, c]
                if dtype == "int32":
                    y[:, a:a + len(got)] *= np.float32(2.0 ** -31)
                a += len(got)
            ok[slot] = b < n or len(fh.read(1, dtype=dtype)) == 0

    def safe(slot: int, a: int, b: int) -> None:
        try:
            part(slot, a, b)
        except Exception:  # noqa: BLE001 - the block-wise path reads the file again and names the problem
            ok[slot] = False

    helper = None
    if mid < n:
        helper = threading.Thread(target=safe, args=(1, mid, n), name="aceprod-decode", daemon=True)
        helper.start()
    safe(0, 0, mid)
    if helper is not None:
        helper.join()
    return y if all(ok) else None


def write_flac(path: str | Path, audio: np.ndarray, *, sr: int = SAMPLE_RATE) -> Path:
    """Write ``(channels, n)`` float audio as 24-bit FLAC, atomically and durably
    (``engine.files.atomic_write``). Values outside [-1, 1] are clipped by the format,
    as any DAW export would."""
    p = Path(path)
    a = np.asarray(audio, dtype=np.float32)
    if a.ndim == 1:
        a = a[None, :]
    if not np.isfinite(a).all():
        raise OutputError(f"refusing to write non-finite audio to {p} (this is a bug in the stage that produced it)")
    return atomic_write(p, lambda fh: sf.write(fh, np.clip(a, -1.0, 1.0).T, sr, format="FLAC", subtype="PCM_24"))


def sha256_file(path: str | Path) -> str:
    """Hex sha256 of a file's bytes (without reading them again when this process wrote the
    file from bytes whose digest it was given: ``remember_sha256``)."""
    if _KNOWN_SHA and (digest := _KNOWN_SHA.get(_file_key(path))) is not None:  # type: ignore[arg-type]
        return digest
    ahead = _ahead(_AHEAD_SHA, path)
    if ahead is not None:
        return ahead.result()
    return _sha256_file(path)


def remember_sha256(path: str | Path, digest: str, header: AudioHeader | None = None) -> None:
    """Record ``digest`` as the sha256 of the file just written at ``path`` (a Ray driver writing a
    worker's bytes, hashed on the worker), and ``header`` as its header (read there): a later
    ``sha256_file`` (``probe_known``) of the same, unchanged file (same real path, size and mtime)
    in this process returns it without reading (opening) the file."""
    key = _file_key(path)
    if key is None:
        return
    if len(_KNOWN_SHA) >= KNOWN_SHA_MAX:
        old = next(iter(_KNOWN_SHA))
        _KNOWN_SHA.pop(old)
        _KNOWN_HEADER.pop(old, None)
    _KNOWN_SHA[key] = digest
    if header is not None:
        _KNOWN_HEADER[key] = header


def _sha256_file(path: str | Path) -> str:
    with open(path, "rb") as fh:
        return hashlib.file_digest(fh, "sha256").hexdigest()
