"""Who a take is: the typed identity of a take and of a track inside an album run.

A take id reads ``t01c2`` (track 1, candidate 2), ``t01r1`` (track 1, first repair)
or ``t01r1v2`` (the second seed variant of that repair). This module is the only
place that writes or reads that form: everything else builds a ``TakeId`` and
formats it, or parses a string with ``TakeId.parse``. Records keep the string form
(JSON) as a ``TakeIdText``: a string pydantic refuses unless it is a take id.
"""

from __future__ import annotations

import re
from enum import StrEnum
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from engine.errors import ConfigError


class TakeKind(StrEnum):
    """What produced a take: a planned candidate, or a repair of one."""

    candidate = "candidate"
    repair = "repair"


_LETTER = {TakeKind.candidate: "c", TakeKind.repair: "r"}
_PATTERN = re.compile(r"^t(\d{2,})([cr])(\d+)(?:v(\d+))?$")


def track_key(track: int) -> str:
    """``1`` -> ``"t01"``: a track's name in take ids, folders, plan ids and anchors."""
    return f"t{track:02d}"


class TakeId(BaseModel):
    """Track number, kind and number (and, for repairs, the seed variant)."""

    model_config = ConfigDict(frozen=True)
    track: int = Field(ge=0)
    kind: TakeKind
    number: int = Field(ge=1)  # candidate number, or the repair's attempt on its track
    variant: int = Field(default=1, ge=1)  # repairs: seed variant (best-of-k); 1 = the repair itself

    @classmethod
    def candidate(cls, track: int, number: int) -> TakeId:
        return cls(track=track, kind=TakeKind.candidate, number=number)

    @classmethod
    def repair(cls, track: int, attempt: int, variant: int = 1) -> TakeId:
        return cls(track=track, kind=TakeKind.repair, number=attempt, variant=variant)

    @classmethod
    def parse(cls, text: str) -> TakeId:
        """``"t01r1v2"`` -> TakeId; a ConfigError names the expected form otherwise."""
        m = _PATTERN.match(text.strip().lower())
        if m is None:
            raise ConfigError(f"{text!r} is not a take id (fix: use the form t01c2 for a candidate or t01r1 for a repair)")
        kind = TakeKind.candidate if m.group(2) == "c" else TakeKind.repair
        return cls(track=int(m.group(1)), kind=kind, number=int(m.group(3)), variant=int(m.group(4) or 1))

    @property
    def track_key(self) -> str:
        return track_key(self.track)

    def with_variant(self, variant: int) -> TakeId:
        return self.model_copy(update={"variant": variant})

    def __str__(self) -> str:
        tail = f"v{self.variant}" if self.variant > 1 else ""
        return f"{self.track_key}{_LETTER[self.kind]}{self.number}{tail}"


def _checked(text: str) -> str:
    try:
        canonical = str(TakeId.parse(text))
    except (ConfigError, ValueError):
        canonical = None
    if canonical != text:
        raise ValueError(f"{text!r} is not a take id (t01c2 for a candidate, t01r1 for a repair)")
    return text


TakeIdText = Annotated[str, AfterValidator(_checked)]  # str(TakeId) in a record
