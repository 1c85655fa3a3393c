"""Crash-safe files: atomic writes, safe file names, and lock files.

- ``atomic_write(path, fill)``: a temp file beside ``path`` (``.<name>.<random>.part``)
  is filled, flushed and fsynced, renamed over ``path``, and the folder is fsynced,
  so after a crash (even a power cut) ``path`` holds the old or the new bytes, never
  a mix. Whatever fails (disk full, a bug in ``fill``, Ctrl-C), the ``.part`` file
  is removed. Large buffers (a take's FLAC, 6.5 MB for 30 s) are written around the page
  cache (``O_DIRECT``, through small aligned staging buffers, reused) where the file
  system allows it: the writer spends no CPU filling page-cache pages it never reads back
  (fresh pages can be dear: on a VM whose balloon hands free memory back to the host, a
  6.5 MB FLAC written buffered cost 15-29 ms of CPU, 3 ms this way). Same temp file, fsync
  and rename; buffered where O_DIRECT is refused (tmpfs on older kernels, macOS, Windows).
- ``write_many_atomic(items)``: a group of files (a take folder) written so, their fsyncs
  issued at once (one journal commit for the group instead of one per file), each folder
  fsynced once; a manifest written after it marks the group complete.
- ``safe_filename(text)``: a title as a file name: word characters, ``-`` and spaces,
  cut to a number of UTF-8 bytes (file systems limit bytes, not characters).
- ``ProcessLock``: an advisory ``flock`` on a lock file that records who holds it
  (PID, host, command, since). The kernel drops it when the process dies, even by
  SIGKILL, so a crash never leaves a stale lock; a second process is told who holds it.

This module imports only ``engine.errors``.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import json
import mmap
import os
import re
import socket
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor, wait
from pathlib import Path
from typing import IO, Any

from engine.errors import AceprodError, OutputError

_TMP_PREFIX_BYTES = 80
BytesLike = Any  # bytes, or any object with the buffer protocol (a numpy uint8 array, a memoryview)


def cut_utf8(text: str, max_bytes: int) -> str:
    """``text`` cut to at most ``max_bytes`` UTF-8 bytes, never inside a character."""
    raw = text.encode("utf-8")
    if len(raw) <= max_bytes:
        return text
    return raw[:max_bytes].decode("utf-8", errors="ignore")


def safe_filename(text: str, *, max_bytes: int = 120, default: str = "track") -> str:
    """A title as one file-name component: letters, digits, ``_``, ``-`` and spaces only,
    at most ``max_bytes`` UTF-8 bytes; ``default`` when nothing is left."""
    name = re.sub(r"[^\w\- ]+", "", text)
    name = re.sub(r"\s+", " ", name).strip()
    name = cut_utf8(name, max_bytes).strip()
    return name.lstrip(".-") or default


def fsync_dir(folder: Path) -> None:
    """Make a rename or a new file in ``folder`` durable (a no-op where folders cannot be opened)."""
    try:
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return
    try:
        with contextlib.suppress(OSError):
            os.fsync(fd)
    finally:
        os.close(fd)


def _durable_temp(p: Path, fill: Callable[[IO[bytes]], None]) -> str:
    """A hidden ``.part`` file beside ``p`` holding what ``fill(fh)`` wrote, fsynced; removed again
    when filling fails. The caller renames it into place."""
    p.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = _temp_beside(p)
    try:
        with os.fdopen(fd, "wb") as fh:
            fill(fh)
            fh.flush()
            os.fsync(fh.fileno())
    except BaseException:
        _unlink_quietly(tmp)
        raise
    return tmp


DIRECT_MIN = 1 << 20  # buffers at least this large are written around the page cache where the OS allows it
DIRECT_CHUNK = 2 << 20  # a staging buffer (page-aligned); O_DIRECT writes are this large at most
DIRECT_ALIGN = 4096  # offset and length of each O_DIRECT write: a multiple of every usual logical block size
STAGING_KEPT = 8  # staging buffers kept for reuse (16 MiB): fresh ones cost the page faults O_DIRECT avoids
_O_DIRECT = getattr(os, "O_DIRECT", 0)
_staging: list[mmap.mmap] = []
_staging_lock = threading.Lock()


@contextlib.contextmanager
def _staging_buffer() -> Iterator[mmap.mmap]:
    """A page-aligned buffer of ``DIRECT_CHUNK`` bytes for the block, reused across writes and threads."""
    with _staging_lock:
        buf = _staging.pop() if _staging else None
    buf = buf or mmap.mmap(-1, DIRECT_CHUNK)
    try:
        yield buf
    finally:
        with _staging_lock:
            keep = len(_staging) < STAGING_KEPT
            if keep:
                _staging.append(buf)
        if not keep:
            buf.close()


def _write_all(fd: int, view: memoryview) -> None:
    while view:
        view = view[os.write(fd, view):]


def _fill_direct(fd: int, data: BytesLike) -> None:
    """Write ``data`` into the new, empty file ``fd``: its whole 4 KiB blocks with O_DIRECT, copied chunk by
    chunk through a page-aligned staging buffer, the rest (the tail; everything where the
    file system refuses O_DIRECT) buffered. The caller fsyncs, as for any write."""
    view = memoryview(data).cast("B")
    body, done = len(view) - len(view) % DIRECT_ALIGN, 0
    flags = fcntl.fcntl(fd, fcntl.F_GETFL)
    try:
        fcntl.fcntl(fd, fcntl.F_SETFL, flags | _O_DIRECT)
        with _staging_buffer() as buf, memoryview(buf) as staged:
            while done < body:
                n = min(DIRECT_CHUNK, body - done)
                staged[:n] = view[done:done + n]
                wrote = os.write(fd, staged[:n])
                done += wrote
                if wrote != n:  # short (a full disk): the rest buffered, where the error (if any) is raised
                    break
    except OSError as exc:
        if exc.errno != errno.EINVAL:  # EINVAL: no O_DIRECT here (or other alignment): buffered from ``done``
            raise
    finally:
        fcntl.fcntl(fd, fcntl.F_SETFL, flags)
    _write_all(fd, view[done:])


def writes_direct(nbytes: int) -> bool:
    """Whether a buffer of ``nbytes`` is written around the page cache (copied to a staging buffer in user
    space first) where the file system allows it."""
    return bool(_O_DIRECT) and nbytes >= DIRECT_MIN


def _unlink_quietly(tmp: str) -> None:
    with contextlib.suppress(OSError):
        os.unlink(tmp)


def _write_error(p: Path, exc: OSError) -> OutputError:
    why = exc.strerror or str(exc)
    if exc.errno == 36:  # ENAMETOOLONG
        why += f" ({len(p.name.encode())} bytes in the name)"
    return OutputError(f"cannot write {p}: {why} (fix: choose a writable folder with free space and a shorter name)")


def atomic_write(path: str | Path, fill: Callable[[IO[bytes]], None]) -> Path:
    """Write ``path`` atomically and durably: ``fill(fh)`` writes the bytes (see module docstring)."""
    p = Path(path)
    tmp: str | None = None
    try:
        tmp = _durable_temp(p, fill)
        os.replace(tmp, p)
        tmp = None
        fsync_dir(p.parent)
    except OSError as exc:
        raise _write_error(p, exc) from exc
    finally:
        if tmp is not None:
            _unlink_quietly(tmp)
    return p


_SYNC_THREADS = 8  # fsyncs of one group issued at once (the file system commits them together)
_sync_pool: ThreadPoolExecutor | None = None
_sync_pool_lock = threading.Lock()


def _forget_sync_pool() -> None:
    global _sync_pool, _sync_pool_lock
    _sync_pool, _sync_pool_lock = None, threading.Lock()  # a forked child has none of the parent's threads


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_forget_sync_pool)


def _each_at_once(fn: Callable[[Any], None], items: list) -> None:
    """``fn(item)`` for every item, concurrently on a small shared thread pool (an fsync waits on the
    disk, not the CPU: ext4 and most journaling file systems commit fsyncs in flight together, so a
    take folder's eight files cost one or two journal commits instead of eight); the first error raised."""
    global _sync_pool
    if len(items) < 2:
        for item in items:
            fn(item)
        return
    with _sync_pool_lock:
        if _sync_pool is None:
            _sync_pool = ThreadPoolExecutor(max_workers=_SYNC_THREADS, thread_name_prefix="aceprod-fsync")
        pool = _sync_pool
    futures = [pool.submit(fn, item) for item in items]
    wait(futures)  # all done before any error is raised: the caller closes what they use
    for future in futures:
        future.result()


def _temp_beside(p: Path) -> tuple[int, str]:
    """A new hidden ``.part`` file beside ``p``: (its open descriptor, its path)."""
    return tempfile.mkstemp(prefix="." + cut_utf8(p.name, _TMP_PREFIX_BYTES) + ".", suffix=".part", dir=p.parent)


def _fsync_temp(temp: tuple[int | None, str, Path]) -> None:
    fd, _, path = temp
    try:
        os.fsync(fd)  # type: ignore[arg-type]
    except OSError as exc:
        raise _write_error(path, exc) from exc  # names the file whose bytes did not reach the disk


def write_many_atomic(items: list[tuple[Path, BytesLike]], *, last: tuple[Path, BytesLike] | None = None
                      ) -> list[Path]:
    """Write several files atomically and durably, as ``atomic_write`` each, but with their fsyncs
    issued together and one fsync per folder: every file's bytes go to a temp file beside it, all
    temp files are fsynced (at once, so the file system commits them together), then all are
    renamed in the given order, then the folders are fsynced. After a crash each path holds its old
    or its new bytes, never a mix (leftover ``.part`` files are hidden). ``last`` is a file that
    marks the group complete (a manifest): its temp file is written and fsynced with the others,
    but renamed into place only once every other rename is durable, then its folder is fsynced, so
    it never exists without the group. The data may be any buffer (a numpy array in shared memory
    is written from where it is, uncopied)."""
    everything = [*items, *([last] if last is not None else [])]
    temps: list[tuple[int | None, str, Path]] = []
    current = everything[0][0] if everything else Path()
    folders = list(dict.fromkeys(path.parent for path, _ in items))
    try:
        for current in dict.fromkeys(path.parent for path, _ in everything):
            current.mkdir(parents=True, exist_ok=True)
        for current, data in everything:
            fd, tmp = _temp_beside(current)
            temps.append((fd, tmp, current))
            if writes_direct(memoryview(data).nbytes):
                _fill_direct(fd, data)
            else:
                _write_all(fd, memoryview(data).cast("B"))
        _each_at_once(_fsync_temp, temps)
        for i, (fd, tmp, current) in enumerate(temps):
            temps[i] = (None, tmp, current)
            os.close(fd)  # type: ignore[arg-type]
        held = 1 if last is not None else 0  # the marker's temp file waits for the group
        while len(temps) > held:
            _, tmp, current = temps[0]
            os.replace(tmp, current)
            temps.pop(0)
        _each_at_once(fsync_dir, folders)
        if temps:  # the marker, once every rename of the group is durable
            _, tmp, current = temps[0]
            os.replace(tmp, current)
            temps.pop(0)
            fsync_dir(current.parent)
    except OSError as exc:
        raise _write_error(current, exc) from exc
    finally:
        for fd, tmp, _ in temps:
            if fd is not None:
                with contextlib.suppress(OSError):
                    os.close(fd)
            _unlink_quietly(tmp)
    return [path for path, _ in everything]


def write_bytes_atomic(path: str | Path, data: bytes) -> Path:
    """Write bytes atomically and durably (a group of one, see ``write_many_atomic``)."""
    return write_many_atomic([(Path(path), data)])[0]


def write_text_atomic(path: str | Path, text: str) -> Path:
    """Write a UTF-8 text file atomically and durably."""
    return write_bytes_atomic(path, text.encode("utf-8"))


class ProcessLock:
    """An exclusive lock on ``path`` held by this process until ``release()`` or exit.

    ``busy(info)`` builds the error raised when another process holds it; ``info`` is
    what the holder wrote (pid, host, cmd, since), possibly empty."""

    def __init__(self, path: Path, busy: Callable[[dict], AceprodError]) -> None:
        self.path = path
        self.busy = busy
        self._fd: int | None = None

    @staticmethod
    def read_info(path: Path) -> dict:
        try:
            data = json.loads(path.read_text() or "{}")
        except (OSError, ValueError):
            return {}
        return data if isinstance(data, dict) else {}

    def acquire(self, *, wait_s: float = 0.0) -> ProcessLock:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as exc:
            raise OutputError(f"cannot create the lock file {self.path}: {exc.strerror} "
                              "(fix: choose a folder you can write to)") from None
        deadline = time.monotonic() + wait_s
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    os.close(fd)
                    raise self.busy(self.read_info(self.path)) from None
                time.sleep(0.05)
        info = {"pid": os.getpid(), "host": socket.gethostname(), "cmd": " ".join(sys.argv)[:200],
                "since": time.strftime("%Y-%m-%dT%H:%M:%S")}
        os.ftruncate(fd, 0)
        os.pwrite(fd, json.dumps(info).encode(), 0)
        self._fd = fd
        return self

    def release(self) -> None:
        if self._fd is not None:
            try:
                os.ftruncate(self._fd, 0)
                fcntl.flock(self._fd, fcntl.LOCK_UN)
            finally:
                os.close(self._fd)
                self._fd = None

    def __enter__(self) -> ProcessLock:
        return self if self._fd is not None else self.acquire()

    def __exit__(self, *exc: object) -> None:
        self.release()


def holder_text(info: dict) -> str:
    """'PID 123 on host h (aceprod album ...) since ...' from a lock file's info."""
    if not info.get("pid"):
        return "another process"
    text = f"PID {info['pid']}"
    if info.get("host"):
        text += f" on host {info['host']}"
    if info.get("cmd"):
        text += f" ({info['cmd']})"
    if info.get("since"):
        text += f" since {info['since']}"
    return text
