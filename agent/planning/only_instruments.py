"""Instruments a brief gives to some tracks alone: "accordéon sur les titres 2 et 4 uniquement" (the
other tracks have none), "the interlude is just percussion" (that track has none of the album's other
instruments). Read after the tracks are placed: each becomes an exclusion on the tracks it leaves out."""

from __future__ import annotations

import re

from agent.planning.constraints import Read, TrackConstraints
from agent.planning.quantifiers import ONLY
from agent.planning.reader import Reader
from engine.genres import fold

_ART = r"(?:(?:the|la|el|le|les|los|las|die|der|den|dem|o|a|os|as|de|d'|des|du|da|do)\s+)"
_PREP = r"(?:(?:on|in|for|sur|pour|en|para|em|no|na|nos|nas|auf|bei|in)\s+)"
# "only on tracks 2 and 4", "uniquement sur les titres 2 et 4", "nur auf Track 2"
ONLY_BEFORE = re.compile(rf"(?<![\w]){ONLY}\s+{_PREP}?{_ART}?$")
ONLY_AFTER = re.compile(rf"\s*,?\s*{ONLY}(?![\w])")
# "just piano", "só percussão", "nur Klavier", "rien que du piano": the words just before an instrument
ALONE_BEFORE = re.compile(rf"(?<![\w])(?:{ONLY}|rien que|nothing but|nada mas que|nada alem de)\s+{_ART}?$")


# "sax on all but the third", "Tenorsax auf allen außer dem dritten", "violão em todas, menos na 4": what stands
# before the reference, after the instrument
ALL_BUT = re.compile(r"(?:on|in|auf|bei|en|em|sur)\s+(?:all|every|each|allen|jedem|todos|todas|tous|toutes)(?:\s+(?:of them|"
                     r"the tracks|the songs|tracks?|songs?|stucken|titeln|tracks|os temas|as faixas|les titres|les morceaux|"
                     r"las canciones|los temas|temas|canciones|faixas|titres|morceaux))?\s*,?\s*(?:but|except|save|apart from|"
                     rf"ausser|auser|salvo|menos|excepto|sauf|exceto)\s+(?:(?:in|on|en|em|na|no|auf|bei|sur)\s+)?{_ART}?$")


def _ref_spans(r: Reader, t: TrackConstraints) -> list[tuple[int, int]]:
    """Where the words that named track ``t`` stand."""
    return [(m.start(), m.end()) for m in re.finditer(re.escape(fold(t.ref)), r.folded)] if t.ref else []


def _ref_span(r: Reader, t: TrackConstraints, near: int) -> tuple[int, int] | None:
    """The occurrence of the words that named track ``t`` nearest to ``near``."""
    spans = _ref_spans(r, t)
    return min(spans, key=lambda s: abs(s[0] - near)) if spans else None


def only_instruments(r: Reader) -> None:
    """Exclusions for the tracks an "only" leaves out (see the module docstring)."""
    c = r.c
    album = {x.value for x in c.instruments}
    n = c.track_count.value if c.track_count else None
    given: dict[str, set[int]] = {}  # instrument -> the tracks an "only" gives it to
    for t in c.tracks:
        if t.index <= 0:
            continue
        for x in t.instruments:
            span = _ref_span(r, t, x.start)
            if span and (ONLY_AFTER.match(r.folded, span[1]) or ONLY_BEFORE.search(r.folded, max(0, span[0] - 30), span[0])) \
                    and x.value not in album:
                given.setdefault(x.value, set()).add(t.index)
        but = next((b for a, _ in _ref_spans(r, t) if (b := ALL_BUT.search(r.folded, max(0, a - 80), a))), None)
        if but:  # the instruments just before "on all but ...": every track but this one has them
            piece = r.after_last(",;.:\n", but.start())  # its comma-piece: "Klavier, Sax auf allen"
            near = [x for x in c.instruments if piece <= x.start and x.end <= but.start() + 1]
            t.excluded += [x for x in near if x.value not in {e.value for e in t.excluded + t.instruments}]
        alone = [x for x in t.instruments if ALONE_BEFORE.search(r.folded, max(0, x.start - 24), x.start)]
        if alone:  # "the fourth is just piano": none of the album's other instruments
            own = {x.value for x in t.instruments}
            t.excluded += [r.read(v, alone[0].start, alone[0].end) for v in sorted(album - own)
                           if v not in {e.value for e in t.excluded}]
    if n is None:
        return
    for value, tracks in given.items():
        for i in range(1, n + 1):
            t = c.track(i) if i not in tracks else None
            if t is not None and value not in {x.value for x in t.instruments + t.excluded}:
                source = next(x for tt in c.tracks for x in tt.instruments if x.value == value)
                t.excluded.append(Read(value=value, source=source.source, start=source.start, end=source.end))
