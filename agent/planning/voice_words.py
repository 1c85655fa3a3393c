"""The words for a singing voice in the five brief languages, folded, mapped to the voice the plan asks for ("female",
"male", "choir", "duet", "vocoder"): plain words ("Sängerin", "voz masculina"), a singer's noun of either gender by its
article ("una fadista"), two singers at once ("him and her", "sing it together"), a class or the children singing (a
choir), and German compounds that end in a voice ("Winzerchor"). ``Words`` is the dict that reads those compounds.
planning/lexicon.py re-exports both."""

from __future__ import annotations


class Words(dict):
    """Folded words -> value, with the compounds a word ends (German writes "Winzerchor", "Kinderchor"):
    ``suffixes`` maps an ending to its value for any word of at least three more letters."""

    def __init__(self, words: dict[str, str], suffixes: dict[str, str]) -> None:
        super().__init__(words)
        self.suffixes = suffixes

    def __missing__(self, key: str) -> str:
        for end, value in self.suffixes.items():
            if key.endswith(end) and len(key) >= len(end) + 3 and key[:-len(end)].isalpha():
                return value
        raise KeyError(key)

    def __contains__(self, key: object) -> bool:
        try:
            return isinstance(key, str) and self[key] is not None
        except KeyError:
            return False

    def get(self, key: str, default: str | None = None) -> str | None:
        return self[key] if key in self else default


VOICE_WORDS: dict[str, str] = {
    "female": "female", "woman": "female", "women": "female", "girl": "female", "feminine": "female",
    "soprano": "female", "sopran": "female", "sopranistin": "female", "diva": "female", "femenina": "female", "femeninas": "female", "femenino": "female",
    "mujer": "female", "cantante femenina": "female", "feminin": "female", "feminine voix": "female",
    "femme": "female", "chanteuse": "female", "weiblich": "female", "weibliche": "female", "weiblichem": "female",
    "weiblicher": "female", "weiblichen": "female", "frauenstimme": "female", "sangerin": "female",
    "feminina": "female", "femininas": "female", "feminino": "female", "femininos": "female",
    "mulher": "female", "cantora": "female", "frau": "female", "frauengesang": "female",
    "cantaora": "female", "cantaor": "male",  # flamenco's singers
    "masc": "male", "fem": "female",  # "voz masc", "voix fém."
    "male": "male", "man": "male", "men": "male", "boy": "male", "masculine": "male", "baritone": "male", "bariton": "male", "baritono": "male",
    "crooner": "male", "tenor": "male", "masculina": "male", "masculinas": "male", "masculino": "male",
    "hombre": "male", "varon": "male", "frauestimm": "female", "mannsbuid": "male", "mannl": "male", "weibl": "female", "vato": "male", "mina": "female", "mannsbild": "male", "cantante masculino": "male", "masculin": "male", "homme": "male", "chanteur": "male",
    "mannlich": "male", "mannliche": "male", "mannlichem": "male", "mannlicher": "male", "mannlichen": "male",
    "mannerstimme": "male", "mannergesang": "male", "sanger": "male", "masculinos": "male", "homem": "male", "um cabra": "male", "cantor": "male", "mann": "male", "mannsbud": "male",
    "choir": "choir", "coro": "choir", "choeur": "choir", "chœur": "choir", "chor": "choir", "chorale": "choir",
    "kids choir": "choir", "children's choir": "choir", "coro infantil": "choir",
    "coro juvenil": "choir",
    "coral": "choir", "pelo coral": "choir", "chorus": "choir",
    "feminins": "female", "feminines": "female", "femeninos": "female", "masculins": "male", "masculines": "male",
    # everyday words for who sings: "a dude rapping", "voz de chica", "une voix de mec"
    "hombres": "male", "hommes": "male", "homens": "male", "manner": "male", "mujeres": "female", "femmes": "female",
    "mulheres": "female", "frauen": "female", "chorlied": "choir", "chorlieder": "choir",
    "dude": "male", "fella": "male", "feller": "male", "guy": "male", "chico": "male", "mec": "male", "gars": "male", "kerl": "male",
    "rapaz": "male", "lady": "female", "gal": "female", "chica": "female", "fille": "female",
    "meuf": "female", "madchen": "female", "moca": "female", "menina": "female",
    "morra": "female", "chava": "female", "piba": "female", "chavala": "female", "muchacha": "female",  # Latin American
    "chavo": "male", "pibe": "male", "chaval": "male", "muchacho": "male",  # and Spanish slang for a girl or a boy
    # a man named with his article (alone, "señor" opens a letter), and a low voice
    "un senor": "male", "un monsieur": "male", "um senhor": "male", "ein herr": "male",
    "voz grave": "male", "voix grave": "male", "deep voice": "male", "tiefe stimme": "male", "tiefer stimme": "male",
    "chicas": "female", "meninas": "female", "muchachas": "female",  # not "chicos", "Jungs": said to greet a group
    # two voices: "duets (him + her)", "un dueto", "ein Duett"
    "duet": "duet", "duets": "duet", "dueto": "duet",
    # a track sung as a duo ("la 2 qui est un duo", "en duo"); "an acoustic folk duo" is a band
    "em duo": "duet", "un duo": "duet", "um duo": "duet", "im duo": "duet", "in duo": "duet", "duetos": "duet", "duett": "duet", "duette": "duet",
    "vocoder": "vocoder", "vocoders": "vocoder",  # a voice through a vocoder is still a voice
    # a singer's noun of either gender takes its article's: "uma fadista", "una vocalista", "el cantante"
    **{f"{a} {n}": "female" for a in ("una", "uma", "la", "a") for n in ("fadista", "vocalista", "cantante", "solista")},
    **{f"{a} {n}": "male" for a in ("un", "um", "el", "o") for n in ("fadista", "vocalista", "cantante", "solista")},
    "a duo": "duet", "duo de voz": "duet", "duo de voces": "duet", "duo vocal": "duet", "en duo": "duet", "dupla": "duet", "duplas": "duet", "dupla masculina": "duet",
    "dupla feminina": "duet", "im duett": "duet", "voz duo": "duet", "voix duo": "duet", "vocal duo": "duet",
    "duetto": "duet", "him and her": "duet", "him + her": "duet", "her and him": "duet", **{w: "duet" for w in (  # two at once
        "sing it together", "sing together", "sung together", "cantan juntos", "chantent ensemble", "singen zusammen", "cantam juntos")},
    **{f"{sung} {by} {who}": "choir" for sung, by, whos in (  # a class or the children singing are a choir
        ("sung", "by", ("the kids", "the children", "the class", "the whole class", "the pupils")),
        ("cantada", "por", ("los ninos", "las ninas", "los alumnos", "la clase")), ("cantadas", "por", ("los ninos", "los alumnos")),
        ("cantada", "pelas", ("criancas",)), ("cantada", "pelos", ("alunos", "meninos")), ("cantadas", "pelas", ("criancas",)),
        ("chantee", "par", ("les enfants", "la classe", "les eleves")), ("chantees", "par", ("les enfants", "les eleves")),
        ("gesungen", "von", ("den kindern", "der klasse", "den schulern"))) for who in whos},
    # one of the two alone: "every track apart from #2, which is just her"
    **{f"{only} {who}": v for only in ("just", "only") for who, v in (("her", "female"), ("him", "male"))},
    "solo ella": "female", "seulement elle": "female", "juste elle": "female", "so ela": "female", "nur er": "male",
    "seulement lui": "male", "juste lui": "male", "so ele": "male",
    # two singers who answer each other: "deux chanteurs qui se répondent", "two singers trading lines"
    **{f"{two} {n}": "duet" for two in ("two", "2", "deux", "zwei", "dos", "dois", "duas") for n in (
        "singers", "vocalists", "voices", "chanteurs", "chanteuses", "voix", "sanger", "sangerinnen", "stimmen",
        "cantantes", "voces", "cantores", "cantoras", "vozes")},
}
VOICE_WORDS = Words(VOICE_WORDS, {"chor": "choir", "chore": "choir", "chorli": "choir"})  # "der ganze Winzerchor singt mit"
