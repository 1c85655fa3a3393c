"""Immutable export folders: build in a hidden temp folder, hash, seal, rename.

``ExportFolder(dest)`` refuses a destination that already exists (an export is
never overwritten), gives a temp folder beside it to write into, and ``seal()``
hashes every file into ``manifest.json``, makes the files read-only and renames
the temp folder to ``dest`` in one step, so a crash leaves either no export or a
whole one (plus a ``.partial`` folder to delete).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import stat
from collections.abc import Callable
from pathlib import Path
from typing import Any

from engine.audio import sha256_file
from engine.errors import CatalogError
from engine.files import fsync_dir, write_text_atomic

VERSION_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")
AUDIO_MODES = ("link", "copy", "none")


class ExportFolder:
    def __init__(self, dest: Path) -> None:
        self.dest = dest
        if dest.exists() and (not dest.is_dir() or any(dest.iterdir())):
            raise CatalogError(
                f"{dest} already exists; exports are immutable and never overwritten "
                "(fix: choose a new --version or another --out folder)"
            )
        dest.parent.mkdir(parents=True, exist_ok=True)
        self.tmp = dest.parent / f".{dest.name}.partial-{os.getpid()}"
        if self.tmp.exists():
            shutil.rmtree(self.tmp)
        self.tmp.mkdir()
        self.linked: set[str] = set()

    def place_audio(self, src: Path, rel: str, mode: str) -> None:
        """Hard-link (falling back to copy across file systems) or copy ``src`` to ``rel``."""
        target = self.tmp / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        if mode == "link":
            try:
                os.link(src, target)
                self.linked.add(rel)
                return
            except OSError:
                pass
        shutil.copy2(src, target)

    def place_all(self, files: list[tuple[str, Path, str]], mode: str, *, fix: str,
                  progress: Callable[[str, int, int], None] | None = None) -> dict[str, str]:
        """Place every ``(rel, src, sha256)`` (``place_audio``); the sha256 ``seal`` checks, by rel.
        A source gone from disk stops the export first, naming one and ``fix``."""
        missing = [src for _, src, _ in files if not src.is_file()]
        if missing:
            raise CatalogError(f"{len(missing)} take(s) have no audio on disk, e.g. {missing[0]} (fix: restore the "
                               f"files, or {fix})")
        for k, (rel, src, _) in enumerate(files):
            self.place_audio(src, rel, mode)
            if progress:
                progress("audio", k + 1, len(files))
        return {rel: sha for rel, _, sha in files}

    def seal(self, manifest: dict[str, Any], *, expected_sha: dict[str, str] | None = None,
             required: list[str] | None = None, progress: Callable[[int, int], None] | None = None) -> str:
        """Hash files (checking audio against the catalog's sha256), write manifest.json,
        make the files we wrote read-only, rename into place. Returns the manifest's sha256.
        Every path in ``required`` must be a non-empty file in the folder, or nothing is sealed."""
        expected_sha = expected_sha or {}
        missing = [r for r in required or [] if not (self.tmp / r).is_file() or (self.tmp / r).stat().st_size == 0]
        if missing:
            raise CatalogError(f"the export did not write {missing[0]}"
                               f"{f' (+{len(missing) - 1} more)' if len(missing) > 1 else ''}; nothing was sealed "
                               "(fix: check free space and permissions of --out, then export again)")
        files = sorted(p for p in self.tmp.rglob("*") if p.is_file() and not p.is_symlink())
        listing = []
        for k, p in enumerate(files):
            rel = p.relative_to(self.tmp).as_posix()
            digest = sha256_file(p)
            if rel in expected_sha and expected_sha[rel] != digest:
                raise CatalogError(
                    f"{rel} no longer matches the sha256 stored at ingest (the take's audio changed on disk) "
                    "(fix: restore the original file, or leave that take out)"
                )
            listing.append({"path": rel, "sha256": digest, "bytes": p.stat().st_size})
            if progress:
                progress(k + 1, len(files))
        manifest = {**manifest, "files": listing}
        mpath = write_text_atomic(self.tmp / "manifest.json", json.dumps(manifest, indent=1, default=str) + "\n")
        digest = sha256_file(mpath)
        for p in [*files, mpath]:
            if p.relative_to(self.tmp).as_posix() not in self.linked:  # never chmod the catalog's own audio
                p.chmod(stat.S_IRUSR | stat.S_IRGRP | stat.S_IROTH)
        for folder in {p.parent for p in files} | {self.tmp}:
            fsync_dir(folder)
        if self.dest.exists():  # an empty folder the user made
            self.dest.rmdir()
        os.replace(self.tmp, self.dest)
        fsync_dir(self.dest.parent)
        return digest

    def abort(self) -> None:
        shutil.rmtree(self.tmp, ignore_errors=True)
