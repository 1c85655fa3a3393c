"""The brief reader: free text in five languages -> BriefConstraints, each with its source words.

A table of tracks is first written as a numbered list (planning/tables.py). Then it reads in
passes over a folded copy of the text (lower case, accents removed, same length, so every
span points into the original). Each pass masks what it used, so a later pass never reads
the same words twice: clock times, dates and prices first (planning/everyday.py), then
numbers with units (bpm; lengths with their ranges, bounds and lists: planning/lengths.py),
then track counts, then the parts of
the brief that speak of one track (planning/track_refs.py), then words (genre, tempo
words, vocals, voices, instruments, moods, languages). What is left over and looks
like a number is reported as unused.
"""

from __future__ import annotations

import re
import unicodedata

from agent.planning import count_patterns as cp
from agent.planning import lexicon as lx
from agent.planning.constraints import Ambiguity, BriefConstraints, Read, TrackConstraints, Unused
from agent.planning.length_scope import STOP_MID, totalled
from agent.planning.lengths import LIST_OF_TWO, N2, N, durations
from agent.planning.per_noun import per_noun_count
from agent.planning.sides import side_count
from agent.planning.tidy import tidy
from agent.plans import MAX_TRACKS
from engine.genres import genre_mentions, style_of

BPM_RANGE = re.compile(rf"(?:{lx.BETWEEN}\s+)?(?<!['’:]){N}\s*(?:{lx.BPM_UNIT}\s*)?(?:{lx.RANGE_JOIN})\s*{N2}\s*{lx.BPM_UNIT}")
BPM_RANGE_AFTER = re.compile(rf"{lx.BPM_UNIT}\s*[:=]?\s*{N}\s*(?:-|–|to|a|bis)\s*{N2}(?![\w]|[.,]\d)")  # "BPM 85-90"
BPM_LIST = re.compile(rf"(?P<list>{lx.NUMBER}(?:\s*,\s*{lx.NUMBER})+\s*,?\s*(?:and|y|et|und|e|&)\s+{lx.NUMBER})"
                      rf"\s*{lx.BPM_UNIT}")
BPM_ONE = re.compile(rf"(?:(?P<about>{lx.ABOUT})\s+)?{N}(?:-?ish)?\s*-?\s*{lx.BPM_UNIT}|{lx.BPM_UNIT}\s*[:=]?\s*{N2}(?![ \t]*\w)")
def fold_keep_length(text: str) -> str:
    """Lower case without accents, one character for one character (positions stay valid)."""
    out = []
    for ch in text:
        low = ch.lower() if len(ch.lower()) == 1 else ch  # "İ" lowers to two characters
        if low == "ß":  # one "s", so a second fold (engine.genres.fold: ß -> ss) keeps every position ("Grüß Gott")
            out.append("s")
            continue
        base = unicodedata.normalize("NFKD", low)
        base = "".join(c for c in base if not unicodedata.combining(c))
        out.append(base if len(base) == 1 else low)
    return "".join(out)


class Reader:
    """One reading of one brief; ``read()`` returns the constraints."""

    def __init__(self, text: str, reply_to: int | None = None) -> None:
        self.text = text
        self.reply_to = reply_to  # the count of the message this brief replies to (planning/replies.py)
        self.folded = fold_keep_length(text)
        self.work = self.folded  # masked as passes consume words
        self.c = BriefConstraints()
        self.positioned: list[tuple[int, str, Read]] = []  # (position, field, value) placed into tracks later
        self.segments: list[tuple[int, int, list[int]]] = []  # (start, end, track indices) of per-track words
        self.listed: bool | None = None  # the track count is a numbered list's length (planning/tracklist.py)
        self.tracklist = False  # the count came from a numbered list: bare numbers name its tracks
        self.skip = False  # set by a consumer of finditer: leave the match unmasked for later passes
        self.own_count: int | None = None  # the tracks the count's own words name, before pieces added after it

    def segment_at(self, pos: int) -> list[int]:
        """The tracks the words at ``pos`` speak of ([] = the album)."""
        for start, end, tracks in self.segments:
            if start <= pos < end:
                return tracks
        return []

    # -- helpers ---------------------------------------------------------------------------------
    def read(self, value, start: int, end: int) -> Read:
        return Read(value=value, source=self.text[start:end].strip(), start=start, end=end)

    def after_last(self, marks: str, pos: int) -> int:
        """Where the text after the last of ``marks`` (single characters) before ``pos`` starts; 0 when there is none."""
        return max(self.folded.rfind(ch, 0, pos) for ch in marks) + 1

    def mask(self, start: int, end: int) -> None:
        self.work = self.work[:start] + " " * (end - start) + self.work[end:]

    def finditer(self, pattern: re.Pattern[str]):
        """Matches in the unmasked text, masking each one as it is taken."""
        for m in list(pattern.finditer(self.work)):
            if self.work[m.start():m.end()].strip() != self.folded[m.start():m.end()].strip():
                continue  # overlaps words an earlier pass used
            self.skip = False
            yield m
            if not self.skip:  # the consumer may refuse a match ("twenty-five" is not a range 20-5)
                self.mask(m.start(), m.end())

    def context(self, start: int, end: int, before: int = 28, after: int = 28) -> tuple[str, str]:
        return self.folded[max(0, start - before):start], self.folded[end:end + after]

    # -- numbers with units ------------------------------------------------------------------------
    def tempos(self) -> None:
        for m in self.finditer(BPM_LIST):
            found = [(x, int(lx.number_value(x.group("n")) or 0)) for x in lx.NUMBER_RE.finditer(m.group("list"))]
            # "tracks 1 et 3, 120 and 150 bpm": a number no tempo can be belongs to the words before
            kept = [(x, v) for x, v in found if 30 <= v <= 300]
            start = m.start("list") + kept[0][0].start() if kept else m.start()
            if len(kept) >= 2:
                self.positioned.append((start, "bpm_list", self.read([v for _, v in kept], start, m.end())))
            elif kept:
                self.positioned.append((start, "bpm", self.read(kept[0][1], start, m.end())))
        for m in self.finditer(BPM_RANGE_AFTER):
            lo, hi = (int(lx.number_value(m.group(g)) or 0) for g in ("n", "n2"))
            if 30 <= lo < hi <= 300:
                self.positioned.append((m.start(), "bpm_range", self.read((lo, hi), m.start(), m.end())))
            else:
                self.skip = True
        for m in self.finditer(BPM_RANGE):
            lo, hi = (int(lx.number_value(m.group(g)) or 0) for g in ("n", "n2"))
            one = BPM_ONE.fullmatch(m.group(0))
            if lo > hi and one and (lx.number_value(one.group("n") or "") or 0) > lo:
                self.skip = True  # "cento e quarenta bpm" is one tempo, not 100 and 40
                continue
            if LIST_OF_TWO.search(m.group(0)) and not re.match(lx.BETWEEN, m.group(0)) and 30 <= min(lo, hi) \
                    and max(lo, hi) <= 300:
                self.positioned.append((m.start(), "bpm_list", self.read([lo, hi], m.start(), m.end())))
            elif 30 <= lo < hi <= 300:
                self.positioned.append((m.start(), "bpm_range", self.read((lo, hi), m.start(), m.end())))
            else:
                self.skip = True
        for m in self.finditer(BPM_ONE):
            value = int(round(lx.number_value(m.group("n") or m.group("n2")) or 0))
            if 30 <= value <= 300:
                self.positioned.append((m.start(), "bpm", self.read(value, m.start(), m.end())))

    # -- counts ------------------------------------------------------------------------------------
    def counts(self) -> None:
        from agent.planning.additional import additional_pieces

        """The track count: a numbered tracklist's length, unless the words ask for more tracks than it
        lists ("12 tracks: 1. intro ..."); asking for fewer is a contradiction ("a 3-track album: 1. ... 5. ...")."""
        listed, self.listed = (self.c.track_count if self.listed else None), None
        if self.c.track_count is not None and listed is None:  # given in place of words taken back (planning/retract.py)
            return
        self.c.track_count = None
        self._counts()
        self.c.track_count = side_count(self.text, self.folded) or self.c.track_count  # "side A 4 cuts, side B 4 cuts"
        self.c.track_count = per_noun_count(self.text, self.folded, self.c.track_count) or self.c.track_count  # "12 rooms, one per room"
        said = self.c.track_count
        if said is not None and listed is not None and (said.value < 2 or listed.start <= said.start < listed.end
                                                         or cp.FINAL_LIST.search(self.folded, said.end, listed.start)):
            said = None  # "un son cubano" in an item, a bare "Intro"; a list said to be the final one ("lista final:")
        if listed is not None and (said is None or said.value <= listed.value):
            if said is not None and said.value < listed.value:
                self.c.conflicts.append(f"the brief asks for {said.value} tracks ('{said.source}') but lists "
                                        f"{listed.value}")
            self.c.track_count = listed
            self.tracklist = True
        if listed is None:
            additional_pieces(self)  # "plus a 15-second cutdown" (planning/additional.py)

    def _counts(self) -> None:
        from agent.planning.additional import pieces_around
        from agent.planning.piece_list import piece_list
        from agent.planning.replies import count_in_reply

        labelled = next((m for m in cp.LABELLED_COUNT.finditer(self.work)  # "Tracks: 8", "Anzahl Stücke: 5"; not
                         if not re.search(rf"{lx.NUMBER}\s*$", self.work[:m.start()])  # "5 tracks: one fast, ..."
                         and re.match(r"\s*(?:[,.;:!?)\n]|$|[A-ZÀ-Ý])", self.text[m.end():])), None)
        if labelled and (lx.number_value(labelled.group("n")) or 0).is_integer():
            self.c.track_count = self.read(int(lx.number_value(labelled.group("n")) or 0), labelled.start(), labelled.end())
            self._mask_number(labelled.start("n"), labelled.end("n"))
            return
        found: list[tuple[int, int, int]] = []
        starts = sorted({m.start() for m in re.finditer(r"(?<![\w-])(?<![\w]')[\w]", self.work)})
        mentions = genre_mentions(self.work)
        spans = [(s, e) for s, e, _ in mentions]  # "two one drop tunes": "one drop" is a style
        styled = {s for s, _ in spans}
        for pattern in (cp.COUNT, cp.COLLECTIVE):
            for m in filter(None, (pattern.match(self.work, s) for s in starts if s not in styled)):
                mid = m.group("mid").split()
                dozens = lx.DOZENS.get(mid[0], 1) if pattern is cp.COUNT and mid else 1
                if dozens > 1:  # "two dozen tracks", "deux douzaines de titres"
                    mid = mid[2:] if mid[1:2] in (["of"], ["de"], ["d'"]) else mid[1:]
                at = m.start("mid")
                numbers = [w for w in re.finditer(r"\S+", m.group("mid")) if lx.NUMBER_RE.fullmatch(w.group(0))
                           and not any(a <= at + w.start() < b for a, b in spans)]
                trimmed = len(m.group("mid").split()) - len(mid)  # "two dozen (of) tracks": the dozen's words
                words = [w for w in list(re.finditer(r"\S+", m.group("mid")))[trimmed:]
                         if not any(a <= at + w.start() < b for a, b in spans)]
                if numbers or any(w.group(0) in STOP_MID for w in words):  # "7 hype drum and bass tracks" counts 7
                    continue
                before = self.work[max(0, m.start() - 12):m.start()]
                if pattern is cp.COUNT and (cp.names_a_track_before(self.work, m.start()) or cp.POINTED_BEFORE.search(before)
                                         and lx.number_value(m.group("n")) == 1):
                    continue  # "the first two songs", "track 3", "that one instrumental"
                if pattern is cp.COUNT and re.search(rf"(?<![\w]){lx.NUMBER}\s+(?:of|de|d'|von|dos|das)\s*$", before):
                    continue  # "vocals on 3 of the 8 songs" is not a count of tracks
                word = m.group("n") if pattern is cp.COUNT else m.group("w")
                if pattern is cp.COLLECTIVE and word in ("par", "paar") and not re.match(lx.ARTICLE, m.group(0)):
                    continue  # "3 min par titre" is French "per"; the pair is "un par de", "ein Paar"
                if word == "paar" and self.text[m.start("w"):m.end("w")] == "paar":
                    continue  # German writes the pair "ein Paar"; "ein paar Tracks" is a few of them
                value = lx.COLLECTIVE.get(word) if pattern is cp.COLLECTIVE else lx.number_value(word)
                value = value and value * dozens
                if value and float(value).is_integer() and 1 <= value <= 99:
                    found.append((m.start(), m.end(), int(value)))
        for s, e, _ in mentions:  # "7 tangos", "6 fados tradicionais", "10 Schlager"
            n = re.search(rf"(?<![\w'.,-])(?:(?P<n>{lx.NUMBER})|(?:{lx.ARTICLE}\s+)?(?P<w>{lx.COLLECTIVE_ALT})"
                          rf"(?:\s+(?:of|de|d'|von))?)\s+$", self.work[max(0, s - 24):s])  # "un par de rancheras"
            value = (lx.COLLECTIVE[n.group("w")] if n.group("w") else lx.number_value(n.group("n"))) if n else None
            # the genre's name is the counted noun: a plural ("tangos"), or the phrase ends with it ("10 Schlager
            # zum Mitsingen"); "two jazz vocalists" count vocalists
            plural = self.work[s:e].endswith("s") or re.match(r"e?s(?![\w])", self.work[e:])
            noun = plural or re.match(r"\s*(?:[,.;:!?)(]|$|(?:zum|zur|fur|for|para|pour|to|with|"
                                                              r"con|com|avec|mit|in|en|em|de|do|da|del)(?![\w]))", self.work[e:])
            if value and float(value).is_integer() and 2 <= value <= 99 and noun:
                found.append((s - len(n.group(0)), e, int(value)))
        for m in cp.TIMES.finditer(self.work):
            found.append((m.start(), m.end(), int(m.group("n") or m.group("n2"))))
        found += [(m.start(), m.end(), 2) for m in cp.DOUBLE_SINGLE.finditer(self.work)]  # "eine Doppel-Single"
        for m in cp.OF_THEM_COUNT.finditer(self.work):  # "Bollywood-style songs for a wedding, 7 of them"
            found.append((m.start("n"), m.end(), int(lx.number_value(m.group("n")) or 0)))
        # "a song with two jazz vocalists" counts a song; "except trk 4" names a track and counts nothing
        # ("all instrumental" is an adjective)
        named = any(m.group(0) != "instrumental" for m in re.finditer(  # "o beat", "the song": one the brief counted
            rf"(?<![\w])(?<!\bo )(?<!\bthe ){lx.TRACK_NOUN}(?![\w])(?!\s*(?:#|n[o°º]\.?|nr\.?)?\s*\d)", self.work))
        if not found and not named:
            for m in cp.GENRE_COUNT.finditer(self.work):
                noun = m.group("noun")
                if noun in lx.INSTRUMENTS or re.fullmatch(rf"{lx.MINUTES}|{lx.SECONDS}|{lx.HOURS}|{lx.VOCAL_NOUN}|"
                                                          rf"{lx.BPM_UNIT}|years|decades", noun):
                    continue  # "two ambient pads", "three jazz minutes" count no tracks
                value = lx.COLLECTIVE.get(m.group("w")) if m.group("w") else lx.number_value(m.group("n"))
                if value and float(value).is_integer() and 1 <= value <= 99:
                    found.append((m.start(), m.end(), int(value)))
        if not found and not named:  # a genre's name as the thing counted: "necesito 5 de reguetón", "10 modão sertanejo"
            found += [(m.start(), m.end(), int(v)) for m in cp.GENRE_NOUN_COUNT.finditer(self.work)
                      if (v := lx.number_value(m.group("n")) or 0) and float(v).is_integer() and 1 <= v <= 30]
        if not found:  # "quiero unos tangos pa' la radio. Cinco. Con bandoneón": a number that is a sentence of its own
            found += cp.count_alone(self.work)
        if found:
            # a count said to be the total first ("three loops and a boss track, so five pieces total"), a number over "a",
            # an exact number over a guess ("a handful of songs ... 5 songs")
            start, end, value = min(found, key=lambda f: (not totalled(self.work, f[0], f[1]), f[2] == 1,
                                                          cp.approximate(self.work[f[0]:f[1]]), f[0]))
            listed = piece_list(self, start, end)
            pieces = None if listed else cp.PIECES_BEFORE.search(self.work, max(0, self.work.rfind(".", 0, start) + 1), start)
            if pieces:  # "intro theme (30 s), outro (45 s), and 4 short stingers": one track per piece, and the 4
                value, start = pieces_around(self, pieces, start, end, value), pieces.start()
            if listed is not None:  # "a main menu loop, three dungeon themes, two boss fights, a shop theme and the credits"
                value, start, end = listed
            if value > MAX_TRACKS:
                self.c.notes.append(f"{value} tracks is more than the {MAX_TRACKS} an album may have")
            more = cp.SUM.match(self.work, end)  # "5 songs and 2 interludes", "2 instrumental tracks and 2 with vocals"
            contrast = more is not None and more.group("with") and re.search(lx.INSTRUMENTAL, self.work[start:end + 20])
            named_more = more is not None and (more.group("noun") or more.group("genre"))
            if more and (named_more or contrast) and (lx.number_value(more.group("n")) or 0).is_integer():
                self.c.track_count = self.read(value + int(lx.number_value(more.group("n")) or 0), start,
                                               more.end("n"))
                self._mask_number(start, end)
                if named_more:  # "... and 2 with vocals" is read again as the sung tracks
                    self._mask_number(more.start("n"), more.end("n"))
                    # each group's words are its tracks': "4 Jingles à 10 Sekunden und danach 1 Nachrichtenbett mit 2 Minuten"
                    stop = re.compile(r"[,.;:!?\n]").search(self.work, more.end("n"))
                    added = int(lx.number_value(more.group("n")) or 0)
                    groups = [(start, more.start("n"), list(range(1, value + 1))),
                              (more.start("n"), stop.start() if stop else len(self.work),
                               list(range(value + 1, value + added + 1)))]
                    self.segments += groups
                    # each group named again by its genre speaks of its tracks: "4 músicas de frevo e 1 de maracatu ... O
                    # maracatu mais lento", "einen DnB-Track und danach einen Ambient-Track. The DnB one ..."
                    from agent.planning.piece_list import later_genre_mentions
                    styles = [(tracks, style_of(self.folded[a + x[0]:a + x[1]]) or x[2].name)
                              for a, b, tracks in groups for x in genre_mentions(self.folded[a:b])[:1]]
                    later_genre_mentions(self, groups[-1][1], styles)
                return
            self.c.track_count = self.read(value, start, end)
            self._mask_number(start, end)
            return
        if self.reply_to is not None and count_in_reply(self):
            return
        if alone := cp.ONE_ALONE.search(self.work):
            self.c.track_count = self.read(1, alone.start(), alone.end())
            return
        if (about := cp.ABOUT_ALONE.search(self.work)) and 2 <= int(about.group("n")) <= 30 and lx.MUSIC_WORD.search(self.folded):
            self.c.track_count = self.read(int(about.group("n")), about.start(), about.end())  # "umas 10, sem ninguem ..."
            return
        apart = list(cp.PIECES_APART.finditer(self.work))  # "ein Intro, max 20 Sekunden ... dazu ein Outro, 30 Sek.": two
        if len({x.group("p") for x in apart}) == len(apart) >= 2:
            self.c.track_count = self.read(len(apart), apart[0].start(), apart[-1].end())
            return
        m = cp.SINGLE_NOUN.search(self.work) or cp.SINGULAR.search(self.work)
        if m and not (m.re is cp.SINGULAR and any(w in STOP_MID for w in m.group("mid").split())) \
                and not cp.POINTED_BEFORE.search(self.work[max(0, m.start() - 12):m.start()]):
            self.c.track_count = self.read(1, m.start(), m.end())
            self._mask_number(m.start(), m.end())
            return
        pieces = cp.PIECE_LIST.search(self.work)
        if pieces:  # "a podcast intro and outro", "intro, interlude and outro": one track per piece
            n = len(re.findall(lx.PIECE_NOUN, pieces.group(0)))
            self.c.track_count = self.read(n, pieces.start(), pieces.end())
            return
        bare = cp.BARE_SINGULAR.search(self.work)
        labels = re.search(rf"(?<![\w]){lx.TRACK_NOUN}\s*(?:#|n[o°º]\.?)?\s*{lx.NUMBER}(?![\w])", self.work)  # "faixa dois:"
        if bare and not cp.VAGUE.search(self.work) and not labels \
                and not re.search(rf"(?<![\w]){lx.TRACK_NOUN}(?<=s)(?![\w])", self.work):
            self.c.track_count = self.read(1, bare.start(), bare.end())
            return
        one = cp.SINGULAR_GENRE.search(self.work)
        if one and not cp.VAGUE.search(self.work) and not labels:
            self.c.track_count = self.read(1, one.start(), one.end())
            return
        v = cp.VAGUE.search(self.work)
        if v:
            kind = "ep" if re.fullmatch(lx.EP_WORDS, v.group("w")) else "album"
            self.c.count_hint = self.read(kind, v.start(), v.end())

    def _mask_number(self, start: int, end: int) -> None:
        m = lx.NUMBER_RE.search(self.work, start, end)
        if m:
            self.mask(m.start(), m.end())


def read_brief(text: str) -> BriefConstraints:
    """Every constraint of a free-text brief, with the words each came from; a reply to a quoted message
    is read as its last word (planning/replies.py)."""
    from agent.planning.item_names import name_items
    from agent.planning.replies import merge, split_reply
    from agent.planning.tables import untable

    text = name_items(tidy(untable(text)))
    parts = split_reply(text)
    if parts is None:
        return _read(text)
    quoted = _read(parts[1])
    said = quoted.track_count.value if quoted.track_count is not None else None
    return merge(_read(parts[0], reply_to=said), quoted)


def _read(text: str, reply_to: int | None = None) -> BriefConstraints:
    from agent.planning.alternating import alternating_styles, alternating_voices, and_so_on, groups_in_turn
    from agent.planning.bare_tempos import elided_lengths, elided_tempos, tempo_numbers
    from agent.planning.everyday import everyday_numbers
    from agent.planning.only_instruments import only_instruments
    from agent.planning.piece_list import counted_items
    from agent.planning.placing import place
    from agent.planning.retract import retractions
    from agent.planning.tempo_ramp import tempo_ramps
    from agent.planning.track_refs import read_tracks
    from agent.planning.tracklist import numbered_lines
    from agent.planning.words_read import read_words

    r = Reader(text, reply_to)
    everyday_numbers(r)
    numbered_lines(r)
    retractions(r)
    r.tempos()
    tempo_numbers(r)
    durations(r)
    r.counts()
    counted_items(r)  # "5 morceaux : une ouverture ..., trois intermèdes ..., et un final ..."
    read_tracks(r)
    elided_tempos(r)
    elided_lengths(r)
    read_words(r)
    place(r)
    only_instruments(r)
    alternating_voices(r)
    alternating_styles(r)
    and_so_on(r)
    groups_in_turn(r)
    tempo_ramps(r)
    for m in lx.NUMBER_RE.finditer(r.work):
        if m.group("n")[0].isdigit():
            r.c.unused.append(Unused(source=r.text[m.start():m.end()], start=m.start(), end=m.end()))
    if r.c.track_count is None and r.c.count_hint is not None and not r.c.tracks:
        r.c.ambiguities.append(Ambiguity(field="track_count", question=f"How many tracks should the "
                                         f"{r.c.count_hint.value.upper() if r.c.count_hint.value == 'ep' else 'album'}"
                                         " have?", source=r.c.count_hint.source, default="4"))
    return r.c


__all__ = ["BriefConstraints", "Reader", "TrackConstraints", "read_brief"]
