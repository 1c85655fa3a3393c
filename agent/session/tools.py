"""The CLI's one-shot commands as functions with the same JSON results as their
``--json`` output: validate and run a pipeline, score files, list and show the
catalog, mine pairs, export a dataset. Used by the MCP server (and any other
front end), so it never opens the catalog or the engine on its own."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from engine.errors import ConfigError

if TYPE_CHECKING:
    from agent.plans import AlbumPlan
    from catalog.store import Catalog

def _json(value: Any) -> Any:
    from pydantic import BaseModel

    if isinstance(value, BaseModel):
        return value.model_dump(mode="json")
    if isinstance(value, list):
        return [_json(v) for v in value]
    return value


def album_plan(brief: str, *, llm: str | None, engine: str = "sketch", seed: int = 0, candidates: int | None = None,
               checkpoints: Path = Path("checkpoints"), second_reader: bool = False) -> AlbumPlan:
    """The album plan of ``brief`` (text or a YAML file) within ``engine``'s longest take."""
    from agent.llm.runtime import load_llm
    from agent.planning.planner import load_brief, plan_album
    from engine.protocol import get_engine

    parsed = load_brief(brief)
    caps = get_engine(engine, checkpoints_dir=str(checkpoints)).capabilities()
    model = load_llm(llm, checkpoints_dir=checkpoints, seed=seed)
    return plan_album(parsed, llm=model, seed=seed, candidates=candidates, second_reader=second_reader,
                      max_duration_s=min(m.max_duration_s for m in caps.models))


def plan(brief: str, **kw: Any) -> dict:
    """`aceprod plan BRIEF --json`."""
    return _json(album_plan(brief, **kw))


def validate(pipeline: Path, *, engine: str = "sketch", checkpoints: str | None = None) -> dict:
    """`aceprod validate PIPELINE --json` (ConfigError listing every problem when invalid)."""
    from agent.commands.run import _load

    _, validated = _load(Path(pipeline), engine, checkpoints, {})
    return {"ok": True, "stages": validated.order, "models": validated.models}


def run_pipeline(pipeline: Path, *, out: Path, engine: str = "sketch", checkpoints: str | None = None,
                 progress: Callable[[int, int, str], None] | None = None) -> dict:
    """`aceprod run PIPELINE --out OUT --json`; ``progress(done, total, what)`` after each take."""
    from agent.commands.run import _load
    from engine.executor import choose_run_dir
    from engine.executor import run_pipeline as execute

    eng, validated = _load(Path(pipeline), engine, checkpoints, {})
    run_dir = choose_run_dir(Path(out), validated.config.name, overwrite=False)

    def on_progress(stage_id: str, b: int, done: int, total: int) -> None:
        if progress is not None:
            progress(done, total, f"{stage_id} #{b}")

    try:
        result = execute(validated, engine=eng, run_dir=run_dir, progress=on_progress)
    finally:
        eng.unload()
    return _json(result)


def score(files: list[str]) -> Any:
    """`aceprod score FILE... --json`: one report, or a list for several files."""
    from tools.take_store import score_file

    if not files:
        raise ConfigError("no files to score (fix: give one or more audio paths)")
    reports = [score_file(Path(f), stems_mode=None, events=None)[0] for f in files]
    return _json(reports[0] if len(reports) == 1 else reports)


def catalog_ls(catalog: Path, *, limit: int = 50, run: str | None = None, min_score: float | None = None,
               defect: str | None = None, tag: str | None = None) -> list:
    """`aceprod catalog ls --json`."""
    with _open(catalog, read_only=True) as cat:
        return _json(cat.ls(min_score=min_score, max_score=None, tag=tag, since=None, model=None, run_id=run,
                            defect=defect, limit=limit))


def catalog_show(catalog: Path, gen_id: str) -> dict:
    """`aceprod catalog show ID --json`."""
    with _open(catalog, read_only=True) as cat:
        return _json(cat.get(gen_id))


def catalog_runs(catalog: Path, limit: int = 50) -> list[dict]:
    """The catalog's runs, newest first (run id, mode, start, brief text, takes)."""
    with _open(catalog, read_only=True) as cat:
        rows = cat.recent_runs(limit)
    return [r.model_dump(include={"run_id", "mode", "started_at", "brief", "takes"}) for r in rows]


def pair_counts(catalog: Path) -> dict[str, int]:
    with _open(catalog, read_only=True) as cat:
        return cat.pair_counts()


def pairs_mine(catalog: Path, *, strategies: list[str] | None = None, min_margin: float = 1.0) -> dict:
    """`aceprod pairs mine --json`."""
    from catalog.mining import strategies as asked

    names = asked(strategies)
    with _open(catalog) as cat:
        results = [cat.mine_pairs(s, min_margin=min_margin) for s in names]
        total = cat.counts().pairs
    return {"results": _json(results), "pairs_in_catalog": total}


def dataset_export(catalog: Path, out: Path, *, fmt: str = "jsonl", version: str | None = None) -> dict:
    """`aceprod dataset export --out OUT --format FMT --json`."""
    with _open(catalog) as cat:
        return _json(cat.export(Path(out), format=fmt, version=version))


def _open(catalog: Path, *, read_only: bool = False) -> Catalog:
    """The session's catalog, which a run has written already (opened as the CLI's catalog commands do)."""
    from agent.commands.catalog import open_catalog

    if not Path(catalog).exists():
        raise ConfigError(f"no catalog at {catalog} yet (fix: finish a run first, or pass the catalog it wrote to)")
    return open_catalog(Path(catalog), read_only=read_only)
