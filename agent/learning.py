"""Planner heuristics learned from the catalog's outcomes.

Per genre: which generation setting (model, steps, shift, CFG, refine rung)
scores best, which cover strength repaired best, the common defects, which
repair routes worked, and how often people agreed with the score. Stored as
``PlannerStat`` rows (scope ``genre:<name>``) after every run; the next run
loads the learned preset and the pipeline planner uses it instead of the
genre's starting preset.

Rules (kept simple so a person can check them):
- a setting's score is its mean overall, shrunk toward the genre mean by
  ``PRIOR_TAKES`` pseudo takes, plus ``HUMAN_WEIGHT`` x (picks won - lost) / n;
- it becomes the learned preset with at least ``MIN_TAKES`` takes, and when
  other settings were tried, only if it beats the next one by ``MIN_MARGIN``;
- a repair "worked" when its take scored higher than the take it repaired; the repair
  router weighs routes by that success and the mean gain of the repairs that worked
  (``agent.repair_policy``).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field

from agent.planning.genres import GenrePreset, find_genre, genre
from catalog.records import PlannerStat
from catalog.store import Catalog
from engine.errors import CatalogError

MIN_COVER_REPAIRS = 2  # cover repairs seen at a strength before it steers new ones
MIN_TAKES = 4
PRIOR_TAKES = 3.0
HUMAN_WEIGHT = 0.5
MIN_MARGIN = 0.2


class Setting(BaseModel):
    model: str
    steps: int | None
    shift: float | None
    guidance: float | None
    refine_denoise: float | None = None
    n: int = 0
    mean: float = 0.0
    adjusted: float = 0.0
    picks_won: int = 0
    picks_lost: int = 0

    def preset(self) -> GenrePreset:
        base = GenrePreset()
        return GenrePreset(model=self.model, steps=self.steps or base.steps, shift=self.shift or base.shift,
                           guidance=self.guidance if self.guidance is not None else base.guidance,
                           refine_denoise=self.refine_denoise)

    def label(self) -> str:
        refine = f" + refine {self.refine_denoise:g}" if self.refine_denoise else ""
        return f"{self.model} {self.steps} steps, shift {self.shift:g}, cfg {self.guidance:g}{refine}"


class RouteOutcome(BaseModel):
    route: str
    tried: int = 0
    worked: int = 0
    mean_gain: float | None = None
    kept_gain: float | None = None  # mean gain of the repairs that worked
    approved: int = 0  # by a person
    rejected: int = 0  # by a person


class GenreHeuristics(BaseModel):
    genre: str
    takes: int = 0
    mean_score: float | None = None
    settings: list[Setting] = Field(default_factory=list)
    preset: GenrePreset | None = None  # the learned preset, when the evidence is enough
    preset_reason: str = ""
    cover_strength: float | None = None
    cover_n: int = 0
    common_defects: list[dict[str, Any]] = Field(default_factory=list)  # {kind, share}
    repairs: list[RouteOutcome] = Field(default_factory=list)
    human_choices: int = 0
    agreement: float | None = None  # share of human choices where the chosen take also scored higher


def _setting_key(row: dict) -> tuple | None:
    """(model, steps, shift, guidance, refine) of a candidate take, None for repairs and other tasks."""
    if row["parent_gen_id"]:
        return None
    cfg = row["pipeline_config"]
    if cfg:
        stages = cfg.get("stages") or []
        if not stages or stages[0].get("type") != "generate":
            return None
        first = stages[0]
        refine = next((s.get("denoise") for s in stages[1:] if s.get("type") == "refine"), None)
        return (first.get("model") or cfg.get("model") or "turbo", first.get("steps"), first.get("shift"),
                first.get("guidance_scale"), refine)
    if row["stage_type"] != "generate":
        return None
    return (row["model"] or "turbo", row["steps"], row["shift"], row["guidance_scale"], None)


def _genre_of(row: dict) -> str:
    if row["genre"]:
        return genre(row["genre"]).name
    found = find_genre(row["caption"] or "")
    return found.name if found else "unknown"


def _settings(rows: list[dict], wins: Counter, losses: Counter, mean: float) -> list[Setting]:
    groups: dict[tuple, list[dict]] = defaultdict(list)
    for r in rows:
        key = _setting_key(r)
        if key is not None:
            groups[key].append(r)
    out = []
    for (model, steps, shift, guidance, refine), rs in groups.items():
        n = len(rs)
        total = sum(r["overall"] for r in rs)
        won, lost = sum(wins[r["gen_id"]] for r in rs), sum(losses[r["gen_id"]] for r in rs)
        adjusted = (total + PRIOR_TAKES * mean) / (n + PRIOR_TAKES) + HUMAN_WEIGHT * (won - lost) / n
        out.append(Setting(model=model, steps=steps, shift=shift, guidance=guidance, refine_denoise=refine, n=n,
                           mean=round(total / n, 3), adjusted=round(adjusted, 3), picks_won=won, picks_lost=lost))
    return sorted(out, key=lambda s: -s.adjusted)


def _choose(settings: list[Setting]) -> tuple[GenrePreset | None, str]:
    if not settings:
        return None, "no candidate takes yet"
    top = settings[0]
    if top.n < MIN_TAKES:
        return None, f"best setting has {top.n} takes (needs {MIN_TAKES})"
    if len(settings) > 1 and top.adjusted - settings[1].adjusted < MIN_MARGIN:
        return None, f"{top.label()} and {settings[1].label()} score within {MIN_MARGIN}"
    return top.preset(), f"{top.label()}: mean {top.mean:.2f} over {top.n} takes"


def _repairs(rows: list[dict]) -> tuple[list[RouteOutcome], float | None, int]:
    by_route: dict[str, RouteOutcome] = {}
    gains: dict[str, list[float]] = defaultdict(list)
    cover: dict[float, list[float]] = defaultdict(list)
    for r in rows:
        o = by_route.setdefault(r["route"], RouteOutcome(route=r["route"]))
        if r["decided_by"] not in ("agent", None):
            o.approved += r["decision"] == "approved"
            o.rejected += r["decision"] == "rejected"
        if r["score_after"] is None or r["score_before"] is None:
            continue
        gain = r["score_after"] - r["score_before"]
        o.tried += 1
        o.worked += gain > 0
        gains[r["route"]].append(gain)
        if r["route"] == "cover" and r["pipeline_config"]:
            strength = (r["pipeline_config"].get("stages") or [{}])[-1].get("audio_cover_strength")
            if strength is not None:
                cover[round(float(strength), 2)].append(gain)
    for route, g in gains.items():
        by_route[route].mean_gain = round(sum(g) / len(g), 3)
        up = [x for x in g if x > 0]
        by_route[route].kept_gain = round(sum(up) / len(up), 3) if up else None
    best_strength, n = None, 0
    ranked = sorted(((sum(g) / len(g), s, len(g)) for s, g in cover.items() if len(g) >= MIN_COVER_REPAIRS),
                    reverse=True)
    if ranked and ranked[0][0] > 0:
        best_strength, n = ranked[0][1], ranked[0][2]
    return sorted(by_route.values(), key=lambda o: -o.tried), best_strength, n


def learn(cat: Catalog) -> dict[str, GenreHeuristics]:
    """Heuristics per genre from everything the catalog holds."""
    data = cat.learning_rows()
    rows, choices, kinds, repairs = data.takes, data.choices, data.defect_kinds, data.repairs
    genre_of = {r["gen_id"]: _genre_of(r) for r in rows}
    score = {r["gen_id"]: r["overall"] for r in rows}
    wins, losses = Counter(c["chosen_gen_id"] for c in choices), Counter(c["rejected_gen_id"] for c in choices)
    out: dict[str, GenreHeuristics] = {}
    for g in sorted(set(genre_of.values())):
        mine = [r for r in rows if genre_of[r["gen_id"]] == g]
        mean = sum(r["overall"] for r in mine) / len(mine)
        settings = _settings(mine, wins, losses, mean)
        preset, reason = _choose(settings)
        counter = Counter(k for r in mine for k in kinds.get(r["gen_id"], []))
        routes, strength, cover_n = _repairs([r for r in repairs if genre_of.get(r["from_gen_id"]) == g])
        mine_choices = [c for c in choices if genre_of.get(c["chosen_gen_id"]) == g]
        agree = [score.get(c["chosen_gen_id"], 0) >= score.get(c["rejected_gen_id"], 0) for c in mine_choices]
        out[g] = GenreHeuristics(
            genre=g, takes=len(mine), mean_score=round(mean, 3), settings=settings, preset=preset,
            preset_reason=reason, cover_strength=strength, cover_n=cover_n,
            common_defects=[{"kind": k, "share": round(v / len(mine), 3)} for k, v in counter.most_common(4)],
            repairs=routes, human_choices=len(mine_choices),
            agreement=round(sum(agree) / len(agree), 3) if agree else None)
    return out


def store(cat: Catalog, heuristics: dict[str, GenreHeuristics]) -> None:
    """Write each genre's heuristics as planner stats (one row per key)."""
    with cat.transaction():
        for g, h in heuristics.items():
            scope = f"genre:{g}"
            values = {"preset": (h.preset.model_dump() if h.preset else None, h.settings[0].n if h.settings else 0),
                      "cover_strength": (h.cover_strength, h.cover_n),
                      "common_defects": (h.common_defects, h.takes),
                      "repairs": ([r.model_dump() for r in h.repairs], sum(r.tried for r in h.repairs)),
                      "human_agreement": (h.agreement, h.human_choices),
                      "summary": (h.model_dump(mode="json"), h.takes)}
            for key, (value, n) in values.items():
                cat.set_planner_stat(PlannerStat(scope=scope, key=key, value=value, n=n))


def _genre_stats(catalog_path: Path | None, key: str) -> dict[str, tuple[object, int]]:
    """genre -> (value, n) of one stored planner stat (empty without a catalog)."""
    if catalog_path is None or not Path(catalog_path).expanduser().exists():
        return {}
    try:
        with Catalog.open(catalog_path, read_only=True, wait_s=5) as cat:
            stats = cat.planner_stats()
    except CatalogError:
        return {}
    return {s.scope.split(":", 1)[1]: (s.value, s.n) for s in stats
            if s.key == key and s.scope.startswith("genre:") and s.value is not None}


def learned_presets(catalog_path: Path | None) -> dict[str, GenrePreset]:
    """genre -> learned preset, from the stored planner stats (empty without a catalog)."""
    return {g: GenrePreset.model_validate(v) for g, (v, _) in _genre_stats(catalog_path, "preset").items() if v}


def learned_cover_strengths(catalog_path: Path | None) -> dict[str, float]:
    """genre -> the cover strength whose repairs worked best, once seen on MIN_COVER_REPAIRS repairs."""
    return {g: float(v) for g, (v, n) in _genre_stats(catalog_path, "cover_strength").items()
            if n >= MIN_COVER_REPAIRS}


def learned_route_outcomes(catalog_path: Path | None) -> dict[str, dict[str, RouteOutcome]]:
    """genre -> route -> its repairs' outcomes, from the stored planner stats (empty without a catalog)."""
    return {g: {o["route"]: RouteOutcome.model_validate(o) for o in v}
            for g, (v, _) in _genre_stats(catalog_path, "repairs").items() if isinstance(v, list)}


def compute(catalog_path: Path) -> dict[str, GenreHeuristics]:
    """Fresh heuristics from a catalog, read-only (what `aceprod heuristics` shows)."""
    with Catalog.open(catalog_path, read_only=True, wait_s=5) as cat:
        return learn(cat)
