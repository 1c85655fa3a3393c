"""Caption tags -> a genre profile: instrumentation, patches, groove and space.

``profile_for(caption, genre)`` takes the timbre of the genre (engine/genres.py, the one
genre vocabulary; when no genre is given, the genre the caption names most), then applies
instrument and adjective tags found in the caption (``piano``, ``strings``, ``no drums``,
``dark``, ``lo-fi``, ...).
"""

from __future__ import annotations

import re

from pydantic import BaseModel, Field

from engine.genres import caption_genre
from engine.genres import genre as vocabulary_genre


class TrackTimbre(BaseModel):
    """How one stem sounds and what it plays."""

    name: str  # ACE-Step track name (engine.constants.TRACK_NAMES)
    patch: str  # synthesis patch, see instruments.tonal.PATCHES / drums.KITS
    role: str  # beat | perc | bass | comp | pad | arp | riff | stab | lead | vocal | backing | fx
    gain_db: float = 0.0
    pan: float = 0.0  # -1 left .. +1 right
    min_energy: float = 0.0  # section energy at which the track enters
    brightness: float = 0.5  # 0 dark .. 1 bright (filter cutoffs, pluck damping)
    drive: float = 0.0  # 0 clean .. 1 saturated
    send: float = 0.2  # reverb send


class GenreProfile(BaseModel):
    genre: str
    bpm_range: tuple[int, int]
    minor_prob: float
    progressions: dict[str, list[str]]  # section kind ('verse', 'chorus', 'bridge') -> roman numerals
    chord_beats: float = 4.0  # harmonic rhythm in quarter notes (0 = one bar)
    kit: str = "acoustic"
    groove: str = "rock"  # drum pattern family, see rhythm.GROOVES
    swing: float = 0.0  # 0..0.33, delay of off-beat subdivisions (fraction of the pair)
    swing_unit: float = 0.5  # 0.5 = swung eighths, 0.25 = swung sixteenths
    bass_style: str = "root8"
    comp_style: str = "block"
    reverb_wet: float = 0.18
    reverb_size: float = 0.5
    melody_density: float = 1.0  # notes per beat, roughly
    lowpass_hz: float = 20000.0  # whole-mix tone (lo-fi = dark)
    tracks: list[TrackTimbre] = Field(default_factory=list)


def _t(name: str, patch: str, role: str, gain: float = 0.0, pan: float = 0.0, enter: float = 0.0,
       bright: float = 0.5, drive: float = 0.0, send: float = 0.2) -> TrackTimbre:
    return TrackTimbre(name=name, patch=patch, role=role, gain_db=gain, pan=pan, min_energy=enter,
                       brightness=bright, drive=drive, send=send)


_P = {
    "pop": dict(bpm_range=(96, 124), minor_prob=0.3, kit="acoustic", groove="pop", bass_style="root8",
                comp_style="block", progressions={"verse": ["I V vi IV", "I vi IV V"], "chorus": ["IV I V vi", "I V vi IV"],
                                                  "bridge": ["ii IV vi V"]},
                tracks=[_t("drums", "acoustic", "beat", 0, 0, 0.4), _t("bass", "pick_bass", "bass", -2, 0, 0.4),
                        _t("keyboard", "piano", "comp", -4, -0.2, 0.0), _t("synth", "warm_pad", "pad", -9, 0.0, 0.6, send=0.4),
                        _t("guitar", "clean_guitar", "arp", -8, 0.45, 0.5, bright=0.6)]),
    "rock": dict(bpm_range=(110, 145), minor_prob=0.35, kit="rock", groove="rock", bass_style="root8",
                 comp_style="power8", progressions={"verse": ["I bVII IV I", "i bVI bVII i"], "chorus": ["I IV V IV", "bVI bVII i i"],
                                                    "bridge": ["vi IV V V"]},
                 tracks=[_t("drums", "rock", "beat", 0, 0, 0.3), _t("bass", "pick_bass", "bass", -2, 0, 0.3, drive=0.2),
                         _t("guitar", "dist_guitar", "riff", -5, -0.55, 0.0, bright=0.55, drive=0.6, send=0.12),
                         _t("keyboard", "organ", "pad", -11, 0.4, 0.7, send=0.25)]),
    "metal": dict(bpm_range=(140, 190), minor_prob=1.0, kit="metal", groove="metal", bass_style="gallop",
                  comp_style="chug", reverb_wet=0.12,
                  progressions={"verse": ["i i bII i", "i bVI bVII i"], "chorus": ["i bVI bIII bVII", "i bVII bVI bVII"],
                                "bridge": ["iv bVI v v"]},
                  tracks=[_t("drums", "metal", "beat", 0, 0, 0.2), _t("bass", "pick_bass", "bass", -3, 0, 0.2, drive=0.5),
                          _t("guitar", "dist_guitar", "riff", -4, -0.7, 0.0, bright=0.7, drive=1.0, send=0.08)]),
    "jazz": dict(bpm_range=(100, 160), minor_prob=0.3, kit="brushes", groove="swing", swing=0.18, bass_style="walking",
                 comp_style="shell", chord_beats=4.0, reverb_wet=0.2, melody_density=1.4,
                 progressions={"verse": ["ii7 V7 Imaj7 vi7", "Imaj7 vi7 ii7 V7"], "chorus": ["iii7 vi7 ii7 V7", "IVmaj7 iv6 iii7 vi7"],
                               "bridge": ["ii7 V7 iii7 VI7"]},
                 tracks=[_t("drums", "brushes", "beat", -3, 0.1, 0.0), _t("bass", "upright_bass", "bass", 0, -0.1, 0.0),
                         _t("keyboard", "piano", "comp", -4, 0.25, 0.0, bright=0.45, send=0.25),
                         _t("woodwinds", "sax", "lead", -5, -0.2, 0.5, send=0.25)]),
    "electronic": dict(bpm_range=(120, 130), minor_prob=0.75, kit="electro", groove="four", bass_style="offbeat",
                       comp_style="stab", reverb_wet=0.22, reverb_size=0.7,
                       progressions={"verse": ["i bVII bVI bVII", "i i bVI bVII"], "chorus": ["bVI bVII i i", "i bIII bVII bVI"],
                                     "bridge": ["iv iv bVI bVII"]},
                       tracks=[_t("drums", "electro", "beat", 0, 0, 0.0), _t("bass", "synth_bass", "bass", -2, 0, 0.4),
                               _t("synth", "supersaw", "stab", -8, 0.0, 0.6, bright=0.65, send=0.35),
                               _t("keyboard", "pluck_synth", "arp", -10, 0.35, 0.3, bright=0.7, send=0.35),
                               _t("fx", "riser", "fx", -14, 0.0, 0.5, send=0.5)]),
    "hiphop": dict(bpm_range=(80, 98), minor_prob=0.75, kit="trap", groove="hiphop", swing=0.08, swing_unit=0.25,
                   bass_style="sub", comp_style="sustain", reverb_wet=0.14,
                   progressions={"verse": ["i bVI i bVI", "i iv bVI v"], "chorus": ["bVI bVII i i", "i bVI bIII bVII"],
                                 "bridge": ["iv bVI iv v"]},
                   tracks=[_t("drums", "trap", "beat", 0, 0, 0.0), _t("bass", "808_bass", "bass", -1, 0, 0.3),
                           _t("keyboard", "epiano", "pad", -8, -0.2, 0.0, bright=0.4, send=0.3),
                           _t("synth", "bell", "arp", -13, 0.35, 0.55, send=0.35)]),
    "lofi": dict(bpm_range=(70, 90), minor_prob=0.5, kit="lofi", groove="boombap", swing=0.14, swing_unit=0.25,
                 bass_style="root_fifth", comp_style="sustain", chord_beats=4.0, reverb_wet=0.2, lowpass_hz=7000.0,
                 progressions={"verse": ["ii7 V7 Imaj7 Imaj7", "IVmaj7 iii7 ii7 Imaj7"], "chorus": ["vi7 ii7 V7 Imaj7"],
                               "bridge": ["IVmaj7 IVmaj7 iii7 vi7"]},
                 tracks=[_t("drums", "lofi", "beat", -1, 0, 0.2), _t("bass", "finger_bass", "bass", -3, 0, 0.3, bright=0.3),
                         _t("keyboard", "epiano", "comp", -5, -0.25, 0.0, bright=0.35, send=0.3),
                         _t("guitar", "clean_guitar", "arp", -12, 0.4, 0.5, bright=0.35, send=0.3)]),
    "ambient": dict(bpm_range=(60, 84), minor_prob=0.5, kit="none", groove="none", bass_style="sustain",
                    comp_style="sustain", chord_beats=8.0, reverb_wet=0.45, reverb_size=0.95, melody_density=0.35,
                    progressions={"verse": ["I IVmaj7 vi IV", "i bVI bIII bVII"], "chorus": ["IV I V vi", "bVI bIII bVII i"],
                                  "bridge": ["vi IV I V"]},
                    tracks=[_t("synth", "warm_pad", "pad", -3, 0.0, 0.0, bright=0.35, send=0.6),
                            _t("strings", "strings", "pad", -8, 0.3, 0.4, bright=0.35, send=0.6),
                            _t("keyboard", "bell", "arp", -12, -0.3, 0.3, send=0.7),
                            _t("bass", "sub_bass", "bass", -8, 0, 0.5)]),
    "classical": dict(bpm_range=(72, 110), minor_prob=0.45, kit="none", groove="none", bass_style="sustain",
                      comp_style="arp", chord_beats=4.0, reverb_wet=0.32, reverb_size=0.85,
                      progressions={"verse": ["I IV V I", "i iv V i"], "chorus": ["vi ii V I", "bVI iv V i"],
                                    "bridge": ["IV V iii vi"]},
                      tracks=[_t("strings", "strings", "pad", -2, 0.0, 0.0, bright=0.5, send=0.4),
                              _t("keyboard", "piano", "arp", -6, -0.2, 0.0, send=0.35),
                              _t("bass", "cello", "bass", -5, 0.3, 0.3, send=0.35),
                              _t("woodwinds", "flute", "lead", -7, -0.35, 0.4, send=0.4),
                              _t("brass", "horns", "pad", -10, 0.4, 0.8, bright=0.35, send=0.45),
                              _t("percussion", "timpani", "perc", -8, 0.0, 0.85, send=0.4)]),
    "folk": dict(bpm_range=(84, 120), minor_prob=0.25, kit="folk", groove="folk", bass_style="root_fifth",
                 comp_style="strum", reverb_wet=0.16,
                 progressions={"verse": ["I IV I V", "I V vi IV"], "chorus": ["IV I V I", "vi IV I V"],
                               "bridge": ["ii IV I V"]},
                 tracks=[_t("guitar", "acoustic_guitar", "comp", -2, -0.3, 0.0, bright=0.6),
                         _t("bass", "upright_bass", "bass", -4, 0, 0.4), _t("percussion", "shaker", "perc", -12, 0.45, 0.4),
                         _t("drums", "folk", "beat", -6, 0.0, 0.6), _t("strings", "fiddle", "lead", -8, 0.35, 0.7, send=0.3)]),
    "latin": dict(bpm_range=(90, 110), minor_prob=0.6, kit="latin", groove="latin", bass_style="tumbao",
                  comp_style="montuno",
                  progressions={"verse": ["i iv V7 i", "i bVII bVI V7"], "chorus": ["iv V7 i i", "I IV V7 I"],
                                "bridge": ["bVI bVII i i"]},
                  tracks=[_t("percussion", "congas", "perc", -4, 0.3, 0.0), _t("drums", "latin", "beat", -4, 0, 0.4),
                          _t("bass", "finger_bass", "bass", -2, 0, 0.0), _t("keyboard", "piano", "comp", -4, -0.3, 0.0, bright=0.6),
                          _t("brass", "brass", "stab", -8, 0.25, 0.65, bright=0.65, send=0.25),
                          _t("guitar", "nylon_guitar", "arp", -9, 0.5, 0.5)]),
    "blues": dict(bpm_range=(70, 120), minor_prob=0.3, kit="acoustic", groove="rock", swing=0.22, bass_style="walking",
                  comp_style="block", reverb_wet=0.16,
                  progressions={"verse": ["I7 IV7 I7 I7", "IV7 IV7 I7 I7"], "chorus": ["V7 IV7 I7 V7", "I7 IV7 I7 V7"],
                                "bridge": ["IV7 IV7 I7 I7"]},
                  tracks=[_t("drums", "acoustic", "beat", -1, 0, 0.2), _t("bass", "finger_bass", "bass", -2, 0, 0.2),
                          _t("guitar", "dist_guitar", "riff", -6, -0.45, 0.0, bright=0.5, drive=0.35, send=0.15),
                          _t("keyboard", "organ", "pad", -10, 0.4, 0.4, send=0.25)]),
    "soul": dict(bpm_range=(70, 110), minor_prob=0.5, kit="acoustic", groove="pop", swing=0.08, swing_unit=0.25,
                 bass_style="root_fifth", comp_style="sustain", reverb_wet=0.18,
                 progressions={"verse": ["Imaj7 vi7 ii7 V7", "ii7 V7 Imaj7 IVmaj7"], "chorus": ["IVmaj7 iii7 vi7 ii7",
                                                                                            "Imaj7 vi7 ii7 V7"],
                               "bridge": ["IVmaj7 V7 iii7 vi7"]},
                 tracks=[_t("drums", "acoustic", "beat", -1, 0, 0.2), _t("bass", "finger_bass", "bass", -2, 0, 0.2),
                         _t("keyboard", "epiano", "comp", -5, -0.25, 0.0, bright=0.45, send=0.3),
                         _t("guitar", "clean_guitar", "arp", -10, 0.4, 0.4, send=0.25),
                         _t("brass", "brass", "stab", -11, 0.3, 0.7, send=0.25)]),
}

# instrument tags in captions -> a track added (or re-patched) on top of the genre's
_INSTRUMENT_TAGS: list[tuple[str, TrackTimbre]] = [
    ("piano", _t("keyboard", "piano", "comp", -4, -0.2, 0.0)),
    ("rhodes", _t("keyboard", "epiano", "comp", -5, -0.2, 0.0)),
    ("electric piano", _t("keyboard", "epiano", "comp", -5, -0.2, 0.0)),
    ("organ", _t("keyboard", "organ", "pad", -8, 0.3, 0.3)),
    ("acoustic guitar", _t("guitar", "acoustic_guitar", "comp", -4, -0.35, 0.0)),
    ("distorted guitar", _t("guitar", "dist_guitar", "riff", -5, -0.55, 0.0, bright=0.6, drive=0.7)),
    ("guitar", _t("guitar", "clean_guitar", "arp", -7, 0.45, 0.3)),
    ("strings", _t("strings", "strings", "pad", -7, 0.3, 0.3, send=0.4)),
    ("violin", _t("strings", "strings", "pad", -7, 0.3, 0.3, send=0.4)),
    ("cello", _t("strings", "cello", "pad", -7, 0.3, 0.3, send=0.4)),
    ("brass", _t("brass", "brass", "stab", -8, 0.3, 0.6)),
    ("horns", _t("brass", "brass", "stab", -8, 0.3, 0.6)),
    ("trumpet", _t("brass", "brass", "stab", -8, 0.3, 0.6)),
    ("saxophone", _t("woodwinds", "sax", "lead", -6, -0.2, 0.5)),
    ("sax", _t("woodwinds", "sax", "lead", -6, -0.2, 0.5)),
    ("flute", _t("woodwinds", "flute", "lead", -7, -0.3, 0.4)),
    ("synth", _t("synth", "saw_lead", "arp", -10, 0.35, 0.4, send=0.3)),
    ("pad", _t("synth", "warm_pad", "pad", -9, 0.0, 0.0, send=0.5)),
    ("808", _t("bass", "808_bass", "bass", -1, 0, 0.3)),
    ("choir", _t("backing_vocals", "choir", "backing", -9, 0.0, 0.6, send=0.5)),
    ("percussion", _t("percussion", "shaker", "perc", -12, 0.45, 0.4)),
]
_ADJECTIVES: dict[str, dict[str, float]] = {
    "dark": {"brightness": -0.2}, "warm": {"brightness": -0.12}, "bright": {"brightness": 0.2},
    "crisp": {"brightness": 0.12}, "heavy": {"drive": 0.3}, "distorted": {"drive": 0.4}, "gritty": {"drive": 0.25},
    "dreamy": {"reverb": 0.15}, "spacious": {"reverb": 0.15}, "ethereal": {"reverb": 0.2}, "lush": {"reverb": 0.1},
    "dry": {"reverb": -0.12}, "intimate": {"reverb": -0.08}, "clean": {"drive": -0.3},
}


def detect_genre(caption: str, genre: str | None = None) -> str:
    """The timbre key: the given genre's (engine.genres), else the genre the caption names most."""
    if genre:
        return vocabulary_genre(genre).timbre
    return caption_genre(caption).timbre


def profile_for(caption: str, genre: str | None = None) -> GenreProfile:
    """The timbre profile of ``genre`` (a name of engine.genres; read from the caption when None)
    with the caption's instrument and adjective tags applied."""
    key = detect_genre(caption, genre)
    prof = GenreProfile(genre=key, **_P[key]).model_copy(deep=True)
    text = caption.lower()
    tracks = {t.name: t for t in prof.tracks}
    taken: set[str] = set()
    for tag, track in _INSTRUMENT_TAGS:
        if re.search(rf"\b{re.escape(tag)}s?\b", text) and track.name not in taken:
            taken.add(track.name)
            if track.name in tracks:
                tracks[track.name] = tracks[track.name].model_copy(update={"patch": track.patch, "role": track.role
                                                                           if track.name != "bass" else "bass"})
            else:
                tracks[track.name] = track.model_copy()
    for m in re.finditer(r"\b(?:no|without)\s+([a-z]+)", text):
        word = m.group(1).rstrip("s")
        for name in list(tracks):
            if name.startswith(word) or (word == "drum" and name == "drums") or (word == "vocal" and name == "vocals"):
                tracks.pop(name)
    for adj, change in _ADJECTIVES.items():
        if re.search(rf"\b{adj}\b", text):
            for t in tracks.values():
                t.brightness = min(1.0, max(0.0, t.brightness + change.get("brightness", 0.0)))
                t.drive = min(1.0, max(0.0, t.drive + change.get("drive", 0.0) * (t.drive > 0 or t.role == "riff")))
            prof.reverb_wet = min(0.6, max(0.04, prof.reverb_wet + change.get("reverb", 0.0)))
    if re.search(r"\blo-?fi\b", text):
        prof.lowpass_hz = min(prof.lowpass_hz, 7000.0)
    prof.tracks = list(tracks.values())
    return prof


def blend_profiles(old: GenreProfile, new: GenreProfile, amount: float) -> GenreProfile:
    """Move ``old`` toward ``new`` by ``amount`` (0 = old, 1 = new).

    Numbers interpolate; patches and the track set switch to ``new`` past half way.
    Groove, swing and harmony settings stay with ``old`` (they are structure, not timbre).
    """
    a = min(1.0, max(0.0, amount))
    base = old.model_copy(deep=True)
    lerp = lambda x, y: x + (y - x) * a  # noqa: E731
    base.reverb_wet = lerp(old.reverb_wet, new.reverb_wet)
    base.reverb_size = lerp(old.reverb_size, new.reverb_size)
    base.lowpass_hz = float(lerp(old.lowpass_hz, new.lowpass_hz))
    olds = {t.name: t for t in old.tracks}
    news = {t.name: t for t in new.tracks}
    out: list[TrackTimbre] = []
    for name in list(olds) + [n for n in news if n not in olds]:
        o, n = olds.get(name), news.get(name)
        if o and n:
            t = (n if a >= 0.5 else o).model_copy()
            for f in ("gain_db", "pan", "brightness", "drive", "send", "min_energy"):
                setattr(t, f, lerp(getattr(o, f), getattr(n, f)))
            out.append(t)
        elif o and a < 0.5:
            out.append(o.model_copy())
        elif n and a >= 0.5:
            out.append(n.model_copy())
    base.tracks = out
    return base


# a sensible part for every ACE-Step track name, when the caption's genre has none
DEFAULT_TRACKS: dict[str, TrackTimbre] = {
    "drums": _t("drums", "acoustic", "beat", 0, 0, 0.0),
    "percussion": _t("percussion", "shaker", "perc", -4, 0.45, 0.0),
    "bass": _t("bass", "finger_bass", "bass", 0, 0, 0.0),
    "keyboard": _t("keyboard", "piano", "comp", 0, -0.2, 0.0),
    "guitar": _t("guitar", "clean_guitar", "arp", 0, 0.4, 0.0),
    "strings": _t("strings", "strings", "pad", 0, 0.3, 0.0, send=0.4),
    "brass": _t("brass", "brass", "stab", 0, 0.3, 0.0),
    "woodwinds": _t("woodwinds", "flute", "lead", 0, -0.3, 0.0),
    "synth": _t("synth", "warm_pad", "pad", 0, 0.0, 0.0, send=0.4),
    "fx": _t("fx", "riser", "fx", 0, 0.0, 0.0),
    "vocals": _t("vocals", "voice", "vocal", 0, 0.0, 0.0, send=0.3),
    "backing_vocals": _t("backing_vocals", "choir", "backing", 0, 0.0, 0.0, send=0.5),
}


def track_for(name: str, caption: str, genre: str | None = None) -> TrackTimbre:
    """The part ``name`` would play in a song described by ``caption`` (it enters in every section)."""
    for t in profile_for(caption, genre).tracks:
        if t.name == name:
            return t.model_copy(update={"min_energy": 0.0})
    return DEFAULT_TRACKS[name].model_copy()
