"""The real-music corpus's splits (bench/real_corpus.py, bench/quality_real.py): a set of packages alternates
between its two halves by a hash of the track id, the same piece at another speed is one track, a short file is
none, each set keeps an index of its own (adding a set moves no earlier track), ``--split tune`` is every
calibration split (never the reported half or the sets read once), and ``--split all`` leaves out the set named UNREAD (kept for
one read after a round calibrated on all; fresh12 now), and fresh10 also reads music files without an extension (Blob Wars' Ogg files). Real FLAC files in a folder laid out as an unpacked package is; the
tracker-module sets' files are rendered by a stand-in for openmpt123 (a script on PATH) that writes the length a
"module" names, and fresh11's LMMS projects by a stand-in for lmms that writes the length, level and exit status a
"project" names, and fresh12's MIDI files (some inside a Doom WAD archive) by a stand-in for fluidsynth that writes the
length and level a "MIDI file" names."""

from __future__ import annotations

import os
import shutil
import stat
import struct
import sys
import zlib
from pathlib import Path

import numpy as np
import pytest
import soundfile as sf

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
import quality_real as QR  # noqa: E402
import real_corpus as RC  # noqa: E402
import real_corpus_render as RR  # noqa: E402


def _package(cache: Path, name: str, stems: list[str], seconds: float = 45.0) -> None:
    root = cache / "x" / name / "music"
    root.mkdir(parents=True, exist_ok=True)
    for stem in stems:
        sf.write(root / f"{stem}.flac", np.zeros(int(seconds * 8000), dtype=np.float32), 8000)
    (cache / "x" / name / ".unpacked").touch()


def _modules(cache: Path, name: str, files: dict[str, str]) -> None:
    """Stand-in module files: each holds "<seconds of sound> <seconds of silence after it>" for _fake_openmpt."""
    root = cache / "x" / name / "music"
    root.mkdir(parents=True, exist_ok=True)
    for fname, text in files.items():
        (root / fname).write_text(text)
    (cache / "x" / name / ".unpacked").touch()


def _fake_openmpt(cache: Path, monkeypatch) -> None:
    """An openmpt123 on PATH that renders a stand-in module (see _modules) as a 48 kHz stereo WAV."""
    bin_dir = cache / "bin"
    bin_dir.mkdir()
    exe = bin_dir / "openmpt123"
    exe.write_text(f"#!{sys.executable}\n" + '''import sys
import numpy as np
import soundfile as sf
a = sys.argv
sound, silence = (float(x) for x in open(a[-1]).read().split())
t = np.arange(int(sound * 48000)) / 48000
y = np.concatenate([0.3 * np.sin(2 * np.pi * 220 * t), np.zeros(int(silence * 48000))]).astype(np.float32)
sf.write(a[a.index("--output") + 1], np.stack([y, y], axis=1), 48000, subtype="FLOAT")
''')
    exe.chmod(exe.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")


def _projects(cache: Path, name: str, files: dict[str, str]) -> None:
    """Stand-in LMMS projects: each holds "<seconds> <level> <exit status of each run>" and maybe an instrument line,
    for _fake_lmms; a .mmpz is compressed as LMMS does (a 4-byte length, then zlib)."""
    root = cache / "x" / name / "lmms" / "projects" / "demos"
    root.mkdir(parents=True, exist_ok=True)
    for fname, text in files.items():
        raw = text.encode()
        (root / fname).write_bytes(struct.pack(">I", len(raw)) + zlib.compress(raw) if fname.endswith(".mmpz") else raw)
    (cache / "x" / name / ".unpacked").touch()


FAKE_LMMS = '''import sys, zlib
from pathlib import Path
import numpy as np
import soundfile as sf
a = sys.argv
project = Path(a[a.index("render") + 1])
raw = project.read_bytes()
text = (zlib.decompress(raw[4:]) if project.suffix == ".mmpz" else raw).decode()
seconds, level, *codes = text.splitlines()[0].split()
runs = project.with_name(project.name + ".runs")
n = int(runs.read_text()) if runs.is_file() else 0
runs.write_text(str(n + 1))
t = np.arange(int(float(seconds) * 48000)) / 48000
y = (float(level) * np.sin(2 * np.pi * 220 * t)).astype(np.float32)
sf.write(a[a.index("-o") + 1], np.stack([y, y], axis=1), 48000, subtype="FLOAT")
sys.exit(int(codes[min(n, len(codes) - 1)]))
'''


def _fake_lmms(cache: Path, monkeypatch) -> None:
    """An lmms on PATH that renders a stand-in project (see _projects) as a 48 kHz float WAV, counts its runs beside
    the project and exits with the status the project names for that run (LMMS 1.2.2 may segfault on exit after
    writing the file)."""
    _fake_exe(cache, monkeypatch, "lmms", FAKE_LMMS)


def _fake_exe(cache: Path, monkeypatch, name: str, script: str) -> None:
    """A Python ``script`` installed as the program ``name``, first on PATH."""
    bin_dir = cache / "bin"
    bin_dir.mkdir(exist_ok=True)
    exe = bin_dir / name
    exe.write_text(f"#!{sys.executable}\n" + script)
    exe.chmod(exe.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")


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
    monkeypatch.setattr(RC, "FRESH8_PACKAGES", (("read8-music", "mixed", ("music/",)),))
    monkeypatch.setattr(RC, "TRACKER_TUNE_PACKAGES", ())
    monkeypatch.setattr(RC, "FRESH9_PACKAGES", (("read9-music", "tracker", ("music/",)),))
    monkeypatch.setattr(RC, "FRESH10_PACKAGES", (("unread-music", "mixed", ("music/",)),))
    monkeypatch.setattr(RC, "FRESH11_PACKAGES", ())
    monkeypatch.setattr(RC, "FRESH12_PACKAGES", ())
    _package(tmp_path, "old-music", [f"a{k}" for k in range(6)])
    _package(tmp_path, "new-music", ["race", "race_fast", "menu", "boss", "credits"])
    _package(tmp_path, "later-music", ["x", "y", "z"])
    _package(tmp_path, "read-music", ["r", "s"])
    _package(tmp_path, "read4-music", ["w", "x4"])
    _package(tmp_path, "read5-music", ["f5", "g5"])
    _package(tmp_path, "read6-music", ["f6", "g6"])
    _package(tmp_path, "read7-music", ["f7", "g7"])
    _package(tmp_path, "read8-music", ["f8", "g8"])
    _modules(tmp_path, "read9-music", {"r9.mod": "48 0"})
    _package(tmp_path, "unread-music", [])
    _modules(tmp_path, "unread-music", {"u.xm": "45 0", "v.it": "50 0"})
    sf.write(tmp_path / "x" / "unread-music" / "music" / "arctic", np.zeros(45 * 8000, dtype=np.float32), 8000,
             format="FLAC")  # music without an extension (blobwars-data's Ogg files), a .tags file beside it
    (tmp_path / "x" / "unread-music" / "music" / "arctic.tags").write_text("title")
    (tmp_path / "x" / "unread-music" / "music" / "empty").mkdir()
    _fake_openmpt(tmp_path, monkeypatch)
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
    monkeypatch.setattr(RC, "UNREAD", "fresh10")
    QR.run("all", kinds=(), limit=None)
    assert "fresh10" not in seen  # the set kept for one read stays out
    assert {"fresh2", "fresh3", "fresh4", "fresh5", "fresh6", "fresh7", "fresh8", "fresh9"} <= set(seen)
    seen.clear()
    monkeypatch.setattr(RC, "UNREAD", "")  # once read, it is calibration material
    QR.run("all", kinds=(), limit=None)
    assert "fresh10" in seen


def test_the_unread_set_reads_music_without_an_extension_and_no_earlier_set_does(corpus):
    ts = RC.tracks()
    assert sorted(t.id for t in ts if t.split == "fresh10") == ["unread-music/arctic", "unread-music/u", "unread-music/v"]
    assert [t.id for t in ts if t.split == "fresh9"] == ["read9-music/r9"]
    y = RC.clip(next(t for t in ts if t.id == "unread-music/arctic"))
    assert y.shape == (2, 45 * RC.SR)


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


def test_a_module_set_renders_its_modules_drops_their_silent_end_and_keeps_one_copy_of_a_module(corpus, monkeypatch):
    _modules(corpus, "mod-music", {"a.mod": "50 30", "b.s3m": "30 40", "c.xm": "55 0", "c_copy.xm": "55 0", "d.ogg": "x"})
    monkeypatch.setattr(RC, "TRACKER_TUNE_PACKAGES", (("mod-music", "tracker", ("music/",)),))
    ts = [t for t in RC.tracks() if t.package == "mod-music"]
    assert sorted(t.id for t in ts) == ["mod-music/a", "mod-music/c"]  # b is 30 s of music (its 40 s of silence dropped)
    assert {t.split for t in ts} == {"tracker_tune"}
    y = RC.clip(next(t for t in ts if t.id == "mod-music/a"))
    assert y.shape == (2, 50 * RC.SR)  # the whole 50 s piece, none of the silence after it
    assert float(np.abs(y).max()) > 0.2


def test_a_module_set_without_openmpt123_says_which_package_to_install(corpus, monkeypatch):
    _modules(corpus, "mod-music", {"a.mod": "50 0"})
    monkeypatch.setattr(RC, "TRACKER_TUNE_PACKAGES", (("mod-music", "tracker", ("music/",)),))
    monkeypatch.setattr(shutil, "which", lambda name: None)
    (corpus / "tracks_fresh9.json").unlink(missing_ok=True)
    (corpus / "tracks_fresh10.json").unlink(missing_ok=True)
    with pytest.raises(RuntimeError, match="apt-get install openmpt123"):
        RC.tracks()


def test_a_polarity_inversion_measured_in_the_excerpt_is_reported_apart_not_counted():
    t = np.arange(48000) / 48000
    x = np.sin(2 * np.pi * 110 * t) + 0.3 * np.sin(2 * np.pi * 1130 * t)
    inverted, wide = np.stack([x, -x]), np.stack([x, 0.5 * x + np.cos(2 * np.pi * 60 * t)])
    assert QR._lr_corr(inverted) < -0.99 and QR._lr_corr(wide) > QR.REAL_POLARITY_CORR
    phase = {"kind": "phase_issue", "severity": 1.0, "start_s": 0.0, "end_s": 1.0}
    rows = [{"track": f"p/{name}", "kind": "clean", "plant": None, "lr_corr": QR._lr_corr(y),
             "report": {"overall": 6.0, "seconds": 0.1, "defects": [phase]}}
            for name, y in (("surround", inverted), ("wide", wide))]
    s = QR.summarize(rows, "test")
    assert s["real_polarity"] == ["p/surround"] and s["clean_fault"] == [("p/wide", ["phase_issue"])]


def test_the_lmms_set_renders_each_song_once_under_full_scale_and_leaves_out_what_does_not_play(corpus, monkeypatch):
    _projects(corpus, "daw-music", {
        "Ann-Song.mmpz": "50 2.0 0",  # a float mix twice over full scale: scaled, never clipped
        "Bob-Crash.mmp": "55 0.3 139 0",  # a crash on exit: rendered again
        "Cy-Vst.mmpz": '45 0.3 0\n<instrument name="vestige">',  # a VST instrument: left out, never rendered
        "Dee-Silent.mmp": "45 0 0",  # a silent render: left out
        "Eve-Broken.mmp": "45 0.3 139",  # never exits cleanly: left out
        "Fay-Short.mmp": "20 0.3 0",  # a sketch under MIN_TRACK_S
    })
    tutorials = corpus / "x" / "daw-music" / "lmms" / "projects" / "tutorials"
    tutorials.mkdir(parents=True)
    (tutorials / "howto.mmp").write_text("50 0.3 0")  # not in the set's folders
    _fake_lmms(corpus, monkeypatch)
    monkeypatch.setattr(RC, "FRESH11_PACKAGES", (("daw-music", "daw", ("lmms/projects/demos/",)),))
    ts = [t for t in RC.tracks() if t.package == "daw-music"]
    assert sorted(t.id for t in ts) == ["daw-music/Ann-Song", "daw-music/Bob-Crash"]
    assert {t.split for t in ts} == {"fresh11"}
    demos = corpus / "x" / "daw-music" / "lmms" / "projects" / "demos"
    runs = {p.name.split(".")[0]: int(p.read_text()) for p in demos.glob("*.runs")}
    assert runs == {"Ann-Song": 1, "Bob-Crash": 2, "Dee-Silent": 1, "Eve-Broken": RC.LMMS_TRIES, "Fay-Short": 1}
    y = RC.clip(next(t for t in ts if t.id == "daw-music/Ann-Song"))
    assert y.shape == (2, 50 * RC.SR)
    assert 0.99 < float(np.abs(y).max()) <= RC.PEAK_CEILING + 1e-4
    RC.clip(next(t for t in ts if t.id == "daw-music/Bob-Crash"))
    assert (demos / "Bob-Crash.mmp.runs").read_text() == "2"  # cut from the cached render, not rendered again


def test_the_lmms_set_without_lmms_says_which_package_to_install(corpus, monkeypatch):
    _projects(corpus, "daw-music", {"Ann-Song.mmp": "50 0.3 0"})
    monkeypatch.setattr(RC, "FRESH11_PACKAGES", (("daw-music", "daw", ("lmms/projects/demos/",)),))
    which = shutil.which
    monkeypatch.setattr(shutil, "which", lambda name: None if name == "lmms" else which(name))
    with pytest.raises(RuntimeError, match="apt-get install lmms"):
        RC.tracks()


FAKE_FLUIDSYNTH = '''import sys
import numpy as np
import soundfile as sf
a = sys.argv
seconds, level = (float(x) for x in open(a[-1], "rb").read()[4:].split())  # a stand-in MIDI file: b"MThd<s> <level>"
t = np.arange(int(seconds * 48000)) / 48000
y = np.concatenate([level * np.sin(2 * np.pi * 220 * t), np.zeros(4800)]).astype(np.float32)  # a tail of silence
sf.write(a[a.index("-F") + 1], np.stack([y, y], axis=1), 48000, subtype="FLOAT")
'''


def _midis(cache: Path, name: str, files: dict[str, str], wad: dict[str, str] | None = None) -> None:
    """Stand-in MIDI files ("<seconds> <level>" after the MThd mark) for _fake_fluidsynth, and maybe a WAD archive
    holding some as music lumps (D_*) beside a lump that is no music."""
    root = cache / "x" / name / "music"
    root.mkdir(parents=True, exist_ok=True)
    for fname, text in files.items():
        (root / fname).write_bytes(b"MThd" + text.encode())
    if wad is not None:
        lumps = [(n, b"MThd" + t.encode()) for n, t in wad.items()] + [("DEMO1", b"not music")]
        body = b"".join(data for _, data in lumps)
        where, offset, entries = 12 + len(body), 12, b""
        for n, data in lumps:
            entries += struct.pack("<ii8s", offset, len(data), n.encode())
            offset += len(data)
        (root / "game.wad").write_bytes(struct.pack("<4sii", b"IWAD", len(lumps), where) + body + entries)


def _fake_fluidsynth(cache: Path, monkeypatch) -> None:
    _fake_exe(cache, monkeypatch, "fluidsynth", FAKE_FLUIDSYNTH)
    (sf2 := cache / "gm.sf2").write_bytes(b"soundfont")
    monkeypatch.setattr(RR, "SOUNDFONT", sf2)


def test_the_midi_set_renders_midi_files_and_a_wads_music_once_under_full_scale(corpus, monkeypatch):
    _midis(corpus, "midi-music", {"blues.mid": "50 2.0", "short.mid": "20 0.3", "quiet.mid": "45 0.0001",
                                  "blues_copy.mid": "50 2.0"},
           wad={"D_E1M1": "48 0.3", "D_RUNNIN": "44 0.5", "D_INTRO": "10 0.3"})
    _fake_fluidsynth(corpus, monkeypatch)
    monkeypatch.setattr(RC, "FRESH12_PACKAGES", (("midi-music", "midi", ("music/",)),))
    music = corpus / "x" / "midi-music" / "music"
    assert sorted(p.name for p in RR.wad_midis(music / "game.wad", music)) == [  # what _fetch does once unpacked
        "game_d_e1m1.mid", "game_d_intro.mid", "game_d_runnin.mid"]
    (corpus / "x" / "midi-music" / ".unpacked").touch()
    ts = [t for t in RC.tracks() if t.package == "midi-music"]
    # the copy is one track, a 20 s piece and a silent one none, the WAD's two music lumps of 40 s or more are tracks
    assert sorted(t.id for t in ts) == ["midi-music/blues", "midi-music/game_d_e1m1", "midi-music/game_d_runnin"]
    assert {t.split for t in ts} == {"fresh12"}
    y = RC.clip(next(t for t in ts if t.id == "midi-music/blues"))
    assert y.shape == (2, 50 * RC.SR)  # the piece, none of the silence after it
    assert 0.99 < float(np.abs(y).max()) <= RC.PEAK_CEILING + 1e-4  # twice over full scale: scaled, never clipped
    assert float(np.abs(RC.clip(next(t for t in ts if t.id == "midi-music/game_d_e1m1"))).max()) < 0.31  # as rendered


def test_the_midi_set_without_fluidsynth_or_its_soundfont_says_which_package_to_install(corpus, monkeypatch):
    _midis(corpus, "midi-music", {"blues.mid": "50 0.3"})
    (corpus / "x" / "midi-music" / ".unpacked").touch()
    monkeypatch.setattr(RC, "FRESH12_PACKAGES", (("midi-music", "midi", ("music/",)),))
    _fake_fluidsynth(corpus, monkeypatch)
    monkeypatch.setattr(RR, "SOUNDFONT", corpus / "missing.sf2")
    with pytest.raises(RuntimeError, match="apt-get install fluid-soundfont-gm"):
        RC.tracks()
    which = shutil.which
    monkeypatch.setattr(shutil, "which", lambda name: None if name == "fluidsynth" else which(name))
    with pytest.raises(RuntimeError, match="apt-get install fluidsynth"):
        RC.tracks()
