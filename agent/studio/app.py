"""The studio's web app (Starlette): one page per session, server-rendered,
a little plain JavaScript, every asset served from this package.

Every route but the static assets needs the session's token: in the URL
(``?token=``, which sets a same-site cookie) or that cookie. Files are served
only from inside the run folder. Answers go through the producer session, so
they resume the same LangGraph interrupt the terminal does; progress streams
as server-sent events from the session's event log."""

from __future__ import annotations

import asyncio
import json
import secrets
from importlib import resources
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, JSONResponse, Response, StreamingResponse
from starlette.routing import Route

from agent.session import ProducerSession, QuestionConflict
from agent.session.takes import find_take, status, take_plot, tracks
from agent.studio.pages import render_page
from engine.errors import AceprodError

COOKIE = "aceprod_studio"
STATIC = {"studio.js": "text/javascript", "studio.css": "text/css"}
HEARTBEAT_S = 15.0
POLL_S = 0.05  # how often the event stream looks for new events


class StudioError(Exception):
    def __init__(self, status_code: int, message: str) -> None:
        super().__init__(message)
        self.status_code, self.message = status_code, message


def _error(code: int, message: str) -> JSONResponse:
    return JSONResponse({"error": message}, status_code=code)


def build_app(session: ProducerSession, token: str) -> Starlette:
    """The studio for ``session`` (which must run its graph in the background)."""
    session.background = True

    def authorised(request: Request) -> bool:
        given = request.query_params.get("token") or request.cookies.get(COOKIE) or ""
        return secrets.compare_digest(given.encode(), token.encode())

    def guarded(handler):
        async def endpoint(request: Request) -> Response:
            if not authorised(request):
                return _error(403, "wrong or missing token (fix: open the exact URL `aceprod studio` printed, "
                                   "with its ?token=...)")
            try:
                if asyncio.iscoroutinefunction(handler):
                    return await handler(request)
                return await asyncio.to_thread(handler, request)
            except StudioError as exc:
                return _error(exc.status_code, exc.message)
            except QuestionConflict as exc:
                return _error(409, str(exc))
            except AceprodError as exc:
                return _error(400, str(exc))
        return endpoint

    def page(request: Request) -> Response:
        html = render_page(session)
        response = HTMLResponse(html, headers={"Cache-Control": "no-store"})
        if request.query_params.get("token"):
            response.set_cookie(COOKIE, token, httponly=True, samesite="strict")
        return response

    def partial(request: Request) -> Response:
        return HTMLResponse(render_page(session, body_only=True),
                            headers={"Cache-Control": "no-store"})

    def api_status(request: Request) -> Response:
        if session.run is None:
            return JSONResponse({"state": "no run", "plan": session.plan.model_dump(mode="json")
                                 if session.plan else None})
        return JSONResponse(status(session).model_dump(mode="json"))

    def api_tracks(request: Request) -> Response:
        return JSONResponse([t.model_dump(mode="json") for t in tracks(session)])

    def run_file(request: Request) -> Response:
        run = session.run
        if run is None:
            raise StudioError(404, "no run is open (fix: start one with Generate, or aceprod studio --run RUN_ID)")
        root = run.run_dir.resolve()
        wanted = (root / request.path_params["path"]).resolve()
        if not wanted.is_relative_to(root):
            raise StudioError(403, "that path is outside the run folder (fix: only the run's own files are "
                                   "served: takes/..., plots/..., album/...)")
        if not wanted.is_file():
            raise StudioError(404, f"no file '{request.path_params['path']}' in the run folder")
        return FileResponse(wanted)

    def plot(request: Request) -> Response:
        if session.run is None:
            raise StudioError(404, "no run is open")
        find_take(session, request.path_params["take_id"])
        return FileResponse(take_plot(session, request.path_params["take_id"]), media_type="image/png")

    async def body(request: Request) -> dict[str, Any]:
        try:
            data = await request.json()
        except (ValueError, UnicodeDecodeError):
            raise StudioError(400, "the request body is not JSON (fix: send a JSON object)") from None
        if not isinstance(data, dict):
            raise StudioError(400, "the request body must be a JSON object")
        return data

    async def api_plan(request: Request) -> Response:
        data = await body(request)
        brief = str(data.get("brief") or "").strip()
        if not brief:
            raise StudioError(400, "no brief (fix: describe the album, e.g. a 90 bpm lofi track, 2 minutes)")
        plan = await asyncio.to_thread(session.plan_brief, brief)
        return JSONResponse({"plan": plan.model_dump(mode="json")})

    async def api_edit(request: Request) -> Response:
        data = await body(request)
        if session.run is not None:
            raise StudioError(409, "the plan of a started run cannot change (fix: plan a new brief)")
        changed = await asyncio.to_thread(session.edit_plan, str(data.get("text") or ""))
        return JSONResponse({"changed": changed})

    async def api_generate(request: Request) -> Response:
        data = await body(request)
        if data.get("mode"):
            session.set_mode(str(data["mode"]))
        n = data.get("candidates")
        await asyncio.to_thread(session.start_run, int(n) if n else None)
        session.resume_with(session.first_payload())
        return JSONResponse({"run_id": session.run.info.run_id}, status_code=202)

    async def api_resume(request: Request) -> Response:
        await asyncio.to_thread(session.resume)
        return JSONResponse({"state": "running"}, status_code=202)

    async def api_answer(request: Request) -> Response:
        data = await body(request)
        qid = str(data.get("question_id") or "")
        if not qid:
            raise StudioError(400, "no question_id (fix: answer from the page; it sends the question's id)")
        kind = data.get("kind")
        if kind == "pick":
            take_id = str(data.get("take_id") or "")
            picked = await asyncio.to_thread(session.pick, take_id, question_id=qid)
            return JSONResponse({"picked": picked}, status_code=202)
        if kind == "repair":
            left = await asyncio.to_thread(session.decide, str(data.get("decision") or ""),
                                           str(data.get("proposal_id") or "") or None, str(data.get("edit") or ""),
                                           question_id=qid)
            return JSONResponse({"still_to_decide": left}, status_code=202)
        raise StudioError(400, f"kind {kind!r} is not pick or repair")

    async def api_choice(request: Request) -> Response:
        data = await body(request)
        n = await asyncio.to_thread(session.ab_choice, str(data.get("chosen") or ""), data.get("over") or None)
        return JSONResponse({"stored": n})

    async def events(request: Request) -> Response:
        start = int(request.headers.get("last-event-id") or request.query_params.get("since") or 0)

        async def stream():
            seq, idle = start, 0.0
            yield "retry: 1000\n\n"
            while not await request.is_disconnected():
                batch = session.events.since(seq)
                for ev in batch:
                    seq = ev.seq
                    yield f"id: {ev.seq}\nevent: {ev.name}\ndata: {json.dumps(ev.data | {'at': ev.at})}\n\n"
                if not batch:
                    await asyncio.sleep(POLL_S)
                    idle += POLL_S
                    if idle >= HEARTBEAT_S:
                        idle = 0.0
                        yield ": keep-alive\n\n"
                else:
                    idle = 0.0

        return StreamingResponse(stream(), media_type="text/event-stream",
                                 headers={"Cache-Control": "no-store", "X-Accel-Buffering": "no"})

    def static(request: Request) -> Response:
        name = request.path_params["name"]
        if name not in STATIC:
            return _error(404, f"no asset '{name}'")
        data = resources.files("agent.studio").joinpath("static", name).read_bytes()
        return Response(data, media_type=STATIC[name], headers={"Cache-Control": "max-age=3600"})

    routes = [
        Route("/", guarded(page)),
        Route("/partial", guarded(partial)),
        Route("/api/status", guarded(api_status)),
        Route("/api/tracks", guarded(api_tracks)),
        Route("/api/plan", guarded(api_plan), methods=["POST"]),
        Route("/api/plan/edit", guarded(api_edit), methods=["POST"]),
        Route("/api/generate", guarded(api_generate), methods=["POST"]),
        Route("/api/resume", guarded(api_resume), methods=["POST"]),
        Route("/api/answer", guarded(api_answer), methods=["POST"]),
        Route("/api/choice", guarded(api_choice), methods=["POST"]),
        Route("/events", guarded(events)),
        Route("/file/{path:path}", guarded(run_file)),
        Route("/plot/{take_id}.png", guarded(plot)),
        Route("/static/{name}", static),
    ]
    return Starlette(routes=routes)


def new_token() -> str:
    return secrets.token_urlsafe(18)


def studio_url(host: str, port: int, token: str) -> str:
    shown = f"[{host}]" if ":" in host else host
    return f"http://{shown}:{port}/?token={token}"
