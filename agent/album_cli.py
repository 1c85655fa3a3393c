"""What `aceprod album` does: set up or reload a run, stream the graph with
progress bars, print the result. Kept apart from the typer signature in
agent/commands/album.py."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import typer
from rich.progress import Progress, TaskID
from rich.table import Table

from agent.commands._common import console, err_console, print_json, progress_bar, session_catalog
from agent.context import AUTONOMY_LEVELS
from agent.learning import learned_cover_strengths, learned_presets
from agent.llm.runtime import load_llm
from agent.planning.derive import derive_skeletons
from agent.planning.genres import genre
from agent.planning.pipelines import choose_preset
from agent.planning.planner import load_brief
from agent.records import AlbumResult
from agent.reference import describe, measure_reference, seed_brief
from agent.runner import (
    RunInfo,
    is_finished,
    load_info,
    lock_run,
    mark_run,
    new_run_id,
    open_graph,
    run_config,
    save_info,
    stream_run,
)
from agent.state import album_of, plan_of
from agent.steering import RunSteering, save_steering, steered_context
from agent.terminal import clean, esc
from agent.workers.cluster import check_address, engine_and_runner
from engine.errors import AceprodError, ConfigError
from engine.protocol import EngineCapabilities
from tools.eta import estimate_take_seconds
from tools.take_id import TakeId


class AlbumProgress:
    """Rich bars driven by the graph's events: one per track plus the whole run."""

    def __init__(self, progress: Progress, caps: EngineCapabilities, catalog: Path | None) -> None:
        self.progress, self.caps, self.engine, self.catalog = progress, caps, caps.engine, catalog
        self.overall: TaskID | None = None
        self.tracks: dict[int, TaskID] = {}
        self.labels: dict[int, str] = {}
        self.estimates: dict[str, float] = {}
        self.lock = threading.Lock()

    def __call__(self, event: str, data: dict[str, Any]) -> None:
        with self.lock:
            getattr(self, f"on_{event}", lambda _d: None)(data)

    def on_planning(self, data: dict) -> None:
        self.overall = self.progress.add_task("planning", total=1)

    def on_planned(self, data: dict) -> None:
        plan = plan_of(data)
        work = 0.0
        for t in plan.tracks:
            self.labels[t.index] = f"  {t.index:02d} {esc(clean(t.title)[:24]):<24}"
            self.tracks[t.index] = self.progress.add_task(self.labels[t.index], total=plan.candidates)
            preset = choose_preset(t, self.caps)
            est = estimate_take_seconds(self.catalog, engine=self.engine, model=preset.model, steps=preset.steps,
                                        duration_s=t.duration)
            self.estimates[t.index] = est.seconds
            work += est.seconds * plan.candidates
        if self.overall is not None:
            self.progress.update(self.overall, description=esc(clean(plan.title)[:30]), total=max(work, 1.0), completed=0)

    def _advance(self, take: str) -> None:
        track = TakeId.parse(take).track
        if track in self.tracks:
            self.progress.advance(self.tracks[track])
        if self.overall is not None:
            self.progress.advance(self.overall, self.estimates.get(track, 1.0))

    def on_stage(self, data: dict) -> None:
        task = self.tracks.get(data["track"])
        if task is not None:
            label = self.labels[data["track"]]
            self.progress.update(task, description=f"{label} [dim]{esc(data['take'])} {esc(data['stage'])}[/]")

    def on_take_done(self, data: dict) -> None:
        self._advance(data["take"])

    def on_take_failed(self, data: dict) -> None:
        err_console.print(f"[red]take {esc(data['take'])} failed:[/] {esc(data['error'])}")
        self._advance(data["take"])

    def on_repair_started(self, data: dict) -> None:
        task = self.tracks.get(data["track"])
        if task is not None:
            self.progress.update(task, total=(self.progress.tasks[task].total or 0) + 1)
        if self.overall is not None:
            extra = self.estimates.get(data["track"], 1.0)
            self.progress.update(self.overall, total=(self.progress.tasks[self.overall].total or 0) + extra)

    def on_repair_done(self, data: dict) -> None:
        self._advance(data["proposal"])

    def on_repair_failed(self, data: dict) -> None:
        self._advance(data["proposal"])

    def on_mastering(self, data: dict) -> None:
        if self.overall is not None:
            self.progress.update(self.overall, description="mastering")


def _new_run(brief: str, *, engine: str, llm: str | None, candidates: int, autonomy: str, seed: int,
             max_repairs: int, catalog: Path | None, checkpoints: Path, out: Path,
             reference: Path | None = None) -> RunInfo:
    parsed = load_brief(brief)
    steering = RunSteering(learned=learned_presets(catalog), cover_strengths=learned_cover_strengths(catalog))
    if reference is not None:  # measured before a run folder exists: a bad clip leaves nothing behind
        steering.reference = measure_reference(reference)
        parsed, notes = seed_brief(parsed, steering.reference)
        err_console.print(f"reference: {esc(describe(steering.reference))}", highlight=False)
        for note in notes:
            err_console.print(f"  {esc(note)}", highlight=False)
    for g, preset in steering.learned.items():
        if g == (genre(parsed.genre).name if parsed.genre else None):
            err_console.print(f"learned preset for {esc(g)}: {esc(preset.model)} {preset.steps} steps, shift {preset.shift:g}",
                              highlight=False)
    derive_skeletons(parsed, seed=seed)  # refuse empty or contradictory briefs before a run exists
    info = RunInfo(run_id=new_run_id(parsed), brief=parsed, engine=engine, llm=llm, autonomy=autonomy,
                   candidates=candidates, seed=seed, max_repairs=max_repairs,
                   catalog=str(catalog) if catalog else None, checkpoints=str(checkpoints))
    save_info(out / info.run_id, info)
    save_steering(out / info.run_id, steering)
    return info


def _show_result(graph, info: RunInfo, run_dir: Path, json_out: bool) -> None:
    """Print the finished album (JSON or a table), or say the run stopped early."""
    if not is_finished(graph, info.run_id):
        raise ConfigError(f"run {info.run_id} stopped before the end (fix: aceprod album --resume {info.run_id})")
    result = album_of(graph.get_state(run_config(info.run_id)).values)
    if json_out:
        print_json(result)
    else:
        print_album(result, run_dir)


def print_album(result: AlbumResult, run_dir: Path) -> None:
    table = Table(title=f"{esc(result.title)}  ({esc(result.run_id)})")
    for col in ("#", "title", "score", "take", "LUFS", "dBTP", "file"):
        table.add_column(col, overflow="fold")
    for t in result.tracks:
        table.add_row(*(esc(v) for v in (t.track, t.title, "-" if t.score is None else f"{t.score:.1f}", t.take_id or "-",
                      "-" if t.lufs is None else f"{t.lufs:.1f}", "-" if t.true_peak_dbtp is None else
                      f"{t.true_peak_dbtp:.1f}", t.mastered or t.note)))
    console.print(table)
    kept = sum(1 for r in result.repairs if r.accepted)
    console.print(f"{len(result.takes)} takes, {len(result.repairs)} repairs ({kept} kept); "
                  f"loudness spread {result.loudness_spread_lu} LU")
    console.print(f"report: {esc(run_dir / 'album.html')}")


def run_album_command(*, brief: str | None, resume: str | None, engine_name: str, llm: str | None, candidates: int,
                      out: Path, catalog: Path | None, no_catalog: bool, autonomy: str, max_repairs: int, seed: int,
                      checkpoints: Path, json_out: bool, reference: Path | None = None,
                      ray: str | None = None) -> None:
    if autonomy not in AUTONOMY_LEVELS:
        raise ConfigError(f"--autonomy {autonomy} is not one of {', '.join(AUTONOMY_LEVELS)} "
                          "(fix: e.g. --autonomy collaborative)")
    if resume and reference is not None:
        raise ConfigError("--reference applies to a new run; a resumed run keeps its own (fix: leave it out)")
    if bool(brief) == bool(resume):
        raise ConfigError("give a brief (text or a briefs/*.yaml file) or --resume RUN_ID, not both or neither "
                          "(fix: aceprod album briefs/jazz_album.yaml)")
    if ray is not None:
        check_address(ray)
    if resume:
        info = load_info(out, resume)
    else:
        info = _new_run(brief or "", engine=engine_name, llm=llm, candidates=candidates, autonomy=autonomy,
                        seed=seed, max_repairs=max_repairs, catalog=session_catalog(catalog, no_catalog),
                        checkpoints=checkpoints, out=out, reference=reference)
    run_dir = out / info.run_id
    lock = lock_run(run_dir, info.run_id)  # one process per run: before anything is loaded or written
    try:
        cat = Path(info.catalog) if info.catalog else None
        with _outcome_recorded(info, cat), engine_and_runner(info.engine, checkpoints=info.checkpoints or
                                                             str(checkpoints), ray=ray) as (engine, workers):
            _produce(info, engine=engine, workers=workers, run_dir=run_dir, catalog=cat, out=out,
                     checkpoints=checkpoints, resume=bool(resume), json_out=json_out)
    finally:
        lock.release()


@contextmanager
def _outcome_recorded(info: RunInfo, catalog: Path | None) -> Iterator[None]:
    """Mark the run done, stopped (Ctrl-C, Ctrl-D at a question) or failed in the catalog."""
    status = "failed"
    try:
        yield
        status = "done"
    except (KeyboardInterrupt, typer.Exit):
        status = "stopped"
        raise
    finally:
        try:
            mark_run(catalog, info, status)
        except AceprodError as exc:
            err_console.print(f"[yellow]note:[/] could not record the run as {status} in the catalog: {esc(exc)}",
                              highlight=False)


def _produce(info: RunInfo, *, engine, workers, run_dir: Path, catalog: Path | None, out: Path, checkpoints: Path,
             resume: bool, json_out: bool) -> None:
    err_console.print(f"run [bold]{esc(info.run_id)}[/] -> {esc(run_dir)}  (resume: aceprod album --resume "
                      f"{esc(info.run_id)}{'' if out == Path('out') else f' --out {esc(out)}'})", highlight=False)
    llm_model = load_llm(info.llm, checkpoints_dir=checkpoints, seed=info.seed)
    if info.autonomy != "autonomous":
        _run_with_person(info, engine=engine, llm_model=llm_model, run_dir=run_dir, catalog=catalog,
                         resume=resume, json_out=json_out, workers=workers)
        return
    with open_graph(run_dir) as graph:
        with progress_bar(remaining=True, count="{task.completed:.0f}/{task.total:.0f}", transient=False,
                          disable=json_out) as bar:
            ctx = steered_context(info, run_dir, engine=engine, llm=llm_model, catalog=catalog,
                                  on_event=AlbumProgress(bar, engine.capabilities(), catalog), workers=workers)
            with _saved_on_stop(info, engine):
                for _ in stream_run(graph, ctx, info, resume=resume):
                    pass
        _show_result(graph, info, run_dir, json_out)


def _resume_hint(info: RunInfo) -> str:
    return f"the run is saved: aceprod album --resume {info.run_id}"


@contextmanager
def _saved_on_stop(info: RunInfo, engine) -> Iterator[None]:
    """Whatever stops the run, say how to resume it; always release the engine."""
    try:
        yield
    except KeyboardInterrupt:
        err_console.print(f"[yellow]interrupted[/]; {esc(_resume_hint(info))}", highlight=False)
        raise
    except AceprodError as exc:
        raise type(exc)(f"{exc}\n({_resume_hint(info)})") from exc
    finally:
        engine.unload()


def _run_with_person(info: RunInfo, *, engine, llm_model, run_dir: Path, catalog: Path | None, resume: bool,
                     json_out: bool, workers=None) -> None:
    """A supervised or collaborative run: progress as lines, questions asked at the terminal or read from stdin."""
    from agent.people.drive import EventLines, drive
    from agent.people.readers import Cancelled, make_reader

    talk = err_console if json_out else console
    ctx = steered_context(info, run_dir, engine=engine, llm=llm_model, catalog=catalog, on_event=EventLines(talk),
                          workers=workers)
    how = "you approve, edit or reject each repair" if ctx.asks_repairs else "you pick each track's take"
    talk.print(f"{info.autonomy} run: {how}; Ctrl-D at a question stops here, resume later", highlight=False)
    with open_graph(run_dir) as graph:
        with _saved_on_stop(info, engine):
            try:
                drive(graph, ctx, info, resume=resume, reader=make_reader(), console=talk,
                      caps=engine.capabilities())
            except Cancelled:
                err_console.print(f"[yellow]stopped at a question[/]; {esc(_resume_hint(info))}", highlight=False)
                raise typer.Exit(1) from None
        _show_result(graph, info, run_dir, json_out)
