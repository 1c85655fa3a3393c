"""The one question the REPL asks after planning, when the brief left the track count (or a
per-track wish) open: the person answers, or presses Enter to keep the stated default.
Autonomous sessions never ask; the plan lists the assumption instead."""

from __future__ import annotations

import re
from typing import Any

from agent.people.readers import Cancelled
from agent.planning.constraints import Read
from agent.planning.lexicon import NUMBER_RE, number_value
from agent.plans import MAX_TRACKS, AlbumPlan


def clarify(session: Any, plan: AlbumPlan) -> AlbumPlan:
    """Ask the plan's first open question; re-plan with the answer (or keep the default)."""
    c = plan.constraints
    if c is None or not c.ambiguities or session.autonomy == "autonomous":
        return plan
    first, rest = c.ambiguities[0], c.ambiguities[1:]
    try:
        answer = session.reader.ask(f"{first.question} (Enter = {first.default}) ").strip()
    except Cancelled:
        answer = ""
    settled = c.model_copy(update={"ambiguities": rest})
    if first.field == "track_count":
        found = NUMBER_RE.search(answer.lower())
        n = int(number_value(found.group("n")) or 0) if found else 0
        if 1 <= n <= MAX_TRACKS:
            settled.track_count = Read(value=n, source=f"your answer: {answer}")
            return session.plan_from(plan.brief.model_copy(update={"track_count": n, "constraints": settled}))
    elif answer:
        from agent.planning.planner import load_brief

        return session.plan_from(load_brief(f"{plan.brief.text}. {answer}"))
    if answer and not re.search(r"\d", answer):
        session.say(f"could not read a number in '{answer}'; keeping {first.default}")
    return plan.model_copy(update={"constraints": settled})
