"""The scale approach: determinism, validity, never worse than ranked rules, and valid lower bounds."""

from __future__ import annotations

import numpy as np
import pytest
from random_batch import random_tables

from optimization.allocation import Weights, solve_tables
from optimization.allocation.baseline import ranked_rules
from optimization.allocation.flow import flow_bound
from optimization.allocation.formulation import Scope
from optimization.allocation.instance import build_instance
from optimization.allocation.large import solve_large
from optimization.allocation.lns import nearest_warehouse, seed_count, seed_groups, with_rivals
from optimization.allocation.lp_bound import dual_bound, lp_bound, solve_relaxation
from optimization.allocation.model import solve_exact
from optimization.allocation.plan import evaluate, violations
from optimization.allocation.tables import normalise_tables

# neighbourhoods of 100 orders: on these 200-order batches the default (300) would re-solve the whole batch
LARGE = Weights(exact_max_arcs=0, lns_neighbourhoods=4, lns_orders=100, time_limit_s=120)


def _plan_bytes(result) -> bytes:
    return b"".join(frame.to_csv(index=False).encode() for frame in result.tables().values())


def test_large_path_is_deterministic_valid_and_never_worse():
    tables = random_tables(200, seed=11)
    first = solve_tables(**tables, weights=LARGE)
    second = solve_tables(**tables, weights=LARGE)
    assert first.method == "large"
    assert _plan_bytes(first) == _plan_bytes(second)
    assert not any("safety net" in note for note in first.notes), first.notes
    assert first.is_valid, first.validation
    assert first.objective_cents <= first.baseline_cost.total_cents
    assert first.lp_bound_cents <= first.objective_cents
    # the bound is the flow relaxation's here, and the notes and `bound_source` say so
    assert first.lp_bound_cents == first.flow_bound_cents
    assert first.bound_source.startswith("flow relaxation")
    with_lp = solve_tables(**tables, weights=LARGE, lp_bound_cents=first.flow_bound_cents + 1)
    assert with_lp.bound_source == "LP relaxation"  # a bound passed in (e.g. cached) above the flow bound
    assert any("the flow relaxation's" in note for note in first.notes), first.notes


def test_a_spent_time_limit_stops_every_step_and_leaves_a_valid_plan():
    inst = build_instance(normalise_tables(**random_tables(200, seed=11)), LARGE)
    start = ranked_rules(inst)
    out = solve_large(inst, start, 0.0, 4)  # the safety net is already reached when the solve starts
    assert any("flow, repair or local search" in n and "safety net" in n for n in out.notes), out.notes
    assert "time limit reached after 0 of 3 neighbourhoods (safety net)" in out.notes
    assert "ejection chains skipped: time limit reached (safety net)" in out.notes
    assert not violations(inst, out.units)
    assert evaluate(inst, out.units).total_cents <= evaluate(inst, start).total_cents


def test_neighbourhoods_hold_lns_orders_orders_of_which_30_percent_are_seeds():
    inst = build_instance(normalise_tables(**random_tables(200, seed=11)), LARGE)
    units = ranked_rules(inst)
    orders = np.arange(inst.n_orders)
    groups = seed_groups(orders, nearest_warehouse(inst), np.zeros(inst.n_orders, int), seed_count(40))
    assert seed_count(40) == 12 and seed_count(1) == 1
    assert max(len(g) for g in groups) <= 12
    assert np.array_equal(np.sort(np.concatenate(groups)), orders)  # every seed once
    hood = with_rivals(inst, units, groups[0], 40)
    assert np.isin(groups[0], hood).all()
    assert len(groups[0]) < len(hood) <= 40


def test_large_path_beats_ranked_rules_on_a_contested_batch():
    result = solve_tables(**random_tables(250, seed=5), weights=LARGE)
    assert result.objective_cents < result.baseline_cost.total_cents


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_bounds_are_below_the_exact_optimum(seed):
    inst = build_instance(normalise_tables(**random_tables(25, n_skus=12, seed=seed)), Weights())
    exact = solve_exact(inst, ranked_rules(inst), 60)
    assert exact.status == "optimal"
    optimum = exact.bound_cents
    assert flow_bound(inst) <= optimum + 1e-6
    assert lp_bound(inst, 60) <= optimum + 1e-6
    assert lp_bound(inst, 60, "pdlp") <= optimum + 1e-6


def test_dual_bound_is_valid_for_any_dual_vector_and_tight_at_pdlps_duals():
    inst = build_instance(normalise_tables(**random_tables(30, n_skus=12, seed=4)), Weights())
    _, exact = solve_relaxation(inst, Scope.whole(inst), 60)  # HiGHS simplex: the exact LP optimum
    form, approx = solve_relaxation(inst, Scope.whole(inst), 60, "pdlp")
    rng = np.random.default_rng(0)
    for _ in range(5):
        noise = rng.normal(0, 1000, size=len(form.model.row_lb))
        assert dual_bound(form.model, approx.duals + noise) <= exact.objective + 1e-6
    assert dual_bound(form.model, approx.duals) == pytest.approx(exact.objective, rel=1e-3)
    assert dual_bound(form.model, approx.duals) <= exact.objective + 1e-6


def test_large_path_keeps_ship_complete_orders_whole_and_respects_every_rule():
    tables = random_tables(150, seed=8)
    orders = tables["lines"]["order_id"]
    tables["lines"] = tables["lines"].assign(ship_complete=orders.str[-1].isin(["0", "5"]))
    result = solve_tables(
        **tables, weights=Weights(exact_max_arcs=0, lns_neighbourhoods=2, max_parcels_per_order=2)
    )
    assert result.method == "large"
    assert result.is_valid, result.validation
    plan = result.tables()["allocations"]
    complete = tables["lines"][tables["lines"]["ship_complete"]]
    served = plan[plan["order_id"].isin(complete["order_id"])].groupby(["order_id", "line_no"])["units"].sum()
    wanted = complete.set_index(["order_id", "line_no"])["quantity"]
    touched = served.index.get_level_values("order_id").unique()
    assert (
        served.reindex(wanted[wanted.index.get_level_values("order_id").isin(touched)].index, fill_value=0)
        == wanted[wanted.index.get_level_values("order_id").isin(touched)]
    ).all()
