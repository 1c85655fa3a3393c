"""aceprod as an MCP server (stdio, the official `mcp` SDK): tools to plan,
run an album with a person (or an agent) answering its questions, run and
validate pipelines, score audio, read the catalog, mine pairs and export
datasets; the catalog as read-only resources.

Album tools block until the run waits on a question or ends, sending
progress notifications on the way (one per take and repair), and return the
run's status: its pending question (with the id to quote in ``album_answer``)
or, at the end, the album. Results are the same JSON as the CLI's ``--json`` (as structured content; a
list result comes as ``{"result": [...]}``).
Everything goes through the producer session (agent/session/)."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

from mcp.server.mcpserver import Context, MCPServer
from mcp.server.mcpserver.exceptions import ToolError

from agent.session import ProducerSession
from agent.session import tools as T
from agent.session.takes import status
from engine.errors import AceprodError, ConfigError

PROGRESS_EVENTS = {"take_done", "take_failed", "repair_done", "repair_failed", "mastered", "cataloged"}
POLL_S = 0.2


class Settings:
    def __init__(self, *, out: Path, catalog: Path | None, engine: str, llm: str | None, checkpoints: Path) -> None:
        self.out, self.catalog, self.engine, self.llm, self.checkpoints = out, catalog, engine, llm, checkpoints
        self.sessions: dict[str, ProducerSession] = {}

    def new_session(self, **kw: Any) -> ProducerSession:
        return ProducerSession(engine_name=self.engine, llm_spec=self.llm, catalog=self.catalog, out=self.out,
                               checkpoints=self.checkpoints, background=True, **kw)

    def session_for(self, run_id: str) -> ProducerSession:
        s = self.sessions.get(run_id)
        if s is None:
            s = self.new_session()
            s.open_run(run_id)
            self.sessions[run_id] = s
        return s

    def require_catalog(self) -> Path:
        if self.catalog is None:
            raise ConfigError("this server has no catalog (fix: start it without --no-catalog)")
        return self.catalog


async def _until_stop(session: ProducerSession, ctx: Context | None) -> dict:
    """Wait while the run works, reporting progress; its status when it waits or ends."""
    seq = session.events.last_seq
    done = 0
    plan = (session.state().get("plan") or {}) if session.run else {}
    total = float(max(1, len(plan.get("tracks", [])) * (session.run.info.candidates if session.run else 1)))
    while True:
        busy = session.busy
        for ev in session.events.since(seq):
            seq = ev.seq
            if ev.name in PROGRESS_EVENTS and ctx is not None:
                done += 1
                total = max(total, float(done))
                what = ev.data.get("take") or ev.data.get("proposal") or ev.name
                await ctx.report_progress(done, total, f"{ev.name}: {what}")
        if not busy:
            break
        await asyncio.sleep(POLL_S)
    return status(session).model_dump(mode="json")


def build_server(settings: Settings) -> MCPServer:
    server = MCPServer("aceprod", instructions=(
        "aceprod produces music with ACE-Step 1.5 (or the CPU sketch engine): plan a brief, run an album, answer "
        "its questions (pick a take, approve/reject/edit a repair), read the catalog of scored takes and pairs."))

    async def call(fn, *args, **kw):
        try:
            return await asyncio.to_thread(fn, *args, **kw)
        except AceprodError as exc:
            raise ToolError(str(exc)) from None

    @server.tool()
    async def plan(brief: str, seed: int = 0, candidates: int | None = None) -> dict:
        """Plan an album or a track from a brief (as `aceprod plan --json`): titles, captions, lyrics, bpm, keys,
        timed sections."""
        return await call(T.plan, brief, llm=settings.llm, engine=settings.engine, seed=seed, candidates=candidates,
                          checkpoints=settings.checkpoints)

    @server.tool()
    async def album_start(brief: str, ctx: Context, autonomy: str = "supervised", candidates: int = 2,
                          max_repairs: int = 1, seed: int = 0) -> dict:
        """Start an album run; returns when it waits on a question (answer with album_answer) or ends.
        autonomy: supervised (pick each track's take), collaborative (approve repairs) or autonomous."""
        s = settings.new_session(seed=seed, max_repairs=max_repairs)
        try:
            s.set_mode(autonomy)
        except AceprodError as exc:
            raise ToolError(str(exc)) from None
        await call(s.plan_brief, brief)
        await call(s.start_run, candidates)
        settings.sessions[s.run.info.run_id] = s
        s.resume_with(s.first_payload())
        return await _until_stop(s, ctx)

    @server.tool()
    async def album_status(run_id: str) -> dict:
        """Where a run is: running, waiting (with its question), finished (with the album) or stopped."""
        s = await call(settings.session_for, run_id)
        return status(s).model_dump(mode="json")

    @server.tool()
    async def album_answer(run_id: str, question_id: str, ctx: Context, take_id: str | None = None,
                           decisions: list[dict[str, str]] | None = None) -> dict:
        """Answer the run's pending question and continue to the next one (or the end).
        A pick: take_id (a rank number or a take id). Repairs: decisions, one per proposal:
        {"proposal_id": "t01r1", "decision": "approve" | "reject" | "edit", "edit": "start=12 end=16"}."""
        s = await call(settings.session_for, run_id)
        if take_id is not None:
            await call(s.pick, take_id, question_id=question_id)
        elif decisions:
            for d in decisions:
                await call(s.decide, d.get("decision", ""), d.get("proposal_id"), d.get("edit", ""),
                           question_id=question_id)
        else:
            raise ToolError("give take_id (a pick) or decisions (repairs) (fix: see album_status's question)")
        return await _until_stop(s, ctx)

    @server.tool()
    async def album_resume(run_id: str, ctx: Context) -> dict:
        """Continue a stopped run (after a crash or Ctrl-C) to its next question or its end."""
        s = await call(settings.session_for, run_id)
        await call(s.resume)
        return await _until_stop(s, ctx)

    @server.tool()
    async def run_pipeline(pipeline: str, ctx: Context, out: str = "out") -> dict:
        """Run a pipeline YAML (as `aceprod run --json`): every stage and batch item -> FLAC + sidecar."""
        loop = asyncio.get_running_loop()

        def progress(done: int, total: int, what: str) -> None:
            asyncio.run_coroutine_threadsafe(ctx.report_progress(done, total, what), loop)

        return await call(T.run_pipeline, Path(pipeline), out=Path(out), engine=settings.engine, progress=progress)

    @server.tool()
    async def validate(pipeline: str) -> dict:
        """Check a pipeline YAML against the engine (as `aceprod validate --json`); every problem at once."""
        return await call(T.validate, Path(pipeline), engine=settings.engine)

    @server.tool(structured_output=True)
    async def score(files: list[str]) -> dict[str, Any] | list[dict[str, Any]]:
        """Score audio files (as `aceprod score --json`): metrics, defects with time ranges, suggested repairs."""
        return await call(T.score, files)

    @server.tool(structured_output=True)
    async def catalog_ls(limit: int = 50, run: str | None = None, min_score: float | None = None,
                         defect: str | None = None, tag: str | None = None) -> list[dict[str, Any]]:
        """List catalogued takes, newest first (as `aceprod catalog ls --json`)."""
        return await call(T.catalog_ls, settings.require_catalog(), limit=limit, run=run, min_score=min_score,
                          defect=defect, tag=tag)

    @server.tool()
    async def catalog_show(gen_id: str) -> dict:
        """Everything about one take (as `aceprod catalog show --json`)."""
        return await call(T.catalog_show, settings.require_catalog(), gen_id)

    @server.tool()
    async def pairs_mine(strategies: list[str] | None = None, min_margin: float = 1.0) -> dict:
        """Mine preference pairs (as `aceprod pairs mine --json`): seeds, params, repair, human, reference or all."""
        return await call(T.pairs_mine, settings.require_catalog(), strategies=strategies, min_margin=min_margin)

    @server.tool()
    async def dataset_export(out: str, format: str = "jsonl", version: str | None = None) -> dict:
        """Export stored pairs as an immutable dataset version (as `aceprod dataset export --json`)."""
        return await call(T.dataset_export, settings.require_catalog(), Path(out), fmt=format, version=version)

    @server.resource("catalog://runs", mime_type="application/json")
    def runs_resource() -> list:
        """Runs in the catalog, newest first."""
        return T.catalog_runs(settings.require_catalog())

    @server.resource("catalog://takes", mime_type="application/json")
    def takes_resource() -> list:
        """The 50 newest takes."""
        return T.catalog_ls(settings.require_catalog())

    @server.resource("catalog://takes/{gen_id}", mime_type="application/json")
    def take_resource(gen_id: str) -> dict:
        """One take: params, report, defects, repairs, pairs."""
        return T.catalog_show(settings.require_catalog(), gen_id)

    @server.resource("catalog://pairs", mime_type="application/json")
    def pairs_resource() -> dict:
        """Stored preference pairs per strategy."""
        return T.pair_counts(settings.require_catalog())

    return server
