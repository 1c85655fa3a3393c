"""Reference clips: measure what a clip is (tempo, key, loudness, brightness,
spectral balance, rhythm density, which stems stand out) to seed a plan, and
score how close a take is to it (0 unlike .. 1 same) for strategy-5 pairs.

Similarity compares the take's quality report with the clip's measurements, so
it costs nothing beyond the analysis every take gets anyway. Method
``features-v1``: weighted agreement of tempo (octave errors forgiven in part),
key (same, relative, parallel, a fifth apart), band-energy balance, spectral
centroid and onset density.
"""

from __future__ import annotations

import math
from pathlib import Path

from pydantic import BaseModel, Field

from agent.plans import AlbumBrief
from engine.errors import AudioInputError
from engine.pipeline import parse_key
from quality.analyze import analyze_file
from quality.report import Metrics, QualityReport

METHOD = "features-v1"
WEIGHTS = {"tempo": 0.25, "key": 0.2, "balance": 0.3, "brightness": 0.15, "density": 0.1}
PROMINENT_LU = -8.0  # a stem within this many LU of the mix is named in the hints
MIN_KEY_CONFIDENCE = 0.5


class ReferenceProfile(BaseModel):
    """What a reference clip measured as."""

    path: str
    sha256: str
    duration_s: float
    bpm: float | None = None
    key: str | None = None
    key_confidence: float | None = None
    lufs: float | None = None
    centroid_hz: float | None = None
    brightness: str = "balanced"  # dark | warm | balanced | bright
    band_energy_db: dict[str, float] = Field(default_factory=dict)
    onset_density_per_s: float | None = None
    stems: dict[str, float] = Field(default_factory=dict)  # stem -> loudness relative to the mix, LU
    hints: list[str] = Field(default_factory=list)  # caption words


def brightness_word(centroid_hz: float | None) -> str:
    if centroid_hz is None:
        return "balanced"
    return "dark" if centroid_hz < 1200 else "warm" if centroid_hz < 2000 else "balanced" if centroid_hz < 3500 \
        else "bright"


def _hints(m: Metrics, stems: dict[str, float]) -> list[str]:
    out = []
    word = brightness_word(m.spectral_centroid_hz)
    if word != "balanced":
        out.append(word)
    bands = m.band_energy_db
    if bands and max(bands.get("sub", -99), bands.get("bass", -99)) > -6 and bands.get("presence", 0) < -12:
        out.append("bass-heavy")
    if m.tempo_bpm:
        out.append("slow" if m.tempo_bpm < 85 else "mid-tempo" if m.tempo_bpm < 115 else "uptempo")
    if m.onset_density_per_s is not None:
        if m.onset_density_per_s > 5:
            out.append("busy rhythm")
        elif m.onset_density_per_s < 1.5:
            out.append("sparse")
    for name, rel in sorted(stems.items(), key=lambda kv: -kv[1]):
        if rel >= PROMINENT_LU and name != "other":
            out.append("vocals up front" if name == "vocals" else f"prominent {name}")
    return out


def measure_reference(path: str | Path) -> ReferenceProfile:
    """Measure a clip (AudioInputError with a fix when it is missing or not audio)."""
    p = Path(path).expanduser()
    if not p.is_file():
        raise AudioInputError(f"reference clip not found: {path} (fix: give the path of a WAV, FLAC, OGG or MP3 file)")
    report = analyze_file(str(p), separator="dsp")
    m = report.metrics
    stems = {s.name: round(s.metrics.integrated_lufs - m.integrated_lufs, 1) for s in report.stems
             if s.metrics.integrated_lufs is not None and m.integrated_lufs is not None}
    return ReferenceProfile(path=str(p.resolve()), sha256=report.sha256, duration_s=m.duration_s,
                            bpm=m.tempo_bpm, key=m.key, key_confidence=m.key_confidence, lufs=m.integrated_lufs,
                            centroid_hz=m.spectral_centroid_hz, brightness=brightness_word(m.spectral_centroid_hz),
                            band_energy_db=dict(m.band_energy_db), onset_density_per_s=m.onset_density_per_s,
                            stems=stems, hints=_hints(m, stems))


def describe(ref: ReferenceProfile) -> str:
    bpm = f"{ref.bpm:.0f} bpm" if ref.bpm else "tempo unclear"
    key = f"{ref.key} (confidence {ref.key_confidence:.2f})" if ref.key and ref.key_confidence is not None \
        else ref.key or "key unclear"
    lufs = f"{ref.lufs:.1f} LUFS" if ref.lufs is not None else "loudness unknown"
    bright = f"{ref.brightness} ({ref.centroid_hz:.0f} Hz centroid)" if ref.centroid_hz else ref.brightness
    return f"{Path(ref.path).name}: {ref.duration_s:.1f} s, {bpm}, {key}, {lufs}, {bright}; " \
           f"hints: {', '.join(ref.hints) or 'none'}"


def seed_brief(brief: AlbumBrief, ref: ReferenceProfile) -> tuple[AlbumBrief, list[str]]:
    """The brief with what the person did not say taken from the clip, and notes saying so."""
    update: dict = {}
    notes = []
    if brief.bpm is None and not any(t.bpm for t in brief.tracks) and ref.bpm:
        update["bpm"] = max(30, min(300, int(round(ref.bpm))))
        notes.append(f"bpm {update['bpm']} from the reference clip")
    if brief.keyscale is None and ref.key and (ref.key_confidence or 0) >= MIN_KEY_CONFIDENCE:
        update["keyscale"] = ref.key
        notes.append(f"key {ref.key} from the reference clip")
    new_tags = [h for h in ref.hints if h not in brief.tags]
    if new_tags:
        update["tags"] = list(brief.tags) + new_tags
        notes.append(f"caption hints from the reference clip: {', '.join(new_tags)}")
    return brief.model_copy(update=update), notes


def key_similarity(a: str | None, b: str | None) -> float | None:
    pa, pb = parse_key(a), parse_key(b)
    if pa is None or pb is None:
        return None
    (ta, ma), (tb, mb) = pa, pb
    if pa == pb:
        return 1.0
    rel_a = (ta + 3) % 12 if ma == "minor" else (ta - 3) % 12  # relative major/minor tonic
    if ma != mb and rel_a == tb:
        return 0.7
    if ta == tb:
        return 0.6
    if ma == mb and (ta - tb) % 12 in (5, 7):
        return 0.5
    return 0.1


def similarity(report: QualityReport, ref: ReferenceProfile) -> float:
    """0 (unlike) .. 1 (same) by the features of METHOD; missing features are left out."""
    m = report.metrics
    parts: dict[str, float] = {}
    if m.tempo_bpm and ref.bpm:
        d = abs(math.log2(m.tempo_bpm / ref.bpm))
        d = min(d, abs(d - 1) + 0.25)  # half/double tempo is a near miss
        parts["tempo"] = math.exp(-d / 0.1)
    ks = key_similarity(m.key, ref.key)
    if ks is not None:
        parts["key"] = ks
    common = [k for k in ref.band_energy_db if k in m.band_energy_db]
    if common:
        diff = sum(abs(m.band_energy_db[k] - ref.band_energy_db[k]) for k in common) / len(common)
        parts["balance"] = math.exp(-diff / 6.0)
    if m.spectral_centroid_hz and ref.centroid_hz:
        parts["brightness"] = math.exp(-abs(math.log2(m.spectral_centroid_hz / ref.centroid_hz)) / 0.5)
    if m.onset_density_per_s and ref.onset_density_per_s:
        parts["density"] = math.exp(-abs(math.log2(m.onset_density_per_s / ref.onset_density_per_s)))
    if not parts:
        return 0.0
    total = sum(WEIGHTS[k] for k in parts)
    return round(min(1.0, max(0.0, sum(WEIGHTS[k] * v for k, v in parts.items()) / total)), 4)
