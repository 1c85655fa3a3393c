"""A brief's text made plain before it is read: spaces collapsed, and line breaks kept only where
they mean something (a list item starts, a sentence ends, a list ends)."""

from __future__ import annotations

import re

# a line that starts a list item: "- 4 tracks", "* keine Keyboards", "• diez piezas", "2) ..."
# a numbered item's mark: "1.", "2)", "3:", "4 -" (planning/tracklist.py reads the numbers)
NUMBER_MARK = r"\d{1,2}(?:\s*[-–]\s*\d{1,2}\s*[.):]|\s*[.):]|\s+[-–—])"  # "3.", "3)", "3 -", and "4-6:" for several
ITEM_LINE = re.compile(rf"\s*(?:[-*•·–]|{NUMBER_MARK})\s"
                       # a line that names its track: "faixa um: abertura", "Track 3 - ...", "Stück zwei: ..."
                       r"|\s*(?i:track|song|faixa|pista|piste|titre|morceau|tema|canci[oó]n|st[uü]ck|lied|cue)\s+\w+\s*[:–-]\s")


# abbreviations whose full stop ends no sentence: "Track 3 feat. a female singer", "ft. MC Lyte"
ABBREVIATION = re.compile(r"(?<![\w])(?:((?i:feat|ft|approx|aprox|env|bzw|inkl|evtl|ca|cca|engl|männl|weibl|voc|max))\.(?=\s)"
                          # "3 min. each", not "3 min. Then"; "5&6 instr. ~3m each" ends its sentence
                          r"|(min|mins|sec|secs|seg|nr|instr)\.(?=\s+[^\W_A-Z]))")


BARE_ITEM = re.compile(r"(\d{1,2})\s+[^\W\d_]")
# a line whose item is a Roman numeral: "- I : 8 min", "II. Adagio", "III) ..."
ROMAN_ITEM = re.compile(r"(\s*(?:[-*•·–]\s*)?)(X{0,1}(?:IX|IV|V?I{0,3}))\s*([:.)]|\s[-–—])")
ROMAN = {"I": 1, "V": 5, "X": 10}


def _roman_value(numeral: str) -> int:
    values = [ROMAN[c] for c in numeral]
    return sum(-v if i + 1 < len(values) and v < values[i + 1] else v for i, v in enumerate(values))


def _arabic_items(lines: list[str]) -> list[str]:
    """Lines numbered I, II, III, ... (two or more in order) numbered 1, 2, 3 instead, as a tracklist is read."""
    marks = [ROMAN_ITEM.match(x) for x in lines]
    values = [_roman_value(m.group(2)) if m and m.group(2) else 0 for m in marks]
    out, i = list(lines), 0
    while i < len(lines):
        if values[i] == 1:
            j = i
            while j + 1 < len(lines) and values[j + 1] == values[j] + 1:
                j += 1
            if j > i:
                for k in range(i, j + 1):
                    m = marks[k]
                    out[k] = f"{m.group(1)}{values[k]}{m.group(3).strip() if m.group(3).strip() in ':.)' else ' -'}" + lines[k][m.end():]
            i = j + 1
        else:
            i += 1
    return out


def _bare_numbered(lines: list[str]) -> set[int]:
    """The lines of a run of three or more that open with 1, 2, 3, ... and a word ("1 jonglage, 120 bpm")."""
    found: set[int] = set()
    i = 0
    while i < len(lines):
        m = BARE_ITEM.match(lines[i])
        if m and m.group(1) == "1":
            j = i
            while j + 1 < len(lines) and (n := BARE_ITEM.match(lines[j + 1])) and int(n.group(1)) == j + 2 - i:
                j += 1
            if j - i >= 2:
                found.update(range(i, j + 1))
            i = j + 1
        else:
            i += 1
    return found


def tidy(text: str) -> str:
    """Spaces collapsed; a line break kept (as one newline, a sentence end for the reader) only
    where a list item starts, where a line ends a sentence, or after a list item (the line after
    a list speaks of the album again), so a hard-wrapped email reads as one text. A quoted line
    ("> ...", an earlier message in a reply) is a line of its own. The full stop of an abbreviation
    goes, so the sentence goes on."""
    text = re.sub(r"(?<=\d)\.(?=[ºª])", "", text)  # "a 3.ª", "do 5.º": the ordinal's dot ends no sentence
    lines = [" ".join(ABBREVIATION.sub(lambda m: m.group(1) or m.group(2), line).split()) for line in text.splitlines()]
    lines = _arabic_items([x for x in lines if x])
    counted = _bare_numbered(lines)
    out, after_item, quoted = "", False, False
    for i, line in enumerate(lines):
        item = bool(ITEM_LINE.match(line)) or i in counted
        goes_on = after_item and not item and out[-1] in ",("  # an item ending in a comma goes on on the next line
        was_quoted, quoted = quoted, line.startswith(">")
        if out and (quoted or was_quoted):
            out += "\n" + line
        elif out and not goes_on and (item or after_item or out[-1] in ".!?:;"):
            out += "\n" + line
        else:
            out += (" " if out else "") + line
        after_item = item or goes_on
    return out
