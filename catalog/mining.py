"""Preference-pair mining: five strategies, in SQL.

``mine_pairs(cat, strategy, min_margin=1.0, top_k=2)`` finds candidate pairs,
de-duplicates them and stores the new ones in ``pairs`` in one transaction. A pair
is identified by its two takes, whichever way round (``pair_id`` = md5 of the
sorted ids), so the same two takes are never stored twice, across strategies too.

1. ``seeds``: takes sharing prompt_key and params_key (only the seed differs);
   per group, each of the top-k by overall score against each of the bottom-k,
   kept when chosen - rejected >= min_margin.
2. ``params``: takes sharing prompt_key; top-k against bottom-k, only pairs whose
   params_key differ, margin as above.
3. ``repair``: each repair with an output, the better-scoring of before/after as
   chosen, margin as above; a repair a person rejected never makes its output
   the chosen take. Pending repairs are left out.
4. ``human``: each human choice as it was made; min_margin does not apply (a
   person's choice outranks the score). The latest choice on two takes replaces
   any earlier pair on them, automatic or not. margin = score difference or NULL.
5. ``reference``: takes sharing prompt_key that were compared with the same
   reference under the same method; top-k against bottom-k by similarity (0-1),
   kept when the similarity difference >= min_similarity_margin. Scores stored
   are similarities (``score_kind='similarity'``).
"""

from __future__ import annotations

import time
from datetime import datetime

from catalog.records import MiningResult, Strategy, utcnow
from catalog.store import Catalog
from engine.errors import CatalogError

_SCORED = """
    SELECT g.gen_id, g.prompt_key, g.params_key, g.seed, g.overall AS score
    FROM generations g
    WHERE g.overall IS NOT NULL AND (?::TIMESTAMP IS NULL OR g.created_at >= ?::TIMESTAMP) AND (?::VARCHAR IS NULL OR g.run_id = ?::VARCHAR)
"""


def _top_bottom(source: str, group: str, extra: str, kind: str) -> str:
    """Top-k vs bottom-k within ``group`` of ``source`` (columns gen_id, score, ...)."""
    return f"""
    WITH s AS (
        SELECT *, {group} AS grp,
               row_number() OVER (PARTITION BY {group} ORDER BY score DESC, gen_id) AS r_top,
               row_number() OVER (PARTITION BY {group} ORDER BY score ASC, gen_id) AS r_bot
        FROM ({source}) src
    )
    SELECT c.gen_id AS chosen_gen_id, r.gen_id AS rejected_gen_id, c.score AS chosen_score,
           r.score AS rejected_score, c.score - r.score AS margin, '{kind}' AS score_kind, c.grp AS group_key
    FROM (SELECT * FROM s WHERE r_top <= $k) c JOIN (SELECT * FROM s WHERE r_bot <= $k) r ON c.grp = r.grp
    WHERE c.gen_id <> r.gen_id AND c.score - r.score >= $m AND c.score > r.score {extra}
    """


def _candidates(strategy: Strategy) -> str:
    if strategy is Strategy.seeds:
        return _top_bottom(_SCORED, "prompt_key || ':' || params_key", "AND c.seed IS DISTINCT FROM r.seed", "overall")
    if strategy is Strategy.params:
        return _top_bottom(_SCORED, "prompt_key", "AND c.params_key <> r.params_key", "overall")
    if strategy is Strategy.reference:
        src = f"""SELECT x.gen_id, x.similarity AS score, x.reference_sha256, x.method, s.prompt_key
                  FROM reference_similarities x JOIN ({_SCORED}) s USING (gen_id)"""
        return _top_bottom(src, "reference_sha256 || ':' || method || ':' || prompt_key", "", "similarity")
    if strategy is Strategy.repair:
        return f"""
        SELECT CASE WHEN b.score >= a.score THEN r.to_gen_id ELSE r.from_gen_id END AS chosen_gen_id,
               CASE WHEN b.score >= a.score THEN r.from_gen_id ELSE r.to_gen_id END AS rejected_gen_id,
               greatest(a.score, b.score) AS chosen_score, least(a.score, b.score) AS rejected_score,
               abs(b.score - a.score) AS margin, 'overall' AS score_kind, r.repair_id AS group_key
        FROM repairs r JOIN ({_SCORED}) a ON a.gen_id = r.from_gen_id JOIN ({_SCORED}) b ON b.gen_id = r.to_gen_id
        WHERE r.decision <> 'pending' AND abs(b.score - a.score) >= $m AND b.score <> a.score
          AND NOT (r.decision = 'rejected' AND b.score > a.score)
        """
    if strategy is Strategy.human:
        return """
        SELECT h.chosen_gen_id, h.rejected_gen_id, a.overall AS chosen_score, b.overall AS rejected_score,
               a.overall - b.overall AS margin, 'human' AS score_kind, h.choice_id AS group_key
        FROM (SELECT * FROM human_choices
              QUALIFY row_number() OVER (PARTITION BY least(chosen_gen_id, rejected_gen_id),
                                         greatest(chosen_gen_id, rejected_gen_id) ORDER BY created_at DESC) = 1) h
        LEFT JOIN quality_reports a ON a.gen_id = h.chosen_gen_id
        LEFT JOIN quality_reports b ON b.gen_id = h.rejected_gen_id
        WHERE $k IS NOT NULL AND $m IS NOT NULL
        """
    raise CatalogError(f"unknown strategy {strategy}")


def strategies(names: list[str] | None) -> list[Strategy]:
    """The strategies ``names`` asks for (none or ``all``: every one), all checked before any is mined."""
    return list(Strategy) if not names or "all" in names else [_strategy(n) for n in names]


def _strategy(name: Strategy | str) -> Strategy:
    try:
        return Strategy(name)
    except ValueError:
        raise CatalogError(f"unknown strategy '{name}' (fix: use one of {', '.join(Strategy)}, or all)") from None


def mine_pairs(
    cat: Catalog,
    strategy: Strategy | str,
    *,
    min_margin: float = 1.0,
    top_k: int = 2,
    min_similarity_margin: float = 0.05,
    since: datetime | None = None,
    run_id: str | None = None,
) -> MiningResult:
    """Mine one strategy over the catalog (or the takes since ``since`` / of ``run_id``)."""
    t0 = time.perf_counter()
    strat = _strategy(strategy)
    if top_k < 1:
        raise CatalogError("top_k must be at least 1")
    if min_margin < 0 or min_similarity_margin < 0:
        raise CatalogError("margins must be >= 0 (fix: pass --min-margin 0 to keep every ordered pair)")
    margin = min_similarity_margin if strat is Strategy.reference else min_margin
    body = _candidates(strat).replace("$k", str(int(top_k))).replace("$m", repr(float(margin)))
    n_scored = body.count("?") // 4
    params = [since, since, run_id, run_id] * n_scored
    notes = []
    if strat is Strategy.human:
        notes.append("min_margin does not apply to human choices")
    with cat.transaction() as c:
        c.execute(
            f"""CREATE OR REPLACE TEMP TABLE _cand AS
            SELECT * FROM (SELECT substr(md5(least(chosen_gen_id, rejected_gen_id) || '|' ||
                                             greatest(chosen_gen_id, rejected_gen_id)), 1, 16) AS pair_id, *
                           FROM ({body}) x)
            QUALIFY row_number() OVER (PARTITION BY pair_id ORDER BY margin DESC NULLS LAST, chosen_gen_id) = 1""",
            params,
        )
        candidates = c.execute("SELECT count(*) FROM _cand").fetchall()[0][0]
        if strat is Strategy.human:
            c.execute("DELETE FROM pairs WHERE pair_id IN (SELECT pair_id FROM _cand)")
        before = c.execute("SELECT count(*) FROM pairs").fetchall()[0][0]
        c.execute(
            f"""INSERT INTO pairs
            SELECT pair_id, '{strat.value}', chosen_gen_id, rejected_gen_id, chosen_score, rejected_score, margin,
                   score_kind, group_key, ?::TIMESTAMP
            FROM _cand WHERE pair_id NOT IN (SELECT pair_id FROM pairs)""",
            [utcnow()],
        )
        inserted = c.execute("SELECT count(*) FROM pairs").fetchall()[0][0] - before
        c.execute("DROP TABLE _cand")
    return MiningResult(
        strategy=strat, candidates=candidates, inserted=inserted, duplicates=candidates - inserted,
        seconds=round(time.perf_counter() - t0, 3), notes=notes,
    )
