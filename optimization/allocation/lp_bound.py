"""The LP lower bound: the allocation MIP with integrality relaxed, over every arc of the instance.

HiGHS (simplex) solves it exactly for small batches. For large ones PDLP (first-order, OR-Tools) is much
faster but only approximately optimal, so its objective is not used as the bound: instead the bound is the
Lagrangian value of PDLP's dual vector, `dual_bound`, which is a valid lower bound for *any* dual vector
(weak duality), whatever the solver's precision.
"""

from __future__ import annotations

import math
from dataclasses import replace

import numpy as np

from optimization.allocation.formulation import Formulation, Scope, formulate
from optimization.allocation.instance import Instance
from optimization.allocation.mip import INF, SolveOutcome, SparseModel, solve

PDLP_PARAMS = (
    "termination_criteria { simple_optimality_criteria { eps_optimal_relative: 1e-4 "
    "eps_optimal_absolute: 1e-4 } }"
)


def solve_relaxation(
    inst: Instance, scope: Scope, time_limit_s: float, solver: str = "highs_lp"
) -> tuple[Formulation, SolveOutcome]:
    """Solve the LP relaxation of the scoped model; returns the formulation and the LP outcome."""
    form = formulate(inst, scope)
    relaxed = replace(form.model, is_int=np.zeros(len(form.model.is_int), bool))
    weights = inst.weights
    extra = PDLP_PARAMS if solver == "pdlp" else ""
    return form, solve(relaxed, solver, time_limit_s, weights.seed, weights.workers, extra_params=extra)


def dual_bound(model: SparseModel, duals: np.ndarray) -> float:
    """Lagrangian lower bound min_x {c.x - y.(Ax) : bounds} + sum of y_i times the active row side.

    Components of y whose sign has no finite row side are dropped (set to 0), and both sign conventions
    are tried, so the result is valid for any vector a solver returns."""
    best = -INF
    for sign in (1.0, -1.0):
        y = sign * np.asarray(duals, dtype=np.float64)
        y = np.where((y > 0) & ~np.isfinite(model.row_lb), 0.0, y)
        y = np.where((y < 0) & ~np.isfinite(model.row_ub), 0.0, y)
        rows_part = np.where(y > 0, y * np.where(np.isfinite(model.row_lb), model.row_lb, 0.0), 0.0)
        rows_part += np.where(y < 0, y * np.where(np.isfinite(model.row_ub), model.row_ub, 0.0), 0.0)
        reduced = model.obj - np.bincount(
            model.a_col, weights=model.a_val * y[model.a_row], minlength=len(model.obj)
        )
        at = np.where(reduced >= 0, model.var_lb, model.var_ub)
        if not np.all(np.isfinite(at[reduced != 0])):
            continue
        value = float(rows_part.sum() + np.sum(reduced * np.where(reduced != 0, at, 0.0)) + model.offset)
        best = max(best, value)
    return best


def lp_bound(inst: Instance, time_limit_s: float | None = None, solver: str = "highs_lp") -> float:
    """A lower bound on the cost of any plan, in cents (-inf when the solver found nothing in time).

    `solver` is `highs_lp` (exact simplex) or `pdlp` (approximate; bound from its duals). Costs are
    integers, so the bound is rounded up to the next cent (minus a hair for floating point).
    """
    if inst.n_lines == 0:
        return 0.0
    limit = float(time_limit_s if time_limit_s is not None else inst.weights.time_limit_s)
    form, outcome = solve_relaxation(inst, Scope.whole(inst), limit, solver)
    if solver == "pdlp":
        if outcome.duals is None:
            return -math.inf
        value = dual_bound(replace(form.model, is_int=np.zeros(len(form.model.is_int), bool)), outcome.duals)
    elif outcome.status == "optimal":
        value = outcome.objective
    else:
        return -math.inf
    return float(math.ceil(value - 1e-6 * max(1.0, abs(value))))
