"""Pieces beside the counted tracks, and a count a follow-up changes ("drop the fifth one and add two more"). Added after the count: "plus a 15-second instrumental cutdown", "Zusätzlich: eine
10-Sekunden-Version", "E uma versão instrumental do mesmo", "plus a fourth, longer one": each is the next track, with
the words up to its clause's end. Listed around it: "intro theme (30 s), outro (45 s), and 4 short stingers", "intro
15s, 3 stings 5s each, outro 20s": each piece a track in the order written, with its own words."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from agent.planning import lexicon as lx
from agent.planning.constraints import Read
from agent.planning.length_scope import STOP_MID
from agent.planning.ordinals import ORD_ALT, ORDINALS
from agent.planning.piece_list import PIECE_ARTICLES, later_mentions

if TYPE_CHECKING:
    from agent.planning.reader import Reader

# one more piece after the ones counted: "plus a 15-second instrumental cutdown", "Zusätzlich: eine
# 10-Sekunden-Version", "E uma versão instrumental do mesmo", "plus a fourth, longer one"
_MORE_WORD = (r"(?:(?P<strong>plus|additionally|in addition|zusatzlich|ausserdem|ademas|en plus|alem disso|em adicao|"
              # a verb of adding: "et ajoutez un quatrième titre", "add a fifth, slower one", "añadid otra pieza"
              r"add|ajoutez|ajoute|rajoutez|rajoute|anade|anadan|anadid|agrega|agreguen|fugt|fuge|acrescente|acrescentem|"
              r"adicione|adicionem)|also|dazu|tambien|aussi|egalement|tambem)")
# "In addition, we require one instrumental offertory piece", "Además necesitamos una pieza para el ofertorio"
_WE_NEED = (r"(?:(?:we|i)\s+(?:also\s+)?(?:require|need|want|would like)|necesitamos|queremos|nous voulons|il nous faut|"
            r"wir brauchen|wir benotigen|precisamos|queremos)")
_ANOTHER = rf"(?:{lx.ARTICLE}|another|one more|otra|otro|une autre|un autre|noch eine|outra|outro)"
ADDITIONAL = re.compile(rf"(?:(?<![\w])(?:(?:and|y|et|und|e)\s+)?{_MORE_WORD}\s*[:,]?\s+(?:{_WE_NEED}\s+)?|(?:^|(?<=[.!?\n]))\s*(?:and|y|et|und|e)\s+)"
                        rf"(?:(?P<art>{_ANOTHER})\s+(?P<mid>(?:[\w&'-]+\s+){{0,4}}?)(?P<noun>(?:[\w&'-]+-)?{lx.TRACK_NOUN})"
                        rf"|(?:an?|un|une|una|ein|eine|um|uma)\s+(?P<ord>[a-z]+))(?![\w])")


# an order changed after its count, as a follow-up says it: "drop the fifth one and add two more at the end", "quitamos
# la última", "twice as many"
_DROP = (r"(?:drop|remove|lose|scrap|delete|take out|leave out|get rid of|quitamos|quitemos|quita|quiten|quitar|"
         r"saca|sacamos|saquen|elimina|eliminamos|eliminen|enleve|enlevez|enlever|supprime|supprimez|supprimer|retire|"
         r"retirez|streich|streicht|streichen|tira|tiramos|tirem|tirar|retira|retiramos|remova|removemos)")
DROPPED = re.compile(rf"(?:(?<![\w]){_DROP}\s+(?:(?:the|la|el|le|l'|o|a|den|die|das)\s*)?(?P<o>{ORD_ALT})(?:\s+(?:one|{lx.REF_NOUN}))?"
                     rf"(?![\w])|(?<![\w]){_DROP}\s+(?:{lx.REF_NOUN})\s*(?P<n>\d{{1,2}})(?![\w]))"
                     # not an edit of the track: "remove the drums from the second", "take out the fifth's intro"
                     r"(?!\s*(?:'s|from|de|du|des|del|da|do|aus|von)(?![\w]))")
MORE = re.compile(rf"(?<![\w])(?:add|adding|plus|anade|anadimos|agrega|agregamos|sumamos|ajoute|ajoutez|rajoute|rajoutez|"
                  rf"acrescenta|acrescentamos|adiciona|adicionamos|noch)\s+(?P<n>{lx.NUMBER})\s+(?:more|mas|de plus|mehr|mais|"
                  rf"weitere|extra|adicionales|adicionais|supplementaires)(?![\w])"
                  rf"(?!\s+(?:{lx.MINUTES}|{lx.SECONDS}|{lx.BPM_UNIT}|bars?|instruments?)(?![\w]))")  # not "add 2 more minutes"
# "que sean 6 en vez de 5", "make it 9 instead of 7": the count said again, with the one it replaces
INSTEAD_OF = re.compile(rf"(?<![\w])(?P<n>{lx.NUMBER})\s+(?:[\w-]+\s+)?(?:instead of|rather than|en vez de|en lugar de|au lieu de|"
                        rf"plutot que|statt|anstatt|anstelle von|em vez de|ao inves de|no lugar de)\s+(?P<old>{lx.NUMBER})(?![\w])")
TWICE = re.compile(r"(?<![\w])(?:twice as many|double the (?:tracks|songs|number)|el doble|deux fois plus|doppelt so viele|o dobro)"
                   r"(?![\w])(?!\s+(?:de|do|da|of|as|de la|du)\s+(?!(?:temas|canciones|faixas|musicas|tracks|songs|morceaux|titres)(?![\w])))")


TO_WORDS = {"to", "on", "a", "au", "zu", "auf", "sur", "em", "no", "na", "al"}  # "add a choir to track 2" adds no piece


def count_changes(r: Reader) -> None:
    """A count changed after it is said: tracks dropped by their place, more added, the order doubled."""
    base = r.c.track_count
    if base is None:
        return
    n = base.value
    for m in INSTEAD_OF.finditer(r.folded, base.end):
        if lx.number_value(m.group("old")) == base.value and (new := lx.number_value(m.group("n"))):
            n = int(new)
            r.mask(m.start(), m.end())
    for _ in TWICE.finditer(r.folded, base.end):
        n *= 2
    for m in MORE.finditer(r.folded, base.end):
        n += int(lx.number_value(m.group("n")) or 0)
    for m in DROPPED.finditer(r.folded, base.end):
        k = int(m.group("n")) if m.group("n") else ORDINALS[m.group("o")]
        if k and abs(k) <= base.value:
            n -= 1
            r.mask(m.start(), m.end())  # the track dropped takes no wish
    if n != base.value and 1 <= n:
        r.c.track_count = Read(value=n, source=base.source, start=base.start, end=base.end)


def additional_pieces(r: Reader) -> None:
    """Pieces added after the count (ADDITIONAL) are the next tracks, each with the words up to its clause's
    end; with no count, the brief's own piece comes first ("Länge: 30 Sek. Zusätzlich: eine 10-Sekunden-Version")."""
    count_changes(r)
    base = r.c.track_count
    n = base.value if base is not None else 1
    extra = []
    for m in ADDITIONAL.finditer(r.folded):  # on the folded text: the lengths inside it are read already
        if base is not None and m.end() <= base.start:
            continue  # only what comes after the count adds to it
        if base is not None and m.start() < base.end and m.end() > base.start:
            if not (m.group("strong") and base.value == 1):
                continue  # the counted piece itself ("Also a song about cats" counted as one)
            base, n = None, 1  # "Länge: 30 Sek. Zusätzlich: eine 10-Sekunden-Version": one piece, then another
        if m.group("ord") and ORDINALS.get(m.group("ord")) == n + len(extra) + 1:
            extra.append(m)  # "plus a fourth": track_refs reads it as that track
        elif m.group("noun") and not any(w in STOP_MID or w in TO_WORDS for w in m.group("mid").split()) \
                and r.text[m.start():m.start("art")].strip()[:1] not in ("É", "é"):  # Portuguese "É uma faixa só"
            extra.append(m)
    if not extra:
        return
    for k, m in enumerate(extra, start=n + 1):
        if m.group("noun"):
            stop = re.compile(r"[.;!?\n]").search(r.work, m.end())
            r.segments.append((m.start(), stop.start() if stop else len(r.work), [k]))
            r._mask_number(m.start("art"), m.start("art") + 3)
    r.own_count = n
    if base is None:
        r.c.track_count = r.read(n + len(extra), extra[0].start(), extra[0].end())
    else:  # the count keeps its own words: what follows them may list its tracks ("a pair of spots, one 30 s ...")
        r.c.track_count = Read(value=n + len(extra), source=base.source, start=base.start, end=base.end)


PIECE_AFTER = re.compile(rf"\s*,\s*(?:(?:and|y|et|und|e|\+)\s+)?(?P<p>(?:(?:an?|un|une|um|uma)\s+)?{lx.PIECE_NOUN}(?![\w-])[^,.;:!?\n]*)")
PIECE_WORDS = re.compile(rf"(?<![\w-]){lx.PIECE_NOUN}(?:\s+[a-z]+)?\s*(?:\([^()]*\))?")  # one piece with its own words


def pieces_around(r: Reader, pieces: re.Match, start: int, end: int, value: int) -> int:
    """The pieces listed before a count are its first tracks, in the order written, each with its own
    words ("intro theme (30 s)"); the counted ones follow with the words up to the clause's end
    ("4 short stingers of around 10 seconds each"). The count of all of them."""
    k = 0
    for p in PIECE_WORDS.finditer(r.work, pieces.start(), pieces.end()):
        k += 1
        r.segments.append((p.start(), p.end(), [k]))
        head = re.match(lx.PIECE_NOUN, r.folded[p.start():])
        later_mentions(r, head.group(0), end, [k], PIECE_ARTICLES)  # "le générique, lui, sera chanté"
    stop = re.compile(r"[,.;:!?\n]").search(r.work, end)
    at = stop.start() if stop else len(r.work)
    r.segments.append((start, at, list(range(k + 1, k + value + 1))))
    k += value
    while after := PIECE_AFTER.match(r.work, at):  # "intro 15s, 3 stings 5s each, outro 20s": the outro follows
        k += 1
        r.segments.append((after.start("p"), after.end(), [k]))
        at = after.end()
    return k
