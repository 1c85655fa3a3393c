"""preferences: what people and reference clips said, into the catalog.

Runs after the dataset builder (the takes are in the catalog by then): the
person's picks as ``HumanChoice`` rows (chosen over each other take of the
track) mined as strategy-4 pairs, each take's similarity to the reference clip
as ``ReferenceSimilarity`` rows mined as strategy-5 pairs, and the planner
heuristics re-learned from every outcome so the next plan uses them.
Idempotent: a resumed run writes no row twice.
"""

from __future__ import annotations

from langgraph.runtime import Runtime

from agent.context import AgentContext
from agent.records import Pick, TakeRecord
from agent.state import AlbumState, picks_of, takes_of
from catalog.records import HumanChoice, ReferenceSimilarity
from catalog.store import Catalog
from tools.take_store import load_report


def gen_id(take: TakeRecord) -> str:
    return take.sha256[:16]  # the catalog's id of a take (first 16 hex digits of its audio sha256)


def write_picks(cat: Catalog, picks: list[Pick], takes: dict[str, TakeRecord], *, run_id: str, who: str) -> int:
    n = 0
    for p in picks:
        chosen = gen_id(takes[p.chosen])
        for other in p.others:
            rejected = gen_id(takes[other])
            if chosen == rejected or cat.has_human_choice(chosen, rejected, run_id):
                continue
            cat.add_human_choice(HumanChoice(chosen_gen_id=chosen, rejected_gen_id=rejected, who=who, run_id=run_id,
                                             note=f"track {p.track}: {p.chosen} over {other}"))
            n += 1
    return n


def write_similarities(cat: Catalog, takes: list[TakeRecord], ctx: AgentContext) -> int:
    from agent.reference import METHOD, similarity

    ref = ctx.reference
    for t in takes:
        cat.add_reference_similarity(ReferenceSimilarity(
            gen_id=gen_id(t), reference_sha256=ref.sha256, reference_path=ref.path, method=METHOD,
            similarity=similarity(load_report(ctx.out_dir / t.report), ref)))
    return len(takes)


def preferences(state: AlbumState, runtime: Runtime[AgentContext]) -> dict:
    ctx = runtime.context
    if ctx.catalog_path is None:
        return {}
    from agent.learning import learn, store

    takes = {t.take_id: t for t in takes_of(state)}
    counts = {"human_choices": 0, "similarities": 0, "pairs": 0}
    with Catalog.open(ctx.catalog_path, wait_s=30) as cat:
        with cat.transaction():
            known = {t.take_id: t for t in takes.values() if cat.exists(gen_id(t))}
            counts["human_choices"] = write_picks(cat, [p for p in picks_of(state) if p.chosen in known
                                                        and all(o in known for o in p.others)],
                                                  known, run_id=state["run_id"], who=ctx.person)
            if ctx.reference is not None:
                counts["similarities"] = write_similarities(cat, list(known.values()), ctx)
            if counts["human_choices"]:
                counts["pairs"] += cat.mine_pairs("human", run_id=state["run_id"]).inserted
            if counts["similarities"]:
                counts["pairs"] += cat.mine_pairs("reference", run_id=state["run_id"]).inserted
            store(cat, learn(cat))
    ctx.emit("preferences", **counts)
    return {}
