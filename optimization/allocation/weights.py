"""Planner weights for the allocation model: a plain frozen dataclass the Dagster config class maps onto.

Money is integer cents and multipliers are integer percent (100 = unchanged), so that every solver
coefficient is an exact integer and the same weights always give the same plan.
"""

from __future__ import annotations

from dataclasses import dataclass, fields


class WeightsError(ValueError):
    """A planner weight is out of range; the message names the field and the allowed range."""


@dataclass(frozen=True)
class Weights:
    """Cost multipliers, penalties, switches and solver limits of one allocation run.

    Fields (all integers unless noted):

    - `shipping_cost_pct`: multiplier on every shipping cost (per unit and per parcel), percent.
    - `handling_cost_pct`: multiplier on every warehouse handling cost (per unit and per parcel), percent.
    - `split_penalty_cents`: extra cost for each parcel of an order beyond its first.
    - `unfilled_penalty_normal_cents` / `_high_cents` / `_urgent_cents`: cost per unit left unfilled
      (backordered) for orders of priority 0, 1 and 2.
    - `allow_transfers` (bool): may short stock be moved from another warehouse along a transfer lane.
    - `transfer_cost_pct`: multiplier on transfer lane costs (per unit and fixed), percent.
    - `allow_purchases` (bool): may short stock be bought from a supplier as an emergency purchase.
    - `purchase_premium_pct`: emergency premium over the supplier's unit cost, percent; -1 uses each
      purchase option's own `premium_pct`.
    - `max_parcels_per_order`: parcels (warehouses) one order may ship from; an order's own
      `max_parcels` column, where given, overrides it.
    - `time_limit_s`: wall-clock safety net for the whole solve, seconds. The large path's fixed work (about
      15 s + 7 s per neighbourhood of 300 orders for 10k orders on 2 cores with the live weights) must end
      well inside it, or the plan would depend on the machine's speed (docs/allocation.md).
    - `exact_max_arcs`: batches with at most this many candidate (line, warehouse, source) arcs are solved
      exactly by one MIP; larger ones by the scale approach (LP, fixing, restricted MIPs).
    - `candidates_per_line`: in the scale approach, direct-stock warehouses kept per line (cheapest first)
      for the flow heuristic (the bound and the per-order steps always use every arc).
    - `lns_neighbourhoods`: in the scale approach, at most this many restricted MIPs (neighbourhoods of
      orders) after the local search: a fixed amount of work, so that the plan does not depend on the clock.
    - `lns_orders`: orders per neighbourhood, 30% of them seeds (orders that can still improve) and the
      rest their rivals (holders of the stock and capacity the seeds could use). Larger neighbourhoods find
      moves that smaller ones cannot, at a superlinear cost per MIP: at 10k orders three of 300 orders beat
      fourteen of 100 in the same time (docs/allocation.md).
    - `seed`, `workers`: solver random seed and thread count, fixed: same batch, same plan.
    """

    shipping_cost_pct: int = 100
    handling_cost_pct: int = 100
    split_penalty_cents: int = 0
    unfilled_penalty_normal_cents: int = 20_000
    unfilled_penalty_high_cents: int = 40_000
    unfilled_penalty_urgent_cents: int = 80_000
    allow_transfers: bool = True
    transfer_cost_pct: int = 100
    allow_purchases: bool = True
    purchase_premium_pct: int = -1
    max_parcels_per_order: int = 3
    time_limit_s: int = 120
    exact_max_arcs: int = 20_000
    candidates_per_line: int = 8
    lns_neighbourhoods: int = 6
    lns_orders: int = 300
    seed: int = 0
    workers: int = 1

    def __post_init__(self) -> None:
        for field in fields(self):
            value = getattr(self, field.name)
            if field.type in ("bool", bool):
                if not isinstance(value, bool):
                    raise WeightsError(f"Weights.{field.name} must be true or false, got {value!r}")
                continue
            if isinstance(value, bool) or not isinstance(value, int):
                raise WeightsError(f"Weights.{field.name} must be an integer, got {value!r}")
        minimum = {
            "max_parcels_per_order": 1,
            "time_limit_s": 1,
            "workers": 1,
            "candidates_per_line": 1,
            "lns_orders": 1,
            "exact_max_arcs": 0,
            "purchase_premium_pct": -1,
        }
        for field in fields(self):
            value = getattr(self, field.name)
            if isinstance(value, bool):
                continue
            low = minimum.get(field.name, 0)
            if value < low:
                raise WeightsError(f"Weights.{field.name} must be at least {low}, got {value}")
        if self.workers > 64:
            raise WeightsError(f"Weights.workers must be at most 64, got {self.workers}")

    def unfilled_penalty_cents(self, priority: int) -> int:
        """Penalty per unfilled unit for an order of the given priority (0 normal, 1 high, 2 urgent)."""
        return (
            self.unfilled_penalty_normal_cents,
            self.unfilled_penalty_high_cents,
            self.unfilled_penalty_urgent_cents,
        )[priority]
