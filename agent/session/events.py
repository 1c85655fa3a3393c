"""A bounded, thread-safe log of a session's events (graph progress, questions,
messages), read by position: the studio's server-sent events stream sends each
client what it has not seen yet, the MCP server turns them into progress."""

from __future__ import annotations

import threading
import time
from typing import Any

from pydantic import BaseModel

MAX_EVENTS = 2000


class Event(BaseModel):
    seq: int
    name: str
    data: dict[str, Any]
    at: float


class EventLog:
    def __init__(self, limit: int = MAX_EVENTS) -> None:
        self.limit = limit
        self._events: list[Event] = []
        self._next = 1
        self._lock = threading.Lock()

    def append(self, name: str, data: dict[str, Any]) -> Event:
        with self._lock:
            ev = Event(seq=self._next, name=name, data=_jsonable(data), at=time.time())
            self._next += 1
            self._events.append(ev)
            if len(self._events) > self.limit:
                del self._events[: len(self._events) - self.limit]
            return ev

    @property
    def last_seq(self) -> int:
        with self._lock:
            return self._next - 1

    def since(self, seq: int) -> list[Event]:
        """Events after ``seq``."""
        with self._lock:
            if not self._events:
                return []
            return self._events[max(0, seq - self._events[0].seq + 1):]  # seqs are consecutive


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json")
    if value is None or isinstance(value, str | int | float | bool):
        return value
    return str(value)
