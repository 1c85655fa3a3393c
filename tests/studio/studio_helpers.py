"""Helpers for the studio tests: a run stopped at its first question (started
by `aceprod album` in the terminal, stdin closed), the studio as a real
process, and Debian's chromium driven by selenium."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import time
from pathlib import Path

from aceprod_kit import ACEPROD

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMEDRIVER = shutil.which("chromedriver")
ARTEFACTS = Path(os.environ.get("ACEPROD_TEST_ARTEFACTS", "test-artefacts")) / "studio"


def album_until_question(dirs: dict[str, Path], env: dict[str, str], brief: str, *extra: str) -> str:
    """Start an album in the terminal with no one to answer: it stops at its first question. The run id."""
    done = subprocess.run([ACEPROD, "album", brief, "--llm", "none", "--out", str(dirs["out"]), "--catalog",
                           str(dirs["catalog"]), *extra], stdin=subprocess.DEVNULL, capture_output=True, text=True,
                          env=env, timeout=300)
    assert "stopped at a question" in done.stderr, done.stdout[-2000:] + done.stderr[-2000:]
    return next(p.name for p in dirs["out"].iterdir() if (p / "run-info.json").is_file())


class Studio:
    """`aceprod studio ...` as a process; ``url`` is the printed URL with its token."""

    def __init__(self, args: list[str], env: dict[str, str], timeout: float = 120) -> None:
        self.proc = subprocess.Popen([ACEPROD, "studio", "--port", "0", *args], stdout=subprocess.PIPE,
                                     stderr=subprocess.PIPE, text=True, env=env)
        deadline = time.monotonic() + timeout
        self.url = ""
        while time.monotonic() < deadline:
            line = self.proc.stdout.readline()
            if not line:
                raise AssertionError("studio exited: " + self.proc.stderr.read()[-3000:])
            m = re.search(r"studio: (http://\S+)", line)
            if m:
                self.url = m.group(1)
                break
        assert self.url, "the studio printed no URL"
        self.base, self.token = self.url.split("/?token=")

    def stop(self) -> str:
        self.proc.terminate()
        try:
            _, err = self.proc.communicate(timeout=20)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            _, err = self.proc.communicate()
        return err


def browser():
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    opts = webdriver.ChromeOptions()
    opts.binary_location = CHROMIUM
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--autoplay-policy=no-user-gesture-required", "--window-size=1200,1600", "--mute-audio"):
        opts.add_argument(arg)
    return webdriver.Chrome(service=Service(CHROMEDRIVER), options=opts)


def wait_for(fn, timeout: float = 60, what: str = "condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = fn()
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


def shot(driver, name: str) -> Path:
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTEFACTS / f"{name}.png"
    driver.save_screenshot(str(path))
    return path
