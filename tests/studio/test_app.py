"""The studio's routes without a browser (Starlette's test client, a real
session with a rule-based plan, no run yet): token, escaping, plan edits with
the REPL's checks, files only inside a run folder."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("httpx")
from starlette.testclient import TestClient  # noqa: E402

from agent.session import ProducerSession  # noqa: E402
from agent.studio.app import build_app  # noqa: E402

TOKEN = "t0ken-for-tests"
EVIL = '<script>alert("x")</script>'


@pytest.fixture
def studio(tmp_path: Path):
    session = ProducerSession(llm_spec="none", out=tmp_path / "out", catalog=tmp_path / "cat.duckdb")
    session.plan_brief("an electronic track, 12 seconds")
    track = session.plan.tracks[0].model_copy(update={"title": EVIL, "caption": EVIL + " & co"})
    session.plan = session.plan.model_copy(update={"title": EVIL, "tracks": [track]})
    with TestClient(build_app(session, TOKEN), base_url="http://127.0.0.1") as client:
        yield session, client


def test_token_is_required_and_sets_a_cookie(studio):
    _, client = studio
    for path in ("/", "/api/status", "/events", "/file/run-info.json", "/plot/t01c1.png"):
        r = client.get(path)
        assert r.status_code == 403 and "wrong or missing token" in r.json()["error"], path
    assert client.get("/?token=wrong").status_code == 403
    assert client.post("/api/answer", json={"kind": "pick", "question_id": "x", "take_id": "1"}).status_code == 403
    page = client.get(f"/?token={TOKEN}")
    assert page.status_code == 200 and client.cookies.get("aceprod_studio") == TOKEN
    assert client.get("/api/status").json()["state"] == "no run"  # the cookie is enough from now on
    assert client.get("/static/studio.js").status_code == 200  # assets need no token
    assert client.get("/static/../app.py").status_code == 404


def test_every_field_is_escaped(studio):
    _, client = studio
    html = client.get(f"/?token={TOKEN}").text
    assert EVIL not in html and "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html
    assert "&amp; co" in html
    assert "http://" not in html.replace('href="/', "").split("<body>")[0]  # nothing loaded from outside


def test_plan_edits_get_the_repl_checks_and_file_routes_need_a_run(studio):
    session, client = studio
    client.get(f"/?token={TOKEN}")
    bad = client.post("/api/plan/edit", json={"text": "bpm"})
    assert bad.status_code == 400 and "malformed edit 'bpm'" in bad.json()["error"]
    ok = client.post("/api/plan/edit", json={"text": "bpm=92 duration=20"})
    assert ok.status_code == 200 and session.plan.tracks[0].bpm == 92 and session.plan.tracks[0].duration == 20
    assert client.post("/api/answer", content=b"not json").status_code == 400
    nothing = client.post("/api/answer", json={"kind": "pick", "question_id": "q1", "take_id": "1"})
    assert nothing.status_code == 409 and "no pick is waiting" in nothing.json()["error"]
    missing = client.get("/file/run-info.json")
    assert missing.status_code == 404 and "no run is open" in missing.json()["error"]
