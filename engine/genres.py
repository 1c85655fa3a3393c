"""The one genre vocabulary: every package that names a genre reads this table.

Each genre has its names in the five brief languages (en, es, fr, de, pt), caption
hints (weaker words an engine may count in a caption, never read as a genre in a
brief), a tempo range, meters, typical instruments, caption tags, the sketch
engine's timbre key and a generation preset. The planner finds the genre of a brief
here (``find_genre``), the sketch engine picks its timbre from ``Genre.timbre`` (or,
for hand-written pipelines without a genre, from ``caption_genre``), and the catalog
tags captions with the same names (``genres_in``).

Matching folds accents and case ("Electrónica" = "electronica") and accepts German
compounds ("Technoalbum", "Jazz-Stücke"). A style may be named in other words
(``STYLE_ALIASES``: "Kinderlieder" are children's music), and a style is written in English
whatever order the brief used (``GENRE_QUALIFIERS``: "tango electrónico" is an electronic
tango; ``STYLE_QUALIFIERS``: the words that make a style before a genre, "deep house").
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from engine.style_names import GENRE_QUALIFIERS, STYLE_ALIASES


class GenrePreset(BaseModel):
    """How to generate a genre: model, steps, shift, CFG and the refine rung."""

    model_config = ConfigDict(allow_inf_nan=False)
    model: Annotated[str, Field(min_length=1, max_length=40)] = "turbo"
    steps: Annotated[int, Field(ge=1, le=1000)] = 8
    shift: Annotated[float, Field(gt=0, le=20)] = 3.0
    guidance: Annotated[float, Field(ge=0, le=30)] = 0.0
    refine_denoise: Annotated[float, Field(ge=0, le=1)] | None = None  # add a refine stage at this denoise


class Genre(BaseModel):
    """One genre: its names, tempo, instruments, caption tags and the sketch timbre that plays it."""

    name: str
    aliases: list[str]  # names of the genre in the five languages (folded: lower case, no accents)
    hints: list[str] = Field(default_factory=list)  # caption words that suggest it (engines only)
    bpm: tuple[int, int]
    timesignatures: list[str] = Field(default_factory=lambda: ["4/4"])
    minor_share: float = 0.5  # share of tracks in minor keys
    tags: list[str]  # caption tags; the first names the genre
    instruments: list[str]
    timbre: str  # key of the sketch engine's timbre profile (engine/sketch/timbre.py)
    # styles the caption keeps by name ("tango", "bossa nova"), with their own bpm range where the
    # genre's would be wrong for them; every style is also a name of the genre
    styles: dict[str, tuple[int, int] | None] = Field(default_factory=dict)
    default_track_s: float = 150.0
    preset: GenrePreset = Field(default_factory=GenrePreset)

    def model_post_init(self, _context: object) -> None:
        self.aliases = list(dict.fromkeys(self.aliases + list(self.styles)))

    def bpm_range(self, style: str | None = None) -> tuple[int, int]:
        """The bpm range of the genre, or of one of its styles when that has its own."""
        if not style:
            return self.bpm
        # "pop punk" plays at punk's tempo: a phrase's own style, else the style it ends with
        own = self.styles.get(style) or next((v for k, v in self.styles.items()
                                              if v and (style.endswith(f" {k}") or style.startswith(f"{k} "))), None)
        return own or self.bpm

    def tempo(self, word: str, style: str | None = None) -> tuple[int, int]:
        """The bpm band a tempo word means in this genre or style ('fast' = the top third of its range)."""
        lo, hi = self.bpm_range(style)
        span = hi - lo
        band = TEMPO_BANDS[word]
        return int(round(lo + band[0] * span)), int(round(lo + band[1] * span))


# Tempo words as fractions of a genre's range: "fast" punk is faster than "fast" ambient.
TEMPO_BANDS: dict[str, tuple[float, float]] = {
    "very slow": (0.0, 0.15), "slow": (0.0, 0.34), "mid-tempo": (0.34, 0.66),
    "fast": (0.66, 1.0), "very fast": (0.85, 1.0),
}

# Order matters for ties in caption_genre (earlier wins), as it did in the sketch engine.
GENRES: dict[str, Genre] = {g.name: g for g in [
    Genre(name="pop", aliases=["pop", "synthpop", "synth-pop", "k-pop", "dance pop", "dance-pop", "j-pop",
                               "pop latino", "power ballad", "schlager", "children's music", "kids music",
                               "kinderlieder", "musica infantil", "comptines"],
          hints=["catchy", "radio", "ballad", "balada", "ballade"], bpm=(96, 128), minor_share=0.3,
          tags=["pop", "catchy", "bright", "polished"], instruments=["synths", "drums", "bass", "piano"],
          styles={"synthpop": None, "k-pop": None, "dance pop": None, "schlager": (110, 140), "children's music": None,
                  "electropop": None, "city pop": (95, 125), "power ballad": (60, 90)},
          timbre="pop", preset=GenrePreset(model="sft", steps=50, shift=3.0, guidance=5.0)),
    Genre(name="rock", aliases=["rock", "rockig", "rockige", "rockigen", "indie", "grunge", "punk", "rock and roll", "rock'n'roll", "rock n roll", "rock 'n' roll", "rocknroll", "garage rock",
                                "hard rock", "alternative rock", "post-rock", "shoegaze", "rocanrol"],
          hints=["garage", "alternative", "blues rock"], bpm=(100, 160), minor_share=0.5,
          tags=["rock", "driving", "energetic"], instruments=["electric guitar", "bass", "drums"], styles={"punk": (140, 190), "grunge": None, "indie": None, "shoegaze": None, "post-rock": None, "hard rock": None,
                  "garage rock": None, "pop rock": (110, 140), "rock and roll": None},
          timbre="rock"),
    Genre(name="metal", aliases=["metal", "metalcore", "thrash", "heavy metal", "death metal", "black metal",
                                 "doom metal", "djent"],
          hints=["doom", "shred"], bpm=(120, 200), minor_share=0.9,
          tags=["metal", "heavy", "distorted guitars", "aggressive"],
          instruments=["distorted guitar", "bass", "double kick drums"], styles={"thrash": (160, 220), "doom metal": (60, 100), "doom": (60, 100), "death metal": None, "black metal": None,
                  "metalcore": None, "djent": None},
          timbre="metal"),
    Genre(name="jazz", aliases=["jazz", "bebop", "swing", "bossa", "big band", "smooth jazz", "jazzy", "jazzig", "dixieland"],
          hints=["cocktail", "trio"], bpm=(90, 180), timesignatures=["4/4", "4/4", "3/4"], minor_share=0.4,
          tags=["jazz", "swing feel", "warm", "live room"],
          instruments=["piano", "upright bass", "brushed drums", "saxophone"], styles={"bebop": (170, 280), "swing": (120, 200), "big band": None, "smooth jazz": (80, 110), "foxtrot": (110, 125), "slow foxtrot": (110, 125), "quickstep": (190, 210),
                  "jive": (150, 180), "ragtime": (90, 140), "samba jazz": (100, 160)},
          timbre="jazz",
          preset=GenrePreset(model="base", steps=50, shift=2.0, guidance=3.0)),
    Genre(name="electronic", aliases=["electronic", "edm", "house", "techno", "trance", "synthwave", "electro",
                                      "dubstep", "drum and bass", "drum & bass", "drum'n'bass", "dnb", "chiptune", "8-bit",
                                      "electronica", "electronique", "elektronisch", "elektronische", "elektro", "elektronik",
                                      "electronico", "eletronica", "eletronico", "musica electronica"],
          hints=["club", "dance", "rave", "disco"], bpm=(118, 132), minor_share=0.6,
          tags=["electronic", "four on the floor", "synths", "club"],
          instruments=["synth bass", "drum machine", "synth pads", "arpeggiator"], styles={"house": (118, 128), "techno": (125, 140), "trance": (130, 140), "synthwave": (80, 118), "trip hop": (70, 100),
                  "dubstep": (138, 142), "drum and bass": (165, 178), "dnb": (165, 178), "chiptune": (120, 160),
                  "disco": (110, 128), "nu disco": (110, 125),
                  "french house": (118, 128), "uk garage": (128, 138), "industrial": (100, 150),
                  "kuduro": (130, 145), "gqom": (120, 128), "hardstyle": (145, 160),
                  "gabber": (160, 200), "psytrance": (138, 148), "breakbeat": (125, 140), "big beat": (120, 140),
                  "jungle": (160, 175), "eurodance": (130, 145)},
          timbre="electronic",
          preset=GenrePreset(model="turbo", steps=8, shift=3.0, refine_denoise=0.4)),
    Genre(name="hiphop", aliases=["hip hop", "hip-hop", "hiphop", "rap", "trap", "boom bap", "drill", "rapero",
                                  "rappeur"],
          bpm=(75, 98), minor_share=0.6, tags=["hip hop", "laid back", "boom bap drums"],
          instruments=["drums", "sub bass", "dusty piano", "sampled loops"], styles={"trap": (130, 160), "boom bap": (84, 96), "drill": (138, 146), "baile funk": (125, 150), "german rap": None,
                  "grime": (138, 142), "phonk": (120, 160)},
          timbre="hiphop"),
    Genre(name="lofi", aliases=["lofi", "lo-fi", "lo fi", "chillhop", "chill hop", "lofi hip hop", "lo-fi hip hop",
                                "lo fi hip hop", "lofi hip-hop", "lo-fi hip-hop"],
          hints=["study", "chill beats"], bpm=(70, 90), minor_share=0.5,
          tags=["lo-fi hip hop", "dusty", "mellow", "vinyl crackle"],  # the name ACE-Step captions use
          instruments=["dusty drums", "electric piano", "soft bass", "vinyl crackle"], timbre="lofi"),
    Genre(name="ambient", aliases=["ambient", "drone", "new age", "meditation", "ambiente", "ambiental", "ambientais",
                                   "ambientales", "meditacion",
                                   "meditacao", "chillout", "chill out", "chill-out", "downtempo"],
          hints=["ethereal", "atmospheric", "soundscape"], bpm=(60, 90), minor_share=0.5,
          tags=["ambient", "atmospheric", "slow evolving", "ethereal"],
          instruments=["synth pads", "strings", "soft piano"], timbre="ambient", default_track_s=180.0,
          styles={"drone": None, "new age": None, "chillout": (80, 110), "downtempo": (80, 110), "dark ambient": None}),
    Genre(name="classical", aliases=["classical", "orchestral", "symphonic", "cinematic", "film score", "baroque",
                                     "clasica", "clasico", "orquestal", "sinfonica", "classique", "orchestrale",
                                     "symphonique", "klassik", "klassisch", "klassische", "orchestermusik", "orchester",
                                     "classica", "classico", "orquestral", "sinfonico", "sonata", "sonate", "concerto",
                                     "konzert", "symphony", "symphonie", "sinfonie", "sinfonia"],
          hints=["orchestra", "chamber", "score", "film"], bpm=(60, 120), timesignatures=["4/4", "3/4"],
          minor_share=0.5, tags=["orchestral", "cinematic", "strings", "dynamic"],
          instruments=["strings", "brass", "woodwinds", "timpani"], timbre="classical", default_track_s=180.0,
          styles={"baroque": None, "film score": None, "hymn": (60, 100), "waltz": (84, 180), "viennese waltz": (165, 185),
                  "march": (100, 130), "brass band": (100, 140), "carol": (60, 120)},
          preset=GenrePreset(model="base", steps=50, shift=3.0, guidance=5.0)),
    Genre(name="folk", aliases=["folk", "singer-songwriter", "country", "americana", "bluegrass", "volksmusik", "volksmusig", "volkslied", "volkslieder", "volksliedern",
                                "volkstumlich", "volkstumliche", "volkstumlichen", "folklorique", "folklorico",
                                "folklorica", "folclorico", "folclorica", "folclore", "folklore", "folclor", "musica tradicional", "musique traditionnelle",
                                "traditional music", "traditionelle musik", "musica popular portuguesa", "chanson francaise", "cantautor", "mpb", "fado", "sertanejo", "trad",
                                "bourree", "morna"],
          hints=["acoustic", "acustico", "acustica", "acoustique", "akustik", "akustisch", "campfire"], bpm=(80, 120), timesignatures=["4/4", "3/4"], minor_share=0.3,
          tags=["folk", "acoustic", "organic", "intimate"],
          instruments=["acoustic guitar", "upright bass", "light percussion", "fiddle"], styles={"country": (80, 130), "americana": None, "bluegrass": (110, 160), "fado": (60, 100), "fado corrido": (100, 140), "sertanejo": None, "mpb": None, "modao": (60, 100), "arrocha": None, "sea shanty": (90, 130), "galician folk": (90, 130), "breton folk": (100, 140),
                  "celtic": None, "andean": None, "musette": (100, 180), "chanson francaise": (70, 130), "polka": (100, 140),
                  "zydeco": (100, 140), "cajun": (100, 140), "chacarera": (100, 150), "zamba": (60, 90), "singer-songwriter": None, "yodel": (90, 130), "landler": (90, 140),
                  # Auvergne's and Berry's dance, Cape Verde's slow song
                  "bourree": (100, 140), "morna": (60, 90)},
          timbre="folk"),
    Genre(name="latin", aliases=["latin", "salsa", "reggaeton", "cumbia", "samba", "latino", "latina", "latine",
                                 "bossa nova", "tango", "flamenco", "bachata", "merengue", "mambo", "forro",
                                 "pagode", "bolero", "boleros", "axe", "kizomba", "zouk", "cueca", "chamame", "milonga",
                                 "biguine", "marrabenta"],
          bpm=(90, 110), minor_share=0.5, tags=["latin", "syncopated", "percussive", "warm"],
          instruments=["congas", "piano montuno", "bass", "brass"], styles={"salsa": (160, 220), "reggaeton": (88, 100), "cumbia": (85, 115), "cueca": (100, 140), "chamame": (90, 130), "samba": None, "bossa nova": (60, 140),
                  "tango": (100, 130), "flamenco": None, "bachata": (120, 140), "merengue": (120, 160), "bolero": (60, 90),
                  "son cubano": (80, 120), "pagode": (90, 110), "zouk": (80, 100), "kizomba": (80, 100),
                  "forro": (100, 140), "axe": (110, 140), "vallenato": (90, 125), "xote": (80, 100),
                  "baiao": (90, 120), "xaxado": (100, 130), "cha-cha-cha": (110, 130), "rumba": (90, 130),
                  "ranchera": (80, 180), "choro": (70, 130), "marchinha": (110, 140),
                  "flamenco solea": (60, 100), "flamenco buleria": (100, 140), "flamenco alegrias": (100, 140),
                  "flamenco seguiriya": (50, 90), "sevillanas": (150, 190), "capoeira": (60, 120),
                  "dembow": (110, 130), "corrido": (80, 140), "norteno": (90, 140),
                  "frevo": (140, 170), "maracatu": (80, 110), "piseiro": (140, 160), "huayno": (100, 140),
                  "soca": (150, 165), "semba": (100, 120), "banda sinaloense": (90, 150), "pasodoble": (100, 130), "son jarocho": (110, 180), "tarraxinha": (70, 90), "candombe": (90, 130), "maxixe": (90, 130),
                  # the tango's quick sister in 2/4, the Antilles' dance before zouk, Mozambique's dance music
                  "milonga": (100, 130), "biguine": (100, 140), "marrabenta": (110, 135)},
          timbre="latin"),
    Genre(name="rnb", aliases=["r&b", "rnb", "r'n'b", "soul", "neo soul", "neo-soul", "funk", "motown", "gospel"],
          bpm=(70, 110), minor_share=0.5, tags=["r&b", "soulful", "smooth", "groovy"],
          instruments=["electric piano", "bass", "drums", "guitar"], styles={"soul": None, "neo soul": None, "funk": (95, 125), "motown": (100, 130), "gospel": None,
                  "afrobeat": (100, 125), "afrobeats": (95, 115), "amapiano": (108, 116), "highlife": (110, 130), "coupe-decale": (115, 132)},
          timbre="soul"),
    Genre(name="reggae", aliases=["reggae", "raggae", "reggea"], bpm=(60, 95), minor_share=0.4,
          tags=["reggae", "offbeat skank", "one drop", "laid back"], instruments=["bass", "drums", "organ", "guitar"],
          styles={"dub": (60, 90), "ska": (140, 200), "dancehall": (90, 105), "rocksteady": (70, 100), "one drop": (60, 90),
                  "steppers": (65, 90)},
          timbre="soul"),  # the sketch engine plays it with the soul band; ACE-Step gets the reggae caption
    Genre(name="blues", aliases=["blues", "delta blues", "chicago blues", "boogie", "boogie woogie"], hints=["shuffle"], bpm=(70, 120),
          timesignatures=["4/4", "12/8"], minor_share=0.3, tags=["blues", "gritty", "shuffle"],
          instruments=["electric guitar", "bass", "drums", "organ"], timbre="blues",
          styles={"boogie": (110, 140), "boogie woogie": (110, 150)}),
]}

DEFAULT_GENRE = "pop"
# German compounds and hyphenated forms: "Technoalbum", "Jazz-Stücke", "Rockmusik".
_COMPOUND = r"(?:[-\s]?(?:album|alben|musik|stuck|stucke|lied|lieder|song|songs|platte|set|titel|nummer|intro|outro))?"

for _alias, _style in STYLE_ALIASES.items():  # every name of a style is a name of its genre
    _g = next(g for g in GENRES.values() if _style in g.styles)
    _g.aliases = list(dict.fromkeys(_g.aliases + [_alias]))


# styles that are a form any genre can take: after a genre's name they leave the genre as it is
FORM_WORDS = frozenset(w for form in ("hymn", "waltz", "march") for w in [form] + [a for a, st in STYLE_ALIASES.items() if st == form])
WALTZ_WORDS = frozenset(w for w in FORM_WORDS if STYLE_ALIASES.get(w, w) == "waltz")  # a waltz is in 3/4
# "march" as the month, not the music
MONTH_MARCH = re.compile(r"(?:in|of|since|until|till|by|from|next|last|this|early|late|mid|through|before|after|during|on)"
                         r"[\s-]+march(?![\w])|march\s+\d|\d(?:st|nd|rd|th)?\s+(?:of\s+)?march")


def is_the_month(folded: str, start: int, end: int) -> bool:
    """``folded[start:end]`` is "march" said of the month ("in March", "March 3", "the 3rd of March")."""
    return folded[start:end] == "march" and bool(MONTH_MARCH.search(folded[max(0, start - 16):end + 6]))


# a genre's name whose plural names people, not music: "so folks can eat", "the punks up front", "goths"
PEOPLE_PLURALS = ("folk", "punk", "goth")


# compounds whose last word happens to name a genre: "front-of-house", "in-house", "out-of-house"
IN_COMPOUND = re.compile(r"(?<![\w-])(?:[a-z]+-)?(?:of|in|out|cross)-$")  # "cross-country" skiing


def fold(text: str) -> str:
    """Lower case without accents (é -> e, ü -> u, ß -> ss): what every alias is matched against."""
    text = unicodedata.normalize("NFKD", text.lower().replace("ß", "ss"))
    return "".join(c for c in text if not unicodedata.combining(c))


# English words that end in a genre's name and name no music: "the boathouse", "townsfolk", "bedrock", "festivals"
NOT_COMPOUNDS = (r"(?:(?:boat|ware|green|light|farm|club|court|tree|power|guest|pent|town|road|play|work|store|bath|school|"
                 r"fire|doll|glass|coffee|steak|bunk|mad|hen|out)house|(?:towns|kins|country|gentle|heathen|fisher)folk|"
                 r"(?:bed|sham)rock|(?:gun|sheet|scrap)metal|lollipop|"
                 # English words ending in the Spanish waltz, "vals": "intervals", "festivals", "arrivals", "rivals"
                 r"[a-z]+vals?)s?(?![\w])")


GLUED_HEAD = re.compile(r"(?:[^aiou]|techno|disco|electro)$")  # a genre name a compound can end in (_pattern)


@lru_cache(maxsize=64)
def _pattern(words: tuple[str, ...]) -> re.Pattern[str]:
    alts = "|".join(re.escape(w).replace(r"\ ", r"[\s-]") for w in sorted(words, key=len, reverse=True))
    # the names German and English glue to a word before them end in a consonant or an "e" ("rock", "house"); a
    # Romance style ending in another vowel is a word's own ending: "khanimambo" (Ronga: thank you) is no mambo
    heads = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True) if " " not in w and GLUED_HEAD.search(w))
    # "reggaetones"; "metales" is brass; a one-word compound ending in a name is that genre: "Krautrock",
    # "Deutschrap", "Britpop" (at least four letters before it: "scrap" is no rap)
    glued = rf"(?:[a-z]{{4,}}(?=(?:{heads})(?:(?<=n)es|s)?(?![\w&])))?" if heads else ""
    return re.compile(rf"(?<![\w&])(?!{NOT_COMPOUNDS}){glued}(?:{alts})"
                      rf"(?=(?:(?<=n)es|s)?{_COMPOUND}(?![\w&]))")


def genre_mentions(text: str, *, hints: bool = False) -> list[tuple[int, int, Genre]]:
    """(start, end, genre) of every genre named in ``text`` (folded positions equal original ones
    for Latin text), longest names first where they overlap, in text order."""
    folded = fold(text)
    found: list[tuple[int, int, Genre]] = []
    for g in GENRES.values():
        words = tuple(g.aliases + (g.hints if hints else []))
        for m in _pattern(words).finditer(folded):
            found.append((m.start(), m.end(), g))
    found.sort(key=lambda f: (f[0], -(f[1] - f[0])))
    out: list[tuple[int, int, Genre]] = []
    for f in found:
        if out and f[0] < out[-1][1]:
            continue  # inside a longer, earlier name ("lo-fi hip hop" is lo-fi, "blues rock" stays rock)
        if IN_COMPOUND.search(folded, 0, f[0]):
            continue  # a word of an English compound: "front-of-house", "in-house"
        if folded[f[0]:f[1]] in PEOPLE_PLURALS and re.match(r"s(?![\w])", folded[f[1]:]):
            continue  # "folks", "punks": people
        if is_the_month(folded, f[0], f[1]):
            continue  # the month: "the release in March", "by March 3"
        if out and out[-1][2] is not f[2] and not folded[out[-1][1]:f[0]].strip(" -"):
            if folded[f[0]:f[1]] in GENRE_QUALIFIERS or folded[f[0]:f[1]] in FORM_WORDS:
                continue  # an adjective after a genre qualifies it: "tango electrónico" is a tango; and a
                # genre before a form it would otherwise default to keeps it: a "gospel hymn" is gospel
            out.pop()  # a genre's name before another's qualifies it: "dub techno" is techno, "pop punk" punk
        out.append(f)
    return out


def style_of(name: str | None) -> str | None:
    """The style ``name`` names ("Tangos" -> "tango"), or None when it names a genre or nothing."""
    if not name:
        return None
    found = genre_mentions(name)
    if not found:
        return None
    s, e, g = found[0]
    folded = fold(name)
    if folded.strip() in STYLE_ALIASES:
        return STYLE_ALIASES[folded.strip()]
    head, _, last = folded.strip().rpartition(" ")
    if head and last in GENRE_QUALIFIERS and find_genre(head) is not None:  # "house latino" is latin house
        # the genre's own name in another language takes its English name: "música tradicional portuguesa" is
        # portuguese folk
        base = style_of(head) or (g.name if re.match(r"(?:musica|musique|musik|music|traditional|traditionelle) ", head)
                                  else head.replace("-", " "))
        return f"{GENRE_QUALIFIERS[last]} {base}"
    if len(found) > 1 and all(x[2] is g for x in found) and not re.sub(r"[\s-]", "", folded[:s] + folded[found[-1][1]:]):
        return folded.strip().replace("-", " ")  # names of one genre side by side: "indie rock", "thrash metal"
    if folded[:s].strip(" -") and not folded[e:].strip():
        return folded.strip(" -").replace("-", " ")  # a qualified genre as the brief wrote it: "indie folk"
    word = folded[s:e].replace("-", " ")
    if word in STYLE_ALIASES or word.removesuffix("s") in STYLE_ALIASES:
        return STYLE_ALIASES.get(word) or STYLE_ALIASES[word.removesuffix("s")]
    style = next((st for st in g.styles if st.replace("-", " ") == word), None)
    if style:
        return style
    if re.sub(r"[^a-z]", "", word) == re.sub(r"[^a-z]", "", g.name):
        return None  # the genre's own name however spelt ("hip-hop", "lo-fi")
    form = next((w for w in FORM_WORDS if word.endswith(w) and len(word) - len(w) >= 4 and " " not in w), None)
    if form and " " not in word:
        return STYLE_ALIASES.get(form, form)  # a German compound on a form is that form: "Rebenwalzer", "Königsmarsch"
    alias = next((a for a in g.aliases if a.replace("-", " ") == word.removesuffix("s")
                  or a.replace("-", " ") == word), None)
    if alias is None or (g.name in word.split() and word != g.name) or \
            (" " in word and not re.match(r"(?:musica|musique|musik|music) ", word)):
        # a name of the genre the brief chose: a compound ("krautrock"), a name of the genre with a
        # word of its own ("delta blues"), a many-word name ("lo-fi hip hop", "chanson francaise")
        return folded[s:e]
    return None  # the genre's name in another language or spelling ("electronique", "hip-hop", "klassik")


def find_genre(text: str) -> Genre | None:
    """The genre named first in ``text``, or None."""
    found = genre_mentions(text)
    return found[0][2] if found else None


def genre(name: str | None) -> Genre:
    """Profile by name or alias; the default genre when unknown or None."""
    if name:
        if name in GENRES:
            return GENRES[name]
        key = fold(name).strip()
        found = find_genre(name) or next((g for g in GENRES.values() for st in g.styles
                                          if st == key or st.startswith(f"{key} ")), None)
        if found:  # a style's name, or its first word, finds its genre too ("chanson" is chanson française)
            return found
    return GENRES[DEFAULT_GENRE]


def caption_genre(caption: str) -> Genre:
    """The genre a caption describes when no genre was given: the one with most names and hints
    in it (ties: the one named first, as the planner reads it); the default genre when none is named."""
    folded = f" {re.sub(r'[^a-z0-9&+# -]', ' ', fold(caption))} "
    first = {g.name: i for i, (_, _, g) in reversed(list(enumerate(genre_mentions(caption, hints=True))))}
    best, best_key = GENRES[DEFAULT_GENRE], (0, 0)
    for g in GENRES.values():
        n = sum(1 for w in g.aliases + g.hints if f" {w} " in folded or (len(w) > 4 and w in folded))
        key = (n, -first.get(g.name, len(first)))
        if n and key > best_key:
            best, best_key = g, key
    return best


def genres_in(text: str) -> list[str]:
    """Names of every genre the text names (sorted, no duplicates)."""
    return sorted({g.name for _, _, g in genre_mentions(text)})
