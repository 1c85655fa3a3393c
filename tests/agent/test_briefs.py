"""Brief understanding: every brief of tests/agent/briefs/ planned, and the plan honours what it asks.

The dev set (en, es, fr, de, pt) must comply fully with the rule-based planner; the
held-out set was written before the reader was tuned and is reported on its own. The
default LLM writes words only, so a few briefs are planned with it end to end (slow).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from agent.planning.brief_text import parse_brief_text
from agent.planning.compliance import BriefCase, check_plan, load_cases, refused_as
from agent.planning.planner import load_brief, plan_album
from agent.planning.reader import read_brief
from engine.errors import AceprodError, ConfigError

BRIEFS = Path(__file__).parent / "briefs"
DEV = [(f"{p.stem}-{i}", c) for p in sorted(BRIEFS.glob("*.yaml")) if p.stem != "heldout"
       for i, c in enumerate(load_cases(p))]
HELDOUT = load_cases(BRIEFS / "heldout.yaml")
HELDOUT_FLOOR = 1.0  # first-look shares of each held-out round are in README "Brief understanding"


def problems(case: BriefCase, seed: int = 0, llm=None) -> list[str]:
    try:
        plan = plan_album(load_brief(case.brief), seed=seed, llm=llm)
    except AceprodError as exc:
        if case.expect.refuse and refused_as(case.expect.refuse, str(exc)):
            return []
        return [f"refused: {exc}"]
    if case.expect.refuse:
        return [f"planned, but should refuse with '{case.expect.refuse}'"]
    return check_plan(plan, case.expect)


def test_the_set_is_large_and_varied():
    langs = {}
    for name, _ in DEV:
        langs[name.split("-")[0]] = langs.get(name.split("-")[0], 0) + 1
    assert len(DEV) >= 100 and all(langs[x] >= 12 for x in ("es", "fr", "de", "pt")), langs
    per_track = sum(1 for _, c in DEV if c.expect.tracks)
    exceptions = sum(1 for _, c in DEV if any(t.vocal is not None for t in c.expect.tracks.values()))
    assert per_track >= 25 and exceptions >= 15, (per_track, exceptions)


@pytest.mark.parametrize("name, case", [
    pytest.param(n, c, marks=pytest.mark.xfail(strict=True, reason=c.known_miss)) if c.known_miss else (n, c)
    for n, c in DEV], ids=[n for n, _ in DEV])
def test_rule_plan_honours_the_brief(name, case):
    assert problems(case, seed=len(name)) == []


# rounds kept apart from the dev set, with what they score now (README "Brief understanding")
UNSEEN_FLOORS = {"round9": 37, "round10": 40, "round11": 39, "round12": 38, "round13": 42, "round14": 45,
                 "round15": 45, "round16": 45, "round17": 39, "round18": 45, "round19": 44, "round20": 44,
                 "round22": 40, "round23": 37, "round24": 38, "round25": 41, "round26": 38, "round27": 34,
                 "round28": 42, "round29": 41, "round30": 44, "round31": 45, "round32": 37, "round33": 41,
                 "round34": 45, "round35": 44, "round36": 45, "round37": 39, "round38": 38, "round39": 37,
                 "round40": 34, "round41": 44, "round42": 38, "round43": 41, "round44": 36, "round45": 34,
                 "round46": 44, "round47": 30, "round48": 19, "round49": 34,
                 "round50": 38, "round51": 37, "round52": 30, "round53": 38, "round54": 32, "round55": 33,
                 "round56": 31, "round57": 19, "round58": 25, "round59": 18, "round60": 24, "round61": 25}


@pytest.mark.parametrize("name", sorted(UNSEEN_FLOORS))
def test_the_unseen_rounds_are_reported_and_do_not_get_worse(name):
    cases = load_cases(BRIEFS / "unseen" / f"{name}.yaml")
    ok = sum(1 for c in cases if not problems(c))
    print(f"unseen {name}: {ok}/{len(cases)}")
    assert ok >= UNSEEN_FLOORS[name]


def test_heldout_briefs_are_reported_apart():
    failed = {c.brief: p for c in HELDOUT if (p := problems(c))}
    share = 1 - len(failed) / len(HELDOUT)
    print(f"held-out compliance {share:.0%} ({len(HELDOUT) - len(failed)}/{len(HELDOUT)})")
    for brief, p in failed.items():
        print(f"  {brief}: {'; '.join(p[:3])}")
    assert share >= HELDOUT_FLOOR


def test_every_read_value_names_its_source_words():
    c = read_brief("Three tracks at 90, 120 and 150 bpm, drum and bass for the last one, 3 minutes each")
    rows = {what: (value, src) for what, value, src in c.summary()}
    assert rows["track count"] == ("3", "Three tracks")
    assert rows["last track: genre"] == ("drum and bass (electronic)", "drum and bass")
    assert rows["duration"] == ("180", "3 minutes")
    for r in [c.track_count, c.duration, *(t.bpm for t in c.tracks if t.bpm)]:
        text = "Three tracks at 90, 120 and 150 bpm, drum and bass for the last one, 3 minutes each"
        assert text[r.start:r.end].strip() == r.source


def test_numbers_it_cannot_place_are_reported_and_defaults_are_assumed():
    plan = plan_album(parse_brief_text("an EP, 7 or so, something dreamy"))
    assert [u.source for u in plan.constraints.unused] == ["7"]
    fields = {a.field for a in plan.assumptions}
    assert {"track count", "genre", "vocals", "length", "tempo"} <= fields
    assert any(n.startswith("assumed track count: 4") for n in plan.notes)
    assert plan.constraints.ambiguities[0].question == "How many tracks should the EP have?"


@pytest.mark.parametrize("text, message", [
    ("", "the brief is empty"),
    ("   \n ", "the brief is empty"),
    ("🎵🎶🔥✨", "no words or numbers"),
    ("jazz " * 2000, "the planner reads at most 4,000"),
    ("rock album, 3 tracks, and make the fourth track a ballad", "asks for 3 tracks ('3 tracks') but speaks of track 4"),
    ("an album of 45 songs", "an album has 1 to 30"),
])
def test_bad_briefs_are_refused_with_a_fix(text, message):
    with pytest.raises(ConfigError, match="fix:") as err:
        plan_album(load_brief(text))
    assert message in str(err.value)


def test_unsupported_language_is_planned_from_defaults_and_says_so():
    plan = plan_album(load_brief("Сделай альбом из трёх грустных песен"))
    assert plan.assumptions[0].field == "brief language" and "defaults" in plan.assumptions[0].why
    assert len(plan.tracks) == 4


def test_cli_shows_reading_and_refuses_bad_input_in_one_line(tmp_path):
    run = [sys.executable, "-c", "from agent.cli import main; main()", "plan"]
    ok = subprocess.run(run + ["Two tracks: a 128 bpm house track and a 70 bpm ballad", "--llm", "none", "--json"],
                        capture_output=True, text=True, timeout=300)
    assert ok.returncode == 0, ok.stderr
    plan = json.loads(ok.stdout)
    assert [t["bpm"] for t in plan["tracks"]] == [128, 70]
    assert plan["constraints"]["track_count"]["source"] == "Two tracks" and plan["assumptions"]
    bad = subprocess.run(run + ["3 tracks, the fourth track slow", "--llm", "none"], capture_output=True, text=True,
                         timeout=300)
    assert bad.returncode == 2 and "Traceback" not in bad.stderr
    assert "speaks of track 4" in bad.stderr and len(bad.stderr.strip().splitlines()) <= 3


@pytest.fixture(scope="module")
def default_llm():
    from agent.llm.runtime import load_llm

    return load_llm(None)


# one-track briefs keep the LLM's part of `make test` short (about 10-30 s each on 2 idle cores)
LLM_BRIEFS = ["A lullaby, soft piano, one minute long",
              "Una canción de pop lenta, de dos minutos y medio, cantada en español"]


@pytest.mark.slow
@pytest.mark.parametrize("text", LLM_BRIEFS)
def test_llm_plan_honours_the_brief(default_llm, text):
    """The bundled LLM writes the words; the numbers still come from the reader."""
    case = next(c for _, c in DEV if c.brief == text)
    assert problems(case, llm=default_llm) == []


@pytest.mark.slow
def test_second_reader_never_changes_what_the_parser_read(default_llm):
    brief = load_brief("One 90-second lo-fi hip hop beat at 85 bpm")
    plan = plan_album(brief, llm=default_llm, second_reader=True)
    assert [(t.bpm, t.duration, t.genre) for t in plan.tracks] == [(85, 90.0, "lofi")]
    assert all(n.startswith("second reader:") for n in plan.constraints.notes)


def _session(answers: str, autonomy: str = "collaborative"):
    import io

    from rich.console import Console

    from agent.people.readers import PlainReader
    from agent.repl.session import Session

    out = io.StringIO()
    return Session(console=Console(file=out, width=120), reader=PlainReader(io.StringIO(answers), out),
                   llm_spec="none", autonomy=autonomy), out


def test_repl_asks_for_an_open_count_once_and_uses_the_answer():
    session, out = _session("6\n")
    plan = session.plan_brief("an EP of house music")
    assert "How many tracks should the EP have?" in out.getvalue()
    assert len(plan.tracks) == 6 and plan.constraints.track_count.source == "your answer: 6"
    assert "track count" not in {a.field for a in plan.assumptions}
    kept, out = _session("\n")
    assert len(kept.plan_brief("an EP of house music").tracks) == 4
    auto, out = _session("", autonomy="autonomous")
    plan = auto.plan_brief("an EP of house music")
    assert "How many" not in out.getvalue() and any(n.startswith("assumed track count: 4") for n in plan.notes)


def test_album_html_shows_what_was_read_and_assumed():
    from agent.report_html import _reading_html

    html = _reading_html(plan_album(load_brief("two punk songs at 170 bpm, <b>loud</b>")))
    assert "Read from the brief" in html and "&lsquo;170 bpm&rsquo;" in html
    assert "Assumed" in html and "vocals" in html and "<b>loud" not in html


def test_a_number_before_a_genre_counts_tracks_only_when_no_track_noun_does():
    assert read_brief("a couple of ambient drones, around 8 min").track_count.value == 2
    assert read_brief("five jazz standards for a quiet evening").track_count.value == 5
    assert read_brief("a song featuring two jazz vocalists").track_count.value == 1
    assert read_brief("two ambient pads and a piano").track_count is None


@pytest.mark.parametrize("text, field, values", [
    ("Three tracks: house, techno, trance", "genre", ["house", "techno", "trance"]),  # styles of electronic
    ("Four pieces: jazz, rock, folk, blues", "genre", ["jazz", "rock", "folk", "blues"]),
    ("Three tracks forming a suite: fast, slow, very fast", "tempo", ["fast", "slow", "very fast"]),
])
def test_a_list_of_bare_words_after_a_count_gives_one_per_track(text, field, values):
    c = read_brief(text)
    got = {t.index: getattr(t, field).value for t in c.tracks if getattr(t, field) is not None}
    assert [got.get(i) for i in range(1, len(values) + 1)] == values


def test_a_contradiction_refusal_is_what_total_expects():
    assert refused_as("total", "the brief asks for 3 tracks ('3 temas') but speaks of track 5 ('el quinto')")
    assert refused_as("total", "5 tracks of 3 min cannot fill the 40 min album total asked for")
    assert not refused_as("total", "the brief is not about music")
    assert refused_as("music", "the brief is not about music") and not refused_as("music", "speaks of track 5")
