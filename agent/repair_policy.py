"""Whether a repair is worth its engine time.

A route's value is its expected score gain per generation of engine time:

    value = success x lift / cost

- ``success``: share of its repairs that were kept, from the catalog's outcomes for the
  genre (``aceprod heuristics``), shrunk toward the route's prior by ``PRIOR_WEIGHT``
  pseudo repairs;
- ``lift``: mean score gain of its kept repairs (prior until seen);
- ``cost``: expected engine time in units of one candidate take: every variant renders
  a whole take on both engines (the sketch engine renders the arrangement, ACE-Step
  denoises the whole latent), and a failed variant is followed by another seed.

A track gets a repair only while the value is at least ``MIN_VALUE`` and its repairs
so far plus this one's expected cost stay within ``MAX_GENERATIONS`` generations.
"""

from __future__ import annotations

from pydantic import BaseModel

from agent.learning import RouteOutcome
from agent.records import RepairRecord, TakeRecord

# route -> (share kept, score lift when kept) before any outcome is known
PRIOR = {"repaint": (0.8, 1.0), "repaint_tail": (0.7, 1.5), "cover": (0.5, 1.0), "stem_relego": (0.6, 1.0),
         "complete": (0.4, 0.5), "regenerate": (0.4, 1.0)}
PRIOR_WEIGHT = 4.0  # pseudo repairs behind the prior
MIN_VALUE = 0.15  # score points per generation a repair must be expected to earn
MAX_GENERATIONS = 2.0  # repair engine time per track, in candidate takes


class RouteValue(BaseModel):
    route: str
    success: float
    lift: float
    cost: float  # generations
    value: float
    source: str  # "prior" | "learned from N repairs"

    def describe(self) -> str:
        return (f"expected: kept {self.success:.0%}, +{self.lift:.2f} when kept, {self.cost:.1f} generations "
                f"({self.source})")


def route_value(route: str, learned: RouteOutcome | None, *, max_variants: int) -> RouteValue:
    p0, lift0 = PRIOR.get(route, (0.4, 1.0))
    tried = learned.tried if learned else 0
    success = ((learned.worked if learned else 0) + PRIOR_WEIGHT * p0) / (tried + PRIOR_WEIGHT)
    lift = learned.kept_gain if learned and learned.kept_gain is not None else lift0
    cost = 1.0 + (1.0 - success) * (max_variants - 1)
    return RouteValue(route=route, success=round(success, 3), lift=round(lift, 3), cost=round(cost, 2),
                      value=round(success * lift / cost, 3),
                      source=f"learned from {tried} repairs" if tried else "prior")


def spent_generations(track: int, takes: list[TakeRecord], repairs: list[RepairRecord]) -> float:
    """Repair engine time of ``track`` so far, in units of its mean candidate take."""
    gens = [t.engine_s for t in takes if t.track == track and t.kind == "candidate" and t.engine_s > 0]
    spent = sum(r.engine_s for r in repairs if r.proposal.track == track)
    if not gens:
        return float(sum(r.attempts for r in repairs if r.proposal.track == track))
    return spent / (sum(gens) / len(gens))


def pays(value: RouteValue, spent: float) -> tuple[bool, str]:
    """(worth running, why not)."""
    if value.value < MIN_VALUE:
        return False, f"{value.route} is expected to earn {value.value:.2f} points per generation (< {MIN_VALUE})"
    if spent + value.cost > MAX_GENERATIONS:
        return False, (f"the track's repairs used {spent:.1f} generations; {value.route} would need "
                       f"{value.cost:.1f} more (budget {MAX_GENERATIONS:g})")
    return True, ""
