"""Where takes are rendered: in this process, or on a pool of Ray actors (``--ray``).

- ``runner``: the ``TakeRunner`` seam the generate and repair nodes call, and the in-process runner;
- ``jobs``: what crosses the wire (a job with its input files, a bundle of output files) and the
  driver's atomic writing of a bundle into the run folder;
- ``actor``: the worker code inside a Ray actor (an engine loaded once; or a scorer);
- ``pinning``: a CPU engine's workers each pinned to a core of its own (the CPU Ray gave it);
- ``pool``: the actor pool (dispatch, retries on dead workers) and the Ray runner;
- ``cluster``: ``--ray [ADDRESS]``: connect or start Ray, size the pool to the cluster; the engine
  and runner of a run with or without it;
- ``options``: the ``--ray`` CLI option (light: imported when the CLI starts);
- ``batch``: batch commands on the pool (`aceprod run` of several pipelines, `score`, `catalog ingest`).

Only ``cluster`` and ``pool`` import Ray, and only when ``--ray`` is given; this package's
``__init__`` imports nothing.
"""

from __future__ import annotations
