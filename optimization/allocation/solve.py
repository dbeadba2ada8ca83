"""The documented entry point: solve an allocation batch given as plain tables (see `tables.py`).

    result = solve_tables(lines, stock, unit_costs, parcel_costs, warehouses, transfer_lanes,
                          purchase_options, weights=Weights())
    result.status, result.objective_cents, result.lp_bound_cents, result.gap, result.tables()["allocations"]

The ranked-rules plan is computed first and is the floor: the returned plan never costs more. Small batches
are solved exactly by one MIP; large ones by the scale approach in `large.py`. The plan is checked by the
independent validator (`validate.py`) before it is returned.
"""

from __future__ import annotations

import math
import time
from dataclasses import replace

import numpy as np
import pandas as pd

from optimization.allocation.baseline import ranked_rules
from optimization.allocation.instance import Instance, build_instance
from optimization.allocation.large import solve_large
from optimization.allocation.lp_bound import lp_bound
from optimization.allocation.model import solve_exact
from optimization.allocation.plan import evaluate, plan_tables, violations
from optimization.allocation.result import AllocationResult
from optimization.allocation.tables import normalise_tables
from optimization.allocation.validate import validate_plan
from optimization.allocation.weights import Weights


def solve_instance(inst: Instance, lp_bound_cents: float | None = None) -> AllocationResult:
    """Solve a built instance (no independent validation: that needs the plain tables)."""
    started = time.perf_counter()
    weights = inst.weights
    notes: list[str] = []
    if inst.n_zero_quantity_lines:
        notes.append(f"{inst.n_zero_quantity_lines} zero-quantity line(s) ignored")
    base = ranked_rules(inst)
    base_cost = evaluate(inst, base)
    if inst.n_lines == 0:
        return AllocationResult(
            inst,
            base,
            "empty",
            "none",
            base_cost,
            base,
            base_cost,
            0.0,
            0.0,
            None,
            (*notes, "no order lines to allocate"),
        )
    flow_bound_cents = math.nan
    if inst.n_arcs <= weights.exact_max_arcs:
        method = "exact"
        exact = solve_exact(inst, base, weights.time_limit_s)
        units, status, bound = exact.units, exact.status, exact.bound_cents
        if exact.clocked:
            notes.append("the exact MIP stopped on the time limit, not its node limit (safety net)")
    else:
        method = "large"
        large = solve_large(
            inst,
            base,
            max(1.0, weights.time_limit_s - (time.perf_counter() - started)),
            weights.lns_neighbourhoods,
        )
        units, status, bound = large.units, large.status, large.bound_cents
        flow_bound_cents = bound
        notes.extend(large.notes)
    if lp_bound_cents is None and method == "exact":
        lp_bound_cents = lp_bound(inst, weights.time_limit_s)
    elif lp_bound_cents is None:
        lp_bound_cents = -math.inf
        notes.append(
            "lower bound and gap: the flow relaxation's (the LP over every arc is not solved for large "
            "batches; at 10k orders the flow bound is about 5% below it, so the real gap is smaller)"
        )
    if method == "large":  # the flow relaxation's bound is valid too; keep the better one
        lp_bound_cents = max(lp_bound_cents, float(bound))
    if status == "optimal":  # a proven MIP optimum is itself the tightest bound
        lp_bound_cents = max(lp_bound_cents, float(bound))
    if units is None or violations(inst, units) or evaluate(inst, units).total_cents >= base_cost.total_cents:
        if units is None:
            notes.append(f"solver found no plan ({status}); ranked-rules plan returned")
        chosen, status = base, ("optimal" if status == "optimal" and units is not None else "baseline")
    else:
        chosen = units
    return AllocationResult(
        instance=inst,
        units=chosen,
        status=status,
        method=method,
        cost=evaluate(inst, chosen),
        baseline_units=base,
        baseline_cost=base_cost,
        lp_bound_cents=float(lp_bound_cents),
        solve_time_s=time.perf_counter() - started,
        notes=tuple(notes),
        flow_bound_cents=flow_bound_cents,
    )


def solve_tables(
    lines: pd.DataFrame,
    stock: pd.DataFrame,
    unit_costs: pd.DataFrame,
    parcel_costs: pd.DataFrame,
    warehouses: pd.DataFrame | None = None,
    transfer_lanes: pd.DataFrame | None = None,
    purchase_options: pd.DataFrame | None = None,
    weights: Weights | None = None,
    lp_bound_cents: float | None = None,
) -> AllocationResult:
    """Check the tables, solve, and validate the plan independently; raises `InstanceError` on bad input."""
    weights = weights or Weights()
    raw = dict(
        lines=lines,
        stock=stock,
        unit_costs=unit_costs,
        parcel_costs=parcel_costs,
        warehouses=warehouses,
        transfer_lanes=transfer_lanes,
        purchase_options=purchase_options,
    )
    inst = build_instance(normalise_tables(**raw), weights)
    result = solve_instance(inst, lp_bound_cents)
    report = validate_plan(
        raw, weights, plan_tables(inst, result.units)["allocations"], result.objective_cents
    )
    if not report.is_valid and not np.array_equal(result.units, result.baseline_units):
        base_report = validate_plan(
            raw,
            weights,
            plan_tables(inst, result.baseline_units)["allocations"],
            result.baseline_cost.total_cents,
        )
        notes = (*result.notes, "optimised plan failed validation: " + "; ".join(report.violations[:3]))
        return replace(
            result,
            units=result.baseline_units,
            cost=result.baseline_cost,
            status="baseline",
            validation=base_report,
            notes=notes,
        )
    return replace(result, validation=report)
