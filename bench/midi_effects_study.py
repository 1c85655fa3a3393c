"""What the phase_issue and harshness reports on fresh12's MIDI renders are (twentieth session, critic20b).

    nice -n 10 .venv/bin/python bench/midi_effects_study.py            # every fresh12 piece, ~4 min
    nice -n 10 .venv/bin/python bench/midi_effects_study.py --only adrian,e3m5

Each piece of ``fresh12`` (bench/real_corpus.py) is rendered again by fluidsynth through FluidR3_GM with its
effects switched off one at a time (``-C 0``: no chorus, ``-R 0``: no reverb, both: the dry mix), and with groups
of MIDI channels muted (their note-ons set to velocity 0, the file otherwise as it is), and the same 60 s window
as the excerpt is cut from each (the window is placed by the cached render's length, so it is the excerpt's own,
unscaled). Printed per piece:

- ``phase``: whole-window L/R correlation of the render as the corpus holds it, of the render without reverb,
  without chorus, dry; the effect return (render minus dry: the two differ only by the effects) as a share of the
  render's power and its own L/R correlation; the mono sum's level under the stereo level (dB, (L+R)/2 against the
  mean channel power); and per octave band (20-150 Hz .. 9.6-20 kHz) the mono sum of the render minus the mono sum
  of the dry mix: about 0 dB where everything the instruments play is still there in mono, strongly negative where
  a mono sum would cancel an instrument.
- ``harsh``: the harshness detector's own measure (``spectral_balance.shape_measure``: the presence bell over its
  limit) of the render, and of the render with the overdriven and distortion guitars (GM programs 29, 30) muted,
  with the square, sawtooth and bass+lead synth leads (80, 81, 87) muted, and with both.

Nothing here is tuned: it measures where the reports come from. Needs the packages of bench/real_corpus_render.py.
"""

from __future__ import annotations

import argparse
import json
import struct
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import real_corpus as RC  # noqa: E402
import real_corpus_render as RR  # noqa: E402

EFFECTS = {"render": [], "no reverb": ["-R", "0"], "no chorus": ["-C", "0"], "dry": ["-R", "0", "-C", "0"]}
GROUPS = {"guitars (29, 30)": {29, 30}, "leads (80, 81, 87)": {80, 81, 87}, "both": {29, 30, 80, 81, 87}}
OCTAVES_HZ = (20.0, 150.0, 300.0, 600.0, 1200.0, 2400.0, 4800.0, 9600.0, 20000.0)
DRUM_CHANNEL = 9  # General MIDI's percussion channel (0-based)


def _vlq(b: bytes, i: int) -> tuple[int, int]:
    v = 0
    while True:
        c = b[i]
        i += 1
        v = (v << 7) | (c & 0x7F)
        if c < 0x80:
            return v, i


def midi_walk(data: bytes, mute: set[int] = frozenset()) -> tuple[bytes, dict[int, set[int]], dict[int, int]]:
    """(the Standard MIDI file ``data`` with the note-ons of channels ``mute`` at velocity 0, programs per channel,
    note-ons per channel). Only MTrk chunks are walked; running status, meta and sysex events are skipped over."""
    b, i, progs, notes = bytearray(data), 0, {}, {}
    while i + 8 <= len(b):
        tag, size = bytes(b[i : i + 4]), struct.unpack(">I", b[i + 4 : i + 8])[0]
        i, end = i + 8, i + 8 + size
        status = 0
        while tag == b"MTrk" and i < end:
            _, i = _vlq(b, i)
            if b[i] == 0xFF:
                n, j = _vlq(b, i + 2)
                i = j + n
                continue
            if b[i] in (0xF0, 0xF7):
                n, j = _vlq(b, i + 1)
                i = j + n
                continue
            if b[i] & 0x80:
                status, i = b[i], i + 1
            ch, kind = status & 0x0F, status & 0xF0
            if kind == 0xC0:
                progs.setdefault(ch, set()).add(b[i])
            if kind == 0x90 and b[i + 1] > 0:
                notes[ch] = notes.get(ch, 0) + 1
                if ch in mute:
                    b[i + 1] = 0
            i += 1 if kind in (0xC0, 0xD0) else 2
        i = end
    return bytes(b), progs, notes


def render(midi: bytes, opts: list[str], start: int) -> np.ndarray:
    """The excerpt's window (2, n) of ``midi`` rendered by fluidsynth with ``opts``, unscaled float."""
    import soundfile as sf

    with tempfile.TemporaryDirectory() as d:
        src, wav = Path(d) / "in.mid", Path(d) / "out.wav"
        src.write_bytes(midi)
        subprocess.run([RR.FLUIDSYNTH, "-n", "-i", "-q", *opts, "-F", str(wav), "-T", "wav", "-O", "float", "-r",
                        str(RC.SR), str(RR.SOUNDFONT), str(src)], check=True, stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL)
        y, _ = sf.read(str(wav), dtype="float32", always_2d=True)
    return np.ascontiguousarray(y[start : start + int(RC.EXCERPT_S * RC.SR)].T).astype(np.float64)


def corr(y: np.ndarray) -> float:
    return float((y[0] * y[1]).sum() / max(1e-30, np.sqrt((y[0] ** 2).sum() * (y[1] ** 2).sum())))


def mono_db(y: np.ndarray) -> float:
    """The mono sum's power under the mean channel power (dB): 0 for identical channels, -3 uncorrelated."""
    return float(10 * np.log10(max(1e-30, ((y[0] + y[1]) ** 2 / 4).mean()) / max(1e-30, ((y ** 2).mean()))))


def mono_octaves_db(y: np.ndarray, n: int = 4096) -> np.ndarray:
    """The mono sum's power per OCTAVES_HZ band (dB), Hann frames of ``n``."""
    k = y.shape[1] // n
    spec = np.fft.rfft((y[0, : k * n] + y[1, : k * n]).reshape(k, n) / 2 * np.hanning(n), axis=1)
    f = np.fft.rfftfreq(n, 1.0 / RC.SR)
    p = np.abs(spec) ** 2
    return np.array([10 * np.log10(max(1e-30, p[:, (f >= lo) & (f < hi)].sum()))
                     for lo, hi in zip(OCTAVES_HZ[:-1], OCTAVES_HZ[1:], strict=True)])


def presence(y: np.ndarray) -> tuple[float, float]:
    """(presence bell dB, its limit): the harshness detector's own measure of ``y``."""
    from quality.detectors.spectral_balance import shape_measure
    from quality.detectors.tonal_bell import long_term_db
    from quality.features import Features
    from quality.report import DefectKind

    f = Features(y.astype(np.float32))
    e = f.band_energy[f.active_frames].sum(axis=0)
    return shape_measure(DefectKind.harshness, e, long_term_db(f.power, f.active_frames, sr=f.sr), f.percussive)


def study(t: RC.Track) -> dict:
    import soundfile as sf

    src = Path(t.source)
    data = src.read_bytes()
    cached = RC.CACHE / "rendered" / "midi" / (src.stem + ".flac")
    start = max(0, (sf.info(str(cached)).frames - int(RC.EXCERPT_S * RC.SR)) // 2)
    ys = {k: render(data, o, start) for k, o in EFFECTS.items()}
    y, dry = ys["render"], ys["dry"]
    wet = y - dry
    _, progs, notes = midi_walk(data)
    out = {"track": t.id, "corr": {k: corr(v) for k, v in ys.items()},
           "effect_share_db": float(10 * np.log10(max(1e-30, (wet ** 2).mean() / (y ** 2).mean()))),
           "effect_corr": corr(wet), "mono_db": mono_db(y), "dry_mono_db": mono_db(dry),
           "mono_vs_dry_octaves_db": (mono_octaves_db(y) - mono_octaves_db(dry)).tolist(),
           "presence": presence(y)[0], "presence_limit": presence(y)[1], "presence_muted": {}}
    for name, programs in GROUPS.items():
        chs = {c for c in notes if c != DRUM_CHANNEL and progs.get(c, set()) & programs}
        if chs:
            out["presence_muted"][name] = presence(render(midi_walk(data, chs)[0], [], start))[0]
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--only", default="", help="comma-separated parts of track ids (default: all of fresh12)")
    ap.add_argument("--json", action="store_true", help="one JSON line per piece")
    a = ap.parse_args()
    only = [s for s in a.only.split(",") if s]
    for t in RC.tracks():
        if t.split != "fresh12" or (only and not any(s in t.id for s in only)):
            continue
        r = study(t)
        if a.json:
            print(json.dumps(r), flush=True)
            continue
        c = r["corr"]
        print(f"{t.id}\n  phase: corr render {c['render']:+.2f}, no reverb {c['no reverb']:+.2f}, no chorus "
              f"{c['no chorus']:+.2f}, dry {c['dry']:+.2f}; effects {r['effect_share_db']:+.1f} dB of the power, corr "
              f"{r['effect_corr']:+.2f}; mono {r['mono_db']:+.1f} dB (dry {r['dry_mono_db']:+.1f}); mono minus dry mono "
              "per octave " + " ".join(f"{v:+.1f}" for v in r["mono_vs_dry_octaves_db"]))
        muted = ", ".join(f"{k} muted {v:.1f}" for k, v in r["presence_muted"].items())
        print(f"  harsh: presence bell {r['presence']:.1f} dB (limit {r['presence_limit']:.1f})" + (f"; {muted}" if muted else ""),
              flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
