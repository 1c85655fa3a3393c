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


def test_a_group_write_fsyncs_every_file_and_each_folder_once_and_leaves_nothing_on_failure(tmp_path, monkeypatch):
    """write_many_atomic (a Ray driver writing a worker's take folder): every file's bytes fsynced
    before it is renamed in, each folder fsynced once after all renames; a failure part-way
    leaves the old files and no .part file."""
    from engine.files import write_many_atomic

    synced = []
    real = os.fsync
    monkeypatch.setattr(os, "fsync", lambda fd: synced.append(os.readlink(f"/proc/self/fd/{fd}")) or real(fd))
    items = [(tmp_path / "a.flac", b"audio"), (tmp_path / "s.stems" / "d.flac", b"stem"), (tmp_path / "a.json", b"{}")]
    assert write_many_atomic(items) == [p for p, _ in items]
    assert [p.read_bytes() for p, _ in items] == [b"audio", b"stem", b"{}"]
    assert sum(s.endswith(".part") for s in synced) == 3
    assert synced.count(str(tmp_path)) == 1 and synced.count(str(tmp_path / "s.stems")) == 1
    monkeypatch.setattr(os, "replace", lambda a, b: (_ for _ in ()).throw(OSError(28, "No space left on device", b)))
    with pytest.raises(OutputError, match="No space left"):
        write_many_atomic([(tmp_path / "a.flac", b"new"), (tmp_path / "b.json", b"new")])
    assert (tmp_path / "a.flac").read_bytes() == b"audio" and not (tmp_path / "b.json").exists()
    assert not [p for p in tmp_path.rglob("*.part")]


def test_a_group_write_whose_fsync_fails_names_the_file_and_leaves_the_old_ones(tmp_path, monkeypatch):
    """The group's fsyncs run at once (on a thread pool): one failing is reported with its file, after
    every other has finished; no file is replaced and no .part is left."""
    from engine.files import write_many_atomic

    (tmp_path / "a.flac").write_bytes(b"old")
    real = os.fsync

    def fsync(fd):
        if os.readlink(f"/proc/self/fd/{fd}").startswith(str(tmp_path / ".b.json.")):
            raise OSError(5, "Input/output error")
        return real(fd)

    monkeypatch.setattr(os, "fsync", fsync)
    items = [(tmp_path / "a.flac", b"new" * 1000), (tmp_path / "b.json", b"{}"), (tmp_path / "c.json", b"{}")]
    with pytest.raises(OutputError, match=r"cannot write .*b\.json: Input/output error"):
        write_many_atomic(items)
    assert (tmp_path / "a.flac").read_bytes() == b"old" and not (tmp_path / "b.json").exists()
    assert not (tmp_path / "c.json").exists() and not list(tmp_path.rglob("*.part"))


def test_a_group_writes_its_marker_last_and_only_after_the_group_is_durable(tmp_path, monkeypatch):
    """``last`` (a take folder's run.json): its bytes fsynced with the group's, renamed in only after
    every rename of the group and their folders' fsyncs; never there when the group failed."""
    from engine.files import write_many_atomic

    events = []
    real_fsync, real_replace = os.fsync, os.replace
    monkeypatch.setattr(os, "fsync", lambda fd: events.append(("fsync", os.readlink(f"/proc/self/fd/{fd}")))
                        or real_fsync(fd))
    monkeypatch.setattr(os, "replace", lambda a, b: events.append(("replace", str(b))) or real_replace(a, b))
    items = [(tmp_path / "a.flac", b"audio"), (tmp_path / "s.stems" / "d.flac", b"stem")]
    out = write_many_atomic(items, last=(tmp_path / "run.json", b"{}"))
    assert out == [tmp_path / "a.flac", tmp_path / "s.stems" / "d.flac", tmp_path / "run.json"]
    assert (tmp_path / "run.json").read_bytes() == b"{}"
    marker = events.index(("replace", str(tmp_path / "run.json")))
    assert sum(kind == "fsync" and path.endswith(".part") for kind, path in events[:marker]) == 3
    assert {("fsync", str(tmp_path)), ("fsync", str(tmp_path / "s.stems"))} <= set(events[:marker])
    assert [e for e in events[:marker] if e[0] == "replace"] == [("replace", str(p)) for p, _ in items]
    assert events[marker + 1:] == [("fsync", str(tmp_path))]
    monkeypatch.setattr(os, "replace", lambda a, b: (_ for _ in ()).throw(OSError(28, "No space left on device")))
    with pytest.raises(OutputError, match="No space left"):
        write_many_atomic([(tmp_path / "b.flac", b"new")], last=(tmp_path / "run2.json", b"{}"))
    assert not (tmp_path / "run2.json").exists() and not list(tmp_path.rglob("*.part"))
