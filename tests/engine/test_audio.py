"""Audio I/O: formats in, 48 kHz stereo float32 out, clear refusals, atomic FLAC writes."""

from __future__ import annotations

import numpy as np
import pytest
import soundfile as sf

from engine.audio import read_audio, sha256_file, to_stereo_48k, write_flac
from engine.errors import AudioInputError, OutputError


def tone(sr: int, seconds: float = 1.0, freq: float = 440.0) -> np.ndarray:
    t = np.arange(int(sr * seconds)) / sr
    return (0.5 * np.sin(2 * np.pi * freq * t)).astype(np.float32)


@pytest.mark.parametrize("fmt, subtype, ext", [("WAV", "PCM_16", "wav"), ("FLAC", "PCM_24", "flac"),
                                               ("OGG", "VORBIS", "ogg"), ("MP3", "MPEG_LAYER_III", "mp3")])
def test_formats_resampled_and_upmixed(tmp_path, fmt, subtype, ext):
    path = tmp_path / f"x.{ext}"
    sf.write(path, tone(44_100), 44_100, format=fmt, subtype=subtype)  # mono 44.1 kHz
    y = read_audio(path)
    assert y.dtype == np.float32 and y.shape[0] == 2
    assert abs(y.shape[1] - 48_000) < 48_000 * 0.03  # codecs may pad a little
    assert np.allclose(y[0], y[1])
    spectrum = np.abs(np.fft.rfft(y[0, 4800:43200]))
    peak_hz = np.argmax(spectrum) * 48_000 / (43200 - 4800)
    assert abs(peak_hz - 440) < 3


def test_rates_and_channel_layouts():
    assert to_stereo_48k(tone(8_000), 8_000).shape == (2, 48_000)
    assert to_stereo_48k(np.stack([tone(96_000)] * 2), 96_000).shape == (2, 48_000)
    six = np.stack([tone(48_000)] * 6, axis=1)  # (n, 6): frames first
    assert to_stereo_48k(six, 48_000).shape == (2, 48_000)


def test_refusals_name_the_problem(tmp_path):
    with pytest.raises(AudioInputError, match="not found"):
        read_audio(tmp_path / "missing.wav")
    (tmp_path / "empty.flac").write_bytes(b"")
    with pytest.raises(AudioInputError, match="empty"):
        read_audio(tmp_path / "empty.flac")
    (tmp_path / "text.wav").write_text("not audio at all")
    with pytest.raises(AudioInputError, match="cannot read"):
        read_audio(tmp_path / "text.wav")
    bad = tone(48_000)
    bad[100] = np.inf
    with pytest.raises(AudioInputError, match="NaN/inf"):
        to_stereo_48k(bad, 48_000)
    full = tmp_path / "full.flac"
    sf.write(full, tone(48_000, 2.0), 48_000)
    truncated = tmp_path / "truncated.flac"
    truncated.write_bytes(full.read_bytes()[:2000])
    with pytest.raises(AudioInputError, match="truncated or corrupt"):
        read_audio(truncated)


def test_flac_is_written_atomically(tmp_path):
    path = write_flac(tmp_path / "sub" / "a.flac", np.stack([tone(48_000)] * 2))
    assert [p.name for p in path.parent.iterdir()] == ["a.flac"]
    assert sf.info(path).subtype == "PCM_24" and len(sha256_file(path)) == 64
    with pytest.raises(OutputError, match="non-finite"):
        write_flac(tmp_path / "b.flac", np.full((2, 10), np.nan, dtype=np.float32))
    assert not (tmp_path / "b.flac").exists()


def test_read_ahead_gives_the_same_audio_hash_and_errors(tmp_path):
    """`aceprod score` decodes its file in a background thread (engine.audio.read_ahead): read_audio and
    sha256_file then return exactly what they return without it, errors included, and a file changed
    after the read-ahead started is read again."""
    import time

    from engine import audio

    path = tmp_path / "a.flac"
    write_flac(path, np.stack([tone(48000, 2.0), tone(48000, 2.0, 220.0)]))
    want, want_sha = read_audio(path), sha256_file(path)
    audio.read_ahead(path)
    assert np.array_equal(read_audio(path), want) and sha256_file(path) == want_sha
    assert not audio._AHEAD_AUDIO and not audio._AHEAD_SHA  # taken once, nothing kept
    audio.read_ahead(path)
    time.sleep(0.01)
    write_flac(path, np.stack([tone(48000, 1.0)] * 2))  # changed: new size and mtime
    assert read_audio(path).shape[1] == 48000
    audio._AHEAD_AUDIO.clear(), audio._AHEAD_SHA.clear()
    bad = tmp_path / "bad.flac"
    bad.write_bytes(b"not audio at all" * 10)
    audio.read_ahead(bad)
    with pytest.raises(AudioInputError, match="cannot read"):
        read_audio(bad)
    audio._AHEAD_SHA.clear()


def test_a_remembered_digest_stands_only_for_the_unchanged_file(tmp_path, monkeypatch):
    """A Ray driver records the worker's sha256 for the file it writes (engine.audio.remember_sha256):
    sha256_file returns it without reading the file; once the file changes, it is hashed again."""
    import hashlib
    import time

    from engine import audio

    path = tmp_path / "a.flac"
    write_flac(path, np.stack([tone(48000, 1.0)] * 2))
    real = hashlib.sha256(path.read_bytes()).hexdigest()
    audio.remember_sha256(path, real)
    reads = []
    monkeypatch.setattr(audio, "_sha256_file", lambda p: reads.append(p) or "read")
    assert sha256_file(path) == real and not reads  # not read again
    time.sleep(0.01)
    write_flac(path, np.stack([tone(48000, 2.0)] * 2))  # rewritten: another size and mtime
    assert sha256_file(path) == "read" and reads == [path]
    audio.remember_sha256(tmp_path / "missing.flac", "0" * 64)  # nothing to record
    assert sha256_file(tmp_path / "missing.flac") == "read"
    audio._KNOWN_SHA.clear()


def test_a_remembered_header_stands_only_for_the_unchanged_file(tmp_path, monkeypatch):
    """The header a Ray worker read is recorded with the digest: probe_known returns it without opening
    the file; once the file changes, the file is probed again."""
    import time

    from engine import audio

    path = tmp_path / "a.flac"
    write_flac(path, np.stack([tone(48000, 1.0)] * 2))
    header = audio.AudioHeader.of(path)
    assert (header.frames, header.samplerate, header.channels, header.duration) == (48000, 48000, 2, 1.0)
    audio.remember_sha256(path, "0" * 64, header)
    opened = []
    real_probe = audio.probe
    monkeypatch.setattr(audio, "probe", lambda p: opened.append(p) or real_probe(p))
    assert audio.probe_known(path) is header and not opened
    time.sleep(0.01)
    write_flac(path, np.stack([tone(48000, 2.0)] * 2))  # rewritten: another size and mtime
    assert audio.probe_known(path).frames == 96000 and opened == [path]
    audio._KNOWN_SHA.clear()
    audio._KNOWN_HEADER.clear()
