"""A tracklist written as a table, one row per track:

    Track | BPM | vocals | length          Canción | BPM | voz          #  title    length  vox
    1     | 70  | no     | 0:45            1       | 70  | masculina    1  Rocket   2:45    male

Each row becomes a numbered line in words the reader knows ("1. 70 bpm, instrumental, 0:45"),
the column's header telling what a bare cell means: a number under "BPM" is a tempo, a "no"
under "vocals" or "Gesang" is an instrumental, "3" under "length" is three minutes. The header
line goes (its words speak of no track), and so does a markdown rule line ("|---|---|"). A cell that says
"ditto", "same" or "as above" repeats the cell above it; a spreadsheet pasted as CSV or with semicolons is a table
too. Rows
without a number column are numbered in order. A table is a tracklist only when it numbers its
rows or its header names at least two of tempo, vocals and length; a table of settings ("Field |
Value", "Genre | Jazz", "Tracks | 8") is read as settings ("Tracks: 8."), and text that is no
table is left as it is.

A list lettered A), B), C) is written as a numbered one, and a later capital letter of it said after a
word ("Nur E hat Gesang", "only B and C") as that track.
"""

from __future__ import annotations

import json
import re

from engine.genres import fold

CELL_SPLIT = re.compile(r"\s*[|\t]\s*")
ALIGNED_GAP = re.compile(r"\S {2,}(?=\S)")  # two spaces or more between words: a column's edge
ALIGNED_SPLIT = re.compile(r" {2,}")
RULE = re.compile(r"^[\s|:+-]+$")
NUMBER_HEAD = re.compile(r"^(?:#|n[°º.o]?|nr\.?|no\.?|num(?:ero)?|track|tracks|trk|trks|pista|faixa|titre|piste|song|cancion|"
                         r"piece|pieza|peca|stuck|lied|cue|morceau|titel|musica)$")
BPM_HEAD = re.compile(r"\b(?:bpm|tempo|pulsations?|schlage)\b")
VOCAL_HEAD = re.compile(r"\b(?:vocals?|voc|vox|voice|voz|voix|gesang|stimme|chant|canto|vocal|singer|singing|sung|cantante|"
                        r"sanger(?:in)?|chanteur|chanteuse|lyrics|letra)\b")
LENGTH_HEAD = re.compile(r"\b(?:length|len|duration|dur|time|runtime|duracion|duree|dauer|lange|duracao|tiempo|laenge)\b")
SECONDS_HEAD = re.compile(r"\b(?:s|sec|secs|seconds?|seg|segundos?|secondes?|sekunden)\b|\(s\)")
NO_CELL = re.compile(r"^(?:no|non|nein|nao|none|nope|n|-+|–|—|instrumental|instru|instrumentale?|sin|sans|ohne|sem)$")
DITTO = re.compile(r"ditto|dito|do\.?|same|same as above|as above|idem|id\.|〃|\"|''|wie oben|dto\.?|lo mismo|igual|"
                   r"igual que arriba|pareil|comme au-dessus|o mesmo|mesmo|igual ao de cima|\^")
YES_CELL = re.compile(r"^(?:yes|y|si|oui|ja|sim|x|✓|✔)(?![\w])\s*[,;:-]?\s*")  # "ja, weiblich"; not "yodel"


def _fold(text: str) -> str:
    return fold(text).strip()


def _cells(line: str) -> list[str]:
    """The cells of a table line ('| a | b |' and 'a | b' alike); [] when it is no table line."""
    if "|" not in line and "\t" not in line:
        if len(ALIGNED_GAP.findall(line)) >= 2:  # columns lined up with spaces: "1  Popcorn Rocket   2:45    male"
            return ALIGNED_SPLIT.split(line.strip())
        # a spreadsheet pasted with semicolons ("faixa;gênero;duração;voz") or as CSV ("#,Title,Dur,BPM,Voc"), not prose
        for sep in (";", ","):
            if line.count(sep) >= 2 and " " not in line.strip()[:1] and (sep == ";" or f"{sep} " not in line):
                return [c.strip() for c in line.strip().split(sep)]
        return []
    line = line.strip()
    if line.startswith("|"):  # "| a | b |": the outer bars close the row; "2 | theme | 1:00 |" ends in an empty cell
        line = line[1:].removesuffix("|")
    return CELL_SPLIT.split(line.strip())


def _cell_words(head: str, cell: str) -> str:
    """One cell in words the reader knows, given its column's header."""
    h, c = _fold(head), _fold(cell)
    if not c:
        return ""
    if BPM_HEAD.search(h) and re.fullmatch(r"\d{2,3}(?:\s*[-–]\s*\d{2,3})?", c):
        return f"{cell} bpm"
    if VOCAL_HEAD.search(h):
        if NO_CELL.match(c):
            return "instrumental"
        yes = YES_CELL.match(c)
        return f"{head}: {cell[yes.end():]}" if yes and c[yes.end():] else head if yes else f"{head} {cell}"
    if LENGTH_HEAD.search(h) and re.fullmatch(r"\d{1,3}(?:[.,]\d+)?", c):
        return f"{cell} s" if SECONDS_HEAD.search(h) or float(c.replace(",", ".")) > 15 else f"{cell} min"
    return cell


def untable(text: str) -> str:
    """The text with every table of tracks written as a numbered list (see the module docstring)."""
    lines = unletter(unjson(text)).splitlines()
    out: list[str] = []
    i = 0
    while i < len(lines):
        head = _cells(lines[i])
        rows, j = [], i + 1
        while j < len(lines) and (RULE.match(lines[j]) and "-" in lines[j] or 2 <= len(_cells(lines[j])) <= len(head)):
            if not RULE.match(lines[j]):  # a row may leave its last cells out
                rows.append(_cells(lines[j]) + [""] * (len(head) - len(_cells(lines[j]))))
            j += 1
        if len(head) < 2 or len(rows) < 2:
            out.append(lines[i])
            i += 1
            continue
        # the column that numbers the rows, wherever it stands ("Teil | Stück | Tempo": the second)
        num_col = next((k for k, h in enumerate(head) if NUMBER_HEAD.match(_fold(h)) and all(r[k].strip().isdigit() for r in rows)),
                       None)
        numbered = num_col is not None
        attributes = sum(bool(p.search(_fold(h))) for h in head for p in (BPM_HEAD, VOCAL_HEAD, LENGTH_HEAD))
        if not numbered and attributes < 2:  # "Field | Value / Genre | Jazz / Tracks | 8" is a spec, not tracks:
            settings = [head] + rows if len(head) == 2 else []  # a two-column one is read as "Tracks: 8"
            out.extend([f"{k}: {v}." for k, v in settings] or lines[i:j])
            i = j
            continue
        for above, row in zip(rows, rows[1:], strict=False):  # "ditto", "same", "as above": the cell above it
            row[:] = [a if DITTO.fullmatch(_fold(c)) else c for a, c in zip(above, row, strict=True)]
        for k, row in enumerate(rows, start=1):
            pairs = [(h, c) for j, (h, c) in enumerate(zip(head, row, strict=True)) if j != num_col]
            words = ", ".join(w for w in (_cell_words(h, c) for h, c in pairs) if w)
            out.append(f"{row[num_col].strip() if num_col is not None else k}. {words}")
        i = j
    return "\n".join(out)


LETTERED = re.compile(r"^[ \t]*(?P<l>[A-Z])[).:][ \t]+", re.M)


def unletter(text: str) -> str:
    """A list lettered from A) on, written as a numbered list; its letters named after a word are its tracks."""
    marks = list(LETTERED.finditer(text))
    letters = [m.group("l") for m in marks]
    if len(marks) < 2 or letters != [chr(ord("A") + k) for k in range(len(marks))]:
        return text
    for k, m in reversed(list(enumerate(marks, start=1))):
        text = text[:m.start("l")] + f"{k}." + text[m.end("l") + 1:]
    last = list(re.finditer(rf"^[ \t]*{len(marks)}\.", text, re.M))[-1]  # the list's last line
    end = text.find("\n", last.end())
    head, tail = (text, "") if end < 0 else (text[:end], text[end:])
    named = "".join(letters)
    tail = re.sub(rf"(?<=[a-zäöüßàâçéèêëîïôûùáíóúñã] )([{named}])(?![\w'’])",
                  lambda m: f"track {ord(m.group(1)) - ord('A') + 1}", tail)
    tail = re.sub(rf"(?<=track \d )((?:and|und|y|et|e|&|,) )([{named}])(?![\w'’])",
                  lambda m: f"{m.group(1)}track {ord(m.group(2)) - ord('A') + 1}", tail)
    return head + tail


def unjson(text: str) -> str:
    """A brief pasted as a JSON object ({"tracks": 3, "genre": "jazz", "vocals": "none"}, single quotes and trailing
    commas allowed) as "key: value" lines; a list of track objects as numbered lines read like a table's rows."""
    raw = text.strip()
    if not raw.startswith(("{", "[")):
        return text
    data = None
    for attempt in (raw, re.sub(r",\s*([}\]])", r"\1", raw.replace("'", '"'))):
        try:
            data = json.loads(attempt)
            break
        except ValueError:
            continue
    if not isinstance(data, dict | list):
        return text
    lines: list[str] = []
    for key, value in (data.items() if isinstance(data, dict) else [("tracks", data)]):
        if isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
            for k, track in enumerate(value, start=1):
                cells = [_cell_words(str(h), _plain(v)) for h, v in track.items() if not NUMBER_HEAD.match(_fold(str(h)))]
                lines.append(f"{k}. " + ", ".join(c for c in cells if c))
        elif isinstance(value, dict):
            lines.append(f"{key}: " + ", ".join(f"{h} {_plain(v)}" for h, v in value.items()) + ".")
        else:
            lines.append(f"{key}: {_plain(value)}.")
    return "\n".join(lines)


def _plain(value: object) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if value is None:
        return "none"
    if isinstance(value, list):
        return ", ".join(_plain(v) for v in value)
    return str(value)
