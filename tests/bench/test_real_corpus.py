"""The real-music corpus's splits (bench/real_corpus.py, bench/quality_real.py): a set of packages alternates
between its two halves by a hash of the track id, the same piece at another speed is one track, a short file is
none, each set keeps an index of its own (adding a set moves no earlier track), ``--split tune`` is every
calibration split (never the reported half or the sets read once), and ``--split all`` leaves out fresh8 (kept for
one read after a round calibrated on all). Real FLAC files in a folder laid out as an unpacked package is."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest
import soundfile as sf

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
import quality_real as QR  # noqa: E402
import real_corpus as RC  # noqa: E402


def _package(cache: Path, name: str, stems: list[str], seconds: float = 45.0) -> None:
    root = cache / "x" / name / "music"
    root.mkdir(parents=True)
    for stem in stems:
        sf.write(root / f"{stem}.flac", np.zeros(int(seconds * 8000), dtype=np.float32), 8000)
    (cache / "x" / name / ".unpacked").touch()


@pytest.fixture
def corpus(tmp_path, monkeypatch):
    monkeypatch.setattr(RC, "CACHE", tmp_path)
    monkeypatch.setattr(RC, "PACKAGES", (("old-music", "ambient", ("music/",)), ("short-music", "ambient", ("music/",))))
    monkeypatch.setattr(RC, "FRESH_PACKAGES", (("new-music", "rock/metal", ("music/",)),))
    monkeypatch.setattr(RC, "FRESH2_PACKAGES", (("later-music", "chiptune", ("music/",)),))
    monkeypatch.setattr(RC, "FRESH3_PACKAGES", (("read-music", "pop", ("music/",)),))
    monkeypatch.setattr(RC, "FRESH4_PACKAGES", (("read4-music", "rock/metal", ("music/",)),))
    monkeypatch.setattr(RC, "FRESH5_PACKAGES", (("read5-music", "electronic", ("music/",)),))
    monkeypatch.setattr(RC, "FRESH6_PACKAGES", (("read6-music", "mixed", ("music/",)),))
    monkeypatch.setattr(RC, "FRESH7_PACKAGES", (("read7-music", "electronic", ("music/",)),))
    monkeypatch.setattr(RC, "FRESH8_PACKAGES", (("unread-music", "mixed", ("music/",)),))
    _package(tmp_path, "old-music", [f"a{k}" for k in range(6)])
    _package(tmp_path, "new-music", ["race", "race_fast", "menu", "boss", "credits"])
    _package(tmp_path, "later-music", ["x", "y", "z"])
    _package(tmp_path, "read-music", ["r", "s"])
    _package(tmp_path, "read4-music", ["w", "x4"])
    _package(tmp_path, "read5-music", ["f5", "g5"])
    _package(tmp_path, "read6-music", ["f6", "g6"])
    _package(tmp_path, "read7-music", ["f7", "g7"])
    _package(tmp_path, "unread-music", ["u", "v"])
    _package(tmp_path, "short-music", ["jingle"], seconds=5.0)
    return tmp_path


def test_each_set_alternates_between_its_halves_and_keeps_one_copy_of_a_piece(corpus):
    ts = RC.tracks()
    by = {}
    for t in ts:
        by.setdefault(t.package, []).append(t.split)
    assert sorted(by["old-music"]) == ["calibrate"] * 3 + ["heldout"] * 3
    assert sorted(by["new-music"]) == ["fresh_calibrate"] * 2 + ["fresh_heldout"] * 2  # race_fast is race
    assert by["later-music"] == ["fresh2"] * 3
    assert "new-music/race_fast" not in {t.id for t in ts}
    assert "short-music" not in by  # a 5 s file is a jingle or a sound effect, no track


def test_a_set_added_later_moves_no_earlier_track(corpus, monkeypatch):
    first = {t.id: t.split for t in RC.tracks()}
    _package(corpus, "newer-music", ["p", "q"])
    monkeypatch.setattr(RC, "FRESH5_PACKAGES", RC.FRESH5_PACKAGES + (("newer-music", "pop", ("music/",)),))
    (corpus / "tracks_fresh5.json").unlink()
    again = {t.id: t.split for t in RC.tracks()}
    assert all(again[i] == s for i, s in first.items())  # the first sets' indexes were read, not rebuilt
    assert {i for i in again if i.startswith("newer-music/")} == {"newer-music/p", "newer-music/q"}


def test_the_tune_split_holds_only_calibration_material(corpus, monkeypatch):
    seen: list[str] = []
    monkeypatch.setattr(RC, "clip", lambda t: seen.append(t.split) or np.zeros((2, 48000 * 20), dtype=np.float32))
    monkeypatch.setattr(QR, "_fingerprint", lambda: "test")
    monkeypatch.setattr(QR, "_analyse", lambda y, planned, only=None: {"overall": 10.0, "seconds": 0.0, "defects": []})
    QR.run("tune", kinds=(), limit=None)
    assert set(seen) == {"calibrate", "heldout", "fresh_calibrate"}
    seen.clear()
    QR.run("fresh_heldout", kinds=(), limit=None)
    assert set(seen) == {"fresh_heldout"}
    seen.clear()
    QR.run("all", kinds=(), limit=None)
    assert "fresh8" not in seen and {"fresh2", "fresh3", "fresh4", "fresh5", "fresh6", "fresh7"} <= set(seen)  # the set kept for one read stays out


def test_a_file_named_for_its_role_is_named_by_its_folder(corpus, monkeypatch):
    root = corpus / "x" / "songs-music" / "songs"
    for piece in ("armygeddon", "chaos_god"):
        (root / piece).mkdir(parents=True)
        for role in ("song", "guitar"):
            sf.write(root / piece / f"{role}.ogg", np.zeros(45 * 8000, dtype=np.float32), 8000)
    (corpus / "x" / "songs-music" / ".unpacked").touch()
    monkeypatch.setattr(RC, "FRESH5_PACKAGES", (("songs-music", "rock/metal", ("/song.ogg",)),))
    ids = {t.id for t in RC.tracks() if t.package == "songs-music"}
    assert ids == {"songs-music/armygeddon", "songs-music/chaos_god"}  # two pieces, not one "song", no guitar part


def test_excerpts_give_each_track_of_the_splits_with_its_clean_clip_and_a_plant_of_every_kind(corpus):
    got = list(RC.excerpts(("fresh2",)))
    assert sorted(t.id for t, _, _ in got) == ["later-music/x", "later-music/y", "later-music/z"]
    for t, y, plants in got:
        assert y.shape[0] == 2 and y.shape[1] > 0
        assert set(plants) == set(RC.KINDS)
        assert plants == {p.kind: p for p in RC.plan(t, y.shape[1] / RC.SR)}
