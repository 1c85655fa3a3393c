"""Does the repair loop beat best-of-N? Measured with the sketch engine's own truth.

    nice -n 10 .venv/bin/python bench/loop_efficacy.py [--split report|tune] [--tracks 40]
        [--steps 8 50] [--n 2] [--duration 20] [--jobs 2] [--json] [--save results.json]
        [--only WORD] [--keep DIR]   (one brief of the split; leave its takes for a look)

For every album brief of the split (varied genres, vocal and instrumental) and every
exploration setting (8 steps on turbo, 50 on base), the real producer graph runs
in-process on the sketch engine (rule-based planner, autonomous) up to the person's
pick: N candidate takes per track, the critic, the repair router, repairs and their
acceptance. Per track it then compares

  (a) the first take,  (b) the best of the N takes by the critic,
  (c) the full loop: the same N takes plus repairs (the track's final best take),
  (d) for scale: the best of N+1 takes (one more generation per track).

Ground truth is what the sketch engine planted in each take: its private
diagnostics, read here in-process from the engine's own latents (the agent and the
critic never see them). A repair "removes its target" when none of the true flaws
in the range it changed are left; it "adds a flaw" when its take has a true flaw
the take it repaired did not have. Engine time is the engine's render seconds
(analysis excluded); "generations" counts it in units of the mean candidate take. The
sketch engine's time does not grow with steps, a diffusion model's does: the table also
counts repairs in denoising steps (attempts x steps / the candidates' steps; CFG's
doubling on base is not counted).

Briefs are split: ``tune`` is what the repair policy was developed on, ``report``
(different genres, briefs and seeds) is what the README quotes.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from langgraph.checkpoint.memory import InMemorySaver  # noqa: E402
from pydantic import BaseModel, Field  # noqa: E402

from agent.context import AgentContext  # noqa: E402
from agent.graph import build_graph  # noqa: E402
from agent.nodes.critic import rank  # noqa: E402
from agent.planning.brief_text import parse_brief_text  # noqa: E402
from agent.planning.genres import GenrePreset  # noqa: E402
from agent.planning.pipelines import track_pipeline  # noqa: E402
from agent.plans import AlbumPlan  # noqa: E402
from agent.records import RepairRecord, TakeRecord  # noqa: E402
from agent.runner import RunInfo, initial_state, run_config  # noqa: E402
from engine.audio import write_text_atomic  # noqa: E402
from engine.protocol import get_engine  # noqa: E402
from engine.sketch.arrangement import Imperfection  # noqa: E402
from engine.sketch.tasks.common import SR, rendered_latent  # noqa: E402
from engine.sketch.tasks.repaint import _outside as repaint_outside  # noqa: E402
from engine.take import TakeSidecar  # noqa: E402
from tools.take_id import track_key  # noqa: E402
from tools.takes import run_and_score  # noqa: E402

SPLITS = {
    "tune": [("jazz album, warm analog, female vocals on 2", 11), ("indie rock, driving drums, instrumental", 12),
             ("synthwave album, retro synths, instrumental", 13), ("folk songs, acoustic guitar, male vocals", 14),
             ("lofi hip hop beats for studying", 15)],
    "report": [("blues album, slide guitar, male vocals on 2", 21), ("heavy metal, fast double kick, instrumental", 22),
               ("deep house album, four on the floor", 23), ("ambient drones, slow pads, instrumental", 24),
               ("pop album, bright, female vocals on 3", 25), ("orchestral cinematic score, strings and brass", 26),
               ("salsa and cumbia, latin percussion", 27), ("neo soul, rhodes and bass, vocals on 2", 28),
               ("punk rock, fast and loud", 29), ("bossa jazz trio, brushes, instrumental", 30)],
}
MODEL_FOR_STEPS = {8: "turbo", 50: "base"}
TRACKS_PER_ALBUM = 4
TIME_TOL_S = 0.05


class RepairOutcome(BaseModel):
    route: str
    kept: bool
    lift: float | None
    engine_s: float
    targeted: int  # true flaws in the range the repair changed
    removed_target: bool
    added_flaw: bool
    step_cost: float = 0.0  # denoising steps of its attempts, in candidate takes' steps
    error: str | None = None


class TrackResult(BaseModel):
    brief: str
    steps: int
    track: int
    flawed_first: bool
    flawed_best_n: bool
    flawed_best_n1: bool
    flawed_loop: bool
    gen_s: list[float]
    repairs: list[RepairOutcome] = Field(default_factory=list)
    final_flaws: list[str] = Field(default_factory=list)
    final_heard: list[str] = Field(default_factory=list)  # what the critic reported on the final take


def truth(out_dir: Path, sidecar_rel: str) -> list[Imperfection]:
    """What the engine planted in a take (its latent's imperfections), read in-process."""
    side = TakeSidecar.model_validate_json((out_dir / sidecar_rel).read_text())
    lat = rendered_latent(side.request, round(side.duration_s * SR))
    if lat is None:
        raise RuntimeError(f"the sketch engine has no latent for {sidecar_rel} (the bench must run in one process)")
    return list(lat.imperfections)


def chain_truth(take_id: str, takes: dict[str, TakeRecord], out_dir: Path) -> list[Imperfection]:
    """What a take holds. The sketch engine recalls the latent only of source-less takes (a
    resumed run or a Ray worker must repair alike), so a repair of a repair renders from an
    analysis of its source's audio and its latent lists only the flaws it brought: a repaint
    keeps the source's samples, and their flaws, outside its range; those are added here."""
    take = takes[take_id]
    own = truth(out_dir, take.sidecar)
    parent = takes.get(take.parent or "")
    if parent is None or parent.kind == "candidate":
        return own
    req = TakeSidecar.model_validate_json((out_dir / take.sidecar).read_text()).request
    if req.stage_type != "repaint":
        return own  # a cover / stem rebuild re-renders the whole take
    a = float(req.repainting_start or 0.0)
    b = float(req.repainting_end) if req.repainting_end is not None else float("inf")
    kept = [k for f in chain_truth(parent.take_id, takes, out_dir) for k in repaint_outside(f, a, b)]
    return own + [k for k in kept if not any(same_flaw(k, o) for o in own)]


def same_flaw(a: Imperfection, b: Imperfection) -> bool:
    return a.kind == b.kind and a.stem == b.stem and a.start_s < b.end_s + TIME_TOL_S and b.start_s < a.end_s + TIME_TOL_S


def changed_range(r: RepairRecord, duration: float) -> tuple[float, float]:
    stage = r.proposal.pipeline.stages[-1]
    if stage.type == "repaint":
        return float(stage.repainting_start or 0.0), float(stage.repainting_end or duration)
    return 0.0, duration


def judge_repair(r: RepairRecord, takes: dict[str, TakeRecord], out_dir: Path, duration: float,
                 explore_steps: int) -> RepairOutcome:
    steps = max((st.steps or 0) for st in r.proposal.pipeline.stages)
    step_cost = round(max(1, r.attempts) * steps / explore_steps, 3)
    before = chain_truth(r.proposal.from_take, takes, out_dir)
    a, b = changed_range(r, duration)
    targeted = [f for f in before if f.start_s < b and f.end_s > a]
    to = takes.get(r.to_take or "")
    if to is None:
        return RepairOutcome(route=r.proposal.route, kept=False, lift=None, engine_s=r.engine_s, targeted=len(targeted),
                             removed_target=False, added_flaw=False, step_cost=step_cost, error=r.error)
    after = chain_truth(to.take_id, takes, out_dir)
    removed = not any(same_flaw(f, g) for f in targeted for g in after)
    added = any(not any(same_flaw(g, f) for f in before) for g in after)
    lift = round(r.after - r.before, 3) if r.after is not None and r.before is not None else None
    return RepairOutcome(route=r.proposal.route, kept=r.accepted, lift=lift, engine_s=r.engine_s,
                         targeted=len(targeted), removed_target=removed, added_flaw=added, step_cost=step_cost)


def run_album(text: str, seed: int, steps: int, n: int, duration: float, tracks: int,
              max_repairs: int, keep: Path | None = None) -> list[TrackResult]:
    """One album through the producer graph up to the pick; per-track outcomes against the truth.
    ``keep``: a directory to leave the album's takes in (for a look), else a temporary one."""
    brief = parse_brief_text(text).model_copy(update={"text": text, "track_count": tracks, "track_duration": duration,
                                                     "candidates": n, "album_duration": None})
    preset = GenrePreset(model=MODEL_FOR_STEPS.get(steps, "base"), steps=steps, guidance=0.0 if steps <= 8 else 7.0)
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        if keep is not None:
            out = keep / f"{steps}-{seed}"
            out.mkdir(parents=True, exist_ok=True)
        engine = get_engine("sketch")
        ctx = AgentContext(engine=engine, out_dir=out, catalog_path=None, llm=None, candidates=n, seed=seed,
                           max_repairs=max_repairs, track_presets={i: preset for i in range(1, tracks + 1)})
        info = RunInfo(run_id="bench", brief=brief, engine="sketch", llm=None, autonomy="autonomous", candidates=n,
                       seed=seed, max_repairs=max_repairs, catalog=None, created_at="now")
        graph = build_graph(checkpointer=InMemorySaver())
        for _ in graph.stream(initial_state(info), run_config("bench"), context=ctx, interrupt_before=["pick"]):
            pass
        state = graph.get_state(run_config("bench")).values
        plan = AlbumPlan.model_validate(state["plan"])
        takes = {t["take_id"]: TakeRecord.model_validate(t) for t in state["takes"]}
        repairs = [RepairRecord.model_validate(r) for r in state.get("repairs", [])]
        results = []
        for tp in plan.tracks:
            cands = sorted((t for t in takes.values() if t.track == tp.index and t.kind == "candidate"),
                           key=lambda t: t.candidate or 0)
            if not cands:
                continue
            # (d) one more candidate, rendered the way the generate node renders one
            extra_cfg = track_pipeline(tp, candidate=n + 1, run_seed=seed, caps=engine.capabilities(), learned=preset)
            extra = run_and_score(extra_cfg, engine=engine, run_dir=out / "extra" / track_key(tp.index), events=tp.events,
                                  planned_duration_s=tp.duration)
            extra_flawed = bool(truth(out, str(extra.sidecar.relative_to(out))))
            best_n = rank(cands)[0]
            best_n1_flawed = truth(out, best_n.sidecar) if best_n.overall >= extra.report.overall else extra_flawed
            final = takes[state["best"][str(tp.index)]]
            final_truth = chain_truth(final.take_id, takes, out)
            mine = [r for r in repairs if r.proposal.track == tp.index and r.decision != "rejected"]
            results.append(TrackResult(
                brief=text, steps=steps, track=tp.index, flawed_first=bool(truth(out, cands[0].sidecar)),
                flawed_best_n=bool(truth(out, best_n.sidecar)), flawed_best_n1=bool(best_n1_flawed),
                flawed_loop=bool(final_truth), gen_s=[t.engine_s for t in cands],
                repairs=[judge_repair(r, takes, out, tp.duration, steps) for r in mine],
                final_flaws=[f"{f.kind}@{f.start_s:.1f}" + (f" ({f.stem})" if f.stem else "") for f in final_truth],
                final_heard=[str(d) for d in final.defects]))
        return results


def share(xs: list[bool]) -> float | None:
    return round(sum(xs) / len(xs), 3) if xs else None


def summarize(results: list[TrackResult], steps: int) -> dict:
    rs = [r for r in results if r.steps == steps]
    reps = [x for r in rs for x in r.repairs]
    ran = [x for x in reps if x.error is None]
    kept = [x for x in ran if x.kept]
    targeted = [x for x in ran if x.targeted]
    gen = [s for r in rs for s in r.gen_s]
    mean_gen = sum(gen) / len(gen) if gen else 0.0
    repair_s = sum(x.engine_s for x in reps)
    return {
        "steps": steps, "tracks": len(rs),
        "flawed_first": share([r.flawed_first for r in rs]), "flawed_best_n": share([r.flawed_best_n for r in rs]),
        "flawed_best_n1": share([r.flawed_best_n1 for r in rs]), "flawed_loop": share([r.flawed_loop for r in rs]),
        "repairs": len(reps), "repairs_failed": len(reps) - len(ran), "kept": len(kept),
        "kept_share": share([x.kept for x in ran]),
        "removed_target": share([x.removed_target for x in targeted]),
        "aimed_at_no_true_flaw": share([not x.targeted for x in ran]),
        "added_flaw": share([x.added_flaw for x in ran]),
        "kept_added_flaw": share([x.added_flaw for x in kept]),
        "mean_lift_kept": round(sum(x.lift or 0.0 for x in kept) / len(kept), 3) if kept else None,
        "engine_s_per_kept": round(repair_s / len(kept), 3) if kept else None,
        "repair_generations_per_track": round(repair_s / mean_gen / len(rs), 3) if rs and mean_gen else None,
        "repair_step_generations_per_track": round(sum(x.step_cost for x in reps) / len(rs), 3) if rs else None,
        "routes": {route: sum(1 for x in ran if x.route == route) for route in sorted({x.route for x in ran})},
    }


ROWS = [("tracks", "tracks"), ("final tracks with a true flaw: first take", "flawed_first"),
        ("  best of N by the critic", "flawed_best_n"), ("  best of N+1", "flawed_best_n1"),
        ("  loop (N takes + repairs)", "flawed_loop"), ("repairs run (failed)", "repairs"),
        ("repairs kept", "kept_share"), ("repairs that removed their targeted true flaw", "removed_target"),
        ("repairs aimed at no true flaw", "aimed_at_no_true_flaw"), ("repairs that added a true flaw", "added_flaw"),
        ("kept repairs that added a true flaw", "kept_added_flaw"), ("mean score lift of kept repairs", "mean_lift_kept"),
        ("engine s per kept repair", "engine_s_per_kept"),
        ("repair engine time per track (generations)", "repair_generations_per_track"),
        ("  counted in denoising steps (what a diffusion model would spend)", "repair_step_generations_per_track")]


def table(summaries: list[dict], n: int) -> str:
    head = "| measure | " + " | ".join(f"{s['steps']} steps, N={n}" for s in summaries) + " |"
    lines = [head, "|---|" + "---|" * len(summaries)]
    for label, key in ROWS:
        cells = []
        for s in summaries:
            v = s[key]
            if key == "repairs":
                v = f"{v} ({s['repairs_failed']})"
            cells.append("-" if v is None else str(v))
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def save(path: Path, summaries: list[dict], results: list[TrackResult]) -> None:
    write_text_atomic(path, json.dumps({"summaries": summaries, "tracks": [r.model_dump() for r in results]}, indent=1))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--split", choices=sorted(SPLITS), default="report")
    parser.add_argument("--tracks", type=int, default=40, help="tracks per step setting (4 per album brief)")
    parser.add_argument("--steps", type=int, nargs="+", default=[8, 50])
    parser.add_argument("--n", type=int, default=2, help="candidate takes per track")
    parser.add_argument("--duration", type=float, default=20.0, help="seconds per track")
    parser.add_argument("--max-repairs", type=int, default=2)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--save", type=Path, help="write every track's outcome here (JSON)")
    parser.add_argument("--only", default="", help="run only the split's briefs containing this text (a look at one)")
    parser.add_argument("--keep", type=Path, help="leave every album's takes in this directory")
    args = parser.parse_args()
    briefs = [b for b in SPLITS[args.split] if args.only in b[0]]
    if not briefs:
        parser.error(f"no brief of split {args.split} contains {args.only!r} (fix: a word of one of its briefs)")
    albums = -(-args.tracks // TRACKS_PER_ALBUM)
    jobs = [(briefs[i % len(briefs)][0], briefs[i % len(briefs)][1] + 100 * (i // len(briefs)), steps)
            for steps in args.steps for i in range(albums)]
    started = time.perf_counter()
    results: list[TrackResult] = []
    with ProcessPoolExecutor(max_workers=args.jobs) as pool:
        futures = {pool.submit(run_album, text, seed, steps, args.n, args.duration, TRACKS_PER_ALBUM,
                               args.max_repairs, args.keep): (text, steps) for text, seed, steps in jobs}
        for done, f in enumerate(as_completed(futures), 1):
            results += f.result()
            text, steps = futures[f]
            print(f"[{done}/{len(jobs)}] {steps} steps: {text} ({time.perf_counter() - started:.0f} s)", file=sys.stderr)
            if args.save:  # after every album, so a long run is never lost
                save(args.save, [summarize(results, s) for s in args.steps], results)
    wall = time.perf_counter() - started
    summaries = [summarize(results, s) for s in args.steps]
    if args.save:
        save(args.save, summaries, results)
    if args.json:
        print(json.dumps({"split": args.split, "wall_s": round(wall, 1), "summaries": summaries}))
        return
    print(f"split {args.split}: {len(results)} tracks of {args.duration:g} s, N={args.n}, wall {wall:.0f} s")
    print(table(summaries, args.n))
    for s in summaries:
        print(f"{s['steps']} steps routes: {s['routes']}")


if __name__ == "__main__":
    main()
