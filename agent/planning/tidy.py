"""A brief's text made plain before it is read: spaces collapsed, and line breaks kept only where
they mean something (a list item starts, a sentence ends, a list ends)."""

from __future__ import annotations

import re

from agent.planning import lexicon as lx
from agent.planning.sides import side_tracks
from engine.genres import fold

# a line that starts a list item: "- 4 tracks", "* keine Keyboards", "• diez piezas", "2) ..."
# a numbered item's mark: "1.", "2)", "3:", "4 -" (planning/tracklist.py reads the numbers)
# "3.", "3)", "3 -"; several: "4-6:", "4-6 -", "2 a 5:", "1 et 2 :", "5) e 6)" (a range, or two tracks side by side)
NUMBER_MARK = (r"\d{1,2}(?:(?:\.?\s*[-–]\s*|\)?\s+(?:a|to|bis|ate|al|et|e|y|and|und|&)\s+)\d{1,2}(?:\s*[.):]|\s+[-–—])"  # "2.-7."
               r"|\s*[.):]|\s+[-–—])")
ITEM_LINE = re.compile(rf"\s*(?:[-*•·–]|{NUMBER_MARK})\s"
                       # a line that names its track: "faixa um: abertura", "Track 3 - ...", "Stück zwei: ..."
                       r"|\s*(?i:track|song|faixa|pista|piste|titre|morceau|tema|canci[oó]n|st[uü]ck|lied|cue)\s+\w+\s*[:–-]\s"
                       # a studio sheet's line: "T1 108 bpm 5:00", "t3 - instru"
                       r"|\s*[Tt]\d{1,2}\s")
# a cue sheet's lines: "Q1 house lights down - ...", "Q2 the seance scene - ..." (two or more; a lone "Q3" is a quarter)
CUE_LINE = re.compile(r"^[ \t]*[-*•]?[ \t]*Q(\d{1,2})\b", re.M)
CUE_NAME = re.compile(r"(?<![\w])Q(\d{1,2})(?![\w])")


# a "key: value" line of a spec: one to three words, a colon, a value ("nb_pistes: 12", "genero: dark ambient", "no: drums")
SPEC_LINE = re.compile(r"\s*[^\W\d][\w'/.-]*(?:\s[\w'/.-]+){0,2}\s*:\s*\S")


# abbreviations whose full stop ends no sentence: "Track 3 feat. a female singer", "ft. MC Lyte"
ABBREVIATION = re.compile(r"(?<![\w])(?:((?i:feat|ft|approx|aprox|env|bzw|inkl|evtl|ca|cca|engl|männl|weibl|voc|max))\.(?=\s)"
                          # "3 min. each", not "3 min. Then" nor "20 sec. dark trip hop vibe"; "5&6 instr. ~3m each"
                          r"|(min|mins|sec|secs|seg)\.(?=\s+(?:(?:each|apiece|per|long|cada|chacun|chacune|chaque|je|pro|"
                          r"every|total|max|in|en|de|of|and|y|et|und|e|or|o|ou|oder|to|bis|a|an|um|ca)(?![\w])|[\d(]))"
                          r"|(nr|instr)\.(?=\s+[^\W_A-Z])"
                          # a unit's dot before a comma ends no sentence: "mit Glockenspiel, 30 Sek., und eins langsam"
                          r"|((?i:min|mins|sec|secs|seg|segs|sek|std|hrs?|bpm))\.(?=\s*[,;]))")


# a line that opens with a bare number and a word: "1 jonglage, 120 bpm" (not "1 min ...", "2 bpm ...")
BARE_ITEM = re.compile(rf"()(\d{{1,2}})()(?=\s+[^\W\d_])(?!\s+(?:{lx.MINUTES}|{lx.SECONDS}|{lx.BPM_UNIT})(?![\w]))")
# a line whose item is a Roman numeral: "- I : 8 min", "II. Adagio", "III) ..."
ROMAN_ITEM = re.compile(r"(\s*(?:[-*•·–]\s*)?)(X{0,1}(?:IX|IV|V?I{0,3}))\s*([:.)]|\s[-–—])")
ROMAN = {"I": 1, "V": 5, "X": 10}


def _roman_value(numeral: str) -> int:
    values = [ROMAN[c] for c in numeral]
    return sum(-v if i + 1 < len(values) and v < values[i + 1] else v for i, v in enumerate(values))


def _numbered_runs(values: list[int], shortest: int) -> list[tuple[int, int]]:
    """(first, last) line of each run of at least ``shortest`` lines numbered 1, 2, 3, ... in ``values``."""
    runs, i = [], 0
    while i < len(values):
        j = i
        while values[i] == 1 and j + 1 < len(values) and values[j + 1] == values[j] + 1:
            j += 1
        if values[i] == 1 and j - i + 1 >= shortest:
            runs.append((i, j))
        i = j + 1
    return runs


def _marked_items(lines: list[str]) -> list[str]:
    """Lines numbered I, II, III, ... (two or more in order) or 1, 2, 3, ... without a mark (three or more)
    marked "1:", "2." as a tracklist's lines are, so planning/tracklist.py reads them."""
    out = list(lines)
    for pattern, value, shortest in ((ROMAN_ITEM, _roman_value, 2), (BARE_ITEM, int, 3)):
        marks = [pattern.match(x) for x in out]
        values = [value(m.group(2)) if m and m.group(2) else 0 for m in marks]
        for first, last in _numbered_runs(values, shortest):
            for k in range(first, last + 1):
                m = marks[k]
                mark = m.group(3).strip() if m.group(3).strip() in (":", ".", ")") else " -" if m.group(3) else "."
                out[k] = f"{m.group(1)}{values[k]}{mark}" + out[k][m.end():]
    return out


# Punctuation said aloud, as a dictated note keeps it ("eight pieces of ambient comma very slow ... period no
# singing period"), per language: its comma word, then its other marks. A language's marks are read only in a
# text that says its comma word twice or more (a dictation), and never between two numbers ("drei Komma fünf").
SPOKEN_MARKS = {
    "comma": {"comma": ",", "period": ".", "full stop": ".", "new line": ".", "new paragraph": ".", "colon": ":",
              "question mark": "?", "exclamation mark": "!", "exclamation point": "!"},
    "virgule": {"virgule": ",", "point à la ligne": ".", "point final": ".", "point": ".", "deux points": ":"},
    "coma": {"coma": ",", "punto y aparte": ".", "punto y seguido": ".", "punto final": ".", "punto": ".", "dos puntos": ":"},
    "komma": {"komma": ",", "punkt": ".", "neue zeile": ".", "neuer absatz": ".", "doppelpunkt": ":"},
    "v[ií]rgula": {"vírgula": ",", "virgula": ",", "ponto final": ".", "ponto": ".", "parágrafo": ".", "paragrafo": ".",
                "dois pontos": ":"},
}
_NUMBER_NEAR = rf"(?:\d|(?<![\w]){lx.NUMBER_WORD}(?![\w]))"


# texting shorthand, written out: "w/ vocals", "s/ voz", "evry track xcept 3", "vocals r on 2", "q sea lenta",
# "pr la fête", "ds le style"; only words no language uses otherwise ("u" is German "und" too, "ac" is AC/DC)
SHORTHAND = {"w/o": "without", "w/": "with", "c/": "with", "s/": "without", "b4": "before", "evry": "every",
             "evrything": "everything", "xcept": "except", "exept": "except", "excpt": "except", "ecxept": "except",
             "r": "are", "n": "and", "ur": "your", "pls": "please", "plz": "please", "thx": "thanks", "q": "que",
             "tb": "tambien", "tbm": "tambem", "vc": "voce", "pq": "porque", "ds": "dans", "pr": "pour", "avc": "avec",
             "tt": "tout", "qd": "quand", "rly": "really", "srsly": "seriously",
             # a dropped g: "no singin", "rockin tunes"
             **{f"{v}in": f"{v}ing" for v in ("sing", "rock", "groov", "jamm", "danc", "rapp", "swing", "play", "chill")},
             # Swiss and Bavarian words for the German the reader knows: "Gsang nume bim letschte Lied"
             "nume": "nur", "numme": "nur", "bim": "beim", "letschte": "letzte", "letschti": "letzte", "letscht": "letzte",
             "zwoa": "zwei", "zwoate": "zweite", "zwoatn": "zweiten", "liadl": "lieder", "liadln": "lieder", "minutn": "minuten",
             "volksmusi": "volksmusik", "s'erste": "das erste", "s'zwoate": "das zweite", "s'letzte": "das letzte",
             "jeds": "jedes", "oans": "eins", "s'letscht": "das letzte", "s'erscht": "das erste", "ohni": "ohne",
             "frauestimm": "frauenstimme", "manneschtimm": "mannerstimme", "stuckl": "stucke", "stückl": "stücke"}
SHORTHAND_RE = re.compile(r"(?<![\w/&'’.-])(?:(?P<slash>w/o|[wcs]/)(?=\s*[^\W\d_])|(?P<word>"
                          + "|".join(w for w in SHORTHAND if not w.endswith(("/", "/o"))) + r")(?![\w/&'’°º-]|\.\w))",  # not "n° 3", "R.E.M."
                          re.IGNORECASE)


# a Spanish or Portuguese "de" texted as "d" between two lower-case words ("nada d guitarra", "a las 6 d la
# mañana"); not a key ("in d minor", "en d", "Ré"), which a key word or a mode word stands beside
TEXTED_DE = re.compile(r"(?<=[a-z0-9] )(?<!\bin )(?<!\ben )(?<!\bem )(?<!\bkey )(?<!\bof )(?<!\bde )d"
                       r"(?= (?!(?:major|minor|mayor|menor|majeur|mineur|maior|dur|moll|flat|sharp|bemol|sostenido)\b)[a-z]{2,})")


# Quebec French "pis" for "et" ("guitare pis banjo", "la première pis la douzième"); not "tant pis", "au pis"
QUEBEC_AND = re.compile(r"(?<![\w'’-])(?<!tant )(?<!au )(?<!de mal en )pis(?![\w'’-])")


# a metronome mark: "♩ = 120", "quarter note = 96", "Viertel = 80", "noire = 60", "negra: 72", "MM 100"
METRONOME = re.compile(r"(?i)(?:♩|quarter[- ]?notes?|crotchets?|(?<![\w])q|(?<![\w])mm|m\.\s?m\.|viertel(?:note)?|noire|negra|"
                       r"sem[ií]nima)\s*(?:=|:)?\s*(\d{2,3})(?![\w])")
# what speech-to-text and autocorrect make of English numbers and nouns: "for tracks" (four), "about to minutes" (two),
# "6 sings", "sing 2", "a sing for my mom" (songs), "base drum" (bass)
HEARD = [(re.compile(r"(?<![\w])for(?=\s+(?:tracks|songs|tunes|pieces|beats)(?![\w])(?!\s+(?:\d|and|y|et)))", re.I), "four"),
         (re.compile(r"(?<![\w])(?<!up )(?<!down )to(?=\s+(?:minutes|mins|seconds|secs)(?![\w]))", re.I), "two"),
         (re.compile(r"(?<=\d )sings(?![\w])|(?<![\w])sings?(?=\s+\d)|(?<=(?<![\w])a )sing(?=\s+(?:for|about|with)(?![\w]))",
                     re.I), "song"),
         (re.compile(r"(?<![\w])base(?=\s+(?:drums?|guitar|line)(?![\w]))", re.I), "bass")]
# minutes written with a prime, alone: "~3' each" (not "2'45\"", which a length reads whole)
MINUTE_PRIME = re.compile(r"(?<![\w'])(\d{1,2})['’](?![\d\w'’])")


def _shorthand(text: str) -> str:
    text = MINUTE_PRIME.sub(r"\1 min", METRONOME.sub(r"\1 bpm", text))
    for heard, meant in HEARD:
        text = heard.sub(meant, text)
    text = QUEBEC_AND.sub("et", TEXTED_DE.sub("de", text))
    return SHORTHAND_RE.sub(lambda m: SHORTHAND[m.group(0).lower()] + (" " if m.group("slash") else ""), text)


def _spoken_marks(text: str) -> str:
    """Punctuation said as words written as marks, in a dictated text (``SPOKEN_MARKS``)."""
    for comma, marks in SPOKEN_MARKS.items():
        if len(re.findall(rf"(?<![\w]){comma}(?![\w])", text, flags=re.IGNORECASE)) < 2:
            continue
        alternation = "|".join(re.escape(w) for w in sorted(marks, key=len, reverse=True))

        def mark(m: re.Match[str], marks: dict[str, str] = marks) -> str:
            before, after = m.string[max(0, m.start() - 24):m.start()], m.string[m.end():m.end() + 24]
            if re.search(rf"{_NUMBER_NEAR}\s*$", fold(before)) and re.match(rf"\s*{_NUMBER_NEAR}", fold(after)):
                return m.group(0)  # "drei Komma fünf Minuten" is 3.5
            return marks.get(m.group(1).lower()) or marks[m.group(1).lower().replace("í", "i")]

        text = re.sub(rf"\s+({alternation})(?![\w])", mark, text, flags=re.IGNORECASE)
    return text


# a chat's time stamp opening a line: "[10:42] Lucía: ...", "[03/05/24, 10:42:13] Dani: ..." (a time of day, not a length)
CHAT_STAMP = re.compile(r"^\s*\[(?:\d{1,4}[./-]\d{1,2}[./-]\d{1,4},?\s*)?\d{1,2}:\d{2}(?::\d{2})?(?:\s*[ap]\.?m\.?)?\]\s*",
                        re.IGNORECASE | re.MULTILINE)
# a range of items opening a list line, said in words: "2 al 6 - cumbias", "3 to 5: ...", "2 bis 4 -" (marked "2-6 -")
WORDED_RANGE_ITEM = re.compile(r"^(\s*)(?:(?:de|from|du|von|do|del)\s+)?(\d{1,2})\s+(?:al|a|to|au|à|bis|ao|-|–)\s+(\d{1,2})(?=\s*[-–—:.)]\s)",
                               re.IGNORECASE | re.MULTILINE)
# a bulleted line naming one track with its article: "- le 6 : notre première danse", "• la 3: lenta" (marked "- 6 :")
ARTICLED_ITEM = re.compile(r"^(\s*[-*•·–]\s*)(?:le|la|el|lo|o|a|the|der|die|das|l')\s*(\d{1,2})(?=\s*[:–—)]\s)",
                           re.IGNORECASE | re.MULTILINE)


# a line opening with a label and a number ("Track 2 130", "Raum 1: Ambient", "Finale (Raum 4): ..."): a list item
# when another line opens with the same label
LABEL_OPENING = (r"(?:[\w-]+\s*\(\s*)?(?P<label>[^\W\d_]{2,})\s+(?P<mark>\d{1,2})(?![\w.,]|:\S)"  # planning/tracklist.py too
                 # not a group of tracks: "Stück 1 und Stück 4: je etwa 4 Minuten"
                 r"(?!\s*(?:&|und|and|y|et|e|bis|to|ate|al)\s+(?:[^\W\d_]{2,}\s+)?\d)")
LABEL_LINE = re.compile(r"\s*" + LABEL_OPENING)


def _labelled(lines: list[str]) -> set[int]:
    """The lines that open with a label and a number the same label opens another line with, and the lines of a spec
    written as "key: value" lines (three or more: "tracks: 3", "vocals: female, ONLY on track 2", "no: drums")."""
    labels = [m.group("label").lower() if (m := LABEL_LINE.match(line)) else None for line in lines]
    keyed = {k for k, line in enumerate(lines) if SPEC_LINE.match(line)}
    return {k for k, lab in enumerate(labels) if lab is not None and labels.count(lab) > 1} | (keyed if len(keyed) >= 3 else set())


def _chat_lines(text: str) -> str:
    """A chat's time stamps gone; each stamped message ends the one before it (as a sentence)."""
    if not CHAT_STAMP.search(text):
        return text
    lines = text.splitlines()
    for k, line in enumerate(lines):
        if CHAT_STAMP.match(line):
            lines[k] = CHAT_STAMP.sub("", line)
            if k and lines[k - 1].strip() and lines[k - 1].rstrip()[-1] not in ".!?:;,":
                lines[k - 1] = lines[k - 1].rstrip() + "."
    return "\n".join(lines)


# a cue sheet's time codes: "1. 00:00-01:15 opening", "2) 0:40-4:10 Interviews" (each cue starts where the last ended)
CUE_RANGE = re.compile(r"(?<![\d:])(\d{1,2}):(\d{2})\s*[-–]\s*(\d{1,2}):(\d{2})(?![\d:])")


def _cue_lengths(text: str) -> str:
    """Time codes of cues that follow each other written as the cues' lengths ("00:00-01:15" is "75 s"); clock
    times ("18:00-20:00") and a single range stay."""
    ranges = list(CUE_RANGE.finditer(text))
    spans = [(int(m.group(1)) * 60 + int(m.group(2)), int(m.group(3)) * 60 + int(m.group(4))) for m in ranges]
    if len(spans) < 2 or any(b <= a for a, b in spans) or any(spans[k][0] != spans[k - 1][1] for k in range(1, len(spans))):
        return text
    for m, (a, b) in sorted(zip(ranges, spans, strict=True), key=lambda x: -x[0].start()):
        text = text[:m.start()] + f"{b - a} s" + text[m.end():]
    return text


# movements numbered in roman numerals: "Mvt I - solo cello", "Satz II", "Only III is sung"
ROMAN = {"I": 1, "II": 2, "III": 3, "IV": 4, "V": 5, "VI": 6, "VII": 7, "VIII": 8, "IX": 9, "X": 10}
ROMAN_PART = re.compile(r"(?i:\b(?:mvts?|mvmts?|movements?|mouvements?|satz|sätze|movimientos?|movimentos?|parts?|teile?|partes?|"
                        r"parties?|acts?|akte?|actos?|actes?|atos?)\.?)\s+(VIII|VII|VI|IV|IX|III|II|I|V|X)\b")
ROMAN_ALONE = re.compile(r"(?<![\w'’-])(VIII|VII|VI|IV|IX|III|II|V|X)(?![\w'’-])")


def _roman_parts(text: str) -> str:
    """Movements numbered in roman numerals written in digits, and the numerals standing alone in the same brief."""
    if len(ROMAN_PART.findall(text)) < 2:
        return text
    text = ROMAN_PART.sub(lambda m: m.group(0)[:m.start(1) - m.start()] + str(ROMAN[m.group(1)]), text)
    return ROMAN_ALONE.sub(lambda m: str(ROMAN[m.group(1)]), text)


def tidy(text: str) -> str:
    """Spaces collapsed; a line break kept (as one newline, a sentence end for the reader) only
    where a list item starts, where a line ends a sentence, or after a list item (the line after
    a list speaks of the album again), so a hard-wrapped email reads as one text. A quoted line
    ("> ...", an earlier message in a reply) is a line of its own. The full stop of an abbreviation
    goes, so the sentence goes on. Texting shorthand, dictated marks, chat time stamps, worded ranges of list items and a record's
    side-and-number names ("B3") are written as the reader reads them, and so are a cue sheet's chained time codes (as
    lengths), movements in roman numerals (as digits), a texted "d" (de) and Quebec "pis" (et). Three or more "key:
    value" lines of a spec keep their line breaks."""
    if len(CUE_LINE.findall(text)) >= 2:
        text = CUE_NAME.sub(r"cue \1", text)  # "Q4" is cue 4 wherever it is said again ("Only Q4 has singing")
    text = _spoken_marks(re.sub(r"(?<=\d)\.(?=[ºª])", "", _shorthand(_roman_parts(_cue_lengths(text)))))  # "a 3.ª", "do 5.º": the ordinal's dot ends no sentence
    text = WORDED_RANGE_ITEM.sub(lambda m: f"{m.group(1)}{m.group(2)}-{m.group(3)}", _chat_lines(text))
    text = ARTICLED_ITEM.sub(lambda m: f"{m.group(1)}{m.group(2)}", text)
    lines = [" ".join(ABBREVIATION.sub(lambda m: next(g for g in m.groups() if g), line).split()) for line in text.splitlines()]
    out, after_item, quoted = "", False, False
    lines = _marked_items([x for x in lines if x])
    labelled = _labelled(lines)
    for k, line in enumerate(lines):
        item = bool(ITEM_LINE.match(line)) or k in labelled
        goes_on = after_item and not item and out[-1] in ",("  # an item ending in a comma goes on on the next line
        was_quoted, quoted = quoted, line.startswith(">")
        if out and (quoted or was_quoted):
            out += "\n" + line
        elif out and not goes_on and (item or after_item or out[-1] in ".!?:;"):
            out += "\n" + line
        else:
            out += (" " if out else "") + line
        after_item = item or goes_on
    return side_tracks(out)  # "A2", "B3" of a record whose sides are counted: its tracks
