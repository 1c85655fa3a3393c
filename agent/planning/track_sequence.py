"""Tracks said in relation to other tracks: a track "the same as the opening but with a female singer"
repeats that track's wishes where it states none of its own, and a group of tracks "then" the next
group follows the one before it in order ("die ersten vier Balladen, dann vier Swing-Nummern, zum
Schluss vier Bossa-Nova-Stücke"). Both work on the segments planning/track_refs.py found.
"""

from __future__ import annotations

import re

from agent.planning import lexicon as lx
from agent.planning.constraints import Read
from agent.planning.place_words import SAME_AS_WORDS
from agent.planning.reader import Reader
from agent.planning.retract import _sentence_end
from agent.planning.track_refs import _REF, _refs

# "same as the opening but with a female singer": a track that repeats another, with what it changes
SAME_AS = re.compile(rf"(?<![\w]){SAME_AS_WORDS}\s+(?P<ref>{_REF})")


SAME_AGAIN = re.compile(r"\s*(?:the same|same again|same|igual|lo mismo|idem|pareil|la meme chose|le meme|gleich|genauso|"
                        r"dasselbe|o mesmo|a mesma|igualzinho)(?![\w])")


# "in the same style" with no track named: like the track said before it ("dazu ein Outro im gleichen Stil, aber langsam")
STYLE_OF = re.compile(rf"\s+(?:as|que|wie|como|comme|than)\s+(?P<ref>{_REF})")
SAME_STYLE = re.compile(r"(?<![\w])(?:in the same style|same style|same vibe|the same vibe|im gleichen stil|im selben stil|en el mismo estilo|"
                        r"del mismo estilo|mismo estilo|dans le meme style|du meme style|meme style|no mesmo estilo|do mesmo estilo|"
                        r"mesmo estilo)(?![\w])")


def repeats(r: Reader) -> None:
    """A track said to be the same as another takes that track's wishes where it states none of its own."""
    before = None
    for s, e, tracks in sorted(r.segments):
        m = SAME_STYLE.search(r.folded, s, e) if len(tracks) == 1 and not SAME_AS.search(r.folded, s, e) else None
        model = m and STYLE_OF.match(r.folded, m.end())  # "the same vibe as track 1" names its model
        refs = _refs(model.group("ref")) if model else [before] if m and before is not None else []
        if len(refs) == 1 and refs[0] != tracks[0]:
            r.c.track(tracks[0]).like = Read(value=refs[0], source=r.text[m.start():m.end()], start=m.start(), end=m.end())
        before = tracks[0] if len(tracks) == 1 else None
    for s, e, tracks in r.segments:
        m = SAME_AS.search(r.folded, s, e) if len(tracks) == 1 and tracks[0] > 0 else None
        refs = _refs(m.group("ref")) if m else []
        if m is None and len(tracks) == 1 and tracks[0] > 1:
            m = SAME_AGAIN.match(r.folded, s)  # "2. Igual pero a dúo": an item that opens with "the same" repeats the one before
            refs = [tracks[0] - 1] if m else []
        if len(refs) == 1 and refs[0] != tracks[0]:
            r.c.track(tracks[0]).like = Read(value=refs[0], source=r.text[m.start():m.end()], start=m.start(), end=m.end())


# a group of tracks that follows the one before it: "die ersten vier Balladen, dann vier Swing-Nummern, zum
# Schluss vier Bossa-Nova-Stücke", "the first two fast, then three slow ones"
NEXT_GROUP = re.compile(rf"(?:,\s*|\s+)(?:(?:and|y|et|und|e)\s+)?(?P<w>then|after that|luego|despues|puis|ensuite|dann|danach|"
                        rf"depois|(?P<last>finally|and finally|al final|por ultimo|para terminar|enfin|pour finir|"
                        rf"zum schluss|zum abschluss|am ende|por fim|no fim|to finish|to close))\s*,?\s+(?P<n>{lx.NUMBER})(?![\w])")


def sequence(r: Reader) -> None:
    """A reference to the first tracks goes on with the groups that follow it in order (NEXT_GROUP)."""
    out = []
    for s, e, tracks in r.segments:
        groups = [m for m in NEXT_GROUP.finditer(r.folded, s, e) if lx.number_value(m.group("n"))]
        if not groups or not tracks or tracks != list(range(tracks[0], tracks[-1] + 1)) or tracks[0] < 1:
            out.append((s, e, tracks))
            continue
        start, top = s, tracks[-1]
        for m in groups:
            out.append((start, m.start(), tracks))
            n = int(lx.number_value(m.group("n")) or 0)
            total = r.c.track_count.value if r.c.track_count else None
            first = total - n + 1 if m.group("last") and total else top + 1
            if total and not m.group("last") and first + n - 1 > total and top < n <= total:
                first, n = n, 1  # "tracks 3 and 4 mid tempo, then five slow again" (of six): track 5, not five more
            start, tracks, top = m.start("w"), list(range(first, first + n)), first + n - 1
        out.append((start, e, tracks))
    r.segments[:] = out


# a story told in order, one step a track: "first the entrance (...), then the first dance (...), then the cake (...)
# and at the end the party one", "Primero la entrada ... Luego el vals ... Después ... Y para cerrar ..."
_OPENER = (r"(?:first(?: of all)?|to (?:start|begin|open)|primero|primeramente|para (?:empezar|comenzar|abrir|arrancar)|"
           r"d'abord|tout d'abord|en premier|pour (?:commencer|ouvrir|debuter)|zuerst|zunachst|zu beginn|zum auftakt|"
           r"als erstes|primeiro|primeiramente|para (?:comecar|iniciar))")
_THEN = (r"(?:then|next|after that|afterwards|luego|despues|a continuacion|puis|ensuite|apres ca|dann|danach|anschliessend|"
         r"depois|em seguida|a seguir|depois disso)")
_CLOSER = (r"(?:finally|at the end|in the end|to (?:end|close|finish)|last of all|al final|para (?:cerrar|terminar|acabar|"
           r"fechar|encerrar)|por ultimo|finalmente|pour (?:finir|terminer|conclure)|enfin|a la fin|zum (?:schluss|abschluss)|"
           r"am ende|zuletzt|schliesslich|por fim|no final)")
STEP_MARK = re.compile(rf"(?:^|(?<=[.,;:!?\n(]))\s*(?:(?:and|y|et|und|e|pis)\s+)?(?:(?P<open>{_OPENER})|(?P<then>{_THEN})|"
                       rf"(?P<close>{_CLOSER}))(?![\w])")
STEP_PIECE = re.compile(r"\s*,?\s*(?:(?:the|a|an|one|el|la|lo|los|las|un|una|le|les|l'|une|der|die|das|den|ein|eine|einen|"
                        r"o|os|as|um|uma)(?![\w])|\d)")
# parallel sentences, one a track, each opening with what it is for: "Para la entrada ... / Para el primer baile ... /
# Para la salida ..."
PURPOSE_START = re.compile(r"(?:^|(?<=[.!?\n]))[\s*•-]*(?P<w>for|para|pour|fur|zum|zur)\s", re.M)


def told_in_order(r: Reader) -> None:
    """Steps of a story told in order ("first ..., then ..., at the end ...") or parallel sentences that each say
    what a track is for are the tracks, when there are as many as the brief counts and no step names another track."""
    n = r.c.track_count.value if r.c.track_count else 0
    if n < 2:
        return
    for starts in (_steps(r), *_parallel(r), *_named_by_use(r)):
        if len(starts) != n:
            continue
        ends = [*starts[1:], _sentence_end(r.folded, starts[-1])]
        spans = list(zip(starts, ends, strict=True))
        if any(not _agrees(tracks, spans, s, n) for s, e, tracks in r.segments if starts[0] <= s < ends[-1]):
            continue  # "Songs 1 to 5 ..., then 6 to 10 ...": the steps are named already
        r.segments[:] = [seg for seg in r.segments if not starts[0] <= seg[0] < ends[-1]]
        r.segments += [(s, e, [i]) for i, (s, e) in enumerate(spans, start=1)]
        return


def _steps(r: Reader) -> list[int]:
    marks = list(STEP_MARK.finditer(r.folded))
    first = next((k for k, m in enumerate(marks) if m.group("open")), None)
    if first is None:
        return []
    out, ends = [marks[first].start("open")], [marks[first].end()]
    for m in marks[first + 1:]:
        if m.group("open"):
            return []
        out.append(m.start("then") if m.group("then") else m.start("close"))
        ends.append(m.end())
        if m.group("close"):
            break
    # each step names a piece ("then the first dance", "luego el vals"), not a thing to do ("then add strings")
    return out if len(out) >= 2 and all(STEP_PIECE.match(r.folded, e) for e in ends) else []


# what a "For ..." sentence is about when it speaks of an aspect of the music, not of a track's purpose: "For vocals, a
# woman. For drums, just brushes."
ASPECT = re.compile(r"\s*(?:(?:the|la|el|le|les|los|las|l'|o|a|os|as|die|der|das|den)\s+)?(?P<w>[\w-]+)")


def _aspect(r: Reader, at: int) -> bool:
    m = ASPECT.match(r.folded, at)
    word = m.group("w") if m else ""
    return bool(re.fullmatch(rf"{lx.VOCAL_NOUN}|tempo|bpm|length|duration|lyrics|letras?|paroles|texte?|mood|style",
                             word)) or lx.instrument(word) is not None


def _parallel(r: Reader) -> list[list[int]]:
    # an aspect ("For vocals, ...") opens no run and ends the one before it
    found = [(m.start(), m.start("w"), None if _aspect(r, m.end()) else m.group("w")) for m in PURPOSE_START.finditer(r.folded)]
    return _runs(r, found, SENTENCE_GAP, 1)


def _runs(r: Reader, found: list[tuple[int, int, str | None]], gap: re.Pattern[str], most: int) -> list[list[int]]:
    """Starts (match start, piece start, key) that follow one another with the same key and at most ``most`` of ``gap``
    between them, in runs of two or more; a start whose key is None belongs to no run."""
    runs: list[list[int]] = []
    key = None
    for at, piece, k in found:
        if runs and k is not None and k == key and len(gap.findall(r.folded, runs[-1][-1], at)) <= most:
            runs[-1].append(piece)
        elif k is not None:
            runs.append([piece])
        key = k
    return [run for run in runs if len(run) >= 2]


SENTENCE_GAP = re.compile(r"[.!?\n]\s*\S")  # a sentence that ends and another that starts between two parallel ones
MARK = re.compile(r"[.!?\n]")


# pieces of one sentence named by what they are for: "El de la entrada con charango, el del medio cantado por un coro, y
# el de la salida instrumental", "the one for the vows ..., the one for the rings ..."
USE_ITEM = re.compile(r"(?:^|(?<=[,;:.!?\n]))\s*(?:(?:and|y|et|und|e|pis)\s+)?(?P<w>(?:the one|el|la|lo|o|a|celui|celle|der|die|das)"
                      r"\s+(?:for|de|del|de la|da|do|du|de l'|des|pour|para|fur|zum|zur)(?![\w]))")


def _named_by_use(r: Reader) -> list[list[int]]:
    return _runs(r, [(m.start(), m.start("w"), "") for m in USE_ITEM.finditer(r.folded)], MARK, 0)


def _agrees(tracks: list[int], spans: list[tuple[int, int]], start: int, n: int) -> bool:
    """A segment already read inside the steps names the track of the step it stands in ("y para cerrar": the last)."""
    k = next(i for i, (s, e) in enumerate(spans, start=1) if s <= start < e) if start < spans[-1][1] else 0
    return len(tracks) == 1 and tracks[0] in (k, k - n - 1)
