"""Tables of the REPL: the plan with its generation presets, a run's takes
ranked, pending questions, past runs (history) and stored pairs."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from rich.table import Table

from agent.people.readers import aceprod_home
from agent.people.show import show_pick, show_proposal, take_table
from agent.records import Question, QuestionKind, TakeRow
from agent.runner import RUN_FILE
from agent.state import repairs_of
from agent.terminal import esc


def show_plan(session: Any) -> None:
    from agent.commands.plan import print_plan
    from agent.repl.planedit import preset_line

    plan = session.require_plan()
    print_plan(plan, session.console)
    learned = session.learned()
    for t in plan.tracks:
        session.say("  " + esc(preset_line(t, session.caps, session.presets, learned)))
    session.say(f"{plan.candidates} takes per track, mode {session.autonomy}; `edit` to change, `generate` to "
                "record")


def show_takes(session: Any) -> None:
    from agent.session.takes import tracks

    shown = [t for t in tracks(session) if t.takes]
    if not shown:
        session.say("no takes yet in this run (`resume` continues it)")
        return
    out = session.run.run_dir
    for track in shown:
        rows = [TakeRow(**v.model_dump(include={"rank", "take_id", "overall", "defects"}),
                        audio=str((out / v.audio).resolve()), note="best" if v.best else v.note) for v in track.takes]
        session.console.print(take_table(rows, title=f"track {track.index}"))


def show_question(session: Any, question: Question | None) -> bool:
    if not question:
        return False
    if question.kind is QuestionKind.approve_repairs:
        decided = session.run.decisions if session.run else {}
        for p in question.proposals:
            show_proposal(p, session.console, score=question.scores.get(p.from_take))
            if p.proposal_id in decided:
                session.say(f"  (you said: {decided[p.proposal_id].decision})")
        session.say("answer with: approve [ID|all], reject [ID|all], edit ID start=.. end=.. | strength=..")
    else:
        show_pick(question, session.console)
        session.say("answer with: pick N (or pick TAKE_ID)")
    return True


def show_repairs_done(session: Any) -> None:
    repairs = repairs_of(session.state())
    if not repairs:
        session.say("no repairs proposed in this run")
        return
    table = Table("repair", "route", "decision", "who", "before", "after", "kept", title="repairs of this run",
                  title_justify="left")
    def fmt(v: float | None) -> str:
        return "-" if v is None else f"{v:.1f}"

    for r in repairs:
        table.add_row(*(esc(v) for v in (r.proposal.proposal_id, r.proposal.route, r.decision, r.who,
                      fmt(r.before), fmt(r.after), "yes" if r.accepted else "no")))
    session.console.print(table)


def show_history(session: Any, limit: int = 10) -> None:
    from catalog.store import Catalog

    seen: set[str] = set()
    table = Table(title="runs, newest first", title_justify="left")
    for col in ("run", "mode", "started", "brief", "takes", "repairs by you", "picks"):
        table.add_column(col, overflow="fold")
    if session.catalog is not None and Path(session.catalog).exists():
        with Catalog.open(session.catalog, read_only=True, wait_s=5) as cat:
            rows = cat.recent_runs(limit)
        for r in rows:
            seen.add(r.run_id)
            table.add_row(*(esc(v) for v in (r.run_id, r.mode or "", str(r.started_at)[:16], (r.brief or "")[:60],
                          r.takes, r.decisions or "-", r.picks)))
    unfinished = []
    if session.out.is_dir():
        for info in sorted(session.out.glob(f"*/{RUN_FILE}"), reverse=True)[:limit]:
            run_id = info.parent.name
            if run_id not in seen and not (info.parent / "album.json").exists():
                unfinished.append(run_id)
    session.console.print(table)
    for run_id in unfinished:
        session.say(f"unfinished: {esc(run_id)} (resume {esc(run_id)})")
    recent = recent_commands(limit)
    if recent:
        session.say("recent commands: " + esc(" | ".join(recent)))


def recent_commands(limit: int) -> list[str]:
    path = aceprod_home() / "repl_history"
    if not path.is_file():
        return []
    lines = [ln[1:] for ln in path.read_text(encoding="utf-8", errors="replace").splitlines() if ln.startswith("+")]
    return lines[-limit:]


def show_pairs(session: Any, strategy: str | None = None) -> None:
    from catalog.store import Catalog

    if session.catalog is None or not Path(session.catalog).exists():
        session.say("no catalog yet: pairs appear after the first run")
        return
    with Catalog.open(session.catalog, read_only=True, wait_s=5) as cat:
        counts = cat.pair_counts()
        rows = cat.list_pairs(strategy, limit=10, newest_first=True)
    session.say("pairs: " + esc(", ".join(f"{s} {n}" for s, n in counts.items()) or "none yet"))
    if rows:
        table = Table("strategy", "chosen", "rejected", "margin", "by", title="latest pairs", title_justify="left")
        for r in rows:
            table.add_row(*(esc(v) for v in (r.strategy.value, r.chosen_gen_id, r.rejected_gen_id,
                          "-" if r.margin is None else f"{r.margin:.2f}", r.score_kind)))
        session.console.print(table)

