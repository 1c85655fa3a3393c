"""Free text -> AlbumBrief: the reader's constraints (planning/reader.py) turned into the
brief the planner derives numbers from, with per-track wishes placed on their tracks.

A count the brief does not give is left to the planner (which says it assumed one),
unless per-track words need it: then the highest track named sets it, or the default.
Contradictions ("3 tracks ... the fourth track") are refused with the fix.
"""

from __future__ import annotations

import math
import re

from agent.planning import lexicon as lx
from agent.planning.constraints import BriefConstraints, Read, TrackConstraints
from agent.planning.count_patterns import approximate
from agent.planning.derive import lengths_reach, too_many_sung
from agent.planning.derive import minutes as _minutes
from agent.planning.everyday import IDIOM
from agent.planning.item_names import name_items
from agent.planning.lexicon import MOODS
from agent.planning.reader import read_brief
from agent.planning.tables import untable
from agent.planning.tidy import tidy
from agent.plans import LENGTH_LIMIT_NOTE, MAX_TRACK_S, MAX_TRACKS, MIN_TRACK_S, AlbumBrief, TrackBrief
from engine.errors import ConfigError, Problem
from engine.genres import fold

DEFAULT_TRACKS = 4
MAX_BRIEF_CHARS = 4000
STYLE_TAGS = sorted(set(MOODS.values()))  # caption tags a brief's mood words become


def _v(r: Read | None):
    return r.value if r is not None else None


def _count(c: BriefConstraints) -> int | None:
    """Tracks the brief asks for; refuses a brief that names a track past its own count, or whose
    constraints contradict each other."""
    if c.conflicts:
        raise ConfigError([Problem("brief", conflict, "keep one of the two wishes") for conflict in c.conflicts]
                          + _other_problems(c))
    # a track the brief names but asks nothing of is no track: "drafts before the offsite on the 14th"
    named = [t for t in c.tracks if t.index > 0 and (_reads(t) or not re.search(r"\d\w*\W*$", t.ref or ""))]
    top = max((t.index for t in named), default=0)
    if c.track_count is not None:
        n = c.track_count.value
        if top > n:
            src = next(t for t in named if t.index == top)
            where = src.ref or next((r.source for r in _reads(src)), "")
            raise ConfigError([Problem("brief", f"the brief asks for {n} tracks ('{c.track_count.source}') but "
                                       f"speaks of track {top} ('{where}')",
                                       f"ask for {top} tracks, or speak of tracks 1-{n} only")])
        if not 1 <= n <= MAX_TRACKS:
            raise ConfigError([Problem("brief", f"'{c.track_count.source}' asks for {n} tracks; an album has 1 to "
                                       f"{MAX_TRACKS}", f"ask for at most {MAX_TRACKS} tracks")])
        return n
    return max(top, DEFAULT_TRACKS) if c.tracks else None  # the planner notes it as an assumption


def _reads(t: TrackConstraints) -> list[Read]:
    out = [getattr(t, f) for f in ("genre", "bpm", "bpm_range", "tempo", "duration", "duration_range", "vocal", "voice")]
    return [r for r in out + t.instruments + t.excluded if r is not None]


def _style(voice: str | None) -> str | None:
    return None if voice is None else ("choir" if voice == "choir" else f"{voice} vocals")


def _rest_of_sentence(c: BriefConstraints, n: int, rest: TrackConstraints, text: str) -> list[int]:
    """The tracks (0-based) "the rest" of a sentence about voices leaves: every one its sentence does not name."""
    at = (rest.vocal or rest.voice).start
    a = max(text.rfind(ch, 0, at) for ch in ".!?\n") + 1
    b = min([len(text)] + [i for ch in ".!?\n" if (i := text.find(ch, at)) >= 0])
    near = {x.index for x in c.tracks if x.index and x.ref and text.find(x.ref, a, b) >= 0}
    return [i for i in range(n) if i + 1 not in near and i - n not in near]


def _track_briefs(c: BriefConstraints, n: int, text: str) -> list[TrackBrief]:
    tracks = [TrackBrief() for _ in range(n)]
    named: set[int] = set()
    # "the rest" last, and a track named alone before a group that holds it: "die letzten fünf eine Frau – Song 6 ist
    # aber rein instrumental"
    shared = {t.ref for t in c.tracks if t.ref and sum(x.ref == t.ref for x in c.tracks) > 1}
    order = sorted(c.tracks, key=lambda t: (t.index == 0, t.ref in shared))
    # under a tracklist every track has its line: "the others" are the ones the words after it do not name
    # ("A 1 e a 5 são instrumentais, as outras cantadas")
    listed = {t.index for t in c.tracks} >= set(range(1, n + 1)) and any(t.ref for t in c.tracks if t.index)
    for t in order:
        if t.index == 0:
            targets = [i for i in range(n) if i not in named] if not listed else \
                [i for i in range(n) if not any(x.ref for x in c.tracks if x.index in (i + 1, i - n))]
        else:
            i = t.index - 1 if t.index > 0 else n + t.index
            if not 0 <= i < n:
                continue
            targets = [i]
            named.add(i)
        # "the rest" in a sentence about lengths or tempi is every track without its own: "the opener fast,
        # songs 2 and 4 slow, the closer 7 minutes. Everything else around 3 minutes"
        for i in (range(n) if t.index == 0 else targets):
            tb = tracks[i]
            tb.genre = tb.genre or _v(t.genre)
            if not (tb.bpm or tb.bpm_range or tb.tempo):
                tb.bpm, tb.bpm_range, tb.tempo = _v(t.bpm), _v(t.bpm_range), _v(t.tempo)
            if t.duration is not None:
                tb.duration = tb.duration or _track_length(c, t.duration)
            elif t.duration_range is not None and tb.duration is None:
                tb.duration = _within(c, t.duration_range)
        # "one track with a male vocal, the rest instrumental": the count decides which; the rest follow it
        counted = t.index == 0 and c.vocal_tracks is not None and all(x.index == 0 for x in c.tracks)
        # the rest's voice goes to every track its sentence does not name: "Männerstimme auf 1, 2, 3, Frauenstimme
        # auf 6 und 7, Rest instrumental" (track 5, named for its instruments in another sentence, is one of the rest)
        voiced = t.index == 0 and not listed and (t.vocal or t.voice) is not None
        for i in (_rest_of_sentence(c, n, t, text) if voiced else targets):
            tb = tracks[i]
            if tb.vocal is None and t.vocal is not None and not counted:
                tb.vocal = t.vocal.value
            if t.voice is not None and tb.vocal is not False:
                tb.vocal_style, tb.vocal = tb.vocal_style or _style(t.voice.value), True if tb.vocal is None else tb.vocal
        for i in targets:
            tb = tracks[i]
            tb.instruments += [r.value for r in t.instruments]
            tb.excluded += [r.value for r in t.excluded]
    for t in c.tracks:  # "same as the opening but with a female singer": what it does not change, it repeats
        src = (t.like.value - 1 if t.like.value > 0 else n + t.like.value) if t.like is not None else -1
        dst = t.index - 1 if t.index > 0 else n + t.index  # "the outro in the same style" is the last track
        if 0 <= src < n and t.index and 0 <= dst < n and src != dst:
            tb, like = tracks[dst], tracks[src]
            tb.vocal = like.vocal if tb.vocal is None else tb.vocal
            tb.vocal_style = tb.vocal_style or (like.vocal_style if tb.vocal is not False else None)
            tb.genre = tb.genre or like.genre
            if not (tb.bpm or tb.bpm_range or tb.tempo):
                tb.bpm, tb.bpm_range, tb.tempo = like.bpm, like.bpm_range, like.tempo
            tb.duration = tb.duration or like.duration
            tb.instruments, tb.excluded = tb.instruments or list(like.instruments), tb.excluded or list(like.excluded)
    if c.vocal is not None and not (c.vocal.value and c.vocal_tracks is not None and c.vocal_tracks.value < n):
        for tb in tracks:  # "only one with a singer (male)": the voice word names the singer, not every track
            if tb.vocal is None:
                tb.vocal = c.vocal.value
    return tracks


def _renderable(seconds: float) -> float:
    """``seconds`` brought inside what a track can last (MIN_TRACK_S-MAX_TRACK_S)."""
    return min(max(float(seconds), MIN_TRACK_S), MAX_TRACK_S)


def _within(c: BriefConstraints, bounds: Read) -> float:
    """A length for a track the brief bounds ("the closer under two minutes"): the album's own
    track length when it fits, else near the stated bound (inside it)."""
    lo, hi = bounds.value
    lo, hi = max(lo, MIN_TRACK_S), min(hi, MAX_TRACK_S)
    if c.duration is not None and lo <= c.duration.value <= hi:
        return float(c.duration.value)
    if hi >= MAX_TRACK_S:
        return round(min(hi, lo * 1.1), 2)
    if lo <= MIN_TRACK_S:
        return round(max(lo, hi * 0.9), 2)
    return round((lo + hi) / 2, 2)


def _track_length(c: BriefConstraints, read: Read) -> float:
    """A track length the engine can render: one outside its limits is brought to the nearest
    limit, and the plan says so ("a 6 s cut-down" is planned at 10 s, never silently at a default)."""
    value = _renderable(read.value)
    if value != read.value:
        _note_limit(c, read.source, f"{value:g} s")
    return value


def _note_limit(c: BriefConstraints, source: str, planned: str) -> None:
    """Say in the plan that a length asked for is planned at the limit (the checker reads LENGTH_LIMIT_NOTE)."""
    note = f"'{source}' is outside the {MIN_TRACK_S:g}-{MAX_TRACK_S:g} s {LENGTH_LIMIT_NOTE}; planned at {planned}"
    if note not in c.notes:
        c.notes.append(note)


def _length_range(c: BriefConstraints) -> tuple[float, float] | None:
    """The brief's range of track lengths, brought inside what a track can last; the plan says so ("de 5 a 10
    segundos" is planned at 10 s)."""
    if c.duration_range is None:
        return None
    lo, hi = c.duration_range.value
    inside = (_renderable(lo), _renderable(hi))
    if inside != (lo, hi):
        _note_limit(c, c.duration_range.source, f"{inside[0]:g} s" if inside[0] == inside[1] else f"{inside[0]:g}-{inside[1]:g} s")
    return inside


def _other_problems(c: BriefConstraints) -> list[Problem]:
    """What else a contradictory brief gets wrong (its lengths, its count), so one answer names every
    wish to change: the same brief read without its contradictions, taken as far as its track skeletons."""
    from agent.planning.derive import derive_skeletons
    try:
        derive_skeletons(constraints_to_brief(c.model_copy(update={"conflicts": []}), ""))
    except ConfigError as e:
        return e.problems
    return []


def _total_fits(c: BriefConstraints, n: int, total: float) -> bool:
    """``n`` tracks of the length the brief asks for each, at most what a track can last, can make ``total``."""
    lo, hi = c.duration_range.value if c.duration_range else (c.duration.value, c.duration.value)
    return lengths_reach(total, n, _renderable(lo), _renderable(hi))


def constraints_to_brief(c: BriefConstraints, text: str) -> AlbumBrief:
    """The AlbumBrief that honours every constraint in ``c``."""
    n = _count(c)
    total = _v(c.total_duration)
    if total and n and c.track_count is not None and total / n > MAX_TRACK_S and approximate(c.track_count.source):
        # "une dizaine de morceaux, environ deux heures en tout": about ten, but two hours need at least twelve
        more = min(MAX_TRACKS, math.ceil(total / MAX_TRACK_S))
        c.notes.append(f"'{c.track_count.source}' is about {n}; {_minutes(total)} in all take {more} tracks of at most "
                       f"{MAX_TRACK_S:g} s")
        c.track_count = c.track_count.model_copy(update={"value": more})
        n = more
    elif total and n and n > 1 and c.track_count is not None and total / n > MAX_TRACK_S and n < MAX_TRACKS \
            and c.duration is None and c.duration_range is None and not any(t.duration for t in c.tracks):
        # "genau 60 Minuten, aufgeteilt in 4 gleich lange Tracks": 900 s each, more than a track can last
        need = math.ceil(total / MAX_TRACK_S)
        raise ConfigError([Problem("brief", f"{_minutes(total)} in {n} tracks ('{c.track_count.source}') would make each "
                                   f"{total / n:g} s; a track lasts at most {MAX_TRACK_S:g} s",
                                   f"ask for at least {need} tracks, or for at most {_minutes(n * MAX_TRACK_S)} in all")])
    tracks = _track_briefs(c, n, text) if n is not None and c.tracks else []
    duration = _track_length(c, c.duration) if c.duration is not None else None
    if n == 1 and total and duration is None and c.duration_range is None and not tracks:
        duration, total = _track_length(c, c.total_duration), None  # one piece of 12 minutes: its own length, at the limit
    if duration is not None and c.duration is not None and duration != c.duration.value and total and n \
            and abs(c.duration.value * n - total) <= 0.05 * total:  # "3 tracks of 20 minutes, an hour in all"
        c.notes.append(f"the album lasts {_minutes(duration * n)}, not the {_minutes(total)} asked: a track lasts at "
                       f"most {MAX_TRACK_S:g} s")
        total = None
    if total and n and c.total_guessed and (c.duration or c.duration_range) and not _total_fits(c, n, total):
        c.notes.append(f"'{c.total_duration.source}' is not the album's length: {n} tracks of the length asked "
                       f"cannot make it (read as the length of something else)")  # "we sew for two hours"
        total = None
    vocal_tracks = _v(c.vocal_tracks)
    top = n if n is not None else MAX_TRACKS
    if vocal_tracks is not None and vocal_tracks > top:  # before the brief is built: its field holds at most MAX_TRACKS
        raise too_many_sung(vocal_tracks, top, counted=n is not None)
    if vocal_tracks is None and c.vocal is not None and not tracks:
        vocal_tracks = n if c.vocal.value and n is not None else (0 if not c.vocal.value else None)
    voice = _v(c.voice)
    genre = _v(c.genre) or next((t.genre for t in tracks if t.genre), None)
    return AlbumBrief(
        text=text, genre=genre, tags=list(dict.fromkeys(r.value for r in c.moods)), track_count=_v(c.track_count),
        vocal_tracks=vocal_tracks, vocal_style=_style(voice),
        language=_v(c.lyrics_language) or (c.language if c.language != "en" else None),
        bpm=_v(c.bpm), keyscale=_v(c.keyscale), timesignature=_v(c.timesignature), track_duration=duration,
        album_duration=total, album_duration_max=_v(c.total_max), tracks=tracks, tempo=_v(c.tempo), bpm_range=_v(c.bpm_range),
        duration_range=_length_range(c), instruments=list(dict.fromkeys(r.value for r in c.instruments)),
        excluded=list(dict.fromkeys(r.value for r in c.excluded)), constraints=c)


def parse_brief_text(text: str) -> AlbumBrief:
    """An AlbumBrief with every constraint the text states; refuses text it cannot plan from."""
    cleaned = name_items(tidy(untable(text)))
    if len(cleaned) > MAX_BRIEF_CHARS:
        raise ConfigError([Problem("brief", f"the brief is {len(cleaned):,} characters; the planner reads at most "
                                   f"{MAX_BRIEF_CHARS:,}", "shorten it to the wishes that matter (genre, tracks, "
                                   "tempo, vocals, lengths), or put per-track wishes in a YAML brief's `tracks:`")])
    if cleaned and not any(ch.isalnum() for ch in cleaned):
        raise ConfigError([Problem("brief", "the brief has no words or numbers (only symbols or emoji)",
                                   "describe the music in words, e.g. \"jazz album, 8 tracks, female vocals on 3\"")])
    c = read_brief(cleaned)
    other = _other_writing(c, cleaned)
    if other is not None:
        raise ConfigError([Problem("brief", "the brief asks for writing that is not music "
                                   f"('{other.group(0).strip()}') and names no genre, instrument, "
                                   "voice, tempo, length, track or song",
                                   "describe the music you want, e.g. \"jazz album, 8 tracks, female vocals on 3\"")])
    if _asks_no_music(c, cleaned):
        raise ConfigError([Problem("brief", "the brief asks something that is not music: it names no music, song, "
                                   "genre, instrument, voice, tempo, length or track",
                                   "describe the music you want, e.g. \"jazz album, 8 tracks, female vocals on 3\"")])
    return constraints_to_brief(c, cleaned)


ASKING = re.compile(r"\?|(?<![\w])(?:can you|could you|would you|help me|pouvez|pourriez|peux-tu|puede[ns]?|podrias?|"
                    r"podes|kannst du|konnen sie|konnten sie|pode[ms]?|poderia|ajuda|ayuda|aidez|hilfe|helfen)(?![\w])")


def _musical(c: BriefConstraints, *, measures: bool = True) -> bool:
    """Something musical was read: a genre, count, tempo, length, voice, key, meter, instrument, mood or track
    (a language alone, "en inglés", is no music); without ``measures``, a tempo word and lengths do not count."""
    # a count read from a noun alone ("une pièce montée" is a cake) says nothing musical; "3 pièces" does
    counted = c.track_count if c.track_count and not re.fullmatch(rf"(?:{lx.ARTICLE}\s+)?{lx.TRACK_NOUN}",
                                                                  fold(c.track_count.source)) else None
    read = [c.genre, counted, c.bpm, c.bpm_range, c.vocal, c.voice, c.keyscale, c.timesignature, c.vocal_tracks]
    read += [c.tempo, c.duration, c.duration_range, c.total_duration] if measures else []
    return any(x is not None for x in read) or bool(c.instruments or c.excluded or c.moods or c.tracks)


# a count of versions or options says nothing musical alone: "un logo ..., 3 versiones"
GENERIC_COUNT = re.compile(r"\d+\s+(?:versions?|versiones|versoes|variants?|variantes?|varianten|options?|opciones|"
                           r"opcoes|proposals?|propuestas|propositions|vorschlage)$")
# "necesito que me diseñen un logo", "I need a logo", "il me faut une affiche": a request that names no music
NEEDING = re.compile(r"(?<![\w])(?:i need|we need|need|necesito|necesitamos|preciso|precisamos|il me faut|il nous faut|"
                     r"j'ai besoin|nous avons besoin|ich brauche|wir brauchen|brauche|i want|quiero|queremos|quero|je veux|"
                     r"ich will|ich mochte|"
                     # the conditional: "ich bräuchte", "j'aurais besoin", "necesitaría", "precisaria", "we'd need"
                     r"ich brauchte|brauchte|benotige|benotigen|j'aurais besoin|nous aurions besoin|necesitaria|necesitariamos|"
                     r"precisaria|precisariamos|i'd need|we'd need|i would need|we would need)(?![\w])")


def _asks_no_music(c: BriefConstraints, text: str) -> bool:
    """A question or a request in one of the five languages, with no word of music and nothing musical read
    but a count of versions ("can you draft an email disputing the fee?", "quelles cases cocher pour les frais de
    garde ?", "necesito que me diseñen un logo ..., 3 versiones"). A vague wish that names music ("something for
    the wedding, any music") is planned with what it assumed."""
    if c.language is None or c.count_hint is not None:
        return False
    # a count of versions, or more things than an album holds with a noun that is no music word ("40 table number
    # cards"; "6 pieces for our wedding" stays music)
    generic = c.track_count is not None and (GENERIC_COUNT.fullmatch(fold(c.track_count.source)) or (
        c.track_count.value > MAX_TRACKS and not lx.MUSIC_WORD.search(fold(c.track_count.source))))
    if _musical(c.model_copy(update={"track_count": None}) if generic else c):
        return False
    folded = IDIOM.sub(" ", fold(text))  # "5 Tage am Stück" is no piece of music
    return not lx.MUSIC_WORD.search(folded) and bool(ASKING.search(folded) or NEEDING.search(folded))


# a request to write something else: "write a cover letter", "escribe un correo", "schreib mir eine Bewerbung"
OTHER_WRITING = re.compile(r"(?<![\w])(?:write|writing|draft\w*|escrib\w*|redact\w*|ecri[rsv]\w*|redig\w*|schreib\w*|"
                           r"escrev\w*|redij\w*|verfass\w*)\s+(?:me\s+|moi\s+|mir\s+)?(?:an?|un|una|une|ein\w*|um|uma)?\s*"
                           r"(?:[\w-]+\s+){0,3}?(?P<what>letters?|e-?mails?|essays?|resumes?|cv|reports?|articles?|recipes?|"
                           r"summar\w+|cartas?|lettres?|courriels?|correos?|ensayos?|redacao|anschreiben|bewerbung\w*|"
                           # "escribas 10 descripciones de producto", "write 5 product descriptions"
                           r"(?:product\s+)?descriptions?|descripciones?|descricoes|descricao|beschreibung\w*|slogans?|"
                           r"aufsatz|bericht|curriculum|rezept|recette|receta|receita)(?![\w])"
                           # a list or a plan to draw up: "faire le plan de table", "montar a lista de compras"
                           r"|(?<![\w])(?:make|draw up|faire|fais|hacer|haz|fazer|faz|montar|monta|armar|preparar|prepara|"
                           r"machen|mach|erstellen|organiser|organizar)\s+(?:me\s+|moi\s+|mir\s+)?(?:an?|un|una|une|ein\w*|um|uma|"
                           r"the|le|la|el|o|a|den|die|das)?\s*(?P<what3>(?:shopping|grocery|to-?do|guest|packing)\s+list|"
                           r"seating (?:plan|chart)|plan de table|liste de courses|lista de (?:compras|la compra|convidados|invitados)|"
                           r"einkaufsliste|sitzplan|g[aä]steliste|budget|presupuesto|orcamento)(?![\w])"
                           # a plan for training, meals, study or travel, however asked: "einen Trainingsplan machen"
                           r"|(?<![\w])(?:trainings|training|workout|fitness|ernahrungs|lern|reise|essens|meal|diet|study|"
                           r"lesson|travel|dienst|schicht|shift|work|staff)[\s-]?plan\w*|(?<![\w])(?:rota|roster|dienstplan)(?![\w])|(?<![\w])plan(?:o)? (?:de |d')(?:entrenamiento|entrainement|treino|"
                           r"estudos?|estudio|dieta|viagem|viaje|comidas|refeicoes|repas)(?![\w])"
                           # a text to translate or a reply to write: "traduzir a minha lista de preços", "redactar una respuesta"
                           r"|(?<![\w])(?:translat\w*|tradu[csiz]\w*|ubersetz\w*)(?![\w])"
                           r"|(?<![\w])(?:redact\w*|escrib\w*|write|draft\w*|ecri[rsv]\w*|redig\w*|escrev\w*)\s+(?:me\s+)?(?:an?|una?|une|um|uma)?\s*"
                           r"(?P<what4>respuesta|reply|response|reponse|antwort|resposta|review|resena|avis)(?![\w])"
                           r"|(?<![\w])(?:work out|calculate|calcul\w*|berechne\w*)\s+(?:the\s+|los\s+|les\s+|die\s+|os\s+)?"
                           r"(?:new\s+)?(?:amounts?|quantit\w*|cantidades|mengen|quantidades|portions?)(?![\w])"
                           r"|(?<![\w])(?:ein\w*\s+)?(?P<what2>rezept|aufsatz|bericht|brief|bewerbung|e-?mail)\s+(?:[\w-]+\s+){0,4}?"
                           r"(?:schreiben|verfassen)(?![\w])")


def _other_writing(c: BriefConstraints, text: str) -> re.Match | None:
    """A request to write something that is not music ("write a cover letter ..."), from which
    nothing musical was read. Vague or unknown-language briefs are planned with defaults instead
    (and the plan says what it assumed)."""
    if _musical(c, measures=False):  # a pace and a length alone are no music: "ein Trainingsplan, 45 Minuten, schneller"
        return None
    return OTHER_WRITING.search(fold(text))
