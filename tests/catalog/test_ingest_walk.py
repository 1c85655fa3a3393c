"""The ingest's folder walk: the same files, in the same order, as sorting ``rglob`` (which it replaced
for speed), on a tree with names that sort differently as strings and as path parts, hidden files,
symlinks to files and to folders (not entered), a broken link and a symlink loop."""

from __future__ import annotations

import os
from pathlib import Path

from catalog.ingest import _discover, _files_in_order


def _tree(root: Path) -> None:
    for rel in ["a/b.json", "a-c.json", "a.b/x.flac", "A/z.json", "a/.hidden.json", "a/deep/er/t.b0.json",
                "a/deep/er/t.b0.flac", "take.stems/drums.flac", "x/run.json", "x/pipeline.json", "x/g.b0.quality.json"]:
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text("{}")
    outside = root.parent / "outside"
    (outside / "sub").mkdir(parents=True)
    (outside / "sub" / "o.json").write_text("{}")
    os.symlink(outside / "sub", root / "linked_dir")  # a folder through a symlink: not entered
    os.symlink(root / "a-c.json", root / "linked.json")  # a symlink to a file: a file
    os.symlink(root / "missing.json", root / "broken.json")  # broken: not a file
    os.symlink(root / "a", root / "a" / "loop")  # a loop: not entered


def test_walk_equals_sorted_rglob(tmp_path: Path):
    root = tmp_path / "in"
    root.mkdir()
    _tree(root)
    expected = sorted(p for p in root.rglob("*") if p.is_file())
    assert _files_in_order(root) == expected
    assert root / "linked.json" in expected and not any("outside" in str(p) or "loop" in str(p) for p in expected)
    sidecars, reports, runs, pipelines, audio = _discover(root)
    assert [p.relative_to(root).as_posix() for p in sidecars] == ["A/z.json", "a/b.json", "a/deep/er/t.b0.json",
                                                                 "a-c.json", "linked.json"]
    assert [p.relative_to(root).as_posix() for p in audio] == ["a/deep/er/t.b0.flac", "a.b/x.flac"]
    assert list(runs) == [root / "x"] and list(pipelines) == [root / "x"] and list(reports) == [root / "x" / "g.b0"]
