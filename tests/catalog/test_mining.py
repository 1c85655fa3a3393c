"""Pair mining: the five strategies on takes with known scores."""

from __future__ import annotations

import pytest
from catalog_testkit import add_take, make_report, write_take

from catalog.records import CatalogRepair, HumanChoice, ReferenceSimilarity, Strategy
from catalog.store import Catalog
from engine.errors import CatalogError


def _add(cat, folder, name, score, **kw):
    return add_take(cat, write_take(folder, name, overall=None, **kw), make_report(score))


@pytest.fixture
def cat(tmp_path, cat_path):
    with Catalog.open(cat_path) as c:
        c.out = tmp_path / "out"
        yield c


def _pairs(cat, strategy):
    return {(r["chosen_gen_id"], r["rejected_gen_id"]): r for r in
            cat._query("SELECT * FROM pairs WHERE strategy = ?", [strategy])}


def test_seeds_top_k_vs_bottom_k_with_margin(cat):
    ids = [_add(cat, cat.out, f"g.b{s}", score, seed=s) for s, score in enumerate([9.0, 8.0, 5.0, 4.5, 2.0])]
    other = _add(cat, cat.out, "o.b0", 1.0, seed=9, caption="dark techno, synths")  # another prompt
    res = cat.mine_pairs("seeds", min_margin=1.0, top_k=2)
    got = _pairs(cat, "seeds")
    # top-2 {9, 8} x bottom-2 {2, 4.5}: all four meet the 1.0 margin
    assert set(got) == {(ids[0], ids[4]), (ids[0], ids[3]), (ids[1], ids[4]), (ids[1], ids[3])}
    assert res.inserted == 4 and all(other not in k for k in got)
    p = got[(ids[0], ids[4])]
    assert (p["chosen_score"], p["rejected_score"], p["margin"]) == (9.0, 2.0, 7.0)
    again = cat.mine_pairs("seeds", min_margin=1.0, top_k=2)
    assert (again.inserted, again.duplicates) == (0, 4)
    cat.mine_pairs("seeds", min_margin=4.0, top_k=1)
    assert cat._scalar("SELECT count(*) FROM pairs") == 4


def test_params_needs_different_params(cat):
    a = _add(cat, cat.out, "t.b0", 8.0, seed=1, steps=8)
    b = _add(cat, cat.out, "t.b1", 3.0, seed=2, steps=8)
    c = _add(cat, cat.out, "b.b0", 5.0, seed=3, steps=50, model="base")
    cat.mine_pairs("params", min_margin=1.0, top_k=2)
    assert set(_pairs(cat, "params")) == {(a, c), (c, b)}  # never (a, b): same params


def test_repair_before_after(cat):
    orig = _add(cat, cat.out, "g.b0", 4.0, seed=1)
    good = _add(cat, cat.out, "fix.b0", 7.0, seed=2, stage_id="fix", task="repaint", stage_type="repaint")
    bad = _add(cat, cat.out, "fix.b1", 6.0, seed=3, stage_id="fix", task="repaint", stage_type="repaint")
    cat.add_repair(CatalogRepair(from_gen_id=orig, to_gen_id=good, route="repaint"))
    cat.add_repair(CatalogRepair(from_gen_id=orig, to_gen_id=bad, route="repaint", decision="rejected", decided_by="ann"))
    cat.add_repair(CatalogRepair(from_gen_id=good, to_gen_id=bad, route="cover", decision="pending"))
    cat.mine_pairs("repair", min_margin=1.0)
    assert set(_pairs(cat, "repair")) == {(good, orig)}  # a person rejected the second repair


def test_human_choice_overrides_automatic_pair(cat):
    a = _add(cat, cat.out, "g.b0", 8.0, seed=1)
    b = _add(cat, cat.out, "g.b1", 3.0, seed=2)
    cat.mine_pairs("seeds")
    cat.add_human_choice(HumanChoice(chosen_gen_id=b, rejected_gen_id=a, who="ann"))
    res = cat.mine_pairs("human", min_margin=5.0)
    assert res.inserted == 1 and "does not apply" in res.notes[0]
    rows = cat._query("SELECT * FROM pairs")
    assert len(rows) == 1 and rows[0]["strategy"] == "human" and rows[0]["chosen_gen_id"] == b
    assert rows[0]["margin"] == -5.0


def test_reference_similarity(cat):
    ids = [_add(cat, cat.out, f"g.b{s}", 5.0, seed=s) for s in range(3)]
    for gid, sim in zip(ids, [0.9, 0.5, 0.88], strict=True):
        cat.add_reference_similarity(ReferenceSimilarity(gen_id=gid, reference_sha256="c" * 64, similarity=sim))
    cat.mine_pairs("reference", top_k=1, min_similarity_margin=0.1)
    got = _pairs(cat, "reference")
    assert set(got) == {(ids[0], ids[1])}
    assert got[(ids[0], ids[1])]["score_kind"] == "similarity"


def test_bad_strategy(cat):
    from catalog.mining import strategies

    with pytest.raises(CatalogError, match="unknown strategy"):
        cat.mine_pairs("vibes")
    with pytest.raises(CatalogError, match="unknown strategy 'vibes'.*seeds, params"):
        strategies(["seeds", "vibes"])  # every name is checked before anything is mined
    assert strategies(["human", "all"]) == strategies(None) == list(Strategy)
    assert strategies(["human"]) == [Strategy.human]


def test_mining_limited_to_a_run(cat):
    a = _add(cat, cat.out, "a.b0", 9.0, seed=1, run_id="night1")
    b = _add(cat, cat.out, "a.b1", 2.0, seed=2, run_id="night1")
    _add(cat, cat.out, "a.b2", 1.0, seed=3, run_id="night2")
    cat.mine_pairs("seeds", run_id="night1")
    assert set(_pairs(cat, "seeds")) == {(a, b)}
