"""The words the brief reader knows, in English, Spanish, French, German and Portuguese.

Every entry is folded (lower case, no accents: see ``engine.genres.fold``) so one
spelling covers "Stücke"/"stucke" and "canción"/"cancion". Numbers are a small
grammar rather than a list: units, tens and their compounds in each language
("twenty-five", "veinticinco", "vingt-cinq", "fünfundzwanzig", "vinte e cinco"),
halves ("two and a half", "dos y medio", "zweieinhalb") and collective nouns
("a dozen", "a pair", "a trio").
"""

from __future__ import annotations

import re

import engine.instruments as _instruments
from agent.planning.tempo_words import TEMPO_WORDS  # noqa: F401  (read as lx.TEMPO_WORDS by every pass)
from agent.planning.voice_words import VOICE_WORDS, Words  # noqa: F401  (the voices, in their own module)
from engine.genres import GENRES

UNITS: dict[str, int] = {}
for _lang_words in (
    # en
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
    "seventeen eighteen nineteen",
    # es
    "cero uno dos tres cuatro cinco seis siete ocho nueve diez once doce trece catorce quince dieciseis "
    "diecisiete dieciocho diecinueve",
    # fr (6 and 1 are shared with other languages below)
    "zero un deux trois quatre cinq six sept huit neuf dix onze douze treize quatorze quinze seize dix-sept "
    "dix-huit dix-neuf",
    # de
    "null eins zwei drei vier funf sechs sieben acht neun zehn elf zwolf dreizehn vierzehn funfzehn sechzehn "
    "siebzehn achtzehn neunzehn",
    # pt
    "zero um dois tres quatro cinco seis sete oito nove dez onze doze treze catorze quinze dezesseis dezessete "
    "dezoito dezenove",
):
    for _value, _word in enumerate(_lang_words.split()):
        UNITS.setdefault(_word, _value)
UNITS |= {"una": 1, "une": 1, "ein": 1, "eine": 1, "einen": 1, "einem": 1, "einer": 1, "uma": 1, "duas": 2,
          "catorce": 14, "quatorze": 14, "dezasseis": 16, "dezassete": 17, "dezanove": 19, "sechs": 6,
          "single": 1, "zwee": 2, "zwoa": 2, "dree": 3}  # Berlin and Bavarian: "zwee Minuten", "zwoa Stückl"
TENS: dict[str, int] = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "veinte": 20, "treinta": 30, "cuarenta": 40, "cincuenta": 50, "sesenta": 60,
    "vingt": 20, "trente": 30, "quarante": 40, "cinquante": 50, "soixante": 60,
    "zwanzig": 20, "dreissig": 30, "dreisig": 30, "vierzig": 40, "funfzig": 50, "sechzig": 60,
    "vinte": 20, "trinta": 30, "quarenta": 40, "cinquenta": 50, "sessenta": 60,
    "seventy": 70, "eighty": 80, "ninety": 90, "setenta": 70, "ochenta": 80, "noventa": 90, "oitenta": 80,
    "soixante-dix": 70, "quatre-vingt": 80, "quatre-vingts": 80, "quatre-vingt-dix": 90, "septante": 70,
    "huitante": 80, "nonante": 90, "siebzig": 70, "achtzig": 80, "neunzig": 90,
}
# Spanish 21-29 are one word: veintiuno ... veintinueve.
SPANISH_TWENTIES = {f"veinti{w}": 20 + v for w, v in (("uno", 1), ("un", 1), ("dos", 2), ("tres", 3),
                                                      ("cuatro", 4), ("cinco", 5), ("seis", 6), ("siete", 7),
                                                      ("ocho", 8), ("nueve", 9))}
COLLECTIVE: dict[str, int] = {"baker's dozen": 13, "bakers dozen": 13, "dozen": 12, "pair": 2, "couple": 2, "trio": 3, "duo": 2, "half-dozen": 6,
                              "docena": 12, "par": 2, "douzaine": 12, "paire": 2, "dutzend": 12, "paar": 2,
                              "duzia": 12, "dupla": 2, "quartet": 4, "quinteto": 5, "handful": 3,
                              "half a dozen": 6, "media docena": 6, "demi-douzaine": 6, "meia duzia": 6,
                              "halbes dutzend": 6,
                              # about ten, fifteen, twenty: "une vingtaine de titres", "una decena de temas"
                              "dizaine": 10, "quinzaine": 15, "vingtaine": 20, "trentaine": 30, "decena": 10,
                              "veintena": 20, "dezena": 10, "vintena": 20}
# the collectives that are a guess: an exact count said elsewhere wins ("a handful of songs ... 5 songs")
APPROXIMATE_COLLECTIVES = ("handful", "dizaine", "quinzaine", "vingtaine", "trentaine", "decena", "veintena", "dezena", "vintena")
# a number of dozens: "two dozen tracks", "dos docenas de temas", "zwei Dutzend Stücke"
DOZENS = {w: 12 for w in ("dozen", "dozens", "docena", "docenas", "douzaine", "douzaines", "dutzend", "duzia", "duzias")}
ARTICLE = r"(?:an?|one|un|una|une|ein|eine|um|uma)"  # "a"/"one" in the five languages
RELATIVE = r"(?:que|qui|qu'|qu(?=\s)|which|that|who|die|der|das|q|welche[rs]?)"  # opens a clause about what it follows ("qu on")
# a word of music in any of the five languages (a brief without one that asks a question asks for something else)
MUSIC_WORD = re.compile(r"(?<![\w])(?:music\w*|musique\w*|musik\w*|song\w*|sound\w*|soundtrack|tune\w*|melod\w*|beats?|playlist|"
                        r"mix\w*|jingle\w*|instrumental\w*|sing\w*|sung|vocal\w*|voices?|voz|voces|voix|stimme\w*|band|dj|"
                        r"groove\w*|rhythm\w*|ritmo|rythme|tempo|bpm|cancion\w*|canci|chanson\w*|chant\w*|cant\w*|lied\w*|"
                        r"son|sons|sonido|som|klang|trilha|bso|banda sonora|disco|disque|album|ep|lp|record|tracks?|"
                        r"pistes?|pistas?|faixas?|titres?|morceaux?|temas?|stuck\w*|score|orchestr\w*|choir|chor\w*|coro|"
                        r"choeur|chorale|producer|produc\w*)(?![\w])")
ARTICLE_WORDS = {"a", "an", "un", "una", "uno", "une", "ein", "eine", "einen", "einem", "einer", "um", "uma", "single"}
COLLECTIVE_ALT = "|".join(sorted(COLLECTIVE, key=len, reverse=True))  # "half a dozen" before "dozen"
HALF = r"(?:and\s+a\s+half|y\s+medi[oa]|et\s+demie?|e\s+mei[oa]|einhalb|und\s+einhalb|½)"

_unit_alt = "|".join(sorted(UNITS, key=len, reverse=True))
_tens_alt = "|".join(sorted(TENS, key=len, reverse=True))
# one number word under 100: compounds first (twenty-five, vingt-cinq, vinte e cinco, fünfundzwanzig, veinticinco)
BELOW_100 = (rf"(?:(?:{'|'.join(SPANISH_TWENTIES)})|(?:{_unit_alt})und(?:{_tens_alt})|"
             rf"(?:{_tens_alt})(?:[-\s](?:y\s+|e\s+|et\s+)?(?:{_unit_alt}))?|(?:{_unit_alt}))")
# a hundred and more, as a tempo is said: "a hundred and twenty", "cent vingt-quatre", "ciento veinte", "cento e
# vinte e oito", "hundertachtundzwanzig" (German glues it on), "einhundertzwanzig"
HUNDRED = r"(?:(?:(?:one|a|ein|un)\s*)?hundred|(?:ein)?hundert|ciento|cento|cien|cent|cem)"
_HUNDRED_REST = r"(?:\s+(?:and|y|e|et|und)\s+|[\s-])"
NUMBER_WORD = rf"(?:{HUNDRED}(?:(?:{_HUNDRED_REST}|(?<=hundert)){BELOW_100})?|{BELOW_100})"
WHOLE_HALVES = {"anderthalb": 1.5, "anderthalbe": 1.5}  # one and a half in one word: "anderthalb Minuten"
NUMBER = rf"(?:\d+(?:[.,]\d+)?|anderthalbe?|{NUMBER_WORD})(?:\s*{HALF})?"
NUMBER_RE = re.compile(rf"(?<![\w-])(?P<n>{NUMBER})(?![\w])")


def number_value(phrase: str) -> float | None:
    """The value of a number phrase matched by NUMBER ('twenty-five' -> 25, 'dos y medio' -> 2.5)."""
    p = phrase.strip()
    if p in WHOLE_HALVES:
        return WHOLE_HALVES[p]
    half = 0.0
    m = re.search(HALF + r"$", p)
    if m:
        half, p = 0.5, p[:m.start()].strip()
    if p.endswith("einhalb") or p.endswith("undeinhalb"):
        half, p = 0.5, p.removesuffix("und" + "einhalb").removesuffix("einhalb")
    if re.fullmatch(r"\d+(?:[.,]\d+)?", p):
        return float(p.replace(",", ".")) + half
    m = re.fullmatch(rf"{HUNDRED}(?:{_HUNDRED_REST}|(?<=hundert))?(.*)", p)
    if m:
        rest = number_value(m.group(1)) if m.group(1) else 0.0
        return None if rest is None or rest >= 100 else 100 + rest + half
    if p in SPANISH_TWENTIES:
        return SPANISH_TWENTIES[p] + half
    m = re.fullmatch(rf"({_unit_alt})und({_tens_alt})", p)
    if m:
        return UNITS[m.group(1)] + TENS[m.group(2)] + half
    m = re.fullmatch(rf"({_tens_alt})(?:[-\s](?:y\s+|e\s+|et\s+)?({_unit_alt}))?", p)
    if m:
        return TENS[m.group(1)] + (UNITS[m.group(2)] if m.group(2) else 0) + half
    if p in UNITS:
        return UNITS[p] + half
    return None


# Nouns for one track: "5-song", "cinco temas", "huit morceaux", "sechs Stücke", "sete faixas".
TRACK_NOUN = (r"(?:t(?=\d{1,2}(?![\w]))|tracks?|trax|trks?|prods?|beds|fonds musicaux|fond musical|tapis musicaux|tapis musical|tapis sonores?|louvor(?:es)?|alabanzas?|cantos|numeros|songs?|tunes?|tounes?|waltz(?:es)?|valses?|vals|walzer|valsas?|pieces?|cuts?|numbers?|beats?|bangers?|jams?|cues?|bits of music|movements?|mvts?|instrumentals?|originals|originales|soundscapes|ambiances|originaux|originais|"
              r"versions?|arrangements?|versiones|arreglos|versoes|arranjos|fassungen|stingers?|stings|rolas?|"
              r"ballads?|lullab(?:y|ies)|anthems?|jingles?|loops?|themes?|interludes?|compositions?|"
              r"canciones|cancion|temas?|pistas?|piezas?|cortes?|baladas?|movimientos?|nanas?|"
              r"chansons?|chants|plages|titres?|morceaux|morceau|pistes?|pieces?|ballades?|berceuses?|mouvements?|sons?|"
              r"liedern?|lied|liada|liadl|stucke?n?|stuckln?|tracks?|trx|titeln?|nummern?|songs?|satzen?|wiegenlieder|wiegenlied|"
              r"faixas?|musicas?|musiques?|cancoes|cancao|temas?|pecas?|movimentos?|canticos?|vinhetas?|vinetas?|cortinillas?|toques|cunas?|"
              # carols and hymns, the pieces of a radio package, the parts of a work ("drei Teile")
              r"carols?|villancicos?|cantiques?|hymns?|himnos?|hinos?|instrus?|spots?|idents?|ids|cut-?downs?|transitions|"
              r"transiciones|transicoes|ubergange|"
              r"parts|partes|parties|teile?|duets|trilhas|cortinas|cantigas?|modas|variantes?|variants?|varianten|airs|"
              # the diminutives Spanish and Portuguese speakers use: "15 cortinitas cortas", "3 musiquinhas"
              r"cortinitas?|cancioncitas?|temitas?|piecitas?|musiquitas?|musiquinhas?|faixinhas?|cancaozinhas?|intros)")  # not "outros": Portuguese "others"
# A genre glued to a track noun, as German writes it: "Rocksongs", "Jazz-Stücke", "Hip-Hop-Tracks".
GENRE_PREFIX = "(?:(?:" + "|".join(sorted({re.escape(a).replace(r"\ ", "[\\s-]?") for g in GENRES.values()
                                           for a in g.aliases}, key=len, reverse=True)) + ")-?)"

# German glues what a piece is for to the noun: "Klavierstücke", "Tanzlieder", "Gitarrenstücke".
COMPOUND_NOUN = r"(?:(?!mitglied)[a-z]{3,}-?(?:stucke?n?|lieder?n?|bett(?:en)?|satze))"  # "Choralsätze"  # not "Mitglieder"; "Nachrichtenbett": a music bed

# Nouns that follow an ordinal: "the second track", "la última canción", "das dritte Stück".
REF_NOUN = (r"(?:nr\.?|nummern?|prods?|tracks?|songs?|tunes?|pieces?|cuts?|numbers?|numeros?|cues?|canciones|cancion|temas?|pistas?|piezas?|"
            r"chansons?|chants|plages|titres?|morceaux|morceau|pistes?|liedern?|lied|stucke?n?|titeln?|faixas?|musicas?|cancoes|"
            r"cancao|carols?|teile?|parts?|spots?)")

# pieces named by their use: an intro, a jingle, a title theme (one track each)
PIECE_NOUN = (r"(?:intro|outro|interlude|jingle|opener|closer|abertura|encerramento|apertura|cierre|generique|sintonia|"
              r"cabecera|vinheta|titelmelodie|erkennungsmelodie|title theme|theme song|main theme)")
# Nouns for the whole record: a duration next to one of these is the album's.
ALBUM_NOUN = (r"(?:album|albums|lp|ep|record|set|mix|mixtape|tape|suite|playlist|collection|compilation|score|"
              r"soundtrack|disco|disque|platte|sammlung|coletanea|trilha|bande originale|banda sonora)")
# the length of what the music is for: "a 12 min travel vlog", "my 60-minute evening class", "a 14-minute drama"
MEDIA_AFTER = (r"-?\s*(?:(?!(?:pour|for|para|fur|per|de|du|la|le|les|the|a|an|o|um|uma|el|do|da|der|die|das|in|en|em|on|of|"
               r"to|al|au|zum|zur|dans|im|no|na)\s)[\w'-]+\s+){0,2}?(?:vlogs?|videos?|films?|movies?|dramas?|documentar\w+|class|classes|sessions?|"
               r"workouts?|episodes?|shows?|podcasts?|presentations?|lessons?|courses?|short film|court-metrage|curta|"
               r"cortometraje|kurzfilm|clase|cours|aula|unterricht|stunde|sesion|sessao|seance)(?![\w])")
# the music split over that length: "split into 4 tracks of roughly equal length"
SPLIT_INTO = r"(?<![\w])(?:split|divided|broken|dividid[oa]s?|repartid[oa]s?|divise(?:e|es|s)?|aufgeteilt|geteilt)\s+(?:up\s+)?(?:in|into|en|em)(?![\w])"
EP_WORDS = r"(?:ep|e\.p\.|mini-album|mini album)"
# "each" in five languages: a duration or tempo after it holds for every track.
EACH = (r"(?:each|apiece|every one|per track|per song|cada uno|cada una|cada cancion|cada tema|cada|"
        r"chacun|chacune|chaque|par morceau|par titre|je|jeweils|jeder|jedes|jede|pro (?:stuck|song|titel|track)|cada faixa|"
        r"por faixa)")
TOTAL = (r"(?:in total|total|altogether|overall|en total|au total|en tout|insgesamt|gesamt|im ganzen|"
         r"no total|ao todo|all told|zusammen|zamma|together|juntos|juntas|in all(?!\s+(?:of|the|tracks?|songs?|pieces?|cues?)(?![\w])))")

# one-letter units only right after digits ("90s", "3 m"): "eins" is not "ein" + seconds
# units, with the diminutives people use for them ("uns 3 minutinhos", "unos minutitos", "30 segundinhos")
SECONDS = r"(?:seconds?|secs?|(?<=\d)s|(?<=\d )s|segundos?|segundinhos?|segunditos?|segs?|secondes?|sekunden|sek|sec)"
MINUTES = r"(?:minutes?|mins?|(?<=\d)(?<!\d\d\d)m|(?<=\d )(?<!\d\d\d )m|minutos?|minutinhos?|minutitos?|minuten|minuta|minute|minutige[nmrs]?|minutig)"
HOURS = r"(?:hours?|hrs?|(?<=\d)h|(?<=\d )h|horas?|heures?|stunden?|stunde|stund)"
BPM_UNIT = r"(?:bpm|beats per minute|beats a minute|schlage pro minute|schlage|ppm|pulsaciones|batidas por minuto)(?![\w])"

BETWEEN = r"(?:between|from|entre|de|zwischen|von|from about)"
RANGE_JOIN = r"(?:-|–|(?<![\w])(?:and|to|y|a|et|bis|und|e|ate)(?![\w]))"  # a word, not the end of one ("eine 15")
AT_MOST = (r"(?:under|below|less than|at most|no (?:more|longer) than|max(?:imum)?|up to|shorter than|"
           r"(?<!mas o )(?<!mais ou )menos de|como maximo|maximo|moins de|au plus|au maximum|maximum|unter|hochstens|maximal|"
           r"bis zu|kurzer als|no maximo|ate|not (?:to )?exceed|no (?:debe |puede )?(?:pasar|superar) de|"
           r"ne (?:doit |doivent |peut |peuvent )?(?:surtout |absolument |jamais )?pas depasser|(?:nicht|nid|nod|ned|nit) (?:mehr|langer) als|nao (?:deve |devera |deveria |pode |podera )?(?:passar|ultrapassar) d[eoa]s?|nao (?:deve |devera |deveria |pode |podera )?ultrapassar(?: os| as)?|"
           r"nao mais de|no mas de|pas plus de|moins d'|pas plus d')")
AT_LEAST = (r"(?:over|above|more than|at least|minimum|longer than|mas de|al menos|como minimo|plus de|"
            r"au moins|uber|mindestens|langer als|mais de|pelo menos|no minimo|plus d'|"
            # a verb of going over, for "ninguna pase de dos minutos", "none should exceed 3 minutes"
            r"pasen? de(?: los| las)?|superen? (?:los )?|excedan? (?:de )?|exceeds?|passem? de|ultrapassem? |depassen?t? )")
ABOUT = (r"(?:about|around|roughly|approximately|approx\.?|~|circa|ca\.|unos|unas|alrededor de|en torno a|environ|"
         r"autour de|etwa|rund|um die|cerca de|por volta de|uns|umas|more or less|mas o menos|mais ou menos|plus ou moins|"
         r"mehr oder weniger)")


VOCAL_NOUN = (r"(?:vocals?|voices?|vox|singers?|singing|sung|sings|lyrics|cante|cantaora|cantaor|canta|cantan|canten|cantem|cantam|cantando|singt|singen|chantent|rap(?:ped|ping)?|raps|crooner|"
              r"rapper|mc|voz|voces|vocal|cantada|cantadas|cantado|cantados|cantante|letras?|rapeo|"
              r"voix|chant|chantee?s?|chanteur|chanteuse|paroles|rappe|rappee?s?|rappes|rapeados?|rapeadas?|gerappt|"
              r"gesang|gsang|stimmen?|gesungen(?:e[nrs]?)?|gsungen|gsunga|sangerin|sanger|gesangs?|text|texten|rappen|"
              r"vocais|vozes|cantadas?|cantados?|cantor|cantora|letras?|frauenstimme|mannerstimme|"
              r"soprano|baritone|tenor|choir|coro|choeur|chor)")
# "none", "ninguno", "aucune", "keiner": a negated subject ("none should be over 3 minutes")
NONE_OF_THEM = r"(?:none|ningun[oa]?|nenhuma?|aucune?|keine[rs]?|keins)"
# Words that negate what follows, in five languages ("no vocals", "kein Gesang", "sans voix", "zero vocals").
NEGATION = r"(?:no|without|sin|sans|pas de|ohne|kein|keine|keinen|keene|kei|keis|ka|ohni|koi|koa|sem|nada de|aucune?|ninguna?|ningun|nenhuma?|zero|cero)"
# A negated voice is an instrumental; rap and choir are left out: "no rap" and "no choir" leave singing.
_SUNG = (r"(?:vocals?|voices?|vox|singers?|singing|lyrics|cante|voz|voces|vocales|vocal|cantantes?|letras?|voix|chant|"
         r"paroles|gesang|gsang|stimmen?|texte?n?|vocais|vozes|words|worte|palabras|mots|palavras)")
SUNG = _SUNG  # the words of a sung voice, for readers of other modules ("ni voces", "nor vocals")
LYRICS_LANGUAGES: dict[str, str] = {
    "english": "en", "engl": "en", "ingles": "en", "anglais": "en", "englisch": "en", "englischen": "en",
    "spanish": "es", "espanol": "es", "castellano": "es", "espagnol": "es", "spanisch": "es", "spanischen": "es",
    "espanhol": "es", "french": "fr", "frances": "fr", "francais": "fr", "franzosisch": "fr",
    "franzosischen": "fr", "frances_pt": "fr", "german": "de", "aleman": "de", "allemand": "de",
    "deutsch": "de", "deutschen": "de", "deutsche": "de", "alemao": "de", "portuguese": "pt", "portugues": "pt",
    "portugais": "pt", "portugiesisch": "pt", "portugiesischen": "pt", "italian": "it", "italiano": "it",
    "italien": "it", "japanese": "ja", "korean": "ko", "chinese": "zh", "breton": "br", "catalan": "ca", "catala": "ca",
    "galego": "gl", "gallego": "gl", "euskara": "eu", "basque": "eu", "occitan": "oc", "latein": "la", "latin": "la", "latim": "la",
    "hindi": "hi", "punjabi": "pa", "arabic": "ar", "arabe": "ar", "arabisch": "ar", "russian": "ru", "ruso": "ru",
    "russe": "ru", "russisch": "ru", "russo": "ru", "turkish": "tr", "turco": "tr", "turc": "tr", "turkisch": "tr",
    "dutch": "nl", "hollandes": "nl", "neerlandais": "nl", "niederlandisch": "nl", "greek": "el", "griego": "el",
    "grec": "el", "griechisch": "el", "grego": "el", "hebrew": "he", "swahili": "sw", "yoruba": "yo", "wolof": "wo",
    "lingala": "ln", "polish": "pl", "polaco": "pl", "polonais": "pl", "polnisch": "pl", "tagalog": "tl",
    "vietnamese": "vi", "indonesian": "id", "swedish": "sv", "sueco": "sv", "suedois": "sv", "schwedisch": "sv",
    "sanskrit": "sa", "sanscrito": "sa", "sanscrit": "sa", "japones": "ja", "japonais": "ja", "japanisch": "ja",
    "coreano": "ko", "coreen": "ko", "koreanisch": "ko", "chino": "zh", "chinois": "zh", "chinesisch": "zh", "chines": "zh",
    "hebreo": "he", "hebreu": "he", "hebraico": "he", "hebraisch": "he", "irish": "ga", "gaelic": "gd",
}
INSTRUMENTAL = (r"(?:instrumental(?:stucke?n?|nummern?|titeln?|musik)|wordless|sin palabras|sans paroles|ohne worte|sem palavras|"  # "ein reines Instrumentalstück"
                r"(?:nothing|none|sem nada|sin nada|rien de|nichts)\s+(?:sung|cantad[oa]s?|chantee?s?|gesungen(?:es)?)(?![\w])|"
                # "no song is sung", "aucune toune chantée", "ninguna cantada", "kein Stück gesungen"
                r"(?<![\w])(?:no|none|aucune?|ninguna?|ningun|nenhuma?|keine[rs]?|keins|kein)\s+(?:[\w'-]+\s+){0,2}?"
                r"(?:(?:is|are|es|est|ist|e|sera|will be)\s+)?(?:sung|cantad[oa]s?|chantee?s?|gesungen(?:es)?)(?![\w])|"
                r"instrumentals?|instrumentales?|instrumentaux|instrumentale[nrs]?|instrumentais|instrus?|instros?|instr(?![\w])|"
                rf"(?:{NEGATION}|(?:nothing|nada|rien|nichts|{NONE_OF_THEM})(?:\s+(?:of them|de ell[ao]s|d'entre eux|davon|delas|deles))?"
                r"\s+(?:with|con|com|avec|mit))"
                rf"(?:\s+(?:any|lead|real|full|proper|actual|aucune?|ningun[ao]?|nenhuma?|jeglichen?|de|d'))?"
                rf"\s+{_SUNG}(?:\s+(?:or|nor|and|ni|ou|oder|o|y|e|nem|und|et)\s+{_SUNG})*(?![\w])(?!\s+(?:in|en|em|auf|sur)\s+(?:{'|'.join(LYRICS_LANGUAGES)})(?![\w])))")
# "nada de letras em inglês" asks for lyrics in another language, not for no lyrics
# a voice said to be unneeded: "Gesang muss nicht sein", "vocals not needed", "la voz no hace falta", "voz não precisa"
INSTRUMENTAL = (INSTRUMENTAL[:-1] + rf"|{_SUNG}\s+(?:(?:is|are|ist|es|est|e)\s+)?(?:muss nicht sein|mussen nicht sein|brauchen wir nicht|"
                r"braucht es nicht|nicht notig|nicht noetig|not needed|not necessary|unnecessary|no hace falta|no es necesari[oa]|"
                r"innecesari[oa]s?|pas necessaire|pas besoin|nao precisa|nao e necessari[oa]|desnecessari[oa]s?)(?![\w])"
                # nobody singing: "sem ninguém cantando", "sin nadie cantando", "without anyone singing", "ohne dass jemand singt"
                r"|(?<![\w])(?:sem|sin|without|sans|ohne)\s+(?:que\s+|dass\s+|qu')?(?:ninguem|nadie|anyone|anybody|personne|jemand)"
                r"\s+(?:cantando|singing|chante|qui chante|singt|cante|canta)(?![\w])|(?<![\w])(?:nur|just|only|solo|so|juste|seulement)\s+"
                r"(?:the\s+|el\s+|o\s+|le\s+|den\s+)?beats?(?![\w])"  # "nur beat", "só o beat": the beat without a voice
                # a spec's line: "Vocals: none, EXCEPT track 6", "Gesang: keiner", "Voz: ninguna salvo la 3"
                rf"|(?<![\w]){_SUNG}\s*[:=]\s*(?:none|no|nope|nein|keine[nrs]?|ningun[ao]?|aucune?|nenhuma?|non|nao|zero|0)(?![\w]))")
VOICED = rf"{INSTRUMENTAL}|(?<![\w]){VOCAL_NOUN}(?![\w])"  # words about voices: sung ones, or none

# folded instrument word -> caption name: the one instrument vocabulary (engine/instruments.py)
INSTRUMENTS: dict[str, str] = _instruments.NAMES


CHOIR_WORDS = {"choir": "choir", "choirs": "choir", "coro": "choir", "coros": "choir", "choeur": "choir", "chœur": "choir",
               "choeurs": "choir", "chor": "choir", "chore": "choir", "chorale": "choir", "kinderchor": "choir",
               "kids choir": "choir", "children's choir": "choir", "coro infantil": "choir", "choeur d'enfants": "choir",
               "coral": "choir"}  # a choir can be excluded


def instrument(word: str) -> str | None:
    """The caption name of a folded instrument word (a choir too: it can be excluded), plurals included; "Solo-Cello"
    is a cello."""
    word = word.removeprefix("solo-")
    return CHOIR_WORDS.get(word) or _instruments.instrument(word)


EXCLUDE = (rf"(?:(?:an?\s+)?(?:hard|big|firm|strict|absolute)\s+no\s+(?:on|to)|(?:^|(?<=[\s,;(]))ni(?=\s)|no\s+(?:on|to)(?=\s)|not\s+even|ni\s+siquiera|"
           rf"pas\s+meme|nicht\s+mal|nicht\s+einmal|nem\s+mesmo|{NEGATION}|minus|aucune?|ningun[oa]?|nenhuma?|keinerlei|avoid|evitar|evite|eviter|evitez|vermeiden|"
           r"(?:no|nao) (?:\w+ )?(?:quiero|queremos|quero|want|veux)|(?:no|nao|ne|n')\s+(?:incluyan|incluya|incluir|pongan|usen|metan|incluam|usem|coloquem|"
           # "y q no tenga saxo", "que não tenha bateria", "que no lleve trompeta": a wish that it not have one
           r"tenga|tengan|lleve|lleven|tenha|tenham|leve|levem|llevar|tener|usar|ter|levar|"
           r"incluez|mettez|utilisez)(?:\s+pas)?|ne\s+pas\s+(?:inclure|mettre|utiliser|ajouter)|excluir|exclure|exclude|excluding|ausschliessen|weglassen|omit|omitir|"
           r"(?:don'?t|do not|dont|doesn'?t|does not)\s+(?:want|need|include|use|add|put in|have)|(?:nothing|nada|rien|nichts|nix|none|nenhuma?|ningun[oa]?|aucune?|keine[rs]?)\s+"
           r"(?:with|con|com|avec|mit)"
           # a labelled line of what to leave out: "- NICHT: Gitarre", "Not: brass", "Sin: batería"
           r"|(?:(?<=^)|(?<=\n)|(?<=[-*•]\s))\s*(?:nicht|not|no|nope|sin|sans|pas|ohne|kein|keine|sem|nao|avoid|interdit|interdits|"
           r"verboten|prohibido|prohibidos|proibido|proibidos|excluded|exclude|excluir|exclure|forbidden|banned|never|nunca|jamais)\s*:"
           # a spec's label of what not to use, wherever its line was joined: "Do NOT use: saxophone", "Evitar: trompetas"
           r"|(?<![\w])(?:(?:do not|don'?t|dont|please don'?t)\s+use|no usar|nao usar|ne pas utiliser|nicht verwenden|bitte nicht|"
           r"avoid|evitar|evite|eviter|evitez|a eviter|vermeiden|zu vermeiden|without|sin|sem|sans|ohne)\s*:)"
           r"(?:\s+(?:any|a|an|real|ningun|ninguna|aucune?|jeglichen?|irgendwelche|nenhuma?|qualquer|cualquier|de|d'|the|le|la|les|el|los|las|den|das|die))?"
           # "aucune vraie batterie", "keine echten Drums", "ningún verdadero piano": the real kind of it
           r"(?:\s+(?:vraie?s?|veritables?|echte[nrs]?|wirkliche[nrs]?|verdader[oa]s?|verdadeir[oa]s?))?")

MOODS: dict[str, str] = {
    # folded word -> caption tag
    "warm": "warm", "analog": "analog", "dark": "dark", "bright": "bright", "melancholic": "melancholic",
    "sad": "melancholic", "uplifting": "uplifting", "happy": "uplifting", "dreamy": "dreamy",
    "energetic": "energetic", "chill": "chill", "relaxed": "chill", "vintage": "vintage", "cinematic": "cinematic",
    "intimate": "intimate", "epic": "epic", "groovy": "groovy", "aggressive": "aggressive", "mellow": "mellow",
    "dusty": "dusty", "lush": "lush", "minimal": "minimal", "upbeat": "upbeat", "moody": "moody",
    "romantic": "romantic", "nostalgic": "nostalgic", "calm": "mellow", "peaceful": "mellow", "gentle": "gentle",
    "triste": "melancholic", "melancolico": "melancholic", "melancolica": "melancholic", "alegre": "uplifting",
    "oscuro": "dark", "oscura": "dark", "sombre": "dark", "dunkel": "dark", "dunkle": "dark", "escuro": "dark",
    "escura": "dark", "romantico": "romantic", "romantica": "romantic", "romantique": "romantic",
    "romantisch": "romantic", "nostalgico": "nostalgic", "nostalgique": "nostalgic", "nostalgisch": "nostalgic",
    "energico": "energetic", "energique": "energetic", "energisch": "energetic", "tranquilo": "mellow",
    "tranquila": "mellow", "calme": "mellow", "doux": "gentle", "douce": "gentle", "suave": "gentle",
    "sanft": "gentle", "sanfte": "gentle", "melancolique": "melancholic", "melancholisch": "melancholic",
    "traurig": "melancholic", "frohlich": "uplifting", "joyeux": "uplifting", "joyeuse": "uplifting",
    "epico": "epic", "epique": "epic", "episch": "epic", "agresivo": "aggressive", "agressif": "aggressive",
    "aggressiv": "aggressive", "agressivo": "aggressive", "sonhador": "dreamy", "onirico": "dreamy",
    "reveur": "dreamy", "vertraumt": "dreamy", "lo-fi": "lo-fi", "vinyl crackle": "vinyl crackle", "tape": "tape",
}


def alternation(words: dict[str, str] | set[str] | list[str]) -> str:
    """A regex alternation of folded words, longest first, whole words only (and the compounds of ``Words``)."""
    keys = sorted({w for w in words if "_" not in w}, key=len, reverse=True)
    compounds = [rf"[a-z]{{3,}}{re.escape(end)}" for end in sorted(getattr(words, "suffixes", {}), key=len, reverse=True)]
    return r"(?<![\w-])(?:" + "|".join(compounds + [re.escape(w) for w in keys]) + r")(?![\w-])"

# voices only: "a cappella", "acapella", "no instruments at all", "rien que des voix", "nur Stimmen"
A_CAPPELLA_RE = re.compile(r"(?<![\w])(?:a[\s-]?capp?ell?a|acapp?ell?a|(?:no|without|sin|sans|aucun|ohne|keine|sem|nenhum)\s+"
                           r"(?:any\s+|ningun\s+)?instrument(?:s|os|e|en)?(?:\s+at all)?(?![\w])"
                           # "no instruments other than piano" asks for piano alone, not for voices alone
                           r"(?!\s*,?\s*(?:other than|except|but|apart from|besides|beyond|salvo|excepto|menos|fuera de|sauf|a part|"
                           r"hormis|ausser|auser|bis auf|exceto|alem de|fora)(?![\w]))"
                           r"|only voices|voices only|(?:rien que|uniquement) des voix|solo voces|nur stimmen|so vozes|apenas vozes)"
                           r"(?![\w])")
