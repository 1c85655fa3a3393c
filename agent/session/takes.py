"""A run as a front end shows it: its tracks with planned sections, every take
ranked with score, defects and defect ranges, the pending question, the status."""

from __future__ import annotations

from pathlib import Path

from agent.nodes.critic import rank
from agent.records import QuestionKind, TakeRecord
from agent.session.producer import ProducerSession
from agent.session.views import DefectRange, QuestionView, RunStatus, Section, TakeView, TrackView
from agent.state import album_of, plan_of, takes_of
from engine.errors import ConfigError
from tools.take_store import load_report


def _ranges(run_dir: Path, take: TakeRecord) -> tuple[list[DefectRange], float | None]:
    try:
        report = load_report(run_dir / take.report)
    except (OSError, ValueError):
        return [], None
    ranges = [DefectRange(kind=d.kind, start=d.start_s, end=d.end_s, severity=d.severity, stem=d.stem)
              for d in report.defects]
    return ranges, report.metrics.duration_s


def take_records(session: ProducerSession) -> list[TakeRecord]:
    return takes_of(session.state()) if session.run else []


def find_take(session: ProducerSession, take_id: str) -> TakeRecord:
    """The run's take ``take_id`` (ConfigError naming the known ones otherwise)."""
    takes = {t.take_id: t for t in take_records(session)}
    take = takes.get(take_id.lower())
    if take is None:
        raise ConfigError(f"no take '{take_id}' in this run (fix: one of {', '.join(sorted(takes)) or 'none yet'})")
    return take


def tracks(session: ProducerSession) -> list[TrackView]:
    """Every planned track with its takes, best score first."""
    if session.run is None:
        plan = session.plan
        state: dict = {}
    else:
        state = session.state()
        plan = plan_of(state) if state.get("plan") else None
    if plan is None:
        return []
    takes = takes_of(state)
    best = state.get("best", {})
    run_dir = session.run.run_dir if session.run else Path(".")
    out = []
    for t in plan.tracks:
        views = []
        for i, k in enumerate(rank([x for x in takes if x.track == t.index]), 1):
            ranges, duration = _ranges(run_dir, k)
            views.append(TakeView(take_id=k.take_id, track=k.track, kind=k.kind, rank=i, overall=k.overall,
                                  defects=[str(d) for d in k.defects], ranges=ranges, audio=k.audio, duration=duration or t.duration,
                                  note=k.note, best=best.get(str(t.index)) == k.take_id))
        out.append(TrackView(index=t.index, title=t.title, duration=t.duration, bpm=t.bpm, keyscale=t.keyscale,
                             caption=t.caption, takes=views,
                             sections=[Section(type=e.type, start=e.start, end=e.end) for e in t.events]))
    return out


def question_view(session: ProducerSession) -> QuestionView | None:
    qid, q = session.pending()
    if q is None or qid is None:
        return None
    if q.kind is QuestionKind.approve_repairs:
        decided = {k: d.decision for k, d in session.run.decisions.items()} if session.run else {}
        return QuestionView(id=qid, kind=q.kind, scores=q.scores, decided=decided, proposals=q.proposals)
    takes = [t.model_dump(exclude={"audio"}) for t in q.takes]
    return QuestionView(id=qid, kind=q.kind, track=q.track, title=q.title, takes=takes)


def status(session: ProducerSession) -> RunStatus:
    run = session._require_run()
    state = session.state()
    if session.busy:
        what = "running"
    elif session.finished():
        what = "finished"
    elif session.pending()[0] is not None:
        what = "waiting"
    else:
        what = "stopped"
    album = album_of(state) if what == "finished" and state.get("album") else None
    return RunStatus(run_id=run.info.run_id, autonomy=run.info.autonomy, state=what, run_dir=str(run.run_dir),
                     tracks=len(plan_of(state).tracks) if state.get("plan") else 0, takes=len(state.get("takes", [])),
                     question=question_view(session) if what == "waiting" else None, error=run.error, album=album)


def take_plot(session: ProducerSession, take_id: str) -> Path:
    """The take's picture (waveform, spectrogram, loudness, defect ranges, planned vs detected sections),
    drawn once into the run folder's plots/takes/."""
    from engine.audio import read_audio
    from quality.plot import plot_report

    take = find_take(session, take_id)
    run_dir = session._require_run().run_dir
    png = run_dir / "plots" / "takes" / f"{take.take_id}.png"
    if not png.is_file():
        png.parent.mkdir(parents=True, exist_ok=True)
        tmp = png.with_suffix(".tmp.png")
        plot_report(read_audio(run_dir / take.audio), load_report(run_dir / take.report), tmp)
        tmp.replace(png)
    return png
