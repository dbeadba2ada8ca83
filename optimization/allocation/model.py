"""The exact model for small batches: the whole MIP in one HiGHS solve, warm-started from a given plan."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from optimization.allocation.formulation import Scope, formulate
from optimization.allocation.instance import Instance
from optimization.allocation.mip import solve
from optimization.allocation.plan import violations

EXACT_NODE_LIMIT = 20_000  # the exact MIP's work limit; its time limit is only a safety net


@dataclass(frozen=True)
class ExactOutcome:
    units: np.ndarray | None  # None when the solver found no plan in time
    status: str
    bound_cents: float
    clocked: bool = False  # stopped on the time limit (the plan may then depend on machine speed)


def solve_exact(
    inst: Instance, start_units: np.ndarray, time_limit_s: float, solver: str = "highs"
) -> ExactOutcome:
    """Solve the full MIP; `start_units` (a feasible plan) is passed as the solver's hint."""
    scope = Scope.whole(inst)
    form = formulate(inst, scope)
    w = inst.weights
    params = f"mip_max_nodes={EXACT_NODE_LIMIT}" if solver == "highs" else ""
    outcome = solve(
        form.model,
        solver,
        time_limit_s,
        w.seed,
        w.workers,
        hint=form.hint(inst, start_units),
        extra_params=params,
    )
    clocked = outcome.wall_s >= 0.95 * time_limit_s
    if outcome.values is None:
        return ExactOutcome(None, outcome.status, outcome.bound, clocked)
    units = np.zeros(inst.n_arcs, dtype=np.int64)
    units[form.arcs] = form.arc_units(outcome.values)
    if violations(inst, units):
        return ExactOutcome(None, "rejected", outcome.bound, clocked)
    return ExactOutcome(units, outcome.status, outcome.bound, clocked)
