"""A defect every candidate has is the plan's, unless this take has it much worse: then the
take got a flaw of its own on top (the engine planted a muddy bell on a take of an ambient plan
whose pads already read a little muddy) and the router repairs it."""

from __future__ import annotations

from agent.nodes.repair_router import CHRONIC_MARGIN, chronic_kinds, propose
from agent.plans import AlbumBrief, AlbumPlan, TrackPlan
from agent.records import TakeRecord
from engine.pipeline import SectionEvent
from quality.report import Defect, DefectKind, Metrics, QualityReport, SuggestedRepair
from tools.take_records import defect_summary

TRACK = TrackPlan(index=1, title="Drones", genre="ambient", caption="ambient drones, slow pads", lyrics="[Instrumental]",
                  vocal=False, bpm=70, keyscale="D minor", timesignature="4/4", duration=20,
                  events=[SectionEvent(type="intro", start=0, end=8), SectionEvent(type="verse", start=8, end=20)])
PLAN = AlbumPlan(title="A", brief=AlbumBrief(), genre="ambient", tracks=[TRACK])


def _takes(out, severities: list[float]) -> list[TakeRecord]:
    takes = []
    for c, sev in enumerate(severities, 1):
        muddy = Defect(kind=DefectKind.muddy_mix, start_s=0.0, end_s=20.0, severity=sev)
        rep = QualityReport(overall=10 - 4 * sev, metrics=Metrics(duration_s=20.0, sample_rate=48000), defects=[muddy],
                            suggested_repairs=[SuggestedRepair(route="cover", defect_kinds=[DefectKind.muddy_mix],
                                                               reason="muddy mix over the whole take")])
        (out / f"r{c}.json").write_text(rep.model_dump_json())
        takes.append(TakeRecord(take_id=f"t01c{c}", track=1, kind="candidate", candidate=c, run_dir=f"takes/t01/c{c}",
                                audio=f"c{c}.flac", sidecar=f"c{c}.json", report=f"r{c}.json", sha256="0",
                                overall=rep.overall, defects=defect_summary(rep), engine_s=1.0))
    return takes


def test_heard_about_as_badly_on_every_candidate_is_the_plans(agent_ctx):
    takes = _takes(agent_ctx.out_dir, [0.5, 0.45])
    assert chronic_kinds(takes[0], takes, agent_ctx.out_dir) == {"muddy_mix"}
    assert chronic_kinds(takes[1], takes, agent_ctx.out_dir) == {"muddy_mix"}  # the milder one: the others' is worse
    assert propose(takes[0], PLAN, [], out_dir=agent_ctx.out_dir, ctx=agent_ctx, takes=takes) is None


def test_heard_much_worse_on_this_take_is_its_own_flaw_and_is_repaired(agent_ctx):
    takes = _takes(agent_ctx.out_dir, [0.89, 0.28])  # the ambient take of the report split
    assert 0.89 - 0.28 > CHRONIC_MARGIN
    assert chronic_kinds(takes[0], takes, agent_ctx.out_dir) == set()
    p = propose(takes[0], PLAN, [], out_dir=agent_ctx.out_dir, ctx=agent_ctx, takes=takes)
    assert p is not None and p.defect_kinds == ["muddy_mix"] and p.route == "cover"
    # the other way round: the milder take's muddiness is the plan's, nothing to repair there
    assert chronic_kinds(takes[1], takes, agent_ctx.out_dir) == {"muddy_mix"}
