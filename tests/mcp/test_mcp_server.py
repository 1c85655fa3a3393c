"""`aceprod mcp` driven by the official MCP SDK's client over stdio: list the
tools, plan, run a short supervised album on the sketch engine to the end
(answering its question), read the catalog as tools and as resources, and get
clear errors for bad input. Results match the CLI's --json."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import anyio
import pytest
from aceprod_kit import ACEPROD

pytest.importorskip("mcp")
from mcp import ClientSession, StdioServerParameters  # noqa: E402
from mcp.client.stdio import stdio_client  # noqa: E402

REPO = Path(__file__).resolve().parents[2]


def _data(result) -> object:
    """A tool result's JSON (structured content when given, else the text)."""
    assert not result.is_error, result.content[0].text if result.content else result
    if result.structured_content is not None:
        data = result.structured_content
        return data.get("result", data) if set(data) == {"result"} else data
    return json.loads(result.content[0].text)


@pytest.mark.slow
def test_mcp_host_plans_runs_answers_and_reads_the_catalog(tmp_path: Path):
    out, catalog = tmp_path / "out", tmp_path / "cat.duckdb"
    env = {k: v for k, v in os.environ.items() if k in ("PATH", "HOME", "PYTHONPATH", "NUMBA_CACHE_DIR", "LANG")}
    env.update(ACEPROD_HOME=str(tmp_path / "home"), PYTHONWARNINGS="ignore")
    params = StdioServerParameters(command=ACEPROD, args=["mcp", "--llm", "none", "--out", str(out), "--catalog",
                                                          str(catalog)], env=env, cwd=str(REPO))
    progress: list[tuple[float, float | None, str | None]] = []

    async def on_progress(done: float, total: float | None, message: str | None) -> None:
        progress.append((done, total, message))

    async def session_script() -> dict:
        seen: dict = {}
        async with stdio_client(params) as (read, write), ClientSession(read, write) as s:
            await s.initialize()
            names = {t.name for t in (await s.list_tools()).tools}
            seen["tools"] = names
            seen["plan"] = _data(await s.call_tool("plan", {"brief": "an electronic track, 12 seconds"}))
            bad = await s.call_tool("validate", {"pipeline": str(REPO / "examples" / "pipelines" / "nope.yaml")})
            seen["bad"] = bad.is_error, bad.content[0].text
            seen["valid"] = _data(await s.call_tool("validate", {"pipeline": str(REPO / "examples" / "pipelines" /
                                                                                  "generate_refine.yaml")}))
            status = _data(await s.call_tool("album_start", {"brief": "an electronic track, 12 seconds",
                                                             "autonomy": "supervised", "max_repairs": 0},
                                             progress_callback=on_progress))
            seen["waiting"] = status
            q = status["question"]
            wrong = await s.call_tool("album_answer", {"run_id": status["run_id"], "question_id": "not-it",
                                                       "take_id": "1"})
            seen["wrong"] = wrong.is_error, wrong.content[0].text
            seen["done"] = _data(await s.call_tool("album_answer", {"run_id": status["run_id"],
                                                                    "question_id": q["id"],
                                                                    "take_id": q["takes"][-1]["take_id"]},
                                                   progress_callback=on_progress))
            again = await s.call_tool("album_answer", {"run_id": status["run_id"], "question_id": q["id"],
                                                       "take_id": "1"})
            seen["again"] = again.is_error, again.content[0].text
            seen["ls"] = _data(await s.call_tool("catalog_ls", {"run": status["run_id"]}))
            resources = {str(r.uri) for r in (await s.list_resources()).resources}
            seen["resources"] = resources
            runs = await s.read_resource("catalog://runs")
            seen["runs"] = json.loads(runs.contents[0].text)
            seen["mined"] = _data(await s.call_tool("pairs_mine", {"strategies": ["human"]}))
        return seen

    seen = anyio.run(session_script)
    assert {"plan", "album_start", "album_status", "album_answer", "album_resume", "run_pipeline", "validate",
            "score", "catalog_ls", "catalog_show", "pairs_mine", "dataset_export"} <= seen["tools"]
    assert seen["plan"]["tracks"][0]["duration"] == 12
    assert seen["bad"][0] and "nope.yaml" in seen["bad"][1]
    assert seen["valid"]["ok"] is True
    assert seen["waiting"]["state"] == "waiting" and seen["waiting"]["question"]["kind"] == "pick_take"
    assert seen["wrong"][0] and "not the one pending" in seen["wrong"][1]
    done = seen["done"]
    assert done["state"] == "finished" and done["album"]["tracks"][0]["take_id"]
    assert seen["again"][0] and "already answered" in seen["again"][1]
    assert progress and all(total is not None and done_ <= total for done_, total, _ in progress)
    assert "catalog://runs" in seen["resources"]
    assert [r["run_id"] for r in seen["runs"]] == [done["run_id"]]
    # the same JSON as the CLI's --json
    cli = subprocess.run([ACEPROD, "catalog", "ls", "--run", done["run_id"], "--catalog", str(catalog), "--json"],
                         capture_output=True, text=True, timeout=120, env=os.environ | env)
    assert cli.returncode == 0, cli.stderr
    assert json.loads(cli.stdout) == seen["ls"] and len(seen["ls"]) == 2
    human = [r for r in seen["mined"]["results"] if r["strategy"] == "human"]
    assert human and seen["mined"]["pairs_in_catalog"] >= 1
