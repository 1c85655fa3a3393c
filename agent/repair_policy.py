"""Whether a repair is worth its engine time.

A route's value is its expected score gain per generation of engine time:

    value = success x lift / cost

- ``success``: share of its repairs that were kept, from the catalog's outcomes for the
  genre (``aceprod heuristics``), shrunk toward the route's prior by ``PRIOR_WEIGHT``
  pseudo repairs;
- ``lift``: mean score gain of its kept repairs (prior until seen), scaled by how bad the
  targeted defect is (severity / ``REF_SEVERITY``): a faint defect is worth less;
- ``cost``: expected engine time in candidate takes, counted in denoising steps as a
  diffusion model spends them (every variant re-runs the whole take: the sketch engine
  renders the arrangement, ACE-Step denoises the whole latent): repair steps / the
  take's steps per variant, and a failed variant is followed by another seed.

A track gets a repair only while the value is at least ``MIN_VALUE`` and its repairs so
far plus one variant of this one stay within ``MAX_GENERATIONS``. A repair may try more
seeds (one after another, until one passes) as long as all of them fit in what is left of the
track's budget and the value counted with their expected cost still pays: a repaint of a drift
that brought a new flaw tries again, and a stem rebuilt on the base model that came back
flawed gets a second seed instead of leaving the flaw.
"""

from __future__ import annotations

from pydantic import BaseModel

from agent.learning import RouteOutcome
from agent.records import RepairRecord
from agent.repair_routes import ROUTES

PRIOR_WEIGHT = 4.0  # pseudo repairs behind the prior
REF_SEVERITY = 0.5  # the severity the lifts are quoted at
MIN_VALUE = 0.1  # score points per generation a repair must be expected to earn
# repair engine time per track, in candidate takes (denoising steps): room for a whole-take repair on
# the base model (50 steps) from a turbo take (8 steps) to try a second seed (2 x 6.25)
MAX_GENERATIONS = 13.0
CHEAP_VARIANT = 1.5  # generations: a variant this cheap may always try a second seed


class RouteValue(BaseModel):
    route: str
    success: float
    lift: float
    per_variant: float  # generations one variant costs
    variants: int  # seeds the repair may try
    cost: float  # expected generations
    value: float
    source: str  # "prior" | "learned from N repairs"

    def describe(self) -> str:
        return (f"expected: kept {self.success:.0%}, +{self.lift:.2f} when kept, {self.cost:.1f} generations "
                f"({self.source})")


def route_value(route: str, learned: RouteOutcome | None, *, max_variants: int, severity: float = REF_SEVERITY,
                step_ratio: float = 1.0, budget_left: float | None = None) -> RouteValue:
    """``step_ratio``: the repair's denoising steps over the take's (one variant's cost in generations);
    ``budget_left``: generations the track may still spend (None: only a cheap repair tries more seeds)."""
    p0, lift0 = ROUTES[route].prior if route in ROUTES else (0.4, 1.0)
    tried = learned.tried if learned else 0
    success = ((learned.worked if learned else 0) + PRIOR_WEIGHT * p0) / (tried + PRIOR_WEIGHT)
    lift = (learned.kept_gain if learned and learned.kept_gain is not None else lift0) * severity / REF_SEVERITY
    per_variant = max(step_ratio, 0.05)

    def valued(variants: int) -> RouteValue:
        cost = per_variant * (1.0 + (1.0 - success) * (variants - 1))
        return RouteValue(route=route, success=round(success, 3), lift=round(lift, 3),
                          per_variant=round(per_variant, 2), variants=variants, cost=round(cost, 2),
                          value=round(success * lift / cost, 3),
                          source=f"learned from {tried} repairs" if tried else "prior")

    room = max_variants if budget_left is None else int(budget_left // per_variant)
    if per_variant <= CHEAP_VARIANT:  # valued with all its seeds' expected cost, as always
        return valued(max(1, min(max_variants, room)))
    most = min(max_variants, room) if budget_left is not None else 1
    for k in range(most, 1, -1):  # the most seeds that still pay
        if valued(k).value >= MIN_VALUE:
            return valued(k)
    return valued(1)


def spent_generations(track: int, repairs: list[RepairRecord], explore_steps: int) -> float:
    """Repair engine time of ``track`` so far, in candidate takes (denoising steps)."""
    total = 0.0
    for r in repairs:
        if r.proposal.track == track:
            steps = max((s.steps or 0) for s in r.proposal.pipeline.stages) or explore_steps
            total += max(1, r.attempts) * steps / max(1, explore_steps)
    return total


def pays(value: RouteValue, spent: float) -> tuple[bool, str]:
    """(worth running, why not)."""
    if value.value < MIN_VALUE:
        return False, f"{value.route} is expected to earn {value.value:.2f} points per generation (< {MIN_VALUE})"
    if spent + value.per_variant > MAX_GENERATIONS:
        return False, (f"the track's repairs used {spent:.1f} generations; {value.route} needs "
                       f"{value.per_variant:.1f} more (budget {MAX_GENERATIONS:g})")
    return True, ""
