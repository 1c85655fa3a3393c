"""What lyrics say about singing: the one rule for "is this take instrumental?".

Lyrics are instrumental when no line would be sung: they are empty, hold only an
instrumental marker (``[Instrumental]``, ``[inst]``, ``no vocals``, bracketed or bare),
or only structure tags (``[Intro]``, ``[Verse]``) with no lines under them. The
engines (voice or no voice, vocal language) and the catalog's ``instrumental`` column
all use this rule.
"""

from __future__ import annotations

import re
from functools import lru_cache

TAG_RE = re.compile(r"^\s*\[([^\[\]]+)\]\s*$")
INSTRUMENTAL_MARKERS = {"instrumental", "inst", "no vocals"}


@lru_cache(maxsize=65536)  # the catalog asks once per stored take
def is_instrumental(lyrics: str) -> bool:
    """No sung line: empty, instrumental markers, or structure tags alone."""
    for line in lyrics.splitlines():
        text = line.strip()
        if text and not TAG_RE.match(text) and text.lower() not in INSTRUMENTAL_MARKERS:
            return False
    return True
