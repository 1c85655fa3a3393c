"""Brief understanding: plan compliance on the brief set, share of plans with assumptions, time per plan.

    .venv/bin/python bench/agent_plan.py --llm none            # rules: every brief (dev and held-out)
    .venv/bin/python bench/agent_plan.py --llm default --limit 6  # the bundled LLM on 6 evenly spaced briefs per set
    .venv/bin/python bench/agent_plan.py                       # both

The brief set is tests/agent/briefs/*.yaml (heldout.yaml is reported apart): each
brief's expected constraints are written by hand and checked on the plan
(agent/planning/compliance.py: track count, genres, bpm, tempo words in the genre's
range, lengths, vocal tracks and voices, languages, instruments wanted and excluded,
assumptions listed, refusals). The LLM writes words only, so its compliance measures
whether its words break a fact code owns; it is slow on a CPU, hence --limit.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from agent.llm.runtime import load_llm  # noqa: E402
from agent.planning.compliance import BriefCase, check_plan, load_cases, refused_as  # noqa: E402
from agent.planning.planner import load_brief, plan_album  # noqa: E402
from engine.errors import AceprodError  # noqa: E402

BRIEFS = Path(__file__).resolve().parents[1] / "tests" / "agent" / "briefs"


def run_set(name: str, cases: list[BriefCase], llm, label: str) -> None:
    ok, assumed, times, failures = 0, 0, [], []
    for i, case in enumerate(cases):
        started = time.perf_counter()
        try:
            plan = plan_album(load_brief(case.brief), llm=llm, seed=i)
            problems = ["planned, not refused"] if case.expect.refuse else check_plan(plan, case.expect)
            assumed += bool(plan.assumptions)
        except AceprodError as exc:
            problems = [] if case.expect.refuse and refused_as(case.expect.refuse, str(exc)) else [f"refused: {exc}"]
        times.append(time.perf_counter() - started)
        ok += not problems
        if llm is not None:
            print(f"    {times[-1]:.1f} s {'ok' if not problems else 'NOT COMPLIANT'}: {case.brief}", flush=True)
        if problems:
            known = f" (known miss: {case.known_miss})" if case.known_miss else ""
            failures.append(f"    {case.brief!r}: {'; '.join(problems[:3])}{known}")
    n = len(cases)
    print(f"{label:>6} {name:>8}: {ok}/{n} compliant ({100 * ok / n:.0f}%), {100 * assumed / n:.0f}% with at least "
          f"one assumption, {statistics.mean(times):.3f} s per plan (median {statistics.median(times):.3f}, "
          f"max {max(times):.3f})")
    for line in failures:
        print(line)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--llm", default="both", help="'none', 'default', a GGUF path, or 'both' (default)")
    parser.add_argument("--limit", type=int, default=0, help="plan only N evenly spaced briefs per set with the LLM")
    parser.add_argument("--set", choices=["all", "dev", "heldout"], default="all")
    parser.add_argument("--file", type=Path, help="a brief file (e.g. an unseen round) reported as its own set")
    args = parser.parse_args()
    dev = [c for p in sorted(BRIEFS.glob("*.yaml")) if p.stem != "heldout" for c in load_cases(p)]
    sets = {"dev": dev, "heldout": load_cases(BRIEFS / "heldout.yaml")}
    if args.set != "all":
        sets = {args.set: sets[args.set]}
    if args.file:
        sets = {args.file.stem: load_cases(args.file)}
    specs = ["none", None] if args.llm == "both" else [None if args.llm == "default" else args.llm]
    for spec in specs:
        llm = load_llm(spec)
        label = "rules" if llm is None else "llm"
        for name, cases in sets.items():
            if llm is not None and args.limit:
                cases = cases[::max(1, len(cases) // args.limit)][:args.limit]
            run_set(name, cases, llm, label)
        if llm is not None:
            s = llm.stats
            print(f"   llm: first answer valid in {s.first_try_valid}/{s.calls} calls; {s.failures} fell back to rules; "
                  f"{s.completion_tokens} tokens in {s.seconds:.1f} s "
                  f"({s.completion_tokens / max(s.seconds, 1e-9):.1f} tokens/s incl. prompt processing)")


if __name__ == "__main__":
    main()
