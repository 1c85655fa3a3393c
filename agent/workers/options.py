"""The ``--ray [ADDRESS]`` option shared by the commands that can scale out (light: no Ray import).

Click has no option with an optional value, so ``normalize_argv`` (called by the CLI's entry
point) turns a bare ``--ray`` (last, or followed by an option or by anything that is not a Ray
address, e.g. the brief) into ``--ray=local``.
"""

from __future__ import annotations

import re
from typing import Annotated

import typer

LOCAL = "local"  # what a bare --ray means: a local Ray instance
ADDRESS = re.compile(r"^(auto|local|(ray://)?[A-Za-z0-9_.\-\[\]:]+:\d{1,5})$")
RAY_HELP = ("Run on Ray: --ray alone starts a local Ray instance with this machine's CPUs/GPUs; --ray HOST:PORT "
            "(or auto) joins a cluster started with `ray start`. Each worker of a CPU engine (sketch) holds one CPU "
            "and is pinned to a core of its own (Linux; env ACEPROD_RAY_PIN=0 turns it off). Needs Ray (the 'ray' "
            "extra of aceprod).")
RayOpt = Annotated[str | None, typer.Option("--ray", metavar="[ADDRESS]", help=RAY_HELP)]


def normalize_argv(argv: list[str]) -> list[str]:
    """``--ray`` without an address after it -> ``--ray=local``; everything else unchanged."""
    out = list(argv)
    for i, arg in enumerate(out):
        if arg == "--ray" and (i + 1 == len(out) or not ADDRESS.match(out[i + 1])):
            out[i] = f"--ray={LOCAL}"
    return out
