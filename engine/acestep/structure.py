"""The plan's timed sections as ACE-Step lyric structure tags, and the guided option.

ACE-Step 1.5 takes no section timing; it reads song form from structure tags in the
lyrics (``[Intro]``, ``[Verse]``, ``[Chorus]``, ...). ``lyrics_with_structure`` writes
one tag per planned section, in the plan's order, instrumental sections included
(a tag with no lines), and places the lyric blocks under the vocal sections:

- a block tagged with a section's type goes to the next section of that type; a
  chorus-like section (chorus, hook, refrain, post-chorus) with no block left
  repeats the last one of its type;
- untagged blocks (or blocks whose type the plan lacks) fill the remaining vocal
  sections in order; blocks still left join the last vocal section, so no line is
  lost;
- instrumental lyrics (empty or ``[Instrumental]``) become the tags alone.

``structure: guided`` (a pipeline option) goes further: the sketch engine renders the
plan's arrangement with sections exactly where the plan put them, and ACE-Step
covers that render at ``structure_strength`` (the fraction of steps conditioned on
it), so the timing follows the plan while ACE-Step supplies the sound.
"""

from __future__ import annotations

import re

from engine.lyrics import TAG_RE, is_instrumental
from engine.pipeline import SectionEvent

VOCAL_TYPES = {"verse", "pre-chorus", "chorus", "post-chorus", "bridge", "hook", "refrain", "rap"}
REPEATING = {"chorus", "post-chorus", "hook", "refrain"}


def section_type(label: str) -> str:
    """'Verse 2' -> 'verse', 'Pre Chorus' -> 'pre-chorus', 'chorus-1' -> 'chorus'."""
    words = re.sub(r"[\s_]+", "-", label.strip().lower())
    return re.sub(r"-?\d+$", "", words).strip("-") or words


def tag(kind: str) -> str:
    """'pre-chorus' -> '[Pre-Chorus]'."""
    return "[" + "-".join(w.capitalize() for w in section_type(kind).split("-")) + "]"


def _blocks(lyrics: str) -> list[tuple[str | None, str]]:
    """(section type or None, text) per block of the lyrics, in order; empty blocks dropped."""
    blocks: list[tuple[str | None, list[str]]] = [(None, [])]
    for line in lyrics.splitlines():
        m = TAG_RE.match(line)
        if m:
            blocks.append((section_type(m.group(1)), []))
        elif line.strip() or blocks[-1][1]:
            blocks[-1][1].append(line.rstrip())
    out = []
    for kind, lines in blocks:
        text = "\n".join(lines).strip("\n")
        if text.strip():
            out.append((kind, text))
    return out


def lyrics_with_structure(lyrics: str, events: list[SectionEvent]) -> str:
    """The lyrics re-written with one structure tag per planned section, in order
    (unchanged when there are no events)."""
    if not events:
        return lyrics
    blocks = [] if is_instrumental(lyrics) else _blocks(lyrics)
    used = [False] * len(blocks)
    last_of: dict[str, str] = {}
    kinds = [section_type(e.type) for e in events]
    texts: list[str | None] = [None] * len(events)

    def take(i: int) -> str:
        used[i] = True
        if blocks[i][0]:
            last_of[blocks[i][0]] = blocks[i][1]
        return blocks[i][1]

    # 1. blocks tagged with a section's own type
    for j, kind in enumerate(kinds):
        i = next((i for i, (k, _) in enumerate(blocks) if not used[i] and k == kind), None)
        if i is not None:
            texts[j] = take(i)
        elif kind in REPEATING and kind in last_of:
            texts[j] = last_of[kind]
    # 2. untagged or unmatched blocks fill the remaining vocal sections in order
    for j, kind in enumerate(kinds):
        if texts[j] is None and kind in VOCAL_TYPES:
            i = next((i for i in range(len(blocks)) if not used[i]), None)
            if i is not None:
                texts[j] = take(i)
    # 3. nothing is lost: leftovers join the last vocal section (or the last section)
    rest = [blocks[i][1] for i in range(len(blocks)) if not used[i]]
    if rest:
        j = max((j for j, k in enumerate(kinds) if k in VOCAL_TYPES), default=len(kinds) - 1)
        texts[j] = "\n\n".join([t for t in (texts[j], *rest) if t])
    parts = [tag(e.type) + ("\n" + t if t else "") for e, t in zip(events, texts, strict=True)]
    return "\n\n".join(parts)
