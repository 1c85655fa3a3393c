"""Item 12: atomic writes leave no `.part` file whatever fails, and are durable."""

from __future__ import annotations

import os

import numpy as np
import pytest

from engine.audio import write_flac
from engine.errors import OutputError
from engine.files import atomic_write, safe_filename, write_text_atomic


class Boom(Exception):
    pass


def test_no_part_file_after_any_failure(tmp_path):
    target = tmp_path / "x.json"
    write_text_atomic(target, "old")

    def fails(fh):
        fh.write(b"half")
        raise Boom

    with pytest.raises(Boom):
        atomic_write(target, fails)
    with pytest.raises(OutputError, match="non-finite"):
        write_flac(tmp_path / "y.flac", np.full((2, 10), np.nan, dtype=np.float32))
    assert target.read_text() == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["x.json"]


def test_fsync_is_called_for_file_and_folder(tmp_path, monkeypatch):
    synced = []
    real = os.fsync
    monkeypatch.setattr(os, "fsync", lambda fd: synced.append(os.readlink(f"/proc/self/fd/{fd}")) or real(fd))
    write_text_atomic(tmp_path / "a.txt", "x")
    assert any(s.endswith(".part") for s in synced) and str(tmp_path) in synced


def test_a_name_too_long_is_a_clear_error(tmp_path):
    with pytest.raises(OutputError, match="bytes in the name"):
        write_text_atomic(tmp_path / ("é" * 200 + ".txt"), "x")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("title,expect", [("a/b\\c:d", "abcd"), ("..", "track"), ("  ", "track"),
                                          ("-rf", "rf"), ("\U0001f3b5" * 100, "track")])
def test_safe_filename(title, expect):
    assert safe_filename(title) == expect
    assert len(safe_filename("ü" * 500).encode()) <= 120
