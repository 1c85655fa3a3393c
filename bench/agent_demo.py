"""Wall time of the demo album and where it goes (LLM, engine, analysis, catalog, rest).

    .venv/bin/python bench/agent_demo.py [--llm none] [--brief briefs/jazz_album.yaml]

Runs the same graph `make demo` runs, in-process, into a temporary folder and catalog,
and prints the wall time and the share of it spent in each part. Engine and analysis
seconds are summed over takes (they overlap a little: analysis of one take runs while
the engine renders the next), so shares are of the summed work.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from langgraph.checkpoint.memory import InMemorySaver  # noqa: E402

from agent.context import AgentContext  # noqa: E402
from agent.graph import build_graph  # noqa: E402
from agent.llm.runtime import load_llm  # noqa: E402
from agent.planning.planner import load_brief  # noqa: E402
from agent.records import AlbumResult  # noqa: E402
from agent.runner import RunInfo, initial_state, run_config  # noqa: E402
from engine.protocol import get_engine  # noqa: E402


class Clock:
    """Times the spans between paired progress events."""

    PAIRS = {"cataloging": "cataloged", "planning": "planned", "mastering": "mastered"}

    def __init__(self) -> None:
        self.open: dict[str, float] = {}
        self.spent: dict[str, float] = {}

    def __call__(self, event: str, data: dict) -> None:
        now = time.perf_counter()
        if event in self.PAIRS:
            self.open[self.PAIRS[event]] = now
        elif event in self.open:
            self.spent[event] = self.spent.get(event, 0.0) + now - self.open.pop(event)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--llm", default=None, help="'none' for the rule-based planner; default: bundled model")
    parser.add_argument("--brief", default="briefs/jazz_album.yaml")
    args = parser.parse_args()
    brief = load_brief(args.brief)
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "run"
        out.mkdir()
        llm = load_llm(args.llm)
        clock = Clock()
        ctx = AgentContext(engine=get_engine("sketch"), out_dir=out, catalog_path=Path(tmp) / "cat.duckdb", llm=llm,
                           candidates=brief.candidates or 2, seed=0, on_event=clock)
        info = RunInfo(run_id="bench", brief=brief, engine="sketch", llm=args.llm, autonomy="autonomous",
                       candidates=ctx.candidates, seed=0, max_repairs=2, catalog=None, created_at="now")
        started = time.perf_counter()
        final = build_graph(checkpointer=InMemorySaver()).invoke(initial_state(info), run_config("bench"),
                                                                 context=ctx)
        wall = time.perf_counter() - started
        result = AlbumResult.model_validate(final["album"])
    parts = {
        "LLM": llm.stats.seconds if llm else 0.0,
        "engine": sum(t.engine_s for t in result.takes),
        "analysis": sum(t.analysis_s for t in result.takes),
        "catalog": clock.spent.get("cataloged", 0.0),
        "mastering": clock.spent.get("mastered", 0.0),
    }
    rest = max(0.0, wall - sum(parts.values()))
    print(f"album: {len(result.tracks)} tracks, {len(result.takes)} takes, {len(result.repairs)} repairs, "
          f"spread {result.loudness_spread_lu} LU, planner {result.planner}")
    print(f"wall time: {wall:.1f} s")
    for name, seconds in [*parts.items(), ("other (plots, report, files, graph)", rest)]:
        print(f"  {name:<38} {seconds:7.1f} s  {100 * seconds / wall:5.1f} %")


if __name__ == "__main__":
    main()
