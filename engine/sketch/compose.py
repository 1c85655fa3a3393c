"""Request -> Arrangement: tempo, meter, key, section layout, chords and melody.

Everything is drawn from ``np.random.default_rng([seed, ...])`` streams, so one
(seed, request) always composes the same song.
"""

from __future__ import annotations

import re

import numpy as np

from engine.errors import EngineError
from engine.lyrics import is_instrumental
from engine.pipeline import SectionEvent, parse_key
from engine.sketch.arrangement import Arrangement, Chord, Note, Section
from engine.sketch.harmony import adapt_progression, chord_pcs, nearest_in, parse_chord, scale_pcs
from engine.sketch.timbre import GenreProfile, TrackTimbre, profile_for

ENERGY = {"intro": 0.3, "verse": 0.55, "pre-chorus": 0.7, "prechorus": 0.7, "chorus": 0.9, "hook": 0.9,
          "drop": 1.0, "build": 0.7, "bridge": 0.6, "breakdown": 0.35, "solo": 0.8, "interlude": 0.4,
          "outro": 0.35, "instrumental": 0.7}
MELODIC = {"verse", "chorus", "hook", "bridge", "pre-chorus", "prechorus", "drop", "solo"}
_TEMPLATES = [  # (minimum bars, [(kind, weight)])
    (64, [("intro", 8), ("verse", 16), ("chorus", 16), ("verse", 16), ("chorus", 16), ("bridge", 8), ("chorus", 16),
          ("outro", 8)]),
    (40, [("intro", 4), ("verse", 8), ("chorus", 8), ("verse", 8), ("chorus", 8), ("outro", 4)]),
    (20, [("intro", 4), ("verse", 8), ("chorus", 8), ("outro", 4)]),
    (10, [("intro", 2), ("verse", 4), ("chorus", 4)]),
    (0, [("verse", 1)]),
]


def meter_of(timesignature: str | None, caption: str) -> tuple[str, float]:
    """('4/4', 4.0) etc.: the meter string and the bar length in quarter notes."""
    ts = timesignature or ("3/4" if re.search(r"\bwaltz\b", caption.lower()) else "4/4")
    num, den = (int(x) for x in ts.split("/"))
    return ts, num * 4.0 / den


def layout_sections(duration_s: float, bar_s: float) -> list[Section]:
    """A plausible song form for ``duration_s`` when no events are given."""
    total = max(1, int(round(duration_s / bar_s)))
    template = next(t for m, t in _TEMPLATES if total >= m)
    weights = np.array([w for _, w in template], dtype=float)
    quantum = 4 if total >= 48 else 2 if total >= 10 else 1
    bars = np.maximum(quantum, np.round(weights / weights.sum() * total / quantum) * quantum).astype(int)
    bars[-1] = max(1, total - bars[:-1].sum())
    if bars[-1] < 1 or bars[:-1].sum() >= total:
        bars = np.maximum(1, np.floor(weights / weights.sum() * total)).astype(int)
        bars[-1] = max(1, total - bars[:-1].sum())
    sections, bar = [], 0
    for (kind, _), n in zip(template, bars, strict=True):
        start = bar * bar_s
        sections.append(Section(kind=kind, start_s=start, end_s=min(duration_s, (bar + n) * bar_s),
                                energy=ENERGY.get(kind, 0.6)))
        bar += n
    sections[-1].end_s = duration_s
    return [s for s in sections if s.end_s - s.start_s > 0.05]


def sections_from_events(events: list[SectionEvent], duration_s: float) -> list[Section]:
    """Sections exactly at the planned events; gaps before/after become intro/outro."""
    evs = sorted((e for e in events if e.start < duration_s), key=lambda e: e.start)
    out: list[Section] = []
    t = 0.0
    for e in evs:
        start, end = max(e.start, t), min(e.end, duration_s)
        if end <= start:
            continue
        if start - t > 1.0:
            kind = "intro" if not out else out[-1].kind
            out.append(Section(kind=kind, start_s=t, end_s=start, energy=ENERGY.get(kind, 0.6)))
        elif out:
            out[-1].end_s = start
        elif start > 0:
            start = 0.0
        out.append(Section(kind=e.type, start_s=start, end_s=end, energy=ENERGY.get(e.type, 0.6)))
        t = end
    if not out:
        return []
    if duration_s - t > 1.0:
        out.append(Section(kind="outro", start_s=t, end_s=duration_s, energy=ENERGY["outro"]))
    else:
        out[-1].end_s = duration_s
    return out


def progression_for(profile: GenreProfile, kind: str, rng: np.random.Generator, mode: str = "major") -> list[str]:
    key = {"chorus": "chorus", "hook": "chorus", "drop": "chorus", "bridge": "bridge", "breakdown": "bridge",
           "solo": "bridge", "outro": "chorus"}.get(kind, "verse")
    options = profile.progressions.get(key) or profile.progressions["verse"]
    minded = [o for o in options if adapt_progression(o.split(), mode) == o.split()]
    pick = (minded or options)[int(rng.integers(len(minded or options)))]
    return adapt_progression(pick.split(), mode)


def make_chords(sections: list[Section], profile: GenreProfile, tonic: int, mode: str, bar_beats: float,
                beat_of, seed: int) -> list[Chord]:
    """One progression per section kind (the same kind repeats the same changes)."""
    chord_beats = profile.chord_beats if profile.chord_beats > 0 else bar_beats
    chord_beats = max(bar_beats, round(chord_beats / bar_beats) * bar_beats)
    progs: dict[str, list[str]] = {}
    chords: list[Chord] = []
    starts = [round(float(beat_of(s.start_s)) / bar_beats) * bar_beats for s in sections]
    end_beat = float(beat_of(sections[-1].end_s)) + 2 * bar_beats
    for i, sec in enumerate(sections):
        if sec.kind not in progs:
            progs[sec.kind] = progression_for(profile, sec.kind, np.random.default_rng([seed, 11, len(progs)]),
                                            mode)
        prog = progs[sec.kind]
        b, stop = starts[i], (starts[i + 1] if i + 1 < len(sections) else end_beat)
        k = 0
        while b < stop - 1e-6:
            symbol = prog[k % len(prog)]
            if i == len(sections) - 1 and b + chord_beats >= stop - 1e-6 and mode in ("major", "minor"):
                symbol = "I" if mode == "major" else "i"  # end home
            root, quality = parse_chord(symbol, tonic)
            chords.append(Chord(beat=b, beats=min(chord_beats, stop - b), root=root, quality=quality))
            b += chord_beats
            k += 1
    if chords and chords[0].beat > 0:
        chords[0] = chords[0].model_copy(update={"beats": chords[0].beats + chords[0].beat, "beat": 0.0})
    return chords


def _vowels(lyrics: str) -> list[int]:
    letters = [c for c in lyrics.lower() if c in "aeiou"] if not is_instrumental(lyrics) else []
    return ["aeiou".index(c) for c in letters] or [0, 3, 1]


def make_melody(arr: Arrangement, lyrics: str, seed: int) -> list[Note]:
    """Phrase-based melody: one 2-bar motif per section kind, repeated with variation,
    chord tones on strong beats, scale steps between; choruses sit higher."""
    notes: list[Note] = []
    scale = scale_pcs(arr.tonic, arr.mode)
    vowels = _vowels(lyrics)
    bar = arr.beats_per_bar
    motifs: dict[str, list[tuple[float, float, int]]] = {}
    grid = arr.beat_times()
    density = arr.profile.melody_density
    for sec in arr.sections:
        if sec.kind not in MELODIC:
            continue
        if sec.kind not in motifs:
            rng = np.random.default_rng([seed, 23, len(motifs)])
            step = 0.5
            cells = np.arange(0.0, 2 * bar - 1.0, step)
            p_on = min(0.9, 0.35 * density + 0.25 * sec.energy)
            on = [c for c in cells if rng.random() < (p_on + (0.3 if c % 1.0 == 0 else 0.0))] or [0.0]
            contour = np.cumsum(rng.choice([-2, -1, 0, 1, 2], size=len(on), p=[0.15, 0.3, 0.1, 0.3, 0.15]))
            durs = [(on[j + 1] if j + 1 < len(on) else 2 * bar - 1.0) - on[j] for j in range(len(on))]
            motifs[sec.kind] = [(o, d, int(c)) for o, d, c in zip(on, durs, contour, strict=True)]
        motif = motifs[sec.kind]
        center = 64 + (4 if sec.kind in ("chorus", "hook", "drop") else 0) + arr.tonic % 12 - 6
        b0 = round(float(arr.beat_of(sec.start_s, grid)) / bar) * bar
        b1 = float(arr.beat_of(sec.end_s, grid))
        rng = np.random.default_rng([seed, 29, int(b0)])
        phrase = 0
        while b0 + 2 * bar <= b1 + 1e-6:
            prev = center
            for onset, dur, contour in motif:
                if phrase % 2 == 1 and rng.random() < 0.25:
                    continue  # variation: drop a note in answering phrases
                beat = b0 + onset
                chord = arr.chord_at(beat)
                target = center + 2 * contour + (2 if phrase % 4 == 2 else 0)
                pcs = chord_pcs(chord.root, chord.quality) if onset % 1.0 == 0 else scale
                pitch = nearest_in(pcs, int(round(0.6 * target + 0.4 * prev)))
                notes.append(Note(beat=beat, beats=max(0.25, dur * 0.92), pitch=int(np.clip(pitch, 50, 80)),
                                  vel=float(np.clip(0.7 + 0.15 * sec.energy + 0.08 * rng.standard_normal(), 0.3, 1.0)),
                                  vowel=vowels[len(notes) % len(vowels)]))
                prev = pitch
            b0 += 2 * bar
            phrase += 1
    return notes


def compose(*, caption: str, lyrics: str, bpm: int | float | None, keyscale: str | None,
            timesignature: str | None, duration_s: float, events: list[SectionEvent], seed: int,
            profile: GenreProfile | None = None) -> Arrangement:
    """The whole arrangement for a text2music request."""
    rng = np.random.default_rng([seed, 1])
    prof = profile or profile_for(caption)
    vocal = not is_instrumental(lyrics) and not re.search(r"\b(no|without)\s+vocals?\b", caption.lower())
    if vocal and all(t.name != "vocals" for t in prof.tracks):
        prof = prof.model_copy(deep=True)
        prof.tracks.append(TrackTimbre(name="vocals", patch="voice", role="vocal", gain_db=-1.0, pan=0.0,
                                       min_energy=0.45, brightness=0.5, send=0.3))
    lo, hi = prof.bpm_range
    tempo = float(bpm) if bpm else float(rng.integers(lo, hi + 1))
    meter, bar_beats = meter_of(timesignature, caption)
    parsed = parse_key(keyscale)
    if keyscale and parsed is None:
        raise EngineError(f"cannot read keyscale '{keyscale}' (fix: write it like 'C major' or 'F# minor')")
    if parsed is None:
        parsed = (int(rng.integers(12)), "minor" if rng.random() < prof.minor_prob else "major")
    tonic, mode = parsed
    bar_s = bar_beats * 60.0 / tempo
    sections = sections_from_events(events, duration_s) or layout_sections(duration_s, bar_s)
    arr = Arrangement(seed=seed, duration_s=duration_s, bpm=tempo, beats_per_bar=bar_beats, meter=meter, tonic=tonic,
                      mode=mode, sections=sections, chords=[], profile=prof, vocal=vocal)
    grid = arr.beat_times()
    arr.chords = make_chords(sections, prof, tonic, mode, bar_beats, lambda s: arr.beat_of(s, grid), seed)
    arr.melody = make_melody(arr, lyrics, seed)
    return arr
