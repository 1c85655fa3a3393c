"""The catalog: a DuckDB store of every take, report, defect, repair and preference pair.

The agent's memory and the product a researcher takes away.
Pydantic records in, pydantic records out; SQL stays inside this package.

Python API (everything hangs off ``Catalog``)::

    from catalog import Catalog, CatalogRepair, HumanChoice, ReferenceSimilarity

    with Catalog.open(path) as cat:                 # one writer; path default: $ACEPROD_CATALOG
        cat.add_run(RunRecord(run_id=..., mode="autonomous"))           # or ~/.aceprod/catalog.duckdb
        cat.add_brief(BriefRecord(...)); cat.add_plan(PlanRecord(kind="track", events=[...]))
        cat.add_generations([GenerationRecord, ...], [QualityReport | None, ...])   # takes, one transaction
        cat.add_repair(CatalogRepair(from_gen_id=a, to_gen_id=b, route="repaint",
                                          decision="approved", decided_by="ann"))
        cat.add_human_choice(HumanChoice(chosen_gen_id=a, rejected_gen_id=b, who="ann"))
        cat.add_reference_similarity(ReferenceSimilarity(gen_id=a, reference_sha256=..., similarity=0.8))
        cat.set_planner_stat(PlannerStat(scope="genre:jazz", key="preferred_model", value="base"))
        cat.ingest("out/")                                               # -> IngestSummary
        cat.mine_pairs("seeds", min_margin=1.0, top_k=2)                 # -> MiningResult
        cat.export("ds/", format="parquet")                              # -> DatasetVersion
        cat.export_lora("lora_set/", min_score=8)                        # -> DatasetVersion
    with Catalog.open(path, read_only=True) as cat:
        cat.ls(min_score=7, tag="jazz")                                  # -> [TakeSummary]
        cat.get(gen_id)                                                  # -> GenerationRow
        cat.coverage()                                                   # -> Coverage (counts + gaps)
        cat.planner_stats("genre:jazz")                                  # -> [PlannerStat]

A reader cannot open the file while a writer has it (DuckDB locks the whole file),
so long-running writers should open the catalog per batch of writes.

Modules: ``store`` (Catalog, lock, transactions), ``migrations`` (named, ordered
schema), ``records`` (pydantic in/out), ``columns`` (records -> Arrow, the bulk
write path, grouping keys), ``tags`` (caption vocabularies), ``ingest``, ``query``
(ls/show/read-only SQL), ``mining`` (5 strategies), ``export`` (pairs JSONL/Parquet),
``lora``, ``manifest`` (immutable export folders), ``coverage``, ``lock``.
"""

from catalog.records import (
    BriefRecord,
    CatalogRepair,
    DatasetVersion,
    GenerationRecord,
    GenerationRow,
    HumanChoice,
    IngestSummary,
    MiningResult,
    PairRow,
    PlannerStat,
    PlanRecord,
    ReferenceSimilarity,
    RunRecord,
    Strategy,
    TakeSummary,
)
from catalog.store import Catalog, default_path

__all__ = [
    "BriefRecord", "Catalog", "DatasetVersion", "GenerationRecord", "GenerationRow", "HumanChoice",
    "IngestSummary", "MiningResult", "PairRow", "PlanRecord", "PlannerStat", "ReferenceSimilarity", "CatalogRepair",
    "RunRecord", "Strategy", "TakeSummary", "default_path",
]
