"""`aceprod score` as a user runs it: a new process per command, against the plain script.

    .venv/bin/python bench/score_startup.py [--repeat 5] [--file x.flac]

Writes a 3-minute 48 kHz stereo FLAC (the synthetic song) unless --file is given, runs
each once to warm numba's and the disk's caches, then times, as new processes, side by side:

- ``aceprod score FILE --json`` (wall time of the whole command);
- the plain librosa/pyloudnorm script (``bench/quality_speed.py``'s reference) run the
  same way (``python -c``: import, decode, analyse, print);
- ``aceprod score A B C D --json`` (batch: four copies of FILE; start-up paid once), per file;
- the analysis in-process, warm, as the command runs it (``tools.take_store.score_file``:
  decode, analysis, hash), for the share that is start-up;
- where a new process's CPU goes: each import phase of the command, then the first
  analysis (the minimum over the runs, in a separate probe process);
- the heavy modules the score command imported (there should be none: no librosa, numba,
  scipy).
Wall and CPU seconds (user + system, all threads) side by side: on a busy machine the CPU
time is the steadier number; the load average is printed before and after. Prints medians.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
HEAVY = ("librosa", "scipy", "numba", "llvmlite", "mir_eval", "torch", "sklearn", "pandas")

# A new process importing what `aceprod score FILE --json` imports, phase by phase, then
# scoring the file once: CPU seconds (user + system of the process) at the end of each phase.
PHASES = """
import os, sys, time
def cpu():
    t = os.times()
    return t.user + t.system
marks = [("python start-up", cpu())]
import numpy
marks.append(("numpy", cpu()))
import pydantic, rich.console, typer
marks.append(("typer, rich, pydantic", cpu()))
import agent.cli
marks.append(("agent.cli and its command modules", cpu()))
import tools.take_store
marks.append(("tools.take_store (take sidecar models)", cpu()))
import quality.analyze, quality.structure
marks.append(("quality.analyze and its modules", cpu()))
from quality import kernels
kernels.library()
marks.append(("the C kernels loaded", cpu()))
from pathlib import Path
rep, _ = tools.take_store.score_file(Path({path!r}), stems_mode=None, events=None)
marks.append(("decode + analysis + hash (first)", cpu()))
rep.model_dump_json()
marks.append(("report JSON", cpu()))
prev = 0.0
for name, t in marks:
    print(f"{{name}}\t{{t - prev:.3f}}")
    prev = t
"""

NAIVE = """
import sys
sys.path.insert(0, {bench!r})
from quality_speed import naive
print(naive({path!r}))
"""


def _aceprod() -> list[str]:
    exe = Path(sys.executable).with_name("aceprod")
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "agent.cli"]


def _time(cmd: list[str], env: dict, cpu: list[float] | None = None) -> float:
    """Wall seconds of ``cmd``; its CPU seconds (user + system) appended to ``cpu``: on a shared
    machine CPU time is the steadier measure."""
    r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, env=env, cwd=ROOT)
    wall = time.perf_counter() - t0
    r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    if cpu is not None:
        cpu.append(r1.ru_utime - r0.ru_utime + r1.ru_stime - r0.ru_stime)
    return wall


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--file", type=Path, default=None)
    a = ap.parse_args()
    env = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    load0 = os.getloadavg()[0]
    with tempfile.TemporaryDirectory() as td:
        path = a.file
        if path is None:
            from engine.audio import write_flac
            from quality import fixtures as F

            path = Path(td) / "song_3min.flac"
            write_flac(path, F.song(duration_s=180.0, seed=3)[0])
        score = [*_aceprod(), "score", str(path), "--json"]
        copies = [Path(td) / f"copy{i}{path.suffix}" for i in range(4)]
        for c in copies:  # four files, as a user scores a folder (one file named four times is decoded four times)
            shutil.copyfile(path, c)
        batch = [*_aceprod(), "score", *map(str, copies), "--json"]
        naive = [sys.executable, "-c", NAIVE.format(bench=str(ROOT / "bench"), path=str(path))]
        for cmd in (score, naive):  # warm numba's caches and the page cache
            _time(cmd, env)
        t_score, t_naive, t_batch = [], [], []
        c_score, c_naive, c_batch = [], [], []
        for _ in range(a.repeat):
            t_score.append(_time(score, env, c_score))
            t_naive.append(_time(naive, env, c_naive))
            t_batch.append(_time(batch, env, c_batch) / 4)
        probe = (f"import sys, runpy; sys.argv = ['aceprod', 'score', {str(path)!r}, '--json']\n"
                 "import io, contextlib\n"
                 "with contextlib.redirect_stdout(io.StringIO()):\n"
                 "    try: runpy.run_module('agent.cli', run_name='__main__')\n"
                 "    except SystemExit: pass\n"
                 f"print(' '.join(sorted(m for m in sys.modules if m.split('.')[0] in {HEAVY!r} or m in {HEAVY!r})))")
        heavy = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, env=env, cwd=ROOT).stdout.strip()
        phases: dict[str, list[float]] = {}
        for _ in range(a.repeat):
            out = subprocess.run([sys.executable, "-c", PHASES.format(path=str(path))], capture_output=True, text=True,
                                 env=env, cwd=ROOT, check=True).stdout
            for line in out.strip().splitlines():
                name, t = line.split("\t")
                phases.setdefault(name, []).append(float(t))
        from tools.take_store import score_file

        score_file(path, stems_mode=None, events=None)
        t_in, c_in = [], []
        for _ in range(a.repeat):
            t0, c0 = time.perf_counter(), time.process_time()
            score_file(path, stems_mode=None, events=None)
            t_in.append(time.perf_counter() - t0)
            c_in.append(time.process_time() - c0)
    med = statistics.median
    load = os.getloadavg()[0]
    print(f"3-minute 48 kHz stereo FLAC, {a.repeat} runs each, load average {load0:.1f} before, {load:.1f} after")
    print("| what | median wall | median CPU (user + system) | target (wall) |")
    print("|---|---|---|---|")
    print(f"| `aceprod score FILE --json`, new process | {med(t_score):.2f} s | {med(c_score):.2f} s | <= 1.5 s |")
    print(f"| plain librosa/pyloudnorm script, new process | {med(t_naive):.2f} s | {med(c_naive):.2f} s | |")
    print(f"| `aceprod score` of 4 files in one command, per file | {med(t_batch):.2f} s | {med(c_batch) / 4:.2f} s | |")
    print(f"| analysis in-process as the command runs it (decode, analysis, hash; warm) | {med(t_in):.2f} s | {med(c_in):.2f} s | <= 0.6 s |")
    print(f"command vs plain script: {med(t_naive) / med(t_score):.1f}x faster (CPU: {med(c_naive) / med(c_score):.1f}x); "
          f"heavy modules imported by the command: {heavy or 'none'}")
    print("\nwhere a new process's CPU goes (minimum over the runs; CPU seconds of that phase):")
    print("| phase | CPU s |")
    print("|---|---|")
    for name, ts in phases.items():
        print(f"| {name} | {min(ts):.3f} |")
    print(f"| total | {sum(min(ts) for ts in phases.values()):.3f} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
