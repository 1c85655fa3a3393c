"""Genre knowledge the planner uses: tempo ranges, meters, modes, caption tags,
and generation presets (seeds part VII, planner heuristics). Learned heuristics
from the catalog refine these later; this table is the starting point."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field


class GenrePreset(BaseModel):
    """How to generate a genre: model, steps, shift, CFG and the refine rung."""

    model_config = ConfigDict(allow_inf_nan=False)
    model: Annotated[str, Field(min_length=1, max_length=40)] = "turbo"
    steps: Annotated[int, Field(ge=1, le=1000)] = 8
    shift: Annotated[float, Field(gt=0, le=20)] = 3.0
    guidance: Annotated[float, Field(ge=0, le=30)] = 0.0
    refine_denoise: Annotated[float, Field(ge=0, le=1)] | None = None  # add a refine stage at this denoise


class GenreProfile(BaseModel):
    name: str
    aliases: list[str]  # lower-case words that name it, several languages
    bpm: tuple[int, int]
    timesignatures: list[str] = Field(default_factory=lambda: ["4/4"])
    minor_share: float = 0.5  # share of tracks in minor keys
    tags: list[str]  # caption tags
    instruments: list[str]
    default_track_s: float = 150.0
    preset: GenrePreset = Field(default_factory=GenrePreset)


GENRES: dict[str, GenreProfile] = {g.name: g for g in [
    GenreProfile(name="jazz", aliases=["jazz", "bebop", "swing", "bossa"], bpm=(90, 180),
                 timesignatures=["4/4", "4/4", "3/4"], minor_share=0.4,
                 tags=["jazz", "swing feel", "warm", "live room"],
                 instruments=["piano", "upright bass", "brushed drums", "saxophone"],
                 preset=GenrePreset(model="base", steps=50, shift=2.0, guidance=3.0)),
    GenreProfile(name="rock", aliases=["rock", "indie", "grunge", "punk"], bpm=(100, 160), minor_share=0.5,
                 tags=["rock", "driving", "energetic"], instruments=["electric guitar", "bass", "drums"]),
    GenreProfile(name="metal", aliases=["metal", "metalcore", "thrash"], bpm=(120, 200), minor_share=0.9,
                 tags=["metal", "heavy", "distorted guitars", "aggressive"],
                 instruments=["distorted guitar", "bass", "double kick drums"]),
    GenreProfile(name="electronic", aliases=["electronic", "edm", "house", "techno", "trance", "synthwave",
                                             "electro", "électronique", "elektronisch", "electrónica"],
                 bpm=(118, 132), minor_share=0.6, tags=["electronic", "four on the floor", "synths", "club"],
                 instruments=["synth bass", "drum machine", "synth pads", "arpeggiator"],
                 preset=GenrePreset(model="turbo", steps=8, shift=3.0, refine_denoise=0.4)),
    GenreProfile(name="hiphop", aliases=["hip hop", "hip-hop", "hiphop", "rap", "trap", "boom bap", "lofi", "lo-fi"],
                 bpm=(75, 98), minor_share=0.6, tags=["hip hop", "laid back", "boom bap drums"],
                 instruments=["drums", "sub bass", "dusty piano", "vinyl crackle"]),
    GenreProfile(name="ambient", aliases=["ambient", "drone", "new age", "meditation", "chill"], bpm=(60, 90),
                 minor_share=0.5, tags=["ambient", "atmospheric", "slow evolving", "ethereal"],
                 instruments=["synth pads", "strings", "soft piano"], default_track_s=180.0),
    GenreProfile(name="pop", aliases=["pop", "synthpop", "k-pop", "dance pop"], bpm=(96, 128), minor_share=0.3,
                 tags=["pop", "catchy", "bright", "polished"], instruments=["synths", "drums", "bass", "piano"],
                 preset=GenrePreset(model="sft", steps=50, shift=3.0, guidance=5.0)),
    GenreProfile(name="classical", aliases=["classical", "orchestral", "symphonic", "cinematic", "score",
                                            "clásica", "classique", "klassik"], bpm=(60, 120),
                 timesignatures=["4/4", "3/4"], minor_share=0.5,
                 tags=["orchestral", "cinematic", "strings", "dynamic"],
                 instruments=["strings", "brass", "woodwinds", "timpani"], default_track_s=180.0,
                 preset=GenrePreset(model="base", steps=50, shift=3.0, guidance=5.0)),
    GenreProfile(name="folk", aliases=["folk", "acoustic", "singer-songwriter", "country", "americana"],
                 bpm=(80, 120), timesignatures=["4/4", "3/4"], minor_share=0.3,
                 tags=["folk", "acoustic", "organic", "intimate"],
                 instruments=["acoustic guitar", "upright bass", "light percussion", "fiddle"]),
    GenreProfile(name="latin", aliases=["latin", "salsa", "reggaeton", "cumbia", "samba", "latino", "latina"],
                 bpm=(90, 110), minor_share=0.5, tags=["latin", "syncopated", "percussive", "warm"],
                 instruments=["congas", "piano montuno", "bass", "brass"]),
    GenreProfile(name="rnb", aliases=["r&b", "rnb", "soul", "neo soul", "funk", "motown"], bpm=(70, 110),
                 minor_share=0.5, tags=["r&b", "soulful", "smooth", "groovy"],
                 instruments=["electric piano", "bass", "drums", "guitar"]),
    GenreProfile(name="blues", aliases=["blues"], bpm=(70, 120), timesignatures=["4/4", "12/8"], minor_share=0.3,
                 tags=["blues", "gritty", "shuffle"], instruments=["electric guitar", "bass", "drums", "organ"]),
]}

DEFAULT_GENRE = "pop"


def find_genre(text: str) -> GenreProfile | None:
    """The genre whose alias appears earliest in ``text`` (lower-cased), or None."""
    lowered = f" {text.lower()} "
    best: tuple[int, GenreProfile] | None = None
    for g in GENRES.values():
        for alias in g.aliases:
            pos = lowered.find(alias)
            if pos >= 0 and (best is None or pos < best[0]):
                best = (pos, g)
    return best[1] if best else None


def genre(name: str | None) -> GenreProfile:
    """Profile by name or alias; the default genre when unknown or None."""
    if name:
        if name in GENRES:
            return GENRES[name]
        found = find_genre(name)
        if found:
            return found
    return GENRES[DEFAULT_GENRE]
