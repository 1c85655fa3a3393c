"""REPL commands: a registry of word -> (handler, usage, help). Plain text that
is not a command is a brief. Handlers raise AceprodError for anything a person
got wrong; the loop prints it as one line."""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from agent.people.readers import words
from agent.records import QuestionKind, TakeRow
from agent.repl import display
from agent.repl.session import Session
from agent.terminal import esc
from engine.errors import ConfigError


class Quit(Exception):
    """`quit`: leave the REPL."""


@dataclass(frozen=True)
class Command:
    handler: Callable[[Session, str], None]
    usage: str
    help: str


def cmd_plan(s: Session, args: str) -> None:
    if args.strip():
        s.plan_brief(args)
    display.show_plan(s)


def cmd_edit(s: Session, args: str) -> None:
    words = args.split()
    pending = {p.proposal_id for p in s.pending_proposals()}
    if pending and words and not words[0].isdigit() and words[0].lower() != "all":
        target = words[0].lower() if words[0].lower() in pending else None
        s.decide("edit", target, " ".join(words[1:] if target else words))
        return
    s.say("changed: " + esc("; ".join(s.edit_plan(args))))
    display.show_plan(s)


def cmd_generate(s: Session, args: str) -> None:
    n = None
    if args.strip():
        try:
            n = int(args.split()[-1])
        except ValueError:
            raise ConfigError(f"'{args.strip()}' is not a number of takes (fix: generate, or generate 3)") from None
        if not 1 <= n <= 16:
            raise ConfigError("takes per track must be 1-16 (fix: generate 3)")
    s.generate(n)


def cmd_score(s: Session, args: str) -> None:
    target = args.strip()
    if target and ("." in target or "/" in target or _exists(target)):
        from agent.people.show import take_table
        from quality.analyze import analyze_file
        from tools.take_records import defect_summary

        with s.console.status("scoring ..."):
            report = analyze_file(str(Path(target).expanduser()))
        s.console.print(take_table([TakeRow(rank=1, take_id=Path(target).name, overall=report.overall,
                                            defects=[str(d) for d in defect_summary(report)],
                                            audio=str(Path(target).resolve()))], title="score"))
        return
    display.show_takes(s)
    display.show_question(s, s.question())


def _exists(target: str) -> bool:
    try:
        return Path(target).expanduser().exists()
    except (OSError, ValueError, RuntimeError):  # not a usable path: a name too long, NUL bytes, unknown ~user
        return False


def cmd_repair(s: Session, args: str) -> None:
    if not display.show_question(s, s.question()):
        if s.run is None:
            raise ConfigError("no run yet (fix: type a brief, then `generate`)")
        display.show_repairs_done(s)


def _decision(decision: str) -> Callable[[Session, str], None]:
    def handler(s: Session, args: str) -> None:
        q = s.question()
        if decision == "approve" and q and q.kind is QuestionKind.pick_take:
            raise ConfigError("the run waits for a pick, not an approval (fix: pick N)")
        s.decide(decision, args.strip() or None)

    return handler


def cmd_pick(s: Session, args: str) -> None:
    words = args.split()
    if not words:
        raise ConfigError("pick what? (fix: pick 2, pick t01c2, or pick t01c2 over t01c1)")
    if len(words) == 3 and words[1].lower() == "over":
        s.pick(words[0], words[2])
    elif len(words) == 1:
        s.pick(words[0])
    else:
        raise ConfigError(f"cannot read 'pick {args.strip()}' (fix: pick 2, pick t01c2, or pick t01c2 over t01c1)")


def cmd_export(s: Session, args: str) -> None:
    parts = words(args, what="the folder", empty="export where? (fix: export datasets/pairs [jsonl|parquet|both])")
    version = s.export(parts[0], parts[1] if len(parts) > 1 else "jsonl")
    s.say(f"exported {version.n_rows} pairs as {esc(version.version)} -> {esc(version.path)}")


def cmd_reference(s: Session, args: str) -> None:
    from agent.reference import describe, measure_reference, seed_brief

    if not args.strip():
        s.say(esc(describe(s.reference)) if s.reference else "no reference clip (fix: reference PATH.wav)")
        return
    with s.console.status("measuring the reference clip ..."):
        ref = measure_reference(args.strip())
    s.reference = ref
    s.say(f"reference: {esc(describe(ref))}")
    if s.plan is not None:
        _, notes = seed_brief(s.plan.brief, ref)
        s.say("the plan is re-made from your brief with the clip's measurements: " + esc("; ".join(notes) or "none new"))
        s.plan_from(s.plan.brief)
        display.show_plan(s)
    else:
        s.say("it will seed the next brief you type, and takes will be scored by similarity to it")


def cmd_mode(s: Session, args: str) -> None:
    if args.strip():
        s.set_mode(args.strip().lower())
    s.say(f"mode {s.autonomy}: " + {"autonomous": "repairs run automatically, the score picks the takes",
                                   "supervised": "you pick each track's take, repairs run automatically",
                                   "collaborative": "you approve each repair; `pick A over B` records your choices"}[s.autonomy])


def cmd_heuristics(s: Session, args: str) -> None:
    if s.catalog is None or not Path(s.catalog).exists():
        s.say("nothing learned yet: the catalog is empty")
        return
    from agent.commands.heuristics import print_heuristics
    from agent.learning import compute

    print_heuristics(compute(s.catalog), s.console, genre=args.strip() or None)


def cmd_help(s: Session, args: str) -> None:
    name = args.strip().lstrip("/").lower()
    if name:
        c = COMMANDS.get(ALIASES.get(name, name))
        if c is None:
            raise ConfigError(f"no command '{name}' (fix: help lists them)")
        s.say(f"{esc(c.usage)}\n  {esc(c.help)}")
        return
    s.say("type a brief in plain words to plan it, e.g. a 90 bpm lofi hip hop track with dusty piano, 2 minutes")
    for c in COMMANDS.values():
        s.say(f"  {esc(f'{c.usage:<34}')} {esc(c.help)}")
    s.say("Ctrl-C stops a generation (the run is kept), Ctrl-D or quit leaves")


def cmd_quit(s: Session, args: str) -> None:
    raise Quit


COMMANDS: dict[str, Command] = {
    "plan": Command(cmd_plan, "plan [BRIEF]", "plan a brief (or show the plan)"),
    "edit": Command(cmd_edit, "edit [N|all] FIELD=VALUE ...", "change the plan (bpm, key, duration, caption, "
                    "steps, model, candidates ...) or a pending repair (edit t01r1 start=12 end=16)"),
    "generate": Command(cmd_generate, "generate [TAKES]", "record the plan: takes, scores, repairs"),
    "resume": Command(lambda s, args: s.resume(args.strip() or None), "resume [RUN_ID]",
                      "continue a stopped run"),
    "score": Command(cmd_score, "score [FILE]", "the run's takes ranked with defects (or score an audio file)"),
    "repair": Command(cmd_repair, "repair", "the repairs waiting for you (or done in this run)"),
    "approve": Command(_decision("approve"), "approve [ID|all]", "approve a proposed repair"),
    "reject": Command(_decision("reject"), "reject [ID|all]", "reject a proposed repair"),
    "pick": Command(cmd_pick, "pick N|TAKE [over TAKE]", "keep a take (A/B choices become human pairs)"),
    "history": Command(lambda s, args: display.show_history(s), "history",
                       "past runs, your decisions, recent commands"),
    "pairs": Command(lambda s, args: display.show_pairs(s, args.strip() or None), "pairs [STRATEGY]",
                     "preference pairs stored, by strategy"),
    "export": Command(cmd_export, "export FOLDER [jsonl|parquet]", "write the pairs as a dataset version"),
    "reference": Command(cmd_reference, "reference CLIP", "steer by a reference clip (tempo, key, sound)"),
    "mode": Command(cmd_mode, "mode [autonomous|supervised|collaborative]", "how much you decide"),
    "heuristics": Command(cmd_heuristics, "heuristics [GENRE]", "what the planner has learned"),
    "help": Command(cmd_help, "help [COMMAND]", "this list"),
    "quit": Command(cmd_quit, "quit", "leave (also Ctrl-D)"),
}
ALIASES = {"exit": "quit", "q": "quit", "a": "approve", "r": "reject", "?": "help", "takes": "score",
           "gen": "generate", "ref": "reference"}


COMMAND_ARGS = re.compile(r"=|\bt\d{2}[cr]\d+\b|\b(all|later)\b|[/\\]|\.(wav|flac|ogg|mp3|json|yaml)\b",
                          re.IGNORECASE)
MIN_BRIEF_WORDS = 4


def reads_as_brief(text: str) -> bool:
    """A sentence that merely starts with a command word ("a 90 bpm lofi track...",
    "score for a film, 4 cues") is a brief: four or more words whose arguments look
    like no command's (no key=value, take or repair ids, paths). A leading slash
    always means a command."""
    word, _, rest = text.partition(" ")
    return (not word.startswith("/") and len(text.split()) >= MIN_BRIEF_WORDS
            and not COMMAND_ARGS.search(rest))


def dispatch(s: Session, line: str) -> None:
    """Run one line: a command, or a brief in plain words."""
    text = line.strip()
    if not text:
        return
    word, _, rest = text.partition(" ")
    name = word.lower()
    slash = name.startswith("/")
    name = ALIASES.get(name.lstrip("/"), name.lstrip("/"))
    if name in COMMANDS and name != "plan" and reads_as_brief(text):
        name = ""  # a brief that happens to start with a command word
    if name in COMMANDS:
        COMMANDS[name].handler(s, rest)
        return
    if slash or " " not in text:
        close = difflib.get_close_matches(name, list(COMMANDS) + list(ALIASES), n=1)
        hint = f"did you mean {close[0]}? " if close else ""
        raise ConfigError(f"unknown command '{word}' ({hint}help lists the commands; to plan a one-word brief "
                          f"type: plan {word})")
    s.plan_brief(text)
    display.show_plan(s)
