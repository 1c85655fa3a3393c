"""The ``--ray [ADDRESS]`` option shared by the commands that can scale out (light: no Ray import)."""

from __future__ import annotations

from typing import Annotated

import typer

RAY_HELP = ("Run on Ray: --ray alone starts a local Ray instance with this machine's CPUs/GPUs; --ray HOST:PORT "
            "(or --ray=auto) joins a cluster started with `ray start`. Needs `pip install 'aceprod[ray]'`.")
RayOpt = Annotated[str | None, typer.Option("--ray", is_flag=False, flag_value="local", metavar="[ADDRESS]",
                                            help=RAY_HELP)]
