"""Pitched parts: what each track plays (bass lines, comping, pads, arpeggios,
riffs, stabs, melody, backing vocals), as note lists in seconds.

A part is a function of the arrangement, the track and an rng, registered in
``PARTS`` by role; styles within a role come from the genre profile.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from engine.sketch.arrangement import SECTION_SNAP_S, Arrangement, Chord, Section
from engine.sketch.compose import MELODIC
from engine.sketch.harmony import QUALITY_INTERVALS, chord_pcs, scale_pcs, voice_chord
from engine.sketch.instruments.tonal import NoteList
from engine.sketch.rhythm import swing_beats
from engine.sketch.timbre import TrackTimbre

Ev = tuple[float, float, float, float, float, int]  # beat, beats, pitch, vel, pan, vowel


def _bass_root(pc: int, low: int = 31) -> int:
    return low + (pc - low) % 12


def _active(sec: Section, track: TrackTimbre) -> bool:
    return sec.energy >= track.min_energy - 1e-9


def _vel(sec: Section, rng: np.random.Generator, accent: float = 1.0) -> float:
    return float(np.clip((0.55 + 0.4 * sec.energy) * accent * (1 + 0.07 * rng.standard_normal()), 0.15, 1.0))


def _positions(chord: Chord, step: float, pattern: str | None = None) -> list[float]:
    """Onsets (beats from the chord start) on a grid of ``step`` beats, optionally masked."""
    n = int(round(chord.beats / step))
    if pattern:
        return [i * step for i in range(n) if pattern[i % len(pattern)] == "x"]
    return [i * step for i in range(n)]


def bass_part(arr: Arrangement, track: TrackTimbre, rng: np.random.Generator, sec_of) -> list[Ev]:
    style = arr.profile.bass_style if track.patch not in ("cello",) else "sustain"
    ev: list[Ev] = []
    scale = scale_pcs(arr.tonic, arr.mode)
    for ci, ch in enumerate(arr.chords):
        sec = sec_of(ch.beat)
        if not _active(sec, track):
            continue
        root = _bass_root(ch.root)
        fifth = root + 7
        nxt = arr.chords[ci + 1] if ci + 1 < len(arr.chords) else ch
        lvl = sec.energy
        if style == "walking":
            n = max(1, int(round(ch.beats)))
            tones = [root] + [_bass_root(p, root - 2) for p in chord_pcs(ch.root, ch.quality)[1:]] + \
                    [_bass_root(p, root) for p in scale]
            line = [root] + [int(rng.choice(tones)) for _ in range(n - 2)]
            target = _bass_root(nxt.root)
            line.append(target + (1 if rng.random() < 0.5 else -1) if n > 1 else root)
            ev += [(ch.beat + i, 0.95, p, _vel(sec, rng, 1.0 if i % 2 == 0 else 0.85), 0.0, 0) for i, p in enumerate(line)]
        elif style in ("root8", "gallop"):
            step = 0.5 if lvl >= 0.5 or style == "gallop" else 1.0
            pat = "xx.x" if style == "gallop" and lvl >= 0.8 else None
            step = 0.25 if pat else step
            for o in _positions(ch, step, pat):
                p = root + (12 if (style == "root8" and o % 2 == 1.5 and rng.random() < 0.3) else 0)
                ev.append((ch.beat + o, step * 0.85, p, _vel(sec, rng, 1.0 if o % 1 == 0 else 0.85), 0.0, 0))
        elif style == "offbeat":
            for o in _positions(ch, 0.5):
                if o % 1.0 == 0.5:
                    ev.append((ch.beat + o, 0.4, root + 12 * (lvl >= 0.8 and o % 2 == 1.5), _vel(sec, rng), 0.0, 0))
        elif style == "sub":
            for o in _positions(ch, 0.25, "x......x..x....."):
                ev.append((ch.beat + o, 1.2 if o % 4 == 0 else 0.7, root, _vel(sec, rng), 0.0, 0))
        elif style == "root_fifth":
            step = 1.0 if lvl >= 0.6 else 2.0
            for i, o in enumerate(_positions(ch, step)):
                ev.append((ch.beat + o, step * 0.9, root if i % 2 == 0 else fifth - 12 * (fifth > 45), _vel(sec, rng), 0.0, 0))
        elif style == "tumbao":
            for o, p in ((1.5, fifth - 12 * (fifth > 45)), (3.0, root)):
                if o < ch.beats:
                    ev.append((ch.beat + o, 1.4 if o == 3.0 else 1.2, p, _vel(sec, rng), 0.0, 0))
        else:  # sustain
            ev.append((ch.beat, ch.beats * 0.98, root + (12 if track.patch == "cello" else 0), _vel(sec, rng, 0.9), 0.0, 0))
    return ev


_COMP_PATTERNS = {"block": "x...x...x...x...", "stab": "..x...x...x...x.", "montuno": "x.x..xx.x.x..xx.",
                  "strum": "x...x.x..xx.x.x."}
_CENTER = {"keyboard": 60, "guitar": 55, "strings": 64, "synth": 62, "brass": 62, "woodwinds": 67,
           "backing_vocals": 67}


def comp_part(arr: Arrangement, track: TrackTimbre, rng: np.random.Generator, sec_of) -> list[Ev]:
    style = {"pad": "sustain", "arp": "arp", "stab": "stab", "riff": None}.get(track.role, arr.profile.comp_style)
    if style is None:
        style = arr.profile.comp_style if arr.profile.comp_style in ("power8", "chug") else "power8"
    center = _CENTER.get(track.name, 60)
    ev: list[Ev] = []
    prev: list[int] | None = None
    for ch in arr.chords:
        sec = sec_of(ch.beat)
        if not _active(sec, track):
            continue
        lvl = sec.energy
        if style in ("power8", "chug"):
            root = 40 + (ch.root - 40) % 12
            voicing = [root, root + 7, root + 12]
            if style == "chug" and lvl >= 0.5:
                for o in _positions(ch, 0.25, "xx.xxx.xxx.xxx.x"):
                    accent = o % 1.0 == 0
                    ev += [(ch.beat + o, 0.45 if accent else 0.14, p, _vel(sec, rng, 1.0 if accent else 0.8), 0.0, 0)
                           for p in voicing]
            else:
                step = 0.5 if lvl >= 0.5 else ch.beats
                for o in _positions(ch, step):
                    ev += [(ch.beat + o, step * 0.95, p, _vel(sec, rng), 0.0, 0) for p in voicing]
            continue
        voicing = voice_chord(ch.root, ch.quality, center=center, previous=prev)
        prev = voicing
        spread = np.linspace(-0.35, 0.35, len(voicing))
        if style == "sustain":
            ev += [(ch.beat, ch.beats, p, _vel(sec, rng, 0.85), float(s), 0) for p, s in zip(voicing, spread, strict=True)]
        elif style == "shell":
            shell = [voicing[0] - 12] + [p for p in voicing if (p - ch.root) % 12 in (3, 4, 10, 11)][:2]
            for o in sorted(rng.choice(np.arange(0, ch.beats, 0.5), size=min(3, int(ch.beats * 2)), replace=False)):
                ev += [(ch.beat + o, 0.6, p, _vel(sec, rng, 0.8), 0.0, 0) for p in shell]
        elif style == "arp":
            step = 0.25 if lvl >= 0.8 and arr.profile.genre == "electronic" else 0.5
            tones = voicing + [p + 12 for p in voicing]
            for i, o in enumerate(_positions(ch, step)):
                ev.append((ch.beat + o, step * 1.6, tones[i % len(tones)], _vel(sec, rng, 1.0 if i % 2 == 0 else 0.8),
                           float(0.3 * np.sin(i)), 0))
        elif style == "strum":
            strings = sorted(voice_chord(ch.root, ch.quality, center=52, max_voices=3)
                             + voice_chord(ch.root, ch.quality, center=62, max_voices=3))
            for o in _positions(ch, 0.25, _COMP_PATTERNS["strum"]):
                down = int(o * 4) % 2 == 0
                order = strings if down else strings[::-1]
                for j, p in enumerate(order):
                    ev.append((ch.beat + o + j * 0.012 * arr.bpm / 60.0, 0.9, p, _vel(sec, rng, 1.0 if down else 0.75),
                               float(spread[j % len(spread)]), 0))
        else:  # block / stab / montuno
            pat = _COMP_PATTERNS.get(style, _COMP_PATTERNS["block"])
            if style == "block" and lvl < 0.5:
                pat = "x.......x......."
            dur = 0.3 if style in ("stab", "montuno") else 0.9
            for o in _positions(ch, 0.25, pat):
                ev += [(ch.beat + o, dur, p, _vel(sec, rng), float(s), 0) for p, s in zip(voicing, spread, strict=True)]
    return ev


def melody_part(arr: Arrangement, track: TrackTimbre, rng: np.random.Generator, sec_of) -> list[Ev]:
    """Vocals sing the melody in melodic sections; lead instruments take it where no one sings."""
    sung = track.role == "vocal"
    shift = 12 if track.patch in ("flute", "fiddle") else 0
    ev: list[Ev] = []
    for n in arr.melody:
        sec = sec_of(n.beat)
        if sung and sec.kind not in MELODIC:
            continue
        if not sung and ((arr.vocal and sec.kind in MELODIC) or not _active(sec, track)):
            continue
        ev.append((n.beat, n.beats, n.pitch + shift, n.vel, 0.0, n.vowel))
    return ev


def backing_part(arr: Arrangement, track: TrackTimbre, rng: np.random.Generator, sec_of) -> list[Ev]:
    ev: list[Ev] = []
    for ch in arr.chords:
        sec = sec_of(ch.beat)
        if sec.energy < max(0.8, track.min_energy):
            continue
        top = voice_chord(ch.root, ch.quality, center=67)[-2:]
        ev += [(ch.beat, ch.beats, p, _vel(sec, rng, 0.8), 0.5 * (-1) ** k, 3) for k, p in enumerate(top)]
    return ev


def timpani_part(arr: Arrangement, track: TrackTimbre, rng: np.random.Generator, sec_of) -> list[Ev]:
    ev: list[Ev] = []
    for ch in arr.chords:
        sec = sec_of(ch.beat)
        if _active(sec, track) and ch.beat % (2 * arr.beats_per_bar) == 0:
            ev.append((ch.beat, 1.5, _bass_root(ch.root, 38), _vel(sec, rng), 0.0, 0))
    return ev


PARTS: dict[str, Callable[..., list[Ev]]] = {
    "bass": bass_part, "comp": comp_part, "pad": comp_part, "arp": comp_part, "riff": comp_part,
    "stab": comp_part, "lead": melody_part, "vocal": melody_part, "backing": backing_part, "timpani": timpani_part,
}


def notes_for(arr: Arrangement, track: TrackTimbre, rng: np.random.Generator, grid: np.ndarray) -> NoteList:
    """The track's part as a NoteList in seconds (swing and a little timing jitter applied)."""
    starts = np.array([s.start_s for s in arr.sections])

    def sec_of(beat: float) -> Section:
        t = float(arr.time_of(beat, grid))
        return arr.sections[max(0, int(np.searchsorted(starts, t + SECTION_SNAP_S, side="right")) - 1)]

    fn = PARTS["timpani" if track.patch == "timpani" else track.role]
    events = fn(arr, track, rng, sec_of)
    out = NoteList()
    if not events:
        return out
    ev = np.array([e[:5] for e in events], dtype=np.float64)
    b0 = swing_beats(ev[:, 0], arr.profile.swing, arr.profile.swing_unit)
    t0 = arr.time_of(b0, grid) + rng.normal(0.0, 0.004, size=b0.size)
    t1 = arr.time_of(b0 + ev[:, 1], grid)
    end = arr.end_s if arr.end_s is not None else arr.duration_s
    for k in range(len(events)):
        if t0[k] < end:
            out.add(max(0.0, float(t0[k])), float(max(0.03, t1[k] - t0[k])), float(ev[k, 2]), float(ev[k, 3]),
                    float(ev[k, 4]), int(events[k][5]))
    return out


__all__ = ["PARTS", "notes_for", "QUALITY_INTERVALS"]
