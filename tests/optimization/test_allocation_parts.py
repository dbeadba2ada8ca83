"""Building blocks of the scale approach and the explanations, each against an independent reference."""

from __future__ import annotations

import numpy as np
import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from random_batch import random_tables

from optimization.allocation import Weights, solve_tables, validate_plan
from optimization.allocation.instance import build_instance
from optimization.allocation.kpis import explain_orders, order_costs
from optimization.allocation.local import PlanState
from optimization.allocation.model import solve_exact
from optimization.allocation.order_best import Index, best_response
from optimization.allocation.plan import evaluate, violations
from optimization.allocation.tables import normalise_tables


@st.composite
def one_order(draw) -> dict:
    """One order of 1-5 lines, 2-6 warehouses, stock that always covers a line from a single warehouse."""
    n_wh = draw(st.integers(2, 6))
    n_lines = draw(st.integers(1, 5))
    rng = np.random.default_rng(draw(st.integers(0, 10_000)))
    tables = random_tables(1, n_warehouses=n_wh, n_skus=8, seed=int(rng.integers(1 << 30)))
    lines = tables["lines"].head(n_lines)
    skus = lines["sku"].unique()
    stock = pd.DataFrame(
        [(w, s, 5) for w in tables["warehouses"]["warehouse"] for s in skus if rng.random() < 0.5],
        columns=["warehouse", "sku", "units"],
    )
    return {
        **tables,
        "lines": lines,
        "stock": stock,
        "unit_costs": tables["unit_costs"].merge(lines[["order_id", "line_no"]]),
        "max_parcels": draw(st.integers(1, 3)),
    }


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(one_order())
def test_best_response_matches_the_exact_mip_for_a_lone_order(case):
    weights = Weights(max_parcels_per_order=case.pop("max_parcels"), allow_transfers=False)
    case["warehouses"] = None
    inst = build_instance(normalise_tables(**case), weights)
    found = best_response(
        inst, Index(inst), 0, inst.slot_units, inst.wh_capacity, np.zeros(len(inst.lane_from), bool)
    )
    assert found is not None
    units = np.zeros(inst.n_arcs, dtype=np.int64)
    units[found[0]] = found[1]
    assert not violations(inst, units)
    exact = solve_exact(inst, units, 30)
    assert evaluate(inst, units).total_cents == exact.bound_cents


def test_local_state_tracks_stock_capacity_and_lanes():
    inst = build_instance(normalise_tables(**random_tables(60, seed=2)), Weights())
    result = solve_tables(
        **random_tables(60, seed=2), weights=Weights(exact_max_arcs=0, lns_neighbourhoods=0)
    )
    state = PlanState(inst, result.units)
    for order in range(inst.n_orders):
        state.replan(order)
    fresh = PlanState(inst, state.units)
    assert np.array_equal(state.slot_left, fresh.slot_left)
    assert np.array_equal(state.cap_left, fresh.cap_left)
    assert np.array_equal(state.lane_users, fresh.lane_users)
    assert not violations(inst, state.units)
    assert evaluate(inst, state.units).total_cents <= evaluate(inst, result.units).total_cents


def test_explanations_agree_with_the_independent_validator():
    tables = random_tables(80, seed=9)
    result = solve_tables(**tables)
    inst = result.instance
    why = explain_orders(inst, result.units)
    assert (why["cost_cents"].to_numpy() == order_costs(inst, result.units)).all()
    # price each order's best alternative with the validator: ship every line from that warehouse's stock
    stock = tables["stock"].set_index(["warehouse", "sku"])["units"]
    standard = tables["lines"].loc[tables["lines"]["service_level"] == "standard", "order_id"]
    checked = 0
    rows = why[why["order_id"].isin(standard)].dropna(subset=["best_alternative"])
    for row in rows.head(15).itertuples():
        lines = tables["lines"][tables["lines"]["order_id"] == row.order_id]
        key = pd.MultiIndex.from_arrays([np.full(len(lines), row.best_alternative), lines["sku"]])
        sent = np.minimum(lines["quantity"].to_numpy(), stock.reindex(key, fill_value=0).to_numpy())
        plan = lines.assign(
            warehouse=row.best_alternative, source="stock", source_warehouse=None, supplier=None, units=sent
        )[lambda f: f["units"] > 0]
        alone = {
            **tables,
            "lines": lines,
            "unit_costs": tables["unit_costs"][tables["unit_costs"]["order_id"] == row.order_id],
            "parcel_costs": tables["parcel_costs"][tables["parcel_costs"]["order_id"] == row.order_id],
        }
        alternative = validate_plan(alone, Weights(), plan).recomputed_cost_cents
        assert row.extra_cost_cents == alternative - row.cost_cents
        checked += 1
    assert checked > 0
