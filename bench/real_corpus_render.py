"""The renderers of bench/real_corpus.py: music a package ships as a score, not as audio, played to 48 kHz stereo by
its Debian package's own player (an error names the package to install when the player is missing).

- Tracker modules (.mod, .xm, .it, .s3m, .stm): ``openmpt123`` (libopenmpt's player, package ``openmpt123``), once
  through, first subsong, libopenmpt's defaults (100 % stereo separation, 8-tap interpolation). A second or two a
  module, so a module is rendered again each time it is read.
- LMMS projects (.mmpz, .mmp): ``lmms render`` (LMMS 1.2, package ``lmms``; its demo projects are in
  ``lmms-common``), headless (Qt's offscreen platform, a configuration file of its own in a temporary folder so
  nothing is written to the home folder), 32-bit float at 48 kHz with LMMS's default interpolation and 2x
  oversampling. Tens of seconds a song, so the render is cached once as a 24-bit FLAC, scaled (never clipped) under
  the corpus's peak ceiling when the float mix goes over full scale (most demos do: a DAW's master bus does not
  clip until it is written to a fixed-point file). LMMS 1.2.2 now and then crashes on exit after the file is
  written (exit status 139, the same length and level as a clean run): a render counts when LMMS exits cleanly,
  and is tried up to LMMS_TRIES times. A project that names a plugin LMMS on Linux cannot play (MISSING_PLUGINS:
  a VST host) or whose render is silent (under SILENT_DBFS) is left out (``render_project`` returns None).

- Standard MIDI files (.mid): ``fluidsynth`` (package ``fluidsynth``) through the General MIDI soundfont FluidR3_GM
  (package ``fluid-soundfont-gm``), once through, fluidsynth's defaults (gain 0.2, its reverb and chorus on, as a GM
  player sounds), 32-bit float at 48 kHz, so nothing clips inside the render. A few seconds a piece; cached once as a
  24-bit FLAC like an LMMS render, scaled (never clipped) under the corpus's peak ceiling when the float mix goes
  over it, left out when silent. A Doom engine game's music lumps are MIDI files inside its WAD archive:
  ``wad_midis`` writes them out as .mid files when the package is unpacked.

All drop the render's trailing digital silence (a module may end in empty patterns, an LMMS song in its
effects' tails played out to nothing).
"""

from __future__ import annotations

import os
import shutil
import struct
import subprocess
import sys
import tempfile
import zlib
from pathlib import Path

import numpy as np

OPENMPT = "openmpt123"  # libopenmpt's player (Debian package openmpt123): renders a module's first subsong, once
LMMS = "lmms"  # LMMS 1.2's command line (Debian package lmms): renders a project to WAV
MODULE_EXT = (".mod", ".xm", ".it", ".s3m", ".stm")  # tracker modules: rendered by openmpt123 (the module sets only)
PROJECT_EXT = (".mmpz", ".mmp")  # LMMS projects (compressed and plain XML): rendered by lmms (fresh11 only)
RENDER_SILENCE = 10 ** (-90 / 20)  # a render's end below this on both channels is silence, not music
LMMS_TRIES = 3  # LMMS 1.2.2 sometimes segfaults on exit after writing the file: render again, at most this often
LMMS_TIMEOUT_S = 900.0  # a render still running after this is a hung LMMS (the longest demo takes about 80 s)
FLUIDSYNTH = "fluidsynth"  # the MIDI renderer (Debian package fluidsynth)
SOUNDFONT = Path("/usr/share/sounds/sf2/FluidR3_GM.sf2")  # the General MIDI soundfont (Debian package fluid-soundfont-gm)
MIDI_EXT = (".mid",)  # Standard MIDI files: rendered by fluidsynth (fresh12 only)
SILENT_DBFS = -60.0  # a render whose RMS is under this is silent (instruments that did not load), no music
MISSING_PLUGINS = ("vestige", "carla")  # instrument plugins LMMS on Linux cannot play from Debian (VST hosts)


def _player(name: str, package: str, what: str) -> str:
    """The path of ``name``, or an error naming the Debian package to install."""
    exe = shutil.which(name)
    if exe is None:
        raise RuntimeError(f"{name} not found: {what}; install Debian's package: apt-get install {package}")
    return exe


def _trimmed(y: np.ndarray) -> np.ndarray:
    loud = np.flatnonzero(np.abs(y).max(axis=1) >= RENDER_SILENCE)
    return y[: loud[-1] + 1 if loud.size else 0]


def render_module(p: Path, sr: int) -> tuple[np.ndarray, int]:
    """A module rendered once through (first subsong, libopenmpt's defaults: 100 % stereo separation, 8-tap
    interpolation), as (n, 2) float32 frames at ``sr``, its trailing digital silence dropped (a module may end in
    empty patterns: Pingus's pingus-2 plays 22 s, then 70 s of nothing)."""
    import soundfile as sf

    exe = _player(OPENMPT, "openmpt123", "the tracker-module sets (.mod, .xm, .it, .s3m) are rendered with "
                  "libopenmpt's player")
    with tempfile.TemporaryDirectory() as d:
        wav = Path(d) / "render.wav"
        subprocess.run([exe, "--batch", "--quiet", "--subsong", "0", "--samplerate", str(sr), "--force",
                        "--output", str(wav), "--", str(p)], check=True, stdout=subprocess.DEVNULL)
        y, got = sf.read(str(wav), dtype="float32", always_2d=True)
    return _trimmed(y), got


def wad_midis(wad: Path, out: Path) -> list[Path]:
    """The music lumps of a Doom engine WAD archive (``wad``: its lumps named ``D_*`` whose data is a Standard MIDI
    file) written to ``out`` as ``<wad stem>_<lump>.mid``. A WAD is a 12-byte header (kind, lump count, directory
    offset), then 16-byte directory entries (offset, size, 8-byte name)."""
    data = wad.read_bytes()
    kind, count, where = struct.unpack_from("<4sii", data, 0)
    if kind not in (b"IWAD", b"PWAD"):
        return []
    written = []
    for i in range(count):
        off, size, raw = struct.unpack_from("<ii8s", data, where + 16 * i)
        name = raw.rstrip(b"\0").decode("ascii", "replace").lower()
        if name.startswith("d_") and data[off:off + 4] == b"MThd":
            out.mkdir(parents=True, exist_ok=True)
            (p := out / f"{wad.stem}_{name}.mid").write_bytes(data[off:off + size])
            written.append(p)
    return written


def _store(y: np.ndarray, got: int, out: Path, ceiling: float, name: str) -> Path | None:
    """``y`` (n, channels) trimmed of its trailing silence and scaled under ``ceiling`` (never clipped), written to
    ``out`` as a 24-bit FLAC (through a .part file, so a render cut short leaves nothing under the cached name);
    None, and a line on stderr, when the render is silent."""
    import soundfile as sf

    y = _trimmed(y)
    if not y.size or 20 * np.log10(float(np.sqrt(np.mean(y.astype(np.float64) ** 2))) + 1e-12) < SILENT_DBFS:
        print(f"left out {name}: the render is silent", file=sys.stderr)
        return None
    pk = float(np.abs(y).max())
    if pk > ceiling:  # a float mix goes over full scale: scale, never clip
        y *= ceiling / pk
    out.parent.mkdir(parents=True, exist_ok=True)
    part = out.with_name(out.name + ".part")
    sf.write(str(part), y, got, subtype="PCM_24", format="FLAC")
    part.replace(out)
    return out


def render_midi(p: Path, out: Path, sr: int, ceiling: float) -> Path | None:
    """The MIDI file ``p`` rendered once to ``out`` by fluidsynth through SOUNDFONT (24-bit FLAC at ``sr``, trailing
    silence dropped, scaled under ``ceiling`` when the float render goes over it), or None when it renders silent."""
    import soundfile as sf

    if out.is_file():
        return out
    exe = _player(FLUIDSYNTH, "fluidsynth", "the MIDI set (.mid) is rendered with fluidsynth")
    if not SOUNDFONT.is_file():
        raise RuntimeError(f"{SOUNDFONT} not found: the MIDI set is rendered through the General MIDI soundfont "
                           "FluidR3_GM; install Debian's package: apt-get install fluid-soundfont-gm")
    with tempfile.TemporaryDirectory() as d:
        wav = Path(d) / "render.wav"
        subprocess.run([exe, "-n", "-i", "-q", "-F", str(wav), "-T", "wav", "-O", "float", "-r", str(sr),
                        str(SOUNDFONT), str(p)], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        y, got = sf.read(str(wav), dtype="float32", always_2d=True)
    return _store(y, got, out, ceiling, p.name)


def project_xml(p: Path) -> str:
    """An LMMS project's XML: a .mmp is the XML itself, a .mmpz Qt's qCompress of it (a 4-byte length, then zlib)."""
    data = p.read_bytes()
    return (zlib.decompress(data[4:]) if p.suffix.lower() == ".mmpz" else data).decode("utf-8", "replace")


def missing_plugin(p: Path) -> str | None:
    """The first instrument plugin of MISSING_PLUGINS the project names, or None."""
    xml = project_xml(p)
    return next((name for name in MISSING_PLUGINS if f'<instrument name="{name}"' in xml), None)


def render_project(p: Path, out: Path, sr: int, ceiling: float) -> Path | None:
    """The LMMS project ``p`` rendered once to ``out`` (24-bit FLAC at ``sr``, trailing silence dropped, scaled under
    ``ceiling`` when the mix goes over it), or None when it is left out: it names a plugin of MISSING_PLUGINS, LMMS
    never exits cleanly in LMMS_TRIES tries, or the render is silent. The reason is written to stderr."""
    import soundfile as sf

    if out.is_file():
        return out
    exe = _player(LMMS, "lmms", "the LMMS project set (.mmpz, .mmp) is rendered with LMMS's command line")
    if (plugin := missing_plugin(p)) is not None:
        print(f"left out {p.name}: needs the {plugin} plugin", file=sys.stderr)
        return None
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    with tempfile.TemporaryDirectory() as d:
        wav = Path(d) / "render.wav"
        for _ in range(LMMS_TRIES):
            wav.unlink(missing_ok=True)
            try:
                r = subprocess.run([exe, "--allowroot", "-c", str(Path(d) / "lmmsrc.xml"), "render", str(p),
                                    "-o", str(wav), "-f", "wav", "-s", str(sr), "-a"], env=env, cwd=d,
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=LMMS_TIMEOUT_S)
            except subprocess.TimeoutExpired:
                continue
            if r.returncode == 0 and wav.is_file():
                break
        else:
            print(f"left out {p.name}: LMMS did not exit cleanly in {LMMS_TRIES} tries", file=sys.stderr)
            return None
        y, got = sf.read(str(wav), dtype="float32", always_2d=True)
    return _store(y, got, out, ceiling, p.name)
