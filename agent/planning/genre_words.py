"""Which genre words of a brief name its music: not a word inside an instrument's name ("bateria eletrônica"),
a proper name ("Jazz Hands Studio"), the month, a record ("un disco de rock"), background music ("música
ambiente"), the work or the place the music is for ("an indie game", "a haunted house attraction", "our jazz
club") when another genre names the music, nor rap said of a voice; a genre said as the closer fit ("eher
Ambient") is read first. A word before a genre may make a style of it ("deep house", "delta blues"), and a
qualifier after it ("tango electrónico") stays in the caption."""

from __future__ import annotations

import re

from agent.planning import lexicon as lx
from agent.planning.brief_language import FUNCTION_WORDS
from agent.planning.placing import put
from agent.planning.reader import Reader, fold_keep_length
from engine.genres import find_genre, genre, genre_mentions, is_the_month, style_of
from engine.style_names import GENRE_QUALIFIERS, STYLE_QUALIFIERS

# Media nouns: a genre word right before one may name the work the music is for.
MEDIA_AFTER = re.compile(r"[\s-]+(?:games?|films?|movies?|videos?|podcasts?|apps?|shows?|series|trailers?|jeux|jeu|"
                         r"juegos?|videojuegos?|jogos?|spiele?|peliculas?|filmes?|studios?|estudios?|labels?|devs?|"
                         r"developers?|teams?|companies|company|agency|"
                         # a place or an event named by the word: "haunted house attraction", "jazz brunch", "house party"
                         r"attractions?|rides?|bars?|clubs?|cafes?|restaurants?|brunch|lounges?|parties|party|festivals?|"
                         r"fiestas?|festas?|fetes?|kneipen?|lokale?|restos?|boates?|boliches?)(?![\w])")  # "a small indie studio"
# "soy desarrollador indie": a genre word after a maker names the maker when another genre names the music
MAKER_BEFORE = re.compile(r"(?<![\w])(?:developer|dev|desarrollador\w*|desenvolvedor\w*|developpeur\w*|entwickler\w*|"
                          r"studio|estudio|label|artist|artista|artiste|kunstler\w*)\s+$")

# the dance a party is named for, when another genre names the music: "tangos ... para una milonga que organizamos",
# "Para la milonga de los jueves queremos 8 tangos"
EVENT_BEFORE = re.compile(r"(?<![\w])(?:(?:para|for|pour|fur|pra)\s+(?:una|la|a|an|the|une|eine|die|uma|um|o|nuestra|our|notre|"
                          r"unsere|nossa)|(?:organizo|organizamos|organiza|organise|organisons|organize|organisiere|"
                          r"organisieren|host|hosting)\s+(?:una|la|une|uma|a|an|eine))\s+$")

# a genre said as what the music must not be: "no electronic stuff anywhere", "nada electrónico", "rien de rock"
NOT_THE_GENRE = re.compile(r"(?<![\w])(?:no|not|nothing|nada(?: de)?|rien de|rien d'|pas de|nichts|keine?n?|sin|sans|ohne|sem|"
                           r"nenhuma?|ningun[oa]?|aucune?)\s+(?:(?:too|very|real|really|muy|trop|zu|muito|tan)\s+)?$")

# "un disco de rock", "o meu disco": Spanish and Portuguese "disco" is a record, not the genre; "la disco" is
# Spanish for the club ("5 temas pa la disco")
DISCO_RECORD_BEFORE = re.compile(r"(?<![\w])(?:un|el|la|mi|tu|su|nuestro|nuevo|este|ese|primer|primero|segundo|doble|"
                                 r"um|o|meu|nosso|novo|esse|primeiro|duplo|do|del|al|ao|no|seu|teu|deste|desse|neste|nesse)\s+"
                                 # an adjective between: "un pequeño disco", "um novo disco", "el primer disco"
                                 r"(?:(?:pequeno|pequenito|nuevo|novo|corto|curto|buen|bom|gran|grande|lindo|bonito)\s+)?$")
# "música ambiente", "musique d'ambiance": music for a room's background, not the ambient genre
BACKGROUND_BEFORE = re.compile(r"(?:musica|musique|music)\s+(?:de\s+|d')?$")
DISCO_RECORD_AFTER = re.compile(r"\s+(?:de|do|da|con|com|para|todo|inteiro|entero|completo)(?![\w])")  # "disco todo com 40 min"
# the party and the thing, not the genre: "on fait un silent disco", "a disco ball", "Discokugel"
DISCO_THING = re.compile(r"(?<=silent )disco|disco[\s-]?(?:balls?|kugeln?|lights?)(?![\w])")
GENRE_AFTER = re.compile(rf"[\s-]+({lx.alternation(GENRE_QUALIFIERS)})")

# a word right before a genre's name that may qualify it ("indie folk", "delta blues", "pop punk")
QUALIFIER = re.compile(r"(?:(?<![\w'-])(?![dl]')|(?<=(?<![\w])[dl]'))(?P<w>[a-z][a-z']{2,})(?:\s|-)$")  # "d'afro house" too
def _qualifies(word: str) -> bool:
    """A word that makes a style of the genre after it: a known style word ("deep house", "surf rock") or a
    mood ("dark ambient"), never a tempo word, an instrument, a number or the record ("a surprise DnB set", "120 bpm
    house")."""
    if word in lx.TEMPO_WORDS or lx.instrument(word) or lx.NUMBER_RE.fullmatch(word) or re.fullmatch(lx.ALBUM_NOUN, word):
        return False  # nor a word for the record: "uma tape lo-fi" is a lo-fi tape
    return word in STYLE_QUALIFIERS or word in lx.MOODS or find_genre(word) is not None  # "pop punk"

# a genre said as the closer fit: "düster, elektronisch, eher Ambient", "dark, electronic, more like ambient"
RATHER_BEFORE = re.compile(r"(?<![\w])(?:rather|more like|mostly|eher|mehr so|plutot|mas bien|mais para|sobretudo|"
                           r"sobre todo|surtout|vor allem|richtung|in richtung|leaning towards|towards|tendance|"
                           r"tirando a|puxando para)\s+$")  # "elektronisch, Richtung Ambient"


def _counted_first(r: Reader, mentions: list) -> list:
    """The genre in the words that count the tracks ("like 12 lofi beats", "10 tounes de house") goes before a
    genre said of the place or the mood before it ("surf school chill-out vibes")."""
    tc = r.c.track_count
    if tc is None or r.tracklist or not mentions:
        return mentions
    near = [x for x in mentions if tc.start <= x[0] <= tc.end + 12 and "," not in r.folded[tc.end:x[0]]]
    if len(near) != 1 or near[0] is mentions[0] or r.segment_at(mentions[0][0]):
        return mentions
    return near + [x for x in mentions if x is not near[0]]


def _rather_first(r: Reader, mentions: list) -> list:
    """A genre said as the closer fit goes before the genres of its sentence said before it (the first genre
    read is the album's)."""
    for k, (s, _, _) in enumerate(mentions):
        if k and RATHER_BEFORE.search(r.folded, max(0, s - 12), s):
            sentence = r.after_last(".!?\n;", s)
            first = next(j for j, x in enumerate(mentions) if x[0] >= sentence or j == k)
            return mentions[:first] + [mentions[k]] + mentions[first:k] + mentions[k + 1:]
    return mentions


def _in_name(r: Reader, s: int, e: int) -> bool:
    """A genre word inside a proper name ("the trio Xote Chamegado", "Jazz Hands Studio") names a band or a
    place: capitalised in mid-sentence, with a capitalised neighbour that is no genre, piece, record, mood,
    tempo, instrument or function word ("Langsamer Walzer" is a slow waltz; "Deep House" is a style). German
    capitalises every noun, so a German brief has no such names."""
    if r.c.language == "de" or not r.text[s:s + 1].isupper() or re.search(r"(?:^|[.!?:;\n•*\-–—|(\"“„«])\s*$", r.text[:s]):
        return False
    after = re.match(r"[ \t]+([A-ZÀ-Ý][\w'-]*)", r.text[e:])
    before = re.search(r"([A-ZÀ-Ý][\w'-]*)[ \t]+$", r.text[:s])
    for m in (after, before):
        word = fold_keep_length(m.group(1)) if m else ""
        if m is before and word in STYLE_QUALIFIERS:  # "Deep House", "Hard Techno": the style's own name
            continue
        if word and not (genre_mentions(word) or re.fullmatch(rf"{lx.TRACK_NOUN}|{lx.ALBUM_NOUN}|{lx.EP_WORDS}|"
                                                               r"[a-z]*(?:songs?|tracks?|stucke?)", word)
                         or word in lx.MOODS or TEMPO_RE.match(word) or lx.instrument(word) or m.group(1).isupper()
                         or re.fullmatch(rf"music|musica|musique|musik|style|estilo|stil|genre|genero|ritmo|rythme|rhythm|"
                                         rf"vibes?|sound|beats?|covers?|{lx.MINUTES}|"
                                         rf"{lx.SECONDS}|{lx.HOURS}|{lx.BPM_UNIT}", word) or lx.NUMBER_RE.fullmatch(word)
                         or any(word in words for words in FUNCTION_WORDS.values())):
            return True
    return False
RAP_VOCALS = re.compile(r"\s+(?:vocals?|verses?|voice|voz|voix|gesang|parts?|features?)(?![\w])")  # "rap vocals"
TEMPO_RE = re.compile(lx.alternation(lx.TEMPO_WORDS))


# a genre the music only tastes of: "afro house com toque de kuduro", "with a hint of reggae", "avec une touche de
# jazz", "con un toque de flamenco", "mit einem Hauch Soul" (the album's genre is the one before it)
FLAVOUR_BEFORE = re.compile(r"(?<![\w])(?:touch|hint|hints|dash|splash|flavou?r|toque|toquezinho|toquecito|pitada|pizca|"
                            r"touche|soupcon|hauch|prise|spur|schuss|einschlag)\s+(?:of\s+|de\s+|d'|von\s+|da\s+|do\s+)?"
                            r"(?:[\w'-]+\s+)?$")


def _names_an_instrument(folded: str, end: int) -> bool:
    """Is the genre ending at ``end`` hyphened to an instrument's name ("Rock-Gitarre", "jazz-piano")?"""
    after = re.match(r"-([a-z]+)", folded[end:])
    return bool(after and lx.instrument(after.group(1)))


# a spec's label for the genre: "Genre: chiptune across the board", "Estilo: música andina", "Stil: Jazz"
GENRE_LABEL = re.compile(r"(?<![\w])(?:genre|genres|style|estilo|genero|stil|gattung|musikstil|style musical|estilo musical)"
                         r"\s*[:=]\s*")
KIND_WORDS = ("electronica", "electronico", "electronicas", "electronicos", "electronique", "electroniques", "eletronica",
              "eletronico", "elektronische", "elektronischen", "electronic")


def read_genres(r: Reader, implied: list) -> None:
    """Read the genre words of ``r`` onto the album or the tracks whose words hold them (``implied`` gets the
    vocals a sung genre's name implies: "a cappella", "rap")."""
    from agent.planning.words_read import INSTRUMENT_RE, VOCAL_RE  # the word pass imports this module

    c = r.c
    # a genre word inside an instrument's name is the instrument's: "bateria eletrônica" is a drum machine
    held = [(m.start(), m.end()) for m in INSTRUMENT_RE.finditer(r.folded)]
    mentions = [(s, e, g) for s, e, g in genre_mentions(r.work) if not any(a <= s and e <= b and (a, b) != (s, e)
                                                                          for a, b in held)
                and not (r.folded[s:e] == "disco" and (DISCO_RECORD_BEFORE.search(r.folded[:s])
                                                       or DISCO_RECORD_AFTER.match(r.folded, e)
                                                       or DISCO_THING.match(r.folded, s)))]
    mentions = [(s, e, g) for s, e, g in mentions if not _in_name(r, s, e)
                and not is_the_month(r.folded, s, e)
                and not FLAVOUR_BEFORE.search(r.folded, max(0, s - 30), s)
                and not NOT_THE_GENRE.search(r.folded, max(0, s - 24), s)  # "no electronic stuff", "nada electrónico"
                # a genre joined to an instrument by a hyphen describes the instrument: "eine Rock-Gitarre",
                # "Jazz-Besen", "une guitare-rock" is no genre of the track
                and not _names_an_instrument(r.folded, e)  # read on the unmasked words: "reopened March 2023"
                # "percusión electrónica", "batterie électronique": the kind of the instrument before it
                and not (r.folded[s:e] in KIND_WORDS and any(b <= s <= b + 1 for _, b in held))]
    if len({g.name for _, _, g in mentions}) > 1:  # "música ambiente para o lobby ... Jazz suave": background music
        mentions = [(s, e, g) for s, e, g in mentions if not (r.folded[s:e] in ("ambiente", "ambiance", "ambiental")
                                                              and BACKGROUND_BEFORE.search(r.folded[max(0, s - 12):s]))]
    rapped = [x for x in mentions if r.folded[x[0]:x[1]] == "rap" and RAP_VOCALS.match(r.folded, x[1])]
    if len(rapped) < len(mentions):  # "drum and bass ... tracks 2 and 5 get male rap vocals": a voice, when a genre is named
        mentions = [x for x in mentions if x not in rapped]
    mentions = _rather_first(r, _counted_first(r, mentions))
    label_ends = [m.end() for m in GENRE_LABEL.finditer(r.folded)]
    labelled = [x for x in mentions if any(0 <= x[0] - end <= 4 for end in label_ends)]
    mentions = labelled[:1] + [x for x in mentions if x not in labelled[:1]]  # "Genre: chiptune" over "(indie, ...)"
    for s, e, g in mentions:
        # "my indie game ... chiptune-ish electronic": a genre word before a media noun names the
        # work when another genre names the music ("an orchestral trailer cue" stays orchestral)
        if (MEDIA_AFTER.match(r.folded, e) or MAKER_BEFORE.search(r.folded, max(0, s - 24), s)) and \
                any(not MEDIA_AFTER.match(r.folded, e2) for _, e2, _ in mentions if e2 != e) or \
                EVENT_BEFORE.search(r.folded, max(0, s - 24), s) and any(r.folded[s2:e2] != r.folded[s:e] and
                                                                          not EVENT_BEFORE.search(r.folded, max(0, s2 - 24), s2)
                                                                          for s2, e2, _ in mentions):
            r.skip = True
            r.mask(s, e)
            continue
        q = QUALIFIER.search(r.folded, max(0, s - 24), s)
        # a style word or a mood qualifies in any language ("morceaux deep house"); another genre's name
        # only where English and German put it, or when it opens its line ("Baile funk, 6 tracks")
        heading = q and re.search(r"(?:^|[.!?:\n-])\s*$", r.folded[:q.start("w")])
        if q and _qualifies(q.group("w")) and (c.language in ("en", "de", None) or heading
                                               or q.group("w") in STYLE_QUALIFIERS or q.group("w") in lx.MOODS):
            s = q.start("w")  # "indie folk", "delta blues", "deep house": the caption keeps the whole name
        style, named = style_of(r.work[s:e]), r.work[s:e]
        after = GENRE_AFTER.match(r.folded, e)
        if after and not (style or "").startswith(GENRE_QUALIFIERS[after.group(1)]):
            # "tango electrónico" is an electronic tango: its genre stays the head's, the caption says it in English
            style, e = style_of(r.work[s:after.end()]) or style, after.end()
        put(r, "genre", r.read(style or g.name, s, e))  # a style names its genre
        known = style is not None and (style in g.styles or any(style.endswith(f" {k}") for k in g.styles))
        if known and not r.segment_at(s) and c.genre is not None and c.genre.value not in g.styles \
                and genre(c.genre.value) is g and not c.genre.value.endswith(f" {style}"):  # not "deep house" ... "house"
            c.genre = r.read(style, s, e)  # "rap français, genre trap sombre": the style is the more precise
        if VOCAL_RE.fullmatch(named):
            implied.append(r.read(True, s, e))
        r.mask(s, e)
