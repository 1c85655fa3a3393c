"""The patterns of a track count: a number before a track noun ("5-song", "three tracks"), a collective ("a
dozen songs"), a singular ("a lullaby"), sums, "x5", a count before a genre ("5 de reguetón"), a labelled count
("Tracks: 8") and the words that make a number name a track instead. The reader (planning/reader.py) applies them."""

from __future__ import annotations

import re

from agent.planning import lexicon as lx
from agent.planning.lengths import N

NOT_A_COUNT = (r"(?<![\w])(?:first|last|other|next|primer[oa]s|ultim[oa]s|premiers|premieres|derniers|dernieres|"
               r"ersten|letzten|anderen|primeir[oa]s|outr[oa]s|otr[oa]s|autres)")
COUNT = re.compile(rf"(?<![\w-])(?<![\w]')(?P<n>{lx.NUMBER})(?:[ \t]*-[ \t]*|[ \t]+)(?P<mid>(?:[\w&'-]+[ \t]+){{0,4}}?)"  # within a line
                   rf"(?P<noun>{lx.GENRE_PREFIX}?{lx.TRACK_NOUN}|{lx.COMPOUND_NOUN})(?![\w])")
COLLECTIVE = re.compile(rf"(?<![\w-])(?<!\bthe )(?<!\bla )(?<!\ble )(?<!\bdas )(?<!\bo )(?<!\bel ){lx.ARTICLE}?\s*(?P<w>{lx.COLLECTIVE_ALT})"  # not "the couple"
                        rf"(?:\s+(?:of|de|d'|von|des))?\s+(?P<mid>(?:[\w&'-]+\s+){{0,4}}?)"
                        rf"(?P<noun>{lx.TRACK_NOUN})(?![\w])")
SINGULAR = re.compile(rf"(?<![\w'-])(?P<art>an?|one|un|una|une|ein|eine|einen|um|uma|single)[ \t]+"  # not across a line
                      rf"(?P<mid>(?:[\w&'-]+[ \t]+){{0,5}}?)(?P<noun>{lx.GENRE_PREFIX}?{lx.TRACK_NOUN}|{lx.COMPOUND_NOUN})(?![\w])"
                      r"(?!\s*(?:#|n[o°º]\.?)?\s*\d)")  # "A faixa 6 é só instrumental" names a track
DOUBLE_SINGLE = re.compile(r"(?<![\w-])(?:doppel-?single|double[\s-]single|doble\s+sencillo|single\s+duplo|double[\s-]a[\s-]side)(?![\w])")
OF_THEM_COUNT = re.compile(rf"(?<![\w]){lx.TRACK_NOUN}(?![\w])[^.;:!?,]{{0,60}},\s*(?P<n>{lx.NUMBER})\s+"
                           r"(?:of them|de ellas|de ellos|d'entre eux|d'entre elles|davon|delas|deles)(?![\w])")
SINGLE_NOUN = re.compile(r"(?<![\w-])(?:an?|un|une|ein|eine|um|uma|one)\s+single(?![\w])|^single\b")
SUM = re.compile(rf"(?:\s+{lx.TRACK_NOUN})?(?:\s+[\w'&-]+){{0,4}}?\s*(?:\+|and|plus|y|et|und|e)\s+"
                 r"(?:(?:then|danach|dann|luego|despues|puis|ensuite|depois|entao)\s+)?"  # "4 Jingles ... und danach 1 Nachrichtenbett"
                 # "... und danach einen Ambient-Track": a noun may close a hyphenated compound
                 rf"(?P<n>{lx.NUMBER})(?=\s+(?:more\s+)?(?:[\w-]+\s+){{0,2}}?(?:\w+-)*(?P<noun>{lx.TRACK_NOUN}|{lx.COMPOUND_NOUN})(?![\w])"
                 rf"|\s+(?P<with>with|con|avec|mit|com)\s"
                 rf"|\s+(?:de|of|d')\s*(?P<genre>{lx.GENRE_PREFIX})(?![\w]))")  # "4 músicas de frevo e 1 de maracatu"
TIMES = re.compile(rf"(?<![\w-])(?:{lx.GENRE_PREFIX}?{lx.TRACK_NOUN}|{lx.GENRE_PREFIX})\s*[x×]\s*(?P<n>\d{{1,2}})(?![\w])"
                   rf"|(?<![\w.,])(?P<n2>\d{{1,2}})\s*[x×]\s*(?:(?:[\w&'-]+\s+){{0,3}}?{lx.TRACK_NOUN}|{lx.GENRE_PREFIX})(?![\w])")
# "jams x5", "5x tracks", "country x2", "3x chillhop"
# fallback: a number before a genre and any plural noun ("a couple of ambient drones", "five jazz standards")
GENRE_COUNT = re.compile(rf"(?<![\w'-])(?:{lx.ARTICLE}\s+)?(?:(?P<w>{lx.COLLECTIVE_ALT})|"
                         rf"(?P<n>{lx.NUMBER}))(?:\s+(?:of|de|d'|von))?\s+(?:[\w-]+\s+){{0,2}}?{lx.GENRE_PREFIX}"
                         # the genre ends its word, or is glued to a piece noun ("Rocksongs"): "5 rapidos" holds no "rap"
                         rf"(?:\s+|(?<=-)|(?={lx.TRACK_NOUN}(?![\w])))(?P<noun>[a-z]{{3,}}s)(?![\w])")
# a genre's name as the thing counted, its phrase ending there: "necesito 5 de reguetón, ...", "10 modão para a festa",
# "1 samba-enredo pra ensaio"
# (not "two ambient pads": a noun after the genre is what is counted)
GENRE_NOUN_COUNT = re.compile(rf"(?<![\w'.,:#-])(?P<n>{lx.NUMBER})\s+(?:(?:de|of|d')\s+)?{lx.GENRE_PREFIX}(?:-[a-z]+)*(?![\w])"
                              # more of the genre's names after it: "3 modão sertanejo raiz"
                              rf"(?:\s+(?:{lx.GENRE_PREFIX}|raiz|roots|trad|tradicional|traditional|classico|classic)(?![\w]))*"
                              r"(?=\s*(?:[,.;:!?)(]|$|(?:para|pra|pro|pros|for|pour|fur|zum|zur|to|con|com|with|avec|mit|e|y|and|et|"
                              r"und|ou|or|que|that|porque|because|bitte|please|por favor|s'il)(?![\w])))")
BARE_SINGULAR = re.compile(rf"(?<![\w-]){lx.GENRE_PREFIX}?(?:track|song|tune|piece|beat|banger|jam|ballad|lullaby|"
                           r"anthem|jingle|cancion|tema|morceau|titre|chanson|berceuse|lied|stuck|faixa|musica|"
                           r"cancao|intro|outro|interlude|jingle|toune|rola)(?![\w-])")
PIECE_LIST = re.compile(rf"(?<![\w-]){lx.PIECE_NOUN}(?:\s*,\s*(?:an?\s+|un\s+|une\s+|um\s+|uma\s+)?{lx.PIECE_NOUN})*\s*,?\s*(?:and|y|et|und|e|&|\+)\s+"
                        rf"(?:an?\s+|un\s+|une\s+|um\s+|uma\s+)?{lx.PIECE_NOUN}(?![\w-])")
# pieces before a count, each with a few words of its own: "intro theme (30 s), outro (45 s), and 4 stingers",
# "un générique de 20 secondes, puis 4 fonds musicaux"
PIECES_BEFORE = re.compile(rf"(?:(?<![\w-])(?:(?:an?|un|une|una|um|uma|ein|eine)\s+)?{lx.PIECE_NOUN}(?:\s+(?:[a-z]+|(?:de|of|von)\s+\d+\s+[a-z]+))?"
                           r"\s*(?:\([^()]*\))?\s*(?:,\s*(?:(?:and|y|et|und|e|then|puis|luego|despues|dann|danach|depois|ensuite)\s+)?|"
                           r"(?:and|y|et|und|e|\+|then|puis|luego|despues|dann|danach|depois|ensuite)\s+))+$")
# a count given as a setting: "Tracks: 8", "Número de canciones: 6", "Anzahl Stücke = 5", "Faixas - 7"
LABELLED_COUNT = re.compile(rf"(?<![\w])(?:(?:(?:number of|no\.? of|numero de|nombre de|anzahl(?: der)?|"
                            rf"quantidade de|cantidad de|n[o°º]\.? de)\s+|nb_|nb\s|num_|n_)?{lx.TRACK_NOUN}"
                            rf"|anzahl|nombre|numero|number|count|quantidade|cantidad)\s*[:=–-]\s*{N}(?![\w]|[.,]\d)"
                            rf"(?!\s*(?:{lx.BPM_UNIT}|{lx.MINUTES}|{lx.SECONDS}|{lx.HOURS}))")
# a word pointing at a piece already named: "that one instrumental" counts nothing
POINTED_BEFORE = re.compile(r"(?<![\w])(?:that|this|which|each|every|esa|ese|esta|este|cette|ce|cet|essa|esse)\s+$")
VAGUE = re.compile(rf"(?<![\w-])(?P<w>{lx.EP_WORDS}|album|albums|record|lp|mixtape|disque|disco|platte|set)(?![\w])")
# pieces each named with its own article, apart ("an intro of 20 s ... and also an outro, slower"): one track each
PIECES_APART = re.compile(rf"(?<![\w-])(?:an?|one|ein|eine|einen|un|une|una|um|uma)\s+(?:[\w-]+\s+)?(?P<p>{lx.PIECE_NOUN})(?![\w-])")
# a number alone in its comma-piece after an "about": "umas 10, sem ninguem cantando", "so ungefähr 8, ruhig"
ABOUT_ALONE = re.compile(r"(?:^|(?<=[,;:.!?]))\s*(?:(?:so|also|y|e|et|und|and)\s+)?(?:umas|uns|unos|unas|about|around|roughly|"
                         r"environ|une quinzaine|ungefahr|etwa|circa|ca|cerca de|mais ou menos|more or less|so)\s+(?P<n>\d{1,2})"
                         r"(?=\s*(?:[,;.!?)]|$))")
# "one alone" said as the count: "Quiero regalarles un bolero. Uno solo, romántico", "une seule, lente", "apenas uma"
ONE_ALONE = re.compile(r"(?<![\w])(?:uno solo|una sola|solo uno|solo una|un seul|une seule|"
                       r"apenas um|apenas uma|nur eins|nur eines)(?=\s*[,.;:!?)]|\s*$)")  # not "so um," (English filler)
# one piece of a genre, with its article and nothing counted after it: "a polka for grandma's 90th", "un bolero para
# mis papás" (not "a jazz album", "a bit of jazz")
SINGULAR_GENRE = re.compile(rf"(?<![\w'-])(?:an?|one|un|una|une|ein|eine|einen|um|uma)\s+(?:[\w-]+\s+)?{lx.GENRE_PREFIX}(?![\w-])"
                            r"(?=\s*(?:[,.;:!?)(]|$|(?:for|para|pra|pro|pour|fur|zum|zur|to|with|con|com|avec|mit|de|do|da|del|"
                            r"in|en|em|que|that|which)(?![\w])))")


def names_a_track_before(work: str, start: int) -> bool:
    """The words right before ``start`` name a track or a place, so the number there counts nothing
    ("the first two songs", "track 3", "#4")."""
    m = re.search(rf"(?:{NOT_A_COUNT}|(?<![\w]){lx.TRACK_NOUN}|#)\s*$", work[max(0, start - 12):start])  # not "maison 15"
    return bool(m) and m.group(0).strip() != "son"  # Spanish "son 6 temas" (they are 6), not French "son" (a track)


APPROXIMATE = re.compile(rf"(?<![\w])(?:{'|'.join(lx.APPROXIMATE_COLLECTIVES)})(?![\w])")


def approximate(said: str) -> bool:
    """The count is a collective that guesses ("a handful", "une vingtaine")."""
    return APPROXIMATE.search(said) is not None
# a number standing as a sentence of its own, or opening one before a comma: "... unos tangos pa' la radio. Cinco. Con
# bandoneón", "unas sevillanas. Cuatro, que van de cuatro en cuatro"
COUNT_ALONE = re.compile(rf"(?:^|(?<=[.!?]\s))\s*(?P<n>{lx.NUMBER})\s*(?=[.!?,;])")


def count_alone(work: str) -> list[tuple[int, int, int]]:
    """(start, end, count) of a number that is a sentence of its own after plural pieces (COUNT_ALONE), or nothing."""
    from engine.genres import genre_mentions
    for m in COUNT_ALONE.finditer(work):
        v = lx.number_value(m.group("n")) or 0
        before = work[max(0, work.rfind(".", 0, max(0, m.start() - 2)) + 1):m.start()]
        plural = any(work[e:e + 1] == "s" or work[s:e].endswith("s") for s, e, _ in genre_mentions(before))
        if float(v).is_integer() and 2 <= v <= 30 and (plural or re.search(rf"(?<![\w]){lx.TRACK_NOUN}(?<=s)(?![\w])", before)):
            return [(m.start(), m.end(), int(v))]
    return []

# a list said to replace what came before it: "Tá, deixa assim, lista final:", "here's the final tracklist", "neue Liste:"
FINAL_LIST = re.compile(r"(?<![\w])(?:(?:final|definitive|updated|new|revised) (?:list|tracklist|track list|version)|"
                        r"(?:lista|version) (?:final|definitiva|nueva|nova|actualizada|atualizada)|"
                        r"(?:liste|version) (?:finale|definitive|nouvelle)|nouvelle liste|"
                        r"(?:finale|neue|endgultige|aktualisierte) (?:liste|fassung|version|trackliste))(?![\w])")
