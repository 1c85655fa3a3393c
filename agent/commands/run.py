"""`aceprod run` and `aceprod validate`: run or check a pipeline file."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from agent.commands._common import OFFLOAD_HELP, EngineOpt, JsonOpt, console, engine_kwargs, print_json, progress_bar
from agent.terminal import esc
from agent.workers.options import RayOpt

PipelineArg = Annotated[Path, typer.Argument(help="Pipeline YAML file (see examples/pipelines/).")]
CheckpointsOpt = Annotated[str | None, typer.Option(help="Checkpoint folder (acestep engine).")]


def _load(pipeline: Path, engine_name: str, checkpoints: str | None, overrides: dict, engine=None, *,
          offload: bool = False):
    """(engine, validated pipeline); ``engine`` given (a Ray pool's stand-in) or made here."""
    from engine.pipeline import load_pipeline, parse_pipeline
    from engine.protocol import get_engine
    from engine.validate import validate_pipeline

    config = load_pipeline(pipeline)
    if overrides:
        data = config.model_dump(exclude_unset=True)
        data.update(overrides)
        config = parse_pipeline(data, source=str(pipeline))
    engine = engine or get_engine(engine_name, **engine_kwargs(checkpoints, offload=offload))
    validated = validate_pipeline(config, engine.capabilities(), base_dir=pipeline.parent, source=str(pipeline))
    return engine, validated


def register(app: typer.Typer) -> None:
    @app.command("validate")
    def validate(
        pipeline: PipelineArg,
        engine_name: EngineOpt = "sketch",
        checkpoints: CheckpointsOpt = None,
        json_out: JsonOpt = False,
    ) -> None:
        """Check a pipeline file against an engine without running it (every problem at once)."""
        _, validated = _load(pipeline, engine_name, checkpoints, {})
        if json_out:
            print_json({"ok": True, "stages": validated.order, "models": validated.models})
        else:
            console.print(f"[green]ok[/] {esc(pipeline)}: {len(validated.order)} stages, "
                          f"batch {validated.config.batch_size}")

    @app.command("run")
    def run(
        pipeline: PipelineArg,
        out: Annotated[Path, typer.Option("--out", "-o", help="Folder for results; each run gets a sub-folder.")] = Path("out"),
        engine_name: EngineOpt = "sketch",
        model: Annotated[str | None, typer.Option(help="Default model for stages that name none.")] = None,
        batch_size: Annotated[int | None, typer.Option(help="Override the pipeline's batch_size.")] = None,
        seed: Annotated[int | None, typer.Option(help="Override the pipeline's base seed.")] = None,
        no_stems: Annotated[bool, typer.Option("--no-stems", help="Do not write per-stem FLACs.")] = False,
        overwrite: Annotated[bool, typer.Option(help="Replace an earlier run folder of the same name.")] = False,
        checkpoints: CheckpointsOpt = None,
        offload: Annotated[bool, typer.Option("--offload", help=OFFLOAD_HELP)] = False,
        json_out: Annotated[bool, typer.Option("--json", help="Print the run result as JSON.")] = False,
        ray: RayOpt = None,
    ) -> None:
        """Run a pipeline: every stage, every batch item -> FLAC + JSON sidecar per take (with --ray, the batch
        items run in parallel on Ray workers)."""
        from engine.executor import choose_run_dir, run_pipeline

        overrides = {k: v for k, v in {"model": model, "batch_size": batch_size, "seed": seed}.items()
                     if v is not None}
        with progress_bar(remaining=True) as bar:
            task = bar.add_task(esc(pipeline.stem), total=None)

            def on_progress(stage_id: str, b: int, done: int, total: int) -> None:
                bar.update(task, completed=done, total=total,
                           description=f"{esc(pipeline.stem)}: {esc(stage_id)} #{b}")

            if ray is not None:
                from agent.workers.batch import run_pipeline_on_ray

                result = run_pipeline_on_ray(
                    lambda eng: _load(pipeline, engine_name, checkpoints, overrides, eng)[1], ray=ray,
                    engine_name=engine_name, checkpoints=checkpoints, out=out, overwrite=overwrite,
                    base_dir=pipeline.parent, write_stems=not no_stems, progress=on_progress)
            else:
                engine, validated = _load(pipeline, engine_name, checkpoints, overrides, offload=offload)
                run_dir = choose_run_dir(out, validated.config.name, overwrite=overwrite)
                try:
                    result = run_pipeline(validated, engine=engine, run_dir=run_dir, write_stems=not no_stems,
                                          progress=on_progress)
                finally:
                    engine.unload()
        _print_run(result, json_out)


def _print_run(result, json_out: bool) -> None:
    from rich.table import Table

    if json_out:
        return print_json(result)
    table = Table("stage", "type", "#", "seed", "seconds", "render s", "file", "stems",
                  title=f"{esc(result.pipeline)} ({esc(result.engine)}) -> {esc(result.out_dir)}")
    for t in result.takes:
        table.add_row(*(esc(v) for v in (t.stage_id, t.stage_type, t.batch_index, t.seed, f"{t.duration_s:.1f}",
                      f"{t.render_s:.2f}", t.audio_path, ", ".join(t.stems))))
    console.print(table)
    console.print(f"run {esc(result.run_id)}: {len(result.takes)} takes in {result.seconds:.1f} s")
