"""Keys, chords and voicings.

Chords are written as roman numerals relative to the MAJOR scale of the tonic
("I V vi IV", "i bVI bIII bVII", "ii7 V7 Imaj7"): upper case = major triad, lower
case = minor; suffixes 7, maj7, m7b5, dim, 5, sus2, sus4, 9, add9, 6.
"""

from __future__ import annotations

import re

import numpy as np

from engine.errors import EngineError

MAJOR_SCALE = (0, 2, 4, 5, 7, 9, 11)
MINOR_SCALE = (0, 2, 3, 5, 7, 8, 10)
ROMAN = {"i": 0, "ii": 2, "iii": 4, "iv": 5, "v": 7, "vi": 9, "vii": 11}
QUALITY_INTERVALS: dict[str, tuple[int, ...]] = {
    "maj": (0, 4, 7),
    "min": (0, 3, 7),
    "dim": (0, 3, 6),
    "aug": (0, 4, 8),
    "7": (0, 4, 7, 10),
    "maj7": (0, 4, 7, 11),
    "m7": (0, 3, 7, 10),
    "m7b5": (0, 3, 6, 10),
    "5": (0, 7, 12),
    "sus2": (0, 2, 7),
    "sus4": (0, 5, 7),
    "9": (0, 4, 7, 10, 14),
    "m9": (0, 3, 7, 10, 14),
    "add9": (0, 4, 7, 14),
    "6": (0, 4, 7, 9),
    "m6": (0, 3, 7, 9),
}
_CHORD_RE = re.compile(r"^(b|#)?(vii|iii|vi|iv|ii|v|i|VII|III|VI|IV|II|V|I)(.*)$")


def scale_pcs(tonic: int, mode: str) -> list[int]:
    steps = MINOR_SCALE if mode == "minor" else MAJOR_SCALE
    return [(tonic + s) % 12 for s in steps]


def parse_chord(symbol: str, tonic: int) -> tuple[int, str]:
    """Roman numeral -> (root pitch class, quality)."""
    m = _CHORD_RE.match(symbol)
    if not m:
        raise EngineError(f"internal: bad chord symbol '{symbol}'")
    acc, numeral, suffix = m.groups()
    root = (tonic + ROMAN[numeral.lower()] + {"b": -1, "#": 1, None: 0}[acc]) % 12
    minor = numeral.islower()
    if suffix in ("", None):
        quality = "min" if minor else "maj"
    elif suffix == "7":
        quality = "m7" if minor else "7"
    elif suffix == "9":
        quality = "m9" if minor else "9"
    elif suffix == "6":
        quality = "m6" if minor else "6"
    elif suffix in QUALITY_INTERVALS:
        quality = suffix
    else:
        raise EngineError(f"internal: unknown chord suffix in '{symbol}'")
    return root, quality


def chord_pcs(root: int, quality: str) -> list[int]:
    return [(root + i) % 12 for i in QUALITY_INTERVALS[quality]]


def voice_chord(root: int, quality: str, *, center: int = 60, previous: list[int] | None = None,
                max_voices: int = 4) -> list[int]:
    """MIDI notes of a close voicing near ``center``, led smoothly from ``previous``."""
    intervals = QUALITY_INTERVALS[quality][:max_voices]
    best: list[int] = []
    best_cost = 1e9
    for inversion in range(len(intervals)):
        notes = sorted(root + i + (12 if k < inversion else 0) for k, i in enumerate(intervals))
        shift = round((center - float(np.mean(notes))) / 12.0) * 12
        notes = [n + shift for n in notes]
        if previous:
            cost = sum(min(abs(n - p) for p in previous) for n in notes)
        else:
            cost = abs(float(np.mean(notes)) - center)
        if cost < best_cost:
            best, best_cost = notes, cost
    return best


def nearest_in(pcs: list[int], target: int) -> int:
    """The MIDI note with a pitch class in ``pcs`` closest to ``target``."""
    cands = [target + d for d in range(-6, 7) if (target + d) % 12 in pcs]
    return min(cands, key=lambda n: (abs(n - target), n))


def midi_to_hz(note: float) -> float:
    return float(440.0 * 2.0 ** ((note - 69.0) / 12.0))


# relative-function translations between modes (root numeral -> numeral in the other mode)
_TO_MINOR = {"I": "i", "ii": "iv", "II": "bVII", "iii": "bIII", "III": "V", "IV": "iv", "iv": "iv", "V": "V",
             "v": "v", "vi": "bVI", "VI": "bVI", "vii": "bVII"}
_TO_MAJOR = {"i": "I", "ii": "ii", "bIII": "iii", "III": "iii", "iv": "IV", "IV": "IV", "v": "V", "V": "V",
             "bVI": "vi", "VI": "vi", "bVII": "V", "bII": "IV"}


def _split(symbol: str) -> tuple[str, str]:
    m = _CHORD_RE.match(symbol)
    if not m:
        raise EngineError(f"internal: bad chord symbol '{symbol}'")
    acc, numeral, suffix = m.groups()
    return (acc or "") + numeral, suffix or ""


def adapt_progression(symbols: list[str], mode: str) -> list[str]:
    """Rewrite a progression so its tonic matches ``mode`` (a major-key progression
    in a minor key becomes its minor-key counterpart, and the reverse)."""
    roots = [_split(s)[0] for s in symbols]
    minor_style = "i" in roots
    major_style = "I" in roots or not minor_style
    if mode == "minor" and major_style and not minor_style:
        table = _TO_MINOR
    elif mode == "major" and minor_style:
        table = _TO_MAJOR
    else:
        return symbols
    out = []
    for s in symbols:
        root, suffix = _split(s)
        new = table.get(root, root)
        keep = suffix if suffix in ("7", "9", "5", "sus2", "sus4") else ""
        if suffix == "maj7" and new[-1].isupper():
            keep = "maj7"
        out.append(new + keep)
    return out
