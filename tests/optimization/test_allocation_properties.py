"""Validator, determinism, never-worse-than-baseline, weights, KPIs and explanations."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from allocation_helpers import tables
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from optimization.allocation import Weights, WeightsError, solve_tables, validate_plan
from optimization.allocation.kpis import explain_orders, kpi_table, plan_kpis


def _instance() -> dict:
    t = tables(
        {"o1": [("A", 2), ("B", 1)], "o2": [("A", 1)], "o3": [("B", 2), ("C", 1)]},
        {("W1", "A"): 2, ("W1", "B"): 1, ("W2", "A"): 3, ("W2", "B"): 3, ("W2", "C"): 1},
        {"W1": 400, "W2": 700},
    )
    t["warehouses"] = pd.DataFrame({"warehouse": ["W1", "W2"], "pick_capacity_units": [10, 10]})
    return t


def test_validator_accepts_the_plan_and_catches_corruptions():
    t = _instance()
    result = solve_tables(**t)
    plan = result.tables()["allocations"]
    assert validate_plan(t, Weights(), plan, result.objective_cents).is_valid
    overdrawn = plan.assign(units=plan["units"] + 5)
    assert any(
        "more units than ordered" in v or "overdrawn" in v
        for v in validate_plan(t, Weights(), overdrawn).violations
    )
    moved = plan.assign(warehouse="W9")
    assert not validate_plan(t, Weights(), moved).is_valid
    wrong_cost = validate_plan(t, Weights(), plan, result.objective_cents - 1)
    assert any("differs from recomputed" in v for v in wrong_cost.violations)
    capped = {**t, "warehouses": pd.DataFrame({"warehouse": ["W1", "W2"], "pick_capacity_units": [0, 0]})}
    assert any("capacity" in v for v in validate_plan(capped, Weights(), plan).violations)


def test_same_batch_twice_gives_byte_identical_plans():
    t = _instance()
    first = solve_tables(**t).tables()["allocations"].to_csv(index=False).encode()
    shuffled = {
        k: (v.sample(frac=1.0, random_state=3) if isinstance(v, pd.DataFrame) else v) for k, v in t.items()
    }
    second = solve_tables(**shuffled).tables()["allocations"].to_csv(index=False).encode()
    assert first == second


@st.composite
def random_batch(draw) -> dict:
    n_wh = draw(st.integers(1, 3))
    parcel = {f"W{i}": draw(st.integers(100, 900)) for i in range(n_wh)}
    skus = ["A", "B", "C"]
    orders = {
        f"o{i}": [
            (s, draw(st.integers(1, 3)))
            for s in draw(st.lists(st.sampled_from(skus), min_size=1, max_size=3, unique=True))
        ]
        for i in range(draw(st.integers(1, 5)))
    }
    stock = {(w, s): draw(st.integers(0, 4)) for w in parcel for s in skus}
    complete = {o: draw(st.booleans()) for o in orders}
    return {
        "t": tables(orders, stock, parcel, unit=draw(st.integers(0, 300)), ship_complete=complete),
        "max_parcels": draw(st.integers(1, 3)),
        "split": draw(st.integers(0, 500)),
    }


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(random_batch())
def test_optimised_plan_never_costs_more_than_ranked_rules_and_is_valid(batch):
    weights = Weights(max_parcels_per_order=batch["max_parcels"], split_penalty_cents=batch["split"])
    result = solve_tables(**batch["t"], weights=weights)
    assert result.is_valid, result.validation
    assert result.objective_cents <= result.baseline_cost.total_cents
    assert result.lp_bound_cents <= result.objective_cents + 1e-6
    base = validate_plan(batch["t"], weights, result.tables()["allocations"].iloc[0:0])
    assert base.recomputed_cost_cents >= result.objective_cents  # serving nothing is never better


def test_weights_are_validated():
    with pytest.raises(WeightsError, match="max_parcels_per_order"):
        Weights(max_parcels_per_order=0)
    with pytest.raises(WeightsError, match="split_penalty_cents"):
        Weights(split_penalty_cents=-1)
    with pytest.raises(WeightsError, match="integer"):
        Weights(time_limit_s=1.5)  # type: ignore[arg-type]


def test_kpis_and_explanations():
    t = tables(
        {"o1": [("A", 1), ("B", 1)]}, {("W1", "A"): 1, ("W1", "B"): 1, ("W2", "A"): 1}, {"W1": 500, "W2": 300}
    )
    result = solve_tables(**t)
    kpis = plan_kpis(result.instance, result.units)
    assert kpis["fill_rate"] == 1.0 and kpis["parcels_per_order"] == 1.0 and kpis["split_rate"] == 0.0
    assert kpis["mean_distance_km"] == 500.0
    assert set(kpi_table(result)["kpi"]) >= {"total_cents", "fill_rate", "gap_to_lp_bound"}
    why = explain_orders(result.instance, result.units).iloc[0]
    assert why["warehouses"] == "W1" and why["best_alternative"] == "W2"
    assert why["extra_cost_cents"] == (300 + 100 + 20_000) - (500 + 200)  # W2 lacks B: B goes unfilled
    assert "W2 lacks SKU B" in why["reason"]
    assert np.isclose(result.gap, 0.0)
    assert result.status == "optimal" and result.bound_source.startswith("MIP bound")
