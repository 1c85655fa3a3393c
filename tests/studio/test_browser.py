"""The studio in a real browser (Debian's chromium via chromium-driver and
selenium): listen, A/B at the same position, pick a take, approve and edit
repairs. Screenshots go to test-artefacts/studio/."""

from __future__ import annotations

import json
import subprocess

import httpx
import pytest
from aceprod_kit import ACEPROD, rows
from studio_helpers import CHROMEDRIVER, CHROMIUM, Studio, album_until_question, browser, shot, wait_for

pytest.importorskip("selenium")
pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(not (CHROMIUM and CHROMEDRIVER), reason="Debian's chromium and chromium-driver "
                                 "are not installed (make test installs them as root)")]

BRIEF = "an electronic track, 12 seconds"


def js(driver, script: str, *args):
    return driver.execute_script(script, *args)


def test_supervised_run_from_the_terminal_listen_ab_and_pick(env, dirs):
    run_id = album_until_question(dirs, env, BRIEF, "--autonomy", "supervised", "--max-repairs", "0")
    studio = Studio(["--run", run_id, "--out", str(dirs["out"]), "--catalog", str(dirs["catalog"]), "--llm", "none"],
                    env)
    driver = browser()
    try:
        driver.get(studio.url)
        wait_for(lambda: js(driver, "return document.querySelector('.question[data-kind=pick]') !== null"),
                 what="the pick question")
        takes = js(driver, "return Array.from(document.querySelectorAll('audio')).map(a => a.dataset.take)")
        assert len(takes) == 2, takes
        a_id, b_id = takes
        # play A: the element reports playing and its clock advances
        js(driver, "document.querySelector(`audio[data-take='${arguments[0]}']`).play()", a_id)
        wait_for(lambda: js(driver, "const a = document.querySelector(`audio[data-take='${arguments[0]}']`);"
                                    "return !a.paused && a.currentTime > 1.0", a_id), 30, "take A to play")
        shot(driver, "supervised-playing")
        # A/B: B carries on from A's position
        before = js(driver, "return document.querySelector(`audio[data-take='${arguments[0]}']`).currentTime", a_id)
        driver.find_element("css selector", ".ab[data-track='1']").click()
        state = js(driver, """const a = document.querySelector(`audio[data-take='${arguments[0]}']`),
                                    b = document.querySelector(`audio[data-take='${arguments[1]}']`);
                              return {a_paused: a.paused, a_time: a.currentTime, b_time: b.currentTime};""",
                   a_id, b_id)
        assert state["a_paused"] and abs(state["b_time"] - state["a_time"]) < 0.3 and state["b_time"] >= before - 0.1
        wait_for(lambda: js(driver, "const b = document.querySelector(`audio[data-take='${arguments[0]}']`);"
                                    "return !b.paused && b.currentTime > arguments[1] + 0.3", b_id, state["b_time"]),
                 30, "take B to play on")
        shot(driver, "supervised-ab")
        js(driver, "document.querySelectorAll('audio').forEach(a => a.pause())")
        # the picture of a take, with its defect ranges, opens on demand
        js(driver, "document.querySelector('details').open = true")
        wait_for(lambda: js(driver, "const i = document.querySelector('details img'); "
                                    "return i.complete && i.naturalWidth > 0"), 60, "the take's picture")
        old_q = js(driver, "return document.querySelector('.question').dataset.q")
        driver.find_element("css selector", f".pick[data-take='{b_id}']").click()
        wait_for(lambda: js(driver, "const s = document.querySelector('#state'); "
                                    "return s && s.textContent === 'finished'"), 120, "the run to finish")
        shot(driver, "supervised-finished")
        # a second browser answering the same question again: refused, nothing recorded twice
        client = httpx.Client(base_url=studio.base, cookies={"aceprod_studio": studio.token}, timeout=30)
        again = client.post("/api/answer", json={"kind": "pick", "question_id": old_q, "take_id": a_id})
        assert again.status_code == 409 and "already answered" in again.json()["error"]
        # bad input: wrong token, a path outside the run folder, an unknown take
        assert httpx.get(studio.base + "/?token=nope").status_code == 403
        assert "wrong or missing token" in httpx.get(studio.base + "/api/status").json()["error"]
        outside = client.get("/file/%2e%2e/%2e%2e/cat.duckdb")
        assert outside.status_code == 403 and "outside the run folder" in outside.json()["error"]
        unknown = client.get("/plot/t09c9.png")
        assert unknown.status_code in (400, 404) and "no take 't09c9'" in unknown.json()["error"]
    finally:
        driver.quit()
        err = studio.stop()
    assert "Traceback" not in err, err[-3000:]
    choices = rows(dirs["catalog"], "SELECT chosen_gen_id, rejected_gen_id FROM human_choices")
    assert len(choices) == 1, choices
    human = rows(dirs["catalog"], "SELECT count(*) AS n FROM pairs WHERE strategy = 'human'")
    assert human[0]["n"] == 1
    album = json.loads((dirs["out"] / run_id / "album.json").read_text())
    assert album["tracks"][0]["take_id"] == b_id


def test_collaborative_run_in_the_studio_approve_and_edit(env, dirs):
    studio = Studio([BRIEF, "--mode", "collaborative", "--max-repairs", "2", "--out", str(dirs["out"]),
                     "--catalog", str(dirs["catalog"]), "--llm", "none"], env)
    driver = browser()
    try:
        driver.get(studio.url)
        edit = driver.find_element("css selector", "#edit input")
        edit.send_keys("bpm=500")
        driver.find_element("css selector", "#edit button").click()
        wait_for(lambda: "bpm" in driver.find_element("css selector", "#error").text, 20, "the edit's error")
        shot(driver, "collaborative-plan-error")
        # one take per track: the repair router then has no second candidate to call a defect chronic
        js(driver, "document.querySelector('#edit input').value = 'candidates=1';"
                   "document.querySelector('#edit button').click(); return true;")
        wait_for(lambda: "changed:" in js(driver, "return document.querySelector('#log').textContent"), 20,
                 "the edit")
        wait_for(lambda: js(driver, "const b = document.querySelector('#generate button');"
                                    "if (b) { b.click(); return true; } return false;"), 20, "the generate button")
        seen: set[str] = set()
        n_proposals, pid = 0, None
        while True:
            now = wait_for(lambda: js(driver, """const s = document.querySelector('#state'),
                                                        q = document.querySelector('.question[data-kind=repair]');
                                                 if (s && s.textContent === 'finished') return 'finished';
                                                 return q && !arguments[0].includes(q.dataset.q) ? q.dataset.q : null;""",
                                      sorted(seen)), 240, "a repair question or the end")
            if now == "finished":
                break
            seen.add(now)
            # read in one script: the page may redraw the cards between finding them and reading them
            ids = js(driver, "return [...document.querySelectorAll('.proposal')].map(e => e.dataset.proposal)")
            n_proposals += len(ids)
            for k, proposal in enumerate(ids):
                card = f".proposal[data-proposal='{proposal}']"
                if pid is None:  # the first repair: a malformed edit (one clear line), then an edit
                    pid = proposal
                    wait_for(lambda: "waiting for you" in driver.find_element("css selector", "#log").text, 20,
                             "the live progress to say the run waits")
                    assert "finished" not in driver.find_element("css selector", "#log").text
                    shot(driver, "collaborative-repair")
                    driver.find_element("css selector", f"{card} input.edit").send_keys("start")
                    driver.find_element("css selector", f"{card} button[data-decision='edit']").click()
                    wait_for(lambda: "malformed edit" in driver.find_element("css selector", "#error").text, 20,
                             "the edit's error")
                    box = driver.find_element("css selector", f"{card} input.edit")
                    box.clear()
                    box.send_keys("steps=4")
                    driver.find_element("css selector", f"{card} button[data-decision='edit']").click()
                else:
                    driver.find_element("css selector", f"{card} button[data-decision='approve']").click()
                if k + 1 < len(ids):
                    wait_for(lambda p=proposal: js(driver, "return document.querySelector("
                                                           "`.proposal[data-proposal='${arguments[0]}'] .done`)"
                                                           " !== null", p), 30, "the decision to show")
        shot(driver, "collaborative-finished")
    finally:
        driver.quit()
        err = studio.stop()
    assert "Traceback" not in err, err[-3000:]
    repairs = rows(dirs["catalog"], "SELECT decision, decided_by, pipeline_config FROM repairs")
    assert len(repairs) == n_proposals and all(r["decided_by"] == "person" for r in repairs), repairs
    assert any(any(st.get("steps") == 4 for st in (r["pipeline_config"] or {}).get("stages", [])) for r in repairs), \
        f"the edit of {pid} is not in the catalog"
    # the run the studio started opens in the terminal too
    run_id = next(p.name for p in dirs["out"].iterdir() if (p / "run-info.json").is_file())
    done = subprocess.run([ACEPROD, "album", "--resume", run_id, "--out", str(dirs["out"]), "--json"],
                          capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    assert json.loads(done.stdout)["run_id"] == run_id
