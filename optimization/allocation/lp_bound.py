"""The LP lower bound: the allocation MIP with integrality relaxed, over every arc of the instance."""

from __future__ import annotations

import math
from dataclasses import replace

import numpy as np

from optimization.allocation.formulation import Formulation, Scope, formulate
from optimization.allocation.instance import Instance
from optimization.allocation.mip import SolveOutcome, solve


def solve_relaxation(
    inst: Instance, scope: Scope, time_limit_s: float, solver: str = "highs_lp"
) -> tuple[Formulation, SolveOutcome]:
    """Solve the LP relaxation of the scoped model; returns the formulation and the LP outcome."""
    form = formulate(inst, scope)
    relaxed = replace(form.model, is_int=np.zeros(len(form.model.is_int), bool))
    weights = inst.weights
    return form, solve(relaxed, solver, time_limit_s, weights.seed, weights.workers)


def lp_bound(inst: Instance, time_limit_s: float | None = None) -> float:
    """A lower bound on the cost of any plan, in cents (-inf when the LP did not finish in time).

    Costs are integers, so the bound is rounded up to the next cent (minus a hair for LP tolerance).
    """
    if inst.n_lines == 0:
        return 0.0
    limit = float(time_limit_s if time_limit_s is not None else inst.weights.time_limit_s)
    _, outcome = solve_relaxation(inst, Scope.whole(inst), limit)
    if outcome.status != "optimal":
        return -math.inf
    return float(math.ceil(outcome.objective - 1e-6 * max(1.0, abs(outcome.objective))))
