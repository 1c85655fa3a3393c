"""Plan compliance on 20 varied briefs, and planning time.

    .venv/bin/python bench/agent_plan.py            # rules + the bundled LLM
    .venv/bin/python bench/agent_plan.py --llm none # rules only (fast)

For each brief the expected numbers are written down by hand; a plan complies when
track count, vocal count, bpm (explicit or in the genre's range), durations and
section events (tiling each track exactly) all match. Also prints how often the
LLM's first answer was already valid, and the time to plan an 8-track album.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from agent.llm.runtime import load_llm  # noqa: E402
from agent.planning.brief_text import parse_brief_text  # noqa: E402
from agent.planning.derive import check_events  # noqa: E402
from agent.planning.genres import genre  # noqa: E402
from agent.planning.planner import plan_album  # noqa: E402

# (brief, tracks, vocal tracks, bpm or None, seconds per track or None)
BRIEFS = [
    ("jazz album, 8 tracks, warm analog, female vocals on 3", 8, 3, None, None),
    ("a 90 bpm lofi hip hop track with dusty piano and vinyl crackle, 2 minutes", 1, 0, 90, 120),
    ("ambient EP, four pieces, each 3 minutes, in D minor, 3/4", 4, 0, None, 180),
    ("rock album, 6 songs, male vocals on all of them", 6, 6, None, None),
    ("techno set, 5 tracks at 128 bpm, instrumental", 5, 0, 128, None),
    ("álbum de jazz con 6 canciones, 3 con voz femenina, en re menor", 6, 3, None, None),
    ("album électronique de cinq pistes, instrumental, 3:30 chacune", 5, 0, None, 210),
    ("ein Folk-Album mit vier Liedern, zwei mit Gesang", 4, 2, None, None),
    ("classical orchestral suite, 3 movements pieces, 4 minutes each", 3, 0, None, 240),
    ("pop EP, 4 tracks, 2 with female vocals, 100 bpm", 4, 2, 100, None),
    ("metal album, 7 tracks, aggressive, vocals on 7", 7, 7, None, None),
    ("latin album, 5 songs, 3 with vocals in Spanish", 5, 3, None, None),
    ("a single chill ambient track, 90 seconds", 1, 0, None, 90),
    ("rnb album, 6 tracks, smooth, female vocals on 4, 95 bpm", 6, 4, 95, None),
    ("blues record, 3 tracks, male vocals on 2", 3, 2, None, None),
    ("house album, 10 tracks, instrumental, 150 seconds each", 10, 0, None, 150),
    ("folk album, two songs, male vocals on 1, 20 seconds each", 2, 1, None, 20),
    ("hip hop album, 8 tracks, rap vocals on 5", 8, 5, None, None),
    ("cinematic score, 4 cues, 2 minutes each, in C minor", 4, 0, None, 120),
    ("synthwave album, 6 tracks, 2 with male vocals, 3 minutes each", 6, 2, None, 180),
]


def complies(plan, tracks, vocals, bpm, seconds) -> list[str]:
    problems = []
    if len(plan.tracks) != tracks:
        problems.append(f"tracks {len(plan.tracks)} != {tracks}")
    if sum(t.vocal for t in plan.tracks) != vocals:
        problems.append(f"vocals {sum(t.vocal for t in plan.tracks)} != {vocals}")
    lo, hi = genre(plan.genre).bpm
    for t in plan.tracks:
        if bpm is not None and t.bpm != bpm:
            problems.append(f"track {t.index} bpm {t.bpm} != {bpm}")
        if bpm is None and not lo <= t.bpm <= hi:
            problems.append(f"track {t.index} bpm {t.bpm} outside {lo}-{hi}")
        if seconds is not None and abs(t.duration - seconds) > 0.01:
            problems.append(f"track {t.index} lasts {t.duration} s, not {seconds}")
        if check_events(t.events, t.duration, "events"):
            problems.append(f"track {t.index} events do not tile")
        if t.vocal == (t.lyrics == "[Instrumental]"):
            problems.append(f"track {t.index} lyrics disagree with the vocal flag")
    return problems


def run(llm_spec: str | None) -> None:
    llm = load_llm(llm_spec)
    label = "rules" if llm is None else llm.name
    ok, started = 0, time.perf_counter()
    for i, (text, *expected) in enumerate(BRIEFS):
        plan = plan_album(parse_brief_text(text), llm=llm, seed=i)
        problems = complies(plan, *expected)
        ok += not problems
        if problems:
            print(f"  NOT COMPLIANT [{label}] {text!r}: {'; '.join(problems)}")
    total = time.perf_counter() - started
    print(f"{label}: {ok}/{len(BRIEFS)} plans compliant after validation ({total:.1f} s for 20 briefs)")
    if llm is not None:
        s = llm.stats
        print(f"{label}: first answer valid in {s.first_try_valid}/{s.calls} calls "
              f"({100 * s.first_try_valid / max(s.calls, 1):.0f}%); {s.attempts} attempts, {s.failures} fell back "
              f"to rules; {s.completion_tokens} tokens in {s.seconds:.1f} s "
              f"({s.completion_tokens / max(s.seconds, 1e-9):.1f} tokens/s incl. prompt processing)")
        llm.stats = type(s)()
        t0 = time.perf_counter()
        plan_album(parse_brief_text("jazz album, 8 tracks, warm analog, female vocals on 3"), llm=llm, seed=1)
        print(f"{label}: planning an 8-track album (3 vocal) took {time.perf_counter() - t0:.1f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--llm", default="both", help="'none', 'default' or 'both' (default)")
    args = parser.parse_args()
    specs = ["none", None] if args.llm == "both" else [None if args.llm == "default" else args.llm]
    for spec in specs:
        run(spec)


if __name__ == "__main__":
    main()
