"""What one allocation solve returns: the plan, its cost and parts, the baseline's, the bound and the gap."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from optimization.allocation.instance import Instance
from optimization.allocation.plan import CostBreakdown
from optimization.allocation.validate import Validation


@dataclass(frozen=True, eq=False)
class AllocationResult:
    """A solved batch.

    `status` is `optimal` (proven), `feasible` (a plan, optimality not proven), `baseline` (the solver did not
    beat the ranked rules, whose plan is returned) or `empty` (no lines to allocate). `gap` is
    (cost - LP bound) / LP bound; NaN when the bound is unknown.
    """

    instance: Instance
    units: np.ndarray
    status: str
    method: str
    cost: CostBreakdown
    baseline_units: np.ndarray
    baseline_cost: CostBreakdown
    lp_bound_cents: float
    solve_time_s: float
    validation: Validation | None = None
    notes: tuple[str, ...] = field(default_factory=tuple)
    flow_bound_cents: float = math.nan  # the flow relaxation's bound (scale approach only), see flow.py

    @property
    def objective_cents(self) -> int:
        return self.cost.total_cents

    @property
    def gap(self) -> float:
        bound = self.lp_bound_cents
        if not math.isfinite(bound):
            return math.nan
        if bound <= 0:
            return 0.0 if self.objective_cents <= 0 else math.inf
        return (self.objective_cents - bound) / bound

    @property
    def bound_source(self) -> str:
        """Which bound `lp_bound_cents` is: the LP relaxation, the MIP's own bound when it proved optimality,
        or (large batches whose LP was not solved) the flow relaxation, which lies below the LP, so the real
        gap is smaller."""
        if not math.isfinite(self.lp_bound_cents):
            return "none"
        if self.method == "large" and self.lp_bound_cents == self.flow_bound_cents:
            return "flow relaxation (below the LP relaxation: the real gap is smaller)"
        if self.status == "optimal":
            return "MIP bound (optimal within the solver's gap tolerance)"
        return "LP relaxation"

    @property
    def is_valid(self) -> bool:
        return self.validation is not None and self.validation.is_valid

    def tables(self) -> dict[str, pd.DataFrame]:
        """allocations, backorders, transfer_requests, purchase_requests (see `plan.plan_tables`)."""
        from optimization.allocation.plan import plan_tables

        return plan_tables(self.instance, self.units)

    def summary(self) -> dict[str, object]:
        """Status, objective, bound and gap, for logs and asset metadata."""
        return {
            "status": self.status,
            "method": self.method,
            "objective_cents": self.objective_cents,
            "baseline_cents": self.baseline_cost.total_cents,
            "lp_bound_cents": self.lp_bound_cents,
            "bound_source": self.bound_source,
            "gap": self.gap,
            "solve_time_s": round(self.solve_time_s, 3),
            "is_valid": self.is_valid,
        }
