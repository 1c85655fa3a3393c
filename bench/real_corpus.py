"""A real-music calibration corpus with planted defects (the critic's held-out test).

    .venv/bin/python bench/real_corpus.py            # build (download, extract, cut), print a summary
    .venv/bin/python bench/real_corpus.py --list     # one line per track: id, package, genre, split

Sources: Debian packages of freely licensed game music (downloaded with ``apt-get
download``, no root needed, and unpacked with ``dpkg-deb``; nothing is installed).
The Wesnoth and Endgame: Singularity soundtracks are never used: they are kept for an
independent evaluation. Each track contributes one EXCERPT_S window from its middle,
cached as 24-bit FLAC under CACHE (outside the repository).

Split: within each package the tracks are ordered by a hash of their id and
alternately assigned to ``calibrate`` and ``heldout``: thresholds are tuned on the first
half, numbers are reported on the second only (``bench/quality_real.py``).

FRESH_PACKAGES are packages no detector had been looked at on, added in December 2026
after the held-out half had been read in many rounds. Their tracks alternate (by the same
hash) between ``fresh_calibrate`` and ``fresh_heldout``; the numbers are reported on
``fresh_heldout``, and every other split is calibration material. FRESH2_PACKAGES
(split ``fresh2``) were kept for one read after a calibration round, as the check that
nothing was fitted to the fresh half either, and FRESH3_PACKAGES (split ``fresh3``) for
one read after a second round calibrated on every split before it (then ``--split all``). All
of them were read in the thirteenth session. FRESH4_PACKAGES (split ``fresh4``) were added in the
fourteenth, for one read after a round calibrated on every earlier split (``--split all``, fresh3
included), and FRESH5_PACKAGES (split ``fresh5``) after fresh4 had been read, for one read after a round
calibrated on every earlier split (``--split all`` then holds fresh4); FRESH6_PACKAGES (split ``fresh6``) in the
fifteenth, after fresh5 had been read, the same way (``--split all`` holds fresh5); FRESH7_PACKAGES (split
``fresh7``) in the sixteenth, after fresh6 had been read (``--split all`` holds fresh6); FRESH8_PACKAGES (split
``fresh8``) in the seventeenth, after fresh7 had been read: every Debian game-data package left whose music decodes
(most of the rest hold tracker modules, which soundfile cannot read), 21 tracks. UNREAD names the one set
kept for a single read: ``--split all`` and every study leave it out. Each set has an index file of its own, so
adding one leaves the earlier splits exactly as they were.

Tracker modules (eighteenth session): the game packages left hold their music as .mod, .xm, .it, .s3m or .stm
files, which openmpt123 (libopenmpt's player, Debian package ``openmpt123``; a clear error names it when missing;
bench/real_corpus_render.py) renders once through, first subsong, at 48 kHz with libopenmpt's defaults (100 % stereo separation, so an Amiga
MOD's channels stay hard-panned), trailing digital silence dropped (a module may end in empty patterns). Only the module sets read module files (MODULE_EXT), so no earlier set gains a
track; one module shipped under two names is one track. TRACKER_TUNE_PACKAGES (split ``tracker_tune``, 36 tracks:
Ironseed's MODs, Pingus's IT/S3M pieces, Heroes's XMs) is calibration material for what trackers do that recorded
music does not (hard note-offs, looped samples, hard-panned channels); ``--split all`` holds it. FRESH9_PACKAGES
(split ``fresh9``, 38 tracks from six other module packages) was kept for one read (UNREAD) and read in the
eighteenth session; fresh8 and fresh9 are calibration material from then on. FRESH10_PACKAGES (split ``fresh10``,
eighteenth session, second round; read once at its end, calibration material since): the module packages no set had used (TecnoballZ's MODs,
Circus Linux's, one piece each of Ceferino, Critical Mass, Cuyo, I Have No Tomatoes and Ballz) and Blob Wars' music,
Ogg Vorbis files without an extension (FRESH10_EXT: only this set reads such files, soundfile knows them by content).
LMMS projects (nineteenth session): no game music left, so FRESH11_PACKAGES (split ``fresh11``, kept for one read:
UNREAD) takes the demo songs LMMS 1.2 ships in Debian's ``lmms-common``, produced and mixed in a DAW by 16 musicians,
and renders them with LMMS itself (``lmms render``, package ``lmms``; bench/real_corpus_render.py says how, and
names the package when the binary is missing), once, cached as FLAC under CACHE/rendered. Only this set reads .mmpz
and .mmp files (PROJECT_EXT). All 20 demos and shorties of 40 s or more render (LMMS exits cleanly within
LMMS_TRIES tries, no VST or other missing plugin, none silent); left out: five sketches under MIN_TRACK_S, four
shorties (Crunk(Demo) 17 s, Greshz-CoolSnip 12 s, Skiessi-222 31 s, Surrender-Main 15 s) and the demo Skiessi-C64
(31 s), and the tutorial project and the templates (not songs, not in the set's folders). The per-package cap is lifted for the set
(MAX_PER_PROJECT_SET): one package holds sixteen musicians' songs.
fresh11 was read at the nineteenth session's end. MIDI files (twentieth session): FRESH12_PACKAGES (split ``fresh12``,
kept for one read: UNREAD) are OpenMSX's pieces and Freedoom's music lumps (written out of its WAD archives on
unpacking), rendered through the FluidR3_GM soundfont by fluidsynth (real_corpus_render.render_midi), cached under
CACHE/rendered/midi; only this set reads .mid files (MIDI_EXT), one file under two names is one track, at most
MAX_PER_MIDI_SET a package: 32 tracks (D_INTROA, 11 s, the one piece under MIN_TRACK_S).
The sets themselves (package, genre, path fragments) are listed in bench/real_corpus_packages.py.

Planter: for every track and every kind in KINDS one copy with that defect written at a
random time and strength (a generator seeded by the track id: the same plants every
run), plus the clean excerpt. ``truth.json`` in CACHE lists every plant (kind, range,
parameters); ``planted(clip, plant)`` recreates the audio, so no planted audio is stored.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import subprocess
import sys
import zipfile
from collections.abc import Collection, Iterator
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from real_corpus_packages import (  # noqa: E402  (the package sets: data, kept apart from the code)
    FRESH2_PACKAGES,
    FRESH3_PACKAGES,
    FRESH4_PACKAGES,
    FRESH5_PACKAGES,
    FRESH6_PACKAGES,
    FRESH7_PACKAGES,
    FRESH8_PACKAGES,
    FRESH9_PACKAGES,
    FRESH10_PACKAGES,
    FRESH11_PACKAGES,
    FRESH12_PACKAGES,
    FRESH_PACKAGES,
    PACKAGES,
    TRACKER_TUNE_PACKAGES,
)
from real_corpus_render import (  # noqa: E402, F401  (the players)
    LMMS_TRIES,
    MIDI_EXT,
    MODULE_EXT,
    PROJECT_EXT,
    render_midi,
    render_project,
    wad_midis,
)
from real_corpus_render import render_module as _render_module  # noqa: E402

from engine.constants import SAMPLE_RATE  # noqa: E402

CACHE = Path(os.environ.get("ACEPROD_REAL_CORPUS", Path.home() / ".cache" / "aceprod" / "real_corpus"))
SR = SAMPLE_RATE
EXCERPT_S = 60.0  # window cut from each track (the middle): short enough for a fast bench
MIN_TRACK_S = 40.0  # shorter files are jingles or sound effects
MAX_TRACK_S = 15 * 60.0  # longer: a broken header or a medley
PEAK_CEILING = 0.999  # decoded excerpts peaking above this are scaled down before the 24-bit FLAC
MAX_PER_PACKAGE = 12  # keeps one package from dominating the corpus
EXCLUDED = ("wesnoth", "singularity")  # independent evaluation material: never in this corpus
UNREAD = ""  # the set kept for one read after a session's rounds (--split all and the studies leave it out): none now;
# fresh12 (the MIDI set), read at the twentieth session's end, is calibration, like fresh11 (LMMS's demo songs) before it
MAX_PER_PROJECT_SET = 24  # fresh11: one package, lmms-common, holds the demos of 16 musicians (CapDan's four the most
# by one): the per-package cap would keep 12 of its 21 songs, so the set takes them all
MAX_PER_MIDI_SET = 16  # fresh12: over 12 a package, so the set reaches more of OpenMSX's and Freedoom's composers
GENERIC_STEMS = ("song",)  # a file named for its role, not its piece: the track is named by its folder
VARIANT_SUFFIXES = ("_fast",)  # the same music at another speed (supertuxkart): one copy per piece
AUDIO_EXT = (".ogg", ".opus", ".mp3", ".flac", ".wav")
FRESH10_EXT = (*MODULE_EXT, "")  # fresh10 also reads files without an extension (Blob Wars' Ogg Vorbis music)

KINDS = ("clipping", "dropout", "click", "noise_burst", "distortion", "dc_offset", "phase_issue",
         "narrow_stereo", "thin_low_end", "early_ending", "harshness", "muddy_mix")


@dataclass(frozen=True)
class Track:
    id: str  # "<package>/<file stem>"
    package: str
    genre: str
    source: str  # the decoded file (inside CACHE/x)
    split: str  # "calibrate" | "heldout" | "fresh_calibrate" | "fresh_heldout" | "fresh2" .. "fresh12" | "tracker_tune"

    @property
    def clip(self) -> Path:
        return CACHE / "clips" / (self.id.replace("/", "__") + ".flac")


@dataclass(frozen=True)
class Plant:
    kind: str
    start_s: float
    end_s: float
    params: dict

    def key(self) -> str:
        return json.dumps(asdict(self), sort_keys=True)


def _h(s: str) -> int:
    return int(hashlib.sha1(s.encode()).hexdigest()[:12], 16)


def _fetch(package: str) -> Path:
    """The package unpacked under CACHE/x/<package> (downloaded once)."""
    out = CACHE / "x" / package
    if (out / ".unpacked").is_file():
        return out
    debs = CACHE / "debs"
    debs.mkdir(parents=True, exist_ok=True)
    if not list(debs.glob(f"{package}_*.deb")):
        subprocess.run(["apt-get", "download", package], cwd=debs, check=True, stdout=subprocess.DEVNULL)
    deb = sorted(debs.glob(f"{package}_*.deb"))[-1]
    out.mkdir(parents=True, exist_ok=True)
    subprocess.run(["dpkg-deb", "-x", str(deb), str(out)], check=True)
    for pk3 in [*out.rglob("*.pk3"), *out.rglob("*.zip")]:  # Quake-style and 0 A.D. zip archives
        with zipfile.ZipFile(pk3) as z:
            for m in z.namelist():
                if m.lower().endswith(AUDIO_EXT):
                    z.extract(m, out / "pk3")
    for wad in out.rglob("*.wad"):  # a Doom engine game's music: MIDI files inside its WAD archives (fresh12)
        wad_midis(wad, out / "wad")
    (out / ".unpacked").touch()
    return out


def render_module(p: Path) -> tuple[np.ndarray, int]:
    """A tracker module rendered by openmpt123 at 48 kHz (real_corpus_render.render_module)."""
    return _render_module(p, SR)


def _rendered(p: Path) -> Path | None:
    """An LMMS project's or a MIDI file's render, cached once under CACHE/rendered (None: left out,
    real_corpus_render says why)."""
    if p.suffix.lower() in MIDI_EXT:
        return render_midi(p, CACHE / "rendered" / "midi" / (p.stem + ".flac"), SR, PEAK_CEILING)
    return render_project(p, CACHE / "rendered" / (p.stem + ".flac"), SR, PEAK_CEILING)


def _duration(p: Path) -> float:
    import soundfile as sf

    if p.suffix.lower() in MODULE_EXT:  # the rendered length, its trailing silence dropped (a second to render)
        y, sr = render_module(p)
        return len(y) / sr
    if p.suffix.lower() in (*PROJECT_EXT, *MIDI_EXT):  # an LMMS song or a MIDI file: rendered once, the render read
        r = _rendered(p)
        return 0.0 if r is None else float(sf.info(str(r)).duration)
    try:
        return float(sf.info(str(p)).duration)
    except Exception:
        return 0.0


def _package_tracks(package: str, genre: str, frags: tuple[str, ...], halves: tuple[str, str],
                    exts: tuple[str, ...] = AUDIO_EXT, cap: int = MAX_PER_PACKAGE) -> list[Track]:
    """The package's music files (of extensions ``exts``) as tracks, at most ``cap``, alternately in the two
    ``halves`` (by a hash of their id)."""
    root = _fetch(package)
    files = sorted(p for p in root.rglob("*") if p.suffix.lower() in exts and any(f in str(p) for f in frags)
                   and not any(x in str(p).lower() for x in EXCLUDED) and p.is_file())
    if set(exts) & {*MODULE_EXT, *MIDI_EXT}:  # one module or MIDI file under two names (Ironseed's CARGO and GAME): one track
        files = list({hashlib.sha1(p.read_bytes()).hexdigest(): p for p in reversed(files)}.values())[::-1]
    files = [p for p in files if MIN_TRACK_S <= _duration(p) <= MAX_TRACK_S]
    files = list({_name(p): p for p in reversed(files)}.values())  # one file per name (language copies)
    files = [p for p in files if not any(_name(p).endswith(v) and any(_name(q) == _name(p)[: -len(v)] for q in files)
                                         for v in VARIANT_SUFFIXES)]
    files.sort(key=lambda p: _h(f"{package}/{_name(p)}"))
    return [Track(id=f"{package}/{_name(p)}", package=package, genre=genre, source=str(p), split=halves[i % 2])
            for i, p in enumerate(files[:cap])]


def _name(p: Path) -> str:
    """A music file's piece name: its stem, or its folder's name when the stem names a role (GENERIC_STEMS)."""
    return p.parent.name if p.stem.lower() in GENERIC_STEMS else p.stem


def _indexed(index: Path, packages: tuple[tuple[str, str, tuple[str, ...]], ...], halves: tuple[str, str],
             exts: tuple[str, ...] = AUDIO_EXT, cap: int = MAX_PER_PACKAGE) -> list[Track]:
    if index.is_file():
        return [Track(**t) for t in json.loads(index.read_text())]
    out = [t for package, genre, frags in packages if not any(x in package for x in EXCLUDED)
           for t in _package_tracks(package, genre, frags, halves, exts, cap)]
    index.parent.mkdir(parents=True, exist_ok=True)
    index.write_text(json.dumps([asdict(t) for t in out], indent=1))
    return out


def tracks() -> list[Track]:
    """Every track of the corpus with its split (downloads and unpacks on first use)."""
    return (_indexed(CACHE / "tracks.json", PACKAGES, ("calibrate", "heldout"))
            + _indexed(CACHE / "tracks_fresh.json", FRESH_PACKAGES, ("fresh_calibrate", "fresh_heldout"))
            + _indexed(CACHE / "tracks_fresh2.json", FRESH2_PACKAGES, ("fresh2", "fresh2"))
            + _indexed(CACHE / "tracks_fresh3.json", FRESH3_PACKAGES, ("fresh3", "fresh3"))
            + _indexed(CACHE / "tracks_fresh4.json", FRESH4_PACKAGES, ("fresh4", "fresh4"))
            + _indexed(CACHE / "tracks_fresh5.json", FRESH5_PACKAGES, ("fresh5", "fresh5"))
            + _indexed(CACHE / "tracks_fresh6.json", FRESH6_PACKAGES, ("fresh6", "fresh6"))
            + _indexed(CACHE / "tracks_fresh7.json", FRESH7_PACKAGES, ("fresh7", "fresh7"))
            + _indexed(CACHE / "tracks_fresh8.json", FRESH8_PACKAGES, ("fresh8", "fresh8"))
            + _indexed(CACHE / "tracks_tracker_tune.json", TRACKER_TUNE_PACKAGES, ("tracker_tune", "tracker_tune"), MODULE_EXT)
            + _indexed(CACHE / "tracks_fresh9.json", FRESH9_PACKAGES, ("fresh9", "fresh9"), MODULE_EXT)
            + _indexed(CACHE / "tracks_fresh10.json", FRESH10_PACKAGES, ("fresh10", "fresh10"), FRESH10_EXT)
            + _indexed(CACHE / "tracks_fresh11.json", FRESH11_PACKAGES, ("fresh11", "fresh11"), PROJECT_EXT,
                       MAX_PER_PROJECT_SET)
            + _indexed(CACHE / "tracks_fresh12.json", FRESH12_PACKAGES, ("fresh12", "fresh12"), MIDI_EXT,
                       MAX_PER_MIDI_SET))


def clip(t: Track) -> np.ndarray:
    """The track's EXCERPT_S window, (2, n) float32 at 48 kHz (cut and cached once)."""
    import soundfile as sf

    from engine.audio import read_audio, to_stereo_48k, write_flac

    if not t.clip.is_file():
        if Path(t.source).suffix.lower() in MODULE_EXT:  # rendered whole (a second or two), then the window cut
            y, sr = render_module(Path(t.source))
            n = int(EXCERPT_S * sr)
            y = y[max(0, (len(y) - n) // 2):][:n]
        else:  # an LMMS song's or a MIDI file's cached render, or a recording: decode only the window
            src = _rendered(Path(t.source)) if Path(t.source).suffix.lower() in (*PROJECT_EXT, *MIDI_EXT) else t.source
            with sf.SoundFile(str(src)) as fh:
                sr = fh.samplerate
                n = int(EXCERPT_S * sr)
                fh.seek(max(0, (fh.frames - n) // 2))
                y = fh.read(n, dtype="float32", always_2d=True)
        pk = float(np.abs(y).max())
        if pk > PEAK_CEILING:  # lossy decoders (and a module's mix) overshoot: scale, never clip
            y *= PEAK_CEILING / pk
        write_flac(t.clip, to_stereo_48k(y.T, sr, name=t.source))
    return read_audio(t.clip)


def excerpts(splits: Collection[str]) -> Iterator[tuple[Track, np.ndarray, dict[str, Plant]]]:
    """Every track of ``splits`` with its clean excerpt and its plants by kind: the loop of every corpus study."""
    for t in tracks():
        if t.split in splits:
            y = clip(t)
            yield t, y, {p.kind: p for p in plan(t, y.shape[1] / SR)}


def plan(t: Track, duration_s: float) -> list[Plant]:
    """One plant per kind for track ``t`` (deterministic: seeded by the track id).
    Strengths span mild to gross; ranges as in bench/quality_pr.py."""
    rng = np.random.default_rng(_h(t.id))
    u = lambda a, b: round(float(rng.uniform(a, b)), 3)  # noqa: E731
    at = lambda d: u(5.0, duration_s - 5.0 - d)  # noqa: E731
    whole = (0.0, round(duration_s, 3))
    out = []
    d = u(0.1, 1.0); s = at(d)  # noqa: E702
    out.append(Plant("clipping", s, s + d, {"drive_db": u(3, 12)}))
    d = u(0.02, 0.5); s = at(d)  # noqa: E702
    out.append(Plant("dropout", s, s + d, {}))
    s = at(0.01)
    out.append(Plant("click", s, s, {"amp": u(0.1, 0.6)}))
    d = u(0.05, 0.5); s = at(d)  # noqa: E702
    out.append(Plant("noise_burst", s, s + d, {"level_db": u(0, 10), "seed": int(rng.integers(1 << 30))}))
    d = u(2, 6); s = at(d)  # noqa: E702
    out.append(Plant("distortion", s, s + d, {"drive": u(4, 12)}))
    out.append(Plant("dc_offset", *whole, {"dc": round(float(rng.choice([-1, 1])) * u(0.008, 0.04), 4)}))
    d = u(3, 8); s = at(d)  # noqa: E702
    out.append(Plant("phase_issue", s, s + d, {}))
    out.append(Plant("narrow_stereo", *whole, {}))
    out.append(Plant("thin_low_end", *whole, {"cutoff_hz": u(250, 400)}))
    keep = round(duration_s * u(0.6, 0.92), 3)
    out.append(Plant("early_ending", keep, whole[1], {"planned_s": whole[1]}))
    out.append(Plant("harshness", *whole, {"gain_db": u(10, 20)}))
    out.append(Plant("muddy_mix", *whole, {"gain_db": u(10, 16)}))
    return out


def planted(y: np.ndarray, p: Plant) -> tuple[np.ndarray, float | None]:
    """(audio with ``p`` written into it, planned duration or None)."""
    from quality import fixtures as F

    k, s, e, q = p.kind, p.start_s, p.end_s, p.params
    if k == "clipping":  # driven drive_db over full scale from the range's own peak (a quiet range clips too)
        a, b = int(s * SR), int(e * SR)
        o = np.array(y, dtype=np.float32, copy=True)
        g = 10 ** (q["drive_db"] / 20) / max(1e-9, float(np.abs(o[:, a:b]).max()))
        o[:, a:b] = np.clip(o[:, a:b] * g, -1.0, 1.0)
        return o, None
    if k == "dropout":
        return F.plant_dropout(y, start_s=s, dur_s=e - s)[0], None
    if k == "click":
        return F.plant_click(y, time_s=s, amp=q["amp"])[0], None
    if k == "noise_burst":
        return F.plant_noise_burst(y, start_s=s, dur_s=e - s, level_db=q["level_db"], seed=q["seed"])[0], None
    if k == "distortion":
        return F.plant_distortion(y, start_s=s, dur_s=e - s, drive=q["drive"])[0], None
    if k == "dc_offset":
        return F.plant_dc(y, dc=q["dc"])[0], None
    if k == "phase_issue":
        return F.plant_phase(y, start_s=s, dur_s=e - s)[0], None
    if k == "narrow_stereo":
        return F.plant_narrow(y)[0], None
    if k == "thin_low_end":
        return F.plant_thin(y, cutoff_hz=q["cutoff_hz"])[0], None
    if k == "early_ending":
        return F.plant_truncation(y, keep_s=s)[0], q["planned_s"]
    if k == "harshness":
        return F.plant_harshness(y, gain_db=q["gain_db"])[0], None
    if k == "muddy_mix":
        return F.plant_mud(y, gain_db=q["gain_db"])[0], None
    raise ValueError(f"unknown plant kind {k!r}")


def build() -> list[Track]:
    """Download, unpack and cut every track; write CACHE/truth.json. Returns the tracks."""
    ts = tracks()
    truth = {}
    for t in ts:
        y = clip(t)
        truth[t.id] = {"split": t.split, "genre": t.genre, "duration_s": y.shape[1] / SR,
                       "plants": [asdict(p) for p in plan(t, y.shape[1] / SR)]}
    (CACHE / "truth.json").write_text(json.dumps(truth, indent=1))
    return ts


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--list", action="store_true", help="print one line per track")
    a = ap.parse_args()
    ts = build()
    if a.list:
        for t in ts:
            print(f"{t.split:<9} {t.genre:<11} {t.id}")
    by: dict[tuple[str, str], dict[str, int]] = {}
    for t in ts:
        n = by.setdefault((t.package, t.genre), {})
        n[t.split] = n.get(t.split, 0) + 1
    print(f"{len(ts)} tracks from {len(by)} packages in {CACHE}")
    for (p, g), n in by.items():
        print(f"  {p:<24} {g:<11} " + "  ".join(f"{k} {v:>2}" for k, v in sorted(n.items())))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
