"""A long fuzzing run of the property tests in tests/reliability/test_properties.py.

    .venv/bin/python bench/fuzz.py [--examples 300]

Runs every property (pipeline YAML, album briefs, free-text briefs, REPL lines,
catalog sql parsing and end-to-end runs, ingest sidecars, audio headers) with
random seeds and ``--examples`` examples each (end-to-end SQL runs get 1/8 of them,
each starting a worker process; REPL sessions 3/5), then prints examples tried, time and failures per
boundary. `make test` runs the same properties with 20 derandomized examples.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--examples", type=int, default=300)
    ap.add_argument("-k", default=None, help="only properties matching this pytest -k expression")
    a = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        counts, junit = Path(tmp) / "counts.json", Path(tmp) / "junit.xml"
        env = dict(os.environ, ACEPROD_FUZZ_EXAMPLES=str(a.examples), ACEPROD_FUZZ_RANDOM="1",
                   ACEPROD_FUZZ_COUNTS=str(counts), PYTHONPATH=str(ROOT))
        cmd = [sys.executable, "-m", "pytest", "tests/reliability/test_properties.py", "-q", "-n", "0",
               "-p", "no:cacheprovider", f"--junitxml={junit}"] + (["-k", a.k] if a.k else [])
        t0 = time.monotonic()
        proc = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True)
        wall = time.monotonic() - t0
        tried = json.loads(counts.read_text()) if counts.exists() else {}
        cases = ET.parse(junit).getroot().iter("testcase") if junit.exists() else []
        print(f"{'property':<36} {'seconds':>8}  result")
        failed = 0
        for case in cases:
            bad = case.find("failure") is not None or case.find("error") is not None
            failed += bad
            print(f"{case.get('name'):<36} {float(case.get('time', 0)):8.1f}  {'FAILED' if bad else 'ok'}")
        print("\nexamples tried per boundary:")
        for name, n in sorted(tried.items()):
            print(f"  {name:<28} {n}")
        print(f"\n{sum(tried.values())} examples in {wall:.0f} s, {failed} failing properties")
        if proc.returncode != 0:
            print(proc.stdout[-6000:])
        sys.exit(1 if failed or proc.returncode else 0)


if __name__ == "__main__":
    main()
