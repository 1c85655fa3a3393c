"""Pitched patches: a table of parameter sets over the numba kernels.

``render_notes(out, notes, patch, brightness=, pan=, rng=)`` adds every note of
``notes`` to the stereo buffer ``out`` ``(2, n)`` with the named patch.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
from scipy import signal

from engine.constants import SAMPLE_RATE
from engine.sketch.harmony import midi_to_hz
from engine.sketch.instruments import kernels

SR = SAMPLE_RATE
VOWELS = ((730.0, 1090.0, 2440.0), (530.0, 1840.0, 2480.0), (300.0, 2200.0, 2900.0),
          (570.0, 840.0, 2410.0), (330.0, 900.0, 2300.0))


@dataclass
class NoteList:
    """Notes of one part, times in seconds. ``pan`` offsets the track pan per note."""

    t: list[float] = field(default_factory=list)
    dur: list[float] = field(default_factory=list)
    pitch: list[float] = field(default_factory=list)
    vel: list[float] = field(default_factory=list)
    pan: list[float] = field(default_factory=list)
    vowel: list[int] = field(default_factory=list)

    def add(self, t: float, dur: float, pitch: float, vel: float, pan: float = 0.0, vowel: int = 0) -> None:
        self.t.append(t)
        self.dur.append(dur)
        self.pitch.append(pitch)
        self.vel.append(vel)
        self.pan.append(pan)
        self.vowel.append(vowel)

    def __len__(self) -> int:
        return len(self.t)


@dataclass(frozen=True)
class Patch:
    kind: str  # sub | fm | add | pluck | voice
    p: dict[str, float]


def _sub(**p: float) -> Patch:
    base = dict(saw=1.0, square=0.0, sine=0.0, detune=0.0, uni=1, att=0.005, dec=0.3, sus=0.7, rel=0.1,
                cut=1200.0, bright_cut=3000.0, env=0.0, cut_dec=0.2, res=0.1, vib_rate=5.5, vib=0.0, drive=0.0, amp=1.0)
    base.update(p)
    return Patch("sub", base)


PATCHES: dict[str, Patch] = {
    "piano": Patch("add", dict(partials=10, tilt=1.15, decay=2.2, inharm=0.0004, att=0.002, rel=0.15, trem=0.0, amp=0.9)),
    "organ": Patch("add", dict(partials=8, drawbars=1.0, decay=0.0, inharm=0.0, att=0.01, rel=0.06, trem=0.12, amp=0.45)),
    "timpani": Patch("add", dict(partials=4, tilt=0.8, decay=1.4, inharm=0.02, att=0.003, rel=0.4, trem=0.0, amp=1.0)),
    "epiano": Patch("fm", dict(ratio=1.0, index=1.3, index_dec=0.5, dec=1.6, rel=0.2, tine=0.12, att=0.002, amp=0.7)),
    "bell": Patch("fm", dict(ratio=3.5, index=2.0, index_dec=0.9, dec=2.4, rel=0.9, tine=0.0, att=0.002, amp=0.4)),
    "warm_pad": _sub(saw=0.6, sine=0.5, detune=14, uni=3, att=0.7, dec=1.0, sus=0.8, rel=1.3, cut=500, bright_cut=1600,
                     env=300, cut_dec=1.0, res=0.15, vib=0.002, amp=0.5),
    "strings": _sub(detune=9, uni=3, att=0.28, dec=0.5, sus=0.85, rel=0.6, cut=1200, bright_cut=3500, vib=0.003, amp=0.45),
    "cello": _sub(detune=5, uni=2, att=0.12, dec=0.4, sus=0.8, rel=0.35, cut=900, bright_cut=1800, vib=0.004, amp=0.6),
    "fiddle": _sub(att=0.05, dec=0.3, sus=0.8, rel=0.15, cut=2500, bright_cut=3500, vib_rate=6.0, vib=0.007, amp=0.45),
    "supersaw": _sub(detune=22, uni=5, att=0.004, dec=0.25, sus=0.45, rel=0.2, cut=900, bright_cut=4000, env=3000,
                     cut_dec=0.15, amp=0.45),
    "pluck_synth": _sub(square=0.5, detune=6, uni=2, att=0.001, dec=0.16, sus=0.0, rel=0.12, cut=500, bright_cut=1200,
                        env=5000, cut_dec=0.07, res=0.3, amp=0.6),
    "saw_lead": _sub(detune=7, uni=2, att=0.01, dec=0.3, sus=0.8, rel=0.12, cut=1800, bright_cut=3000, res=0.3,
                     vib=0.005, amp=0.5),
    "square_lead": _sub(saw=0.0, square=1.0, att=0.01, dec=0.2, sus=0.8, rel=0.1, cut=2200, bright_cut=3000, vib=0.004,
                        amp=0.5),
    "brass": _sub(detune=5, uni=2, att=0.05, dec=0.3, sus=0.7, rel=0.12, cut=600, bright_cut=1500, env=2500,
                  cut_dec=0.25, drive=0.25, amp=0.5),
    "horns": _sub(sine=0.5, detune=4, uni=2, att=0.12, dec=0.5, sus=0.8, rel=0.3, cut=700, bright_cut=900, env=700,
                  cut_dec=0.4, vib=0.002, amp=0.55),
    "sax": _sub(saw=0.5, square=0.5, att=0.04, dec=0.3, sus=0.75, rel=0.08, cut=1400, bright_cut=1800, env=1500,
                cut_dec=0.15, res=0.35, vib_rate=5.0, vib=0.006, drive=0.3, amp=0.5),
    "flute": _sub(saw=0.0, square=0.1, sine=0.9, att=0.06, dec=0.3, sus=0.85, rel=0.1, cut=3500, bright_cut=2000,
                  vib_rate=5.0, vib=0.004, amp=0.6),
    "pick_bass": _sub(saw=0.5, square=0.3, sine=0.6, att=0.003, dec=0.25, sus=0.6, rel=0.06, cut=400, bright_cut=900,
                      env=1500, cut_dec=0.08, amp=0.8),
    "finger_bass": _sub(saw=0.3, sine=0.9, att=0.006, dec=0.4, sus=0.6, rel=0.08, cut=450, bright_cut=600, env=600,
                        cut_dec=0.1, amp=0.9),
    "synth_bass": _sub(saw=0.7, square=0.5, att=0.002, dec=0.15, sus=0.5, rel=0.05, cut=250, bright_cut=600, env=2200,
                       cut_dec=0.1, res=0.5, amp=0.8),
    "sub_bass": _sub(saw=0.0, sine=1.0, att=0.05, dec=0.5, sus=1.0, rel=0.3, cut=300, bright_cut=0, amp=0.9),
    "808_bass": _sub(saw=0.0, sine=1.0, att=0.003, dec=1.0, sus=0.45, rel=0.15, cut=400, bright_cut=0, drive=0.35, amp=0.9),
    "upright_bass": Patch("pluck", dict(t60=1.2, t60_rel=0.12, damp=0.75, exc_lp=0.85, amp=1.3)),
    "clean_guitar": Patch("pluck", dict(t60=2.5, t60_rel=0.15, damp=0.35, exc_lp=0.5, amp=0.8)),
    "acoustic_guitar": Patch("pluck", dict(t60=3.0, t60_rel=0.2, damp=0.2, exc_lp=0.35, amp=0.7)),
    "nylon_guitar": Patch("pluck", dict(t60=2.0, t60_rel=0.15, damp=0.6, exc_lp=0.65, amp=0.8)),
    "dist_guitar": Patch("pluck", dict(t60=4.0, t60_rel=0.05, damp=0.15, exc_lp=0.3, amp=0.8)),
    "voice": Patch("voice", dict(breath=0.04, vib_rate=5.3, vib=0.012, att=0.04, rel=0.09, amp=0.35)),
    "choir": Patch("voice", dict(breath=0.08, vib_rate=4.8, vib=0.008, att=0.35, rel=0.6, amp=0.25)),
}


def _gains(pan: float) -> tuple[float, float]:
    a = (min(1.0, max(-1.0, pan)) + 1.0) * math.pi / 4.0
    return math.cos(a), math.sin(a)


def render_notes(out: np.ndarray, notes: NoteList, patch_name: str, *, brightness: float, pan: float,
                 rng: np.random.Generator) -> None:
    """Add ``notes`` played on ``patch_name`` to ``out`` ``(2, n)`` float32."""
    patch = PATCHES[patch_name]
    p = patch.p
    n_out = out.shape[1]
    for i in range(len(notes)):
        start = int(notes.t[i] * SR)
        if start >= n_out or start < 0:
            continue
        f = midi_to_hz(notes.pitch[i])
        v = notes.vel[i]
        amp = p["amp"] * v ** 1.4
        gl, gr = _gains(pan + notes.pan[i])
        gl, gr = gl * amp, gr * amp
        hold = max(1, int(notes.dur[i] * SR))
        phase0 = float(rng.random())
        if patch.kind == "sub":
            cut = p["cut"] + p["bright_cut"] * brightness * (0.6 + 0.6 * v)
            rel = int(p["rel"] * SR * 5)
            kernels.add_subtractive(out, start, hold, rel, f, gl, gr, p["saw"], p["square"], p["sine"], p["detune"],
                                    int(p["uni"]), p["att"], p["dec"], p["sus"], p["rel"], cut, p["env"] * (0.5 + v),
                                    p["cut_dec"], p["res"], p["vib_rate"], p["vib"], p["drive"], phase0)
        elif patch.kind == "fm":
            rel = int(p["rel"] * SR * 5)
            kernels.add_fm(out, start, hold, rel, f, gl, gr, p["ratio"], p["index"] * (0.5 + v) * (0.6 + 0.8 * brightness),
                           p["index_dec"], p["att"], p["dec"], p["rel"], p["tine"] * v)
        elif patch.kind == "add":
            k = np.arange(1, int(p["partials"]) + 1, dtype=np.float64)
            if "drawbars" in p:
                amps = np.array([1.0, 0.8, 0.6, 0.0, 0.45, 0.0, 0.3, 0.25])[: k.size] * (0.6 + 0.8 * brightness) ** (k - 1)
                decays = np.zeros(k.size)
            else:
                tilt = p["tilt"] - 0.4 * (v - 0.5) - 0.3 * (brightness - 0.5)
                amps = k ** -tilt
                base = p["decay"] * (2.0 ** (-(notes.pitch[i] - 60.0) / 24.0))
                decays = base / (1.0 + 0.45 * (k - 1))
            rel = int(p["rel"] * SR * 5)
            kernels.add_additive(out, start, hold, rel, f, gl, gr, amps, decays, p["inharm"], p["att"], p["rel"],
                                 5.8, p["trem"])
        elif patch.kind == "pluck":
            n_exc = max(2, int(SR / f))
            exc = rng.uniform(-1.0, 1.0, n_exc)
            lp = min(0.97, p["exc_lp"] + 0.4 * (1.0 - v) - 0.3 * (brightness - 0.5))
            exc = signal.lfilter([1.0 - lp], [1.0, -lp], exc)  # softer pick for low velocity / dark tone
            exc -= exc.mean()
            t60 = p["t60"] * (2.0 ** (-(notes.pitch[i] - 52.0) / 36.0))
            rel = int(max(p["t60_rel"], 0.02) * SR * 2)
            kernels.add_pluck(out, start, hold, rel, f, gl, gr, exc, t60, p["t60_rel"], p["damp"])
        elif patch.kind == "voice":
            f1, f2, f3 = VOWELS[notes.vowel[i] % len(VOWELS)]
            rel = int(p["rel"] * SR * 5)
            kernels.add_voice(out, start, hold, rel, f, gl, gr, f1, f2, f3, p["breath"], p["vib_rate"], p["vib"],
                              p["att"], p["rel"], phase0)
        else:  # pragma: no cover - table is static
            raise KeyError(patch.kind)
