"""The studio with a 12-track supervised run: page load, server memory, and the
time from an answer to the graph resuming.

    .venv/bin/python bench/studio.py [--tracks 12] [--duration 10] [--run RUN_ID --out DIR] [--picks 3]

Makes the run with `aceprod album --autonomy supervised` (stdin closed, so it
stops at its first pick after every take is scored), or reuses ``--run``.
Starts `aceprod studio --run` as a process and measures:

- page load: GET / (server-rendered HTML, every take with its timeline),
  median and p90 of 20; and in Debian's chromium (when chromium-driver and
  selenium are there) navigation start to the load event, all 2 x tracks
  audio elements reading their metadata;
- server memory: resident set (VmRSS) and its peak (VmHWM) after the loads;
- answer to resume: POST /api/answer (a pick) sent -> the session's `running`
  event (the graph resumed), and -> the next `waiting` event (the next question
  is ready), for ``--picks`` picks; event times are the server's (same clock),
  read from the server-sent events stream.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx

ACEPROD = str(Path(sys.executable).parent / "aceprod")
REPO = Path(__file__).resolve().parents[1]


def make_run(out: Path, tracks: int, duration: float) -> str:
    brief = out / "brief.yaml"
    out.mkdir(parents=True, exist_ok=True)
    brief.write_text(f'brief: "electronic album, {tracks} tracks, instrumental"\ntrack_duration: {duration}\n'
                     "candidates: 2\n")
    t0 = time.perf_counter()
    done = subprocess.run([ACEPROD, "album", str(brief), "--llm", "none", "--autonomy", "supervised",
                           "--max-repairs", "0", "--out", str(out), "--catalog", str(out / "cat.duckdb")],
                          stdin=subprocess.DEVNULL, capture_output=True, text=True, cwd=REPO)
    if "stopped at a question" not in done.stderr:
        sys.exit("the run did not stop at a question:\n" + done.stdout[-2000:] + done.stderr[-2000:])
    run_id = next(p.name for p in out.iterdir() if (p / "run-info.json").is_file())
    print(f"run {run_id}: {tracks} tracks x 2 takes made in {time.perf_counter() - t0:.0f} s")
    return run_id


def proc_memory(pid: int) -> dict[str, int]:
    fields = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, value = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            fields[key] = int(value.split()[0]) // 1024
    return fields


def browser_load_ms(url: str) -> float | None:
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
    except ImportError:
        return None
    import shutil

    chromium, driver_bin = shutil.which("chromium"), shutil.which("chromedriver")
    if not (chromium and driver_bin):
        return None
    opts = webdriver.ChromeOptions()
    opts.binary_location = chromium
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--mute-audio"):
        opts.add_argument(arg)
    driver = webdriver.Chrome(service=Service(driver_bin), options=opts)
    try:
        times = []
        for _ in range(3):
            driver.get(url)
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline and not driver.execute_script(
                    "return Array.from(document.querySelectorAll('audio')).every(a => a.readyState >= 1)"):
                time.sleep(0.05)
            nav = driver.execute_script("const n = performance.getEntriesByType('navigation')[0];"
                                        "return [n.loadEventEnd, n.domContentLoadedEventEnd];")
            meta = driver.execute_script("return performance.now()")
            times.append((nav[0], nav[1], meta))
        return times
    finally:
        driver.quit()


class Events:
    """The studio's server-sent events, read in a thread: (server time of the event, name, data)."""

    def __init__(self, base: str, token: str) -> None:
        self.items: list[tuple[float, str, dict]] = []
        self.stop = False
        self.thread = threading.Thread(target=self.read, args=(base, token), daemon=True)
        self.thread.start()

    def read(self, base: str, token: str) -> None:
        try:
            self._read(base, token)
        except httpx.HTTPError:
            pass  # the studio stopped

    def _read(self, base: str, token: str) -> None:
        with httpx.stream("GET", f"{base}/events?token={token}", timeout=None) as r:
            name = ""
            for line in r.iter_lines():
                if self.stop:
                    return
                if line.startswith("event: "):
                    name = line[7:]
                elif line.startswith("data: "):
                    data = json.loads(line[6:])
                    self.items.append((data.get("at", time.time()), name, data))

    def wait(self, names: tuple[str, ...], after: float, timeout: float = 600) -> tuple[float, str]:
        deadline = time.time() + timeout
        while time.time() < deadline:
            for t, n, _ in self.items:
                if n in names and t >= after:
                    return t, n
            time.sleep(0.005)
        raise TimeoutError(", ".join(names))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--tracks", type=int, default=12)
    ap.add_argument("--duration", type=float, default=10)
    ap.add_argument("--run")
    ap.add_argument("--out", type=Path)
    ap.add_argument("--picks", type=int, default=3)
    args = ap.parse_args()
    out = args.out or Path(tempfile.mkdtemp(prefix="aceprod-studio-bench-"))
    run_id = args.run or make_run(out, args.tracks, args.duration)
    t0 = time.perf_counter()
    proc = subprocess.Popen([ACEPROD, "studio", "--run", run_id, "--out", str(out), "--catalog",
                             str(out / "cat.duckdb"), "--port", "0", "--llm", "none"], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, cwd=REPO)
    try:
        url = ""
        while not url:
            line = proc.stdout.readline()
            if not line:
                sys.exit("studio exited: " + proc.stderr.read()[-2000:])
            m = re.search(r"studio: (http://\S+)", line)
            url = m.group(1) if m else ""
        print(f"studio up in {time.perf_counter() - t0:.1f} s: {url.split('?')[0]}")
        base, token = url.split("/?token=")
        client = httpx.Client(base_url=base, cookies={"aceprod_studio": token}, timeout=60)
        loads = []
        for _ in range(20):
            t = time.perf_counter()
            r = client.get("/")
            loads.append((time.perf_counter() - t) * 1000)
            assert r.status_code == 200
        n_audio = r.text.count("<audio")
        loads.sort()
        print(f"page load (GET /, {n_audio} takes, {len(r.content) / 1024:.0f} KiB): median "
              f"{statistics.median(loads):.1f} ms, p90 {loads[int(0.9 * len(loads)) - 1]:.1f} ms")
        shown = browser_load_ms(url)
        if shown:
            for load, dcl, meta in shown:
                print(f"  chromium: DOMContentLoaded {dcl:.0f} ms, load event {load:.0f} ms, every audio element's "
                      f"metadata read at {meta:.0f} ms")
        mem = proc_memory(proc.pid)
        print(f"server memory: RSS {mem['VmRSS']} MiB, peak {mem['VmHWM']} MiB")
        events = Events(base, token)
        time.sleep(0.5)
        for _ in range(args.picks):
            q = client.get("/api/status").json().get("question")
            if not q:
                break
            t = time.time()
            r = client.post("/api/answer", json={"kind": "pick", "question_id": q["id"],
                                                 "take_id": q["takes"][0]["take_id"]})
            assert r.status_code == 202, r.text
            resumed, _ = events.wait(("running",), t)
            ready, what = events.wait(("waiting", "finished", "stopped"), t)
            print(f"pick (track {q['track']}): answer -> graph resumed {1000 * (resumed - t):.0f} ms, -> "
                  f"{'next question' if what == 'waiting' else what} {1000 * (ready - t):.0f} ms")
        events.stop = True
        mem = proc_memory(proc.pid)
        print(f"server memory after the picks: RSS {mem['VmRSS']} MiB, peak {mem['VmHWM']} MiB")
        print(f"load average {os.getloadavg()[0]:.1f}; run folder {out / run_id}")
    finally:
        proc.terminate()
        proc.wait(timeout=30)


if __name__ == "__main__":
    main()
