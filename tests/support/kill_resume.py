"""An album run as a subprocess, killed with SIGKILL once some takes are written, then resumed:
the steps the in-process and the Ray kill-and-resume tests share."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path


def aceprod(*args: str) -> subprocess.Popen:
    env = dict(os.environ, PYTHONUNBUFFERED="1", COLUMNS="120")
    return subprocess.Popen([sys.executable, "-m", "agent.cli", *args], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=env)


def finished_takes(out: Path) -> dict[Path, int]:
    """Every finished candidate take's run.json with its modification time (ns)."""
    return {p: p.stat().st_mtime_ns for p in out.glob("*/takes/*/c*/run.json")}


def kill_after_takes(proc: subprocess.Popen, out: Path, *, takes: int = 2,
                     wait_s: float = 240) -> tuple[dict[Path, int], str]:
    """SIGKILL ``proc`` once ``takes`` takes are finished; (the finished takes, the run id).
    The run must not have ended by itself first, and must have left no album.json."""
    deadline = time.time() + wait_s
    while time.time() < deadline and len(finished_takes(out)) < takes and proc.poll() is None:
        time.sleep(0.1)
    assert proc.poll() is None, "the run ended before it could be killed: " + proc.stderr.read()[-2000:]
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    run_id = next(out.iterdir()).name
    assert not (out / run_id / "album.json").exists()
    return finished_takes(out), run_id


def resume(run_id: str, out: Path, *extra: str, timeout: float = 600) -> dict:
    """``aceprod album --resume RUN --json``; its album, after checking it exited 0."""
    proc = aceprod("album", "--resume", run_id, "--out", str(out), "--json", *extra)
    stdout, stderr = proc.communicate(timeout=timeout)
    assert proc.returncode == 0, stderr[-3000:]
    return json.loads(stdout)
