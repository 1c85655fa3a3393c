"""Whose length a duration in a brief is: the album's ("a 20-minute album", "total runtime 40
minutes"), every track's ("4 minutes each"), the length of what the music is for ("a 12 min travel
vlog", only the album's when the music is split over it), or a plain length for the reader to place."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from agent.planning import lexicon as lx

if TYPE_CHECKING:
    from agent.planning.reader import Reader

# words between a length and an album noun that keep it from being the album's ("a 3-minute song for the album")
STOP_MID = {"the", "of", "with", "and", "for", "con", "avec", "mit", "com", "de", "y", "et", "und", "e", "in", "en",
            "on", "at", "para", "pour", "fur", "la", "el", "le", "les", "los", "las", "der", "die", "das", "o", "os",
            # a verb: "those two are instrumental", "1 and 3 are instrumental" say what tracks are, not how many
            "are", "is", "were", "be", "son", "sont", "sind", "sao", "est", "ist", "es", "estan", "estao",
            # "ein paar Tracks" is a few of them, not one ("ein Paar" is read as a pair apart)
            "paar"}


# the set as a whole said as its subject: "le tout", "das Ganze", "the whole thing", "it all", "o conjunto"
WHOLE_THING_WORDS = (r"le tout|l'ensemble|das ganze|alles zusammen|(?:the\s+)?whole thing|the lot|it all|all of it|el conjunto|"
                     r"todo junto|o conjunto|tudo junto")
WHOLE_THING = re.compile(rf"(?<![\w])(?:{WHOLE_THING_WORDS})(?![\w])")


def length_scope(r: Reader, start: int, end: int) -> str:
    """'total' when the length is the whole record's, 'each' when every track's, 'media' when it is the
    length of what the music is for and no track's, else 'plain'."""
    before, after = r.context(start, end, 32, 30)
    if re.search(rf"(?<![\w]){lx.EACH}(?:\s+[\w-]+)?(?:\s+(?:with|com|con|avec|mit|at))?(?:\s+{lx.ABOUT})?\s*$", before):
        return "each"  # "each no longer than 5 minutes - total runtime 40 minutes", "cada tema com mais ou menos 4 minutos"
    if re.search(rf"(?<![\w])(?:[a-z]+-?)?{lx.TRACK_NOUN}\s+(?:a|zu je|je)\s*$", before) and r.text[start - 2:start - 1] in ("à", "e", "j"):
        return "each"  # "8 Tracks à 6 Minuten", "zehn Stücke zu je 3 Minuten"
    before_album = re.match(rf"-?\s*((?:[\w&'-]+\s+){{0,2}}?){lx.ALBUM_NOUN}(?![\w])", after)
    if before_album and not re.search(rf"(?<![\w])(?:{lx.TRACK_NOUN}|{'|'.join(STOP_MID)})(?![\w])",
                                      before_album.group(1)):
        return "total"  # "a 20-minute album", "a 25-minute classical suite"
    if MEDIA_OF.search(before):
        return "total"  # "una sesión de hora y media: 6 piezas de 15 minutos": the session is what the music fills
    if re.search(rf"(?<![\w\d])(?:[2-9]|\d\d)\s+(?:[\w-]+\s+)?{lx.TRACK_NOUN}\s+(?:de|of|von|d'|da|do)\s*$", before):
        return "each"  # "15 vinhetas de 10 segundos pro podcast": the counted pieces' own length (not "1 jingle de 20s")
    if re.match(lx.MEDIA_AFTER, after) or _aside_of_media(r, start):  # "a 12 min travel vlog": the video's length,
        return "total" if re.search(lx.SPLIT_INTO, r.folded) else "media"  # the music's only if split
    each = re.search(rf"^\W*(?:long\s+)?{lx.EACH}(?![\w])", after[:22])
    if each:  # "20 seconds to 2 minutes each, total no more than 15 minutes": the each comes first
        r.mask(end, end + each.end())  # "each" belongs to the length
        return "each"
    from agent.planning.track_refs import _clause  # track_refs imports the reader, which imports this module

    sentence = r.folded[_clause(r, start, start)[0]:start]
    whole = re.search(r"(?<![\w])(?:the|this|our|my|la|le|el|das|die|o|a)\s+(?:whole|entire|complete)\s+(?P<noun>[\w-]+)", sentence)
    if whole and not re.fullmatch(r"(?:track|song|tune|piece|cue|number|titre|morceau|cancion|tema|stuck|lied|faixa|musica|"
                                  # people and places: "the whole room on its feet", "the whole class sings together"
                                  r"room|crowd|family|class|team|village|town|city|world|house|hall|barn|audience|"
                                  r"congregation|group|gang|school|office|company|street|neighbourhood|neighborhood)",
                                  whole.group("noun")) \
            and not re.search(rf"(?<![\w]){lx.TRACK_NOUN}(?![\w])", sentence[whole.end():]):
        return "total"  # "the whole loop, though, must be exactly 20 minutes"
    if re.search(rf"(?<![\w]){lx.ALBUM_NOUN}\s+(?:inteiro|entero|entier|completo|complet|todo|tout)(?![\w])|(?<![\w])das ganze "
                 rf"{lx.ALBUM_NOUN}", sentence):
        return "total"  # "o álbum inteiro não pode passar de 10 min", "el disco entero", "das ganze Album"
    if WHOLE_THING.search(sentence):
        return "total"  # "et le tout ne doit pas dépasser 10 minutes", "the whole thing has to be exactly 20 minutes"
    if re.search(lx.TOTAL, after[:18]) \
            or _album_of(before) \
            or _total_before(before) \
            or re.match(r"\s*(?:long\s+)?(?:of|de|d'|an)\s", after) and not r.segment_at(start):  # "half an hour of
        return "total"  # ambient music"; in a list's line, its track's: "Q1 house lights down - 30 secs of ragtime"
    if re.search(rf"(?<![\w]){lx.EACH}\s*$", before):
        return "each"
    return "plain"


MEDIA_NOUN = re.compile(lx.MEDIA_AFTER.removeprefix(r"-?\s*"))
# what the music is for, then "of" and its length, as Romance languages say it: "una sesión de hora y media"
MEDIA_OF = re.compile(r"(?<![\w])(?:sesion|sessao|seance|session|clase|cours|aula|class|workshop|taller|atelier|"
                      r"espectaculo|spectacle|espetaculo|pelicula|film|filme|video|podcast|episodio|episode)\s+(?:de|d'|of|von)\s*$")


def _aside_of_media(r: Reader, start: int) -> bool:
    """A length in brackets after the name of what the music is for: 'meu curta se chama "Maré Baixa" (12 min,
    ...)', 'our podcast (45-minute episodes)'."""
    opened = r.folded.rfind("(", max(0, start - 30), start)
    if opened < 0 or r.folded[opened + 1:start].strip():
        return False  # the length opens the brackets
    noun = list(MEDIA_NOUN.finditer(r.folded, max(0, opened - 50), opened))
    between = r.folded[noun[-1].end():opened] if noun else ":"
    return not re.search(r"[:;,.]", between) and len(between.split()) <= 6  # "a podcast: intro theme (30 s)" is the intro's


def totalled(work: str, start: int, end: int) -> bool:
    """A count said to be the total: 'five pieces total', 'insgesamt sieben Stücke'."""
    return bool(re.match(rf"\s*(?:{lx.TOTAL})(?![\w])", work[end:end + 16])
                or re.search(rf"(?<![\w])(?:{lx.TOTAL})\s*$", work[max(0, start - 16):start])
                or re.search(rf"(?<![\w])(?:{SO_THATS})\s*[:,]?\s*$", work[max(0, start - 24):start]))


# a count restated after the groups that make it: "3 tandas de 3 tangos cada una, o sea 9 temas", "that is 9 tracks"
SO_THATS = (r"o sea|es decir|osea|that is|that's|i\.?e\.?|so|soit|c'est-a-dire|cest-a-dire|ca fait|das hei(?:ss|ß)t|d\.\s?h\.|"
            r"also|ou seja|quer dizer|ou melhor dizendo|makes|macht|da(?:n)? (?:un total de|umas?)")


def _total_before(before: str) -> bool:
    """'total of', 'total runtime roughly', 'durée totale', 'Gesamtlänge etwa': a total names
    the length up to three words before it, unless a track or 'each' comes between."""
    m = re.search(lx.TOTAL + r"\w*(?P<mid>(?:[\s:=,-]+[^\W\d]+){0,3}?)[\s:='~-]*$", before)  # "durée totale d'environ"
    return bool(m) and not re.search(rf"(?<![\w])(?:{lx.TRACK_NOUN}|{lx.EACH})(?![\w])", m.group("mid"))


def _album_of(before: str) -> bool:
    """'um álbum de MPB de 35 minutos', 'an album lasting 40 minutes': the album's length."""
    m = re.search(rf"(?<![\w]){lx.ALBUM_NOUN}\s+((?:[\w&'-]+\s+){{0,3}}?)(?:of|de|von|lasting|que dure|mit|com|con|avec|"
                  rf"with|runs?|running|lasts?|dure|durar|dauern|dauert|durer|be|is|sein|ser|etre)"
                  rf"(?:\s+(?:an?\s+)?(?:full|good|solid))?"
                  rf"\s*$", before)  # "the album has to run a full 40 minutes"
    return bool(m) and not re.search(rf"\d|(?<![\w]){lx.TRACK_NOUN}(?![\w])", m.group(1))
