"""One tiny instance per constraint and cost term, each with its optimum worked out by hand."""

from __future__ import annotations

import pandas as pd
import pytest
from allocation_helpers import tables

from optimization.allocation import InstanceError, Weights, solve_tables

PENALTY = Weights().unfilled_penalty_normal_cents


def allocated(result) -> set[tuple[str, int, str, int]]:
    frame = result.tables()["allocations"]
    return set(zip(frame["order_id"], frame["line_no"], frame["warehouse"], frame["units"], strict=True))


def test_nearest_full_warehouse_wins_shipping_cost():
    # W1 parcel 500, W2 parcel 900; both stock A: ship from W1: 500 + 1 x 100.
    t = tables({"o1": [("A", 1)]}, {("W1", "A"): 5, ("W2", "A"): 5}, {"W1": 500, "W2": 900})
    result = solve_tables(**t)
    assert result.objective_cents == 600
    assert allocated(result) == {("o1", 1, "W1", 1)}
    assert result.is_valid and result.status == "optimal"


def test_split_is_priced_and_avoided_when_cheaper():
    # W1 has A and B, W2 (cheaper parcel) only A: W1 alone (500 + 200) beats W2 + W1 (300 + 500 + 200).
    t = tables(
        {"o1": [("A", 1), ("B", 1)]}, {("W1", "A"): 1, ("W1", "B"): 1, ("W2", "A"): 1}, {"W1": 500, "W2": 300}
    )
    result = solve_tables(**t)
    assert result.objective_cents == 700
    assert {row[2] for row in allocated(result)} == {"W1"}


def test_split_penalty_adds_per_extra_parcel():
    # A only at W1, B only at W2: two parcels are forced; the penalty is paid once.
    t = tables({"o1": [("A", 1), ("B", 1)]}, {("W1", "A"): 1, ("W2", "B"): 1}, {"W1": 500, "W2": 300})
    result = solve_tables(**t, weights=Weights(split_penalty_cents=250))
    assert result.objective_cents == 500 + 300 + 200 + 250
    assert result.cost.split_penalty_cents == 250


def test_stock_limit_sends_second_order_elsewhere():
    # one unit of A at W1 (parcel 500), plenty at W2 (parcel 800): one order each.
    t = tables({"o1": [("A", 1)], "o2": [("A", 1)]}, {("W1", "A"): 1, ("W2", "A"): 9}, {"W1": 500, "W2": 800})
    result = solve_tables(**t)
    assert result.objective_cents == 600 + 900
    assert sorted(row[2] for row in allocated(result)) == ["W1", "W2"]


def test_pick_capacity_is_respected():
    t = tables({"o1": [("A", 2)], "o2": [("A", 2)]}, {("W1", "A"): 9, ("W2", "A"): 9}, {"W1": 500, "W2": 800})
    t["warehouses"] = pd.DataFrame({"warehouse": ["W1", "W2"], "pick_capacity_units": [3, 10]})
    result = solve_tables(**t)
    assert result.objective_cents == (500 + 200) + (800 + 200)
    assert result.is_valid


def test_unfilled_penalty_by_priority_decides_who_gets_the_last_unit():
    t = tables(
        {"o1": [("A", 1)], "o2": [("A", 1)]}, {("W1", "A"): 1}, {"W1": 500}, priority={"o1": 0, "o2": 2}
    )
    result = solve_tables(**t)
    assert allocated(result) == {("o2", 1, "W1", 1)}
    assert result.objective_cents == 600 + PENALTY
    assert result.tables()["backorders"]["order_id"].tolist() == ["o1"]


def test_ship_complete_order_is_backordered_whole():
    # B is missing everywhere: a ship-complete order takes nothing; a normal one takes A.
    t = tables(
        {"o1": [("A", 1), ("B", 1)], "o2": [("A", 1), ("B", 1)]},
        {("W1", "A"): 5},
        {"W1": 500},
        ship_complete={"o1": True, "o2": False},
    )
    result = solve_tables(**t)
    assert allocated(result) == {("o2", 1, "W1", 1)}
    assert result.cost.unfilled_penalty_cents == 3 * PENALTY


def test_max_parcels_per_order():
    # three SKUs in three warehouses; at most two parcels: one line stays unfilled.
    stock = {("W1", "A"): 1, ("W2", "B"): 1, ("W3", "C"): 1}
    t = tables({"o1": [("A", 1), ("B", 1), ("C", 1)]}, stock, {"W1": 500, "W2": 600, "W3": 700})
    result = solve_tables(**t, weights=Weights(max_parcels_per_order=2))
    assert result.objective_cents == 600 + 700 + PENALTY
    assert {row[2] for row in allocated(result)} == {"W1", "W2"}


def test_express_only_from_warehouses_within_promised_days():
    t = tables(
        {"o1": [("A", 1)]},
        {("W1", "A"): 1, ("W2", "A"): 1},
        {"W1": 500, "W2": 800},
        service_level={"o1": "express"},
        promised_days={"o1": 1},
    )
    t["parcel_costs"]["transit_days"] = t["parcel_costs"]["warehouse"].map({"W1": 3, "W2": 1})
    result = solve_tables(**t)
    assert allocated(result) == {("o1", 1, "W2", 1)}


def test_transfer_when_stock_is_short_and_in_time():
    # A only at W2, which may not ship (no unit-cost row); lane W2->W1 costs 50/unit + 1000 fixed, 1 day.
    t = tables({"o1": [("A", 2)]}, {("W2", "A"): 5}, {"W1": 500}, promised_days={"o1": 3})
    t["transfer_lanes"] = pd.DataFrame(
        {
            "from_warehouse": ["W2"],
            "to_warehouse": ["W1"],
            "unit_cost_cents": [50],
            "fixed_cost_cents": [1000],
            "lead_time_days": [1],
        }
    )
    result = solve_tables(**t)
    assert result.objective_cents == 500 + 2 * 100 + 2 * 50 + 1000
    assert result.tables()["transfer_requests"].to_dict("records") == [
        {"from_warehouse": "W2", "to_warehouse": "W1", "sku": "A", "units": 2}
    ]
    too_slow = solve_tables(**{**t, "lines": t["lines"].assign(promised_days=0)})
    assert too_slow.cost.unfilled_penalty_cents == 2 * PENALTY


def test_emergency_purchase_with_premium():
    t = tables({"o1": [("A", 1)]}, {}, {"W1": 500}, promised_days={"o1": 5})
    t["purchase_options"] = pd.DataFrame(
        {
            "warehouse": ["W1"],
            "sku": ["A"],
            "supplier": ["S1"],
            "unit_cost_cents": [2000],
            "lead_time_days": [2],
            "premium_pct": [30],
        }
    )
    result = solve_tables(**t)
    assert result.objective_cents == 500 + 100 + 2600
    assert result.tables()["purchase_requests"]["units"].tolist() == [1]
    off = solve_tables(**t, weights=Weights(allow_purchases=False))
    assert off.objective_cents == PENALTY


def test_cost_multipliers_scale_shipping():
    t = tables({"o1": [("A", 1)]}, {("W1", "A"): 1}, {"W1": 500})
    result = solve_tables(**t, weights=Weights(shipping_cost_pct=150))
    assert result.objective_cents == 750 + 150


def test_no_stock_anywhere_backorders_everything():
    t = tables({"o1": [("A", 2)], "o2": [("B", 1)]}, {}, {"W1": 500, "W2": 600})
    result = solve_tables(**t)
    assert result.objective_cents == 3 * PENALTY
    assert result.tables()["allocations"].empty and result.is_valid


def test_one_warehouse_and_zero_quantity_lines():
    t = tables({"o1": [("A", 1), ("B", 0)]}, {("W1", "A"): 3, ("W1", "B"): 3}, {"W1": 500})
    result = solve_tables(**t)
    assert result.objective_cents == 600
    assert any("zero-quantity" in note for note in result.notes)


def test_empty_batch_is_a_clear_result():
    t = tables({"o1": [("A", 0)]}, {("W1", "A"): 3}, {"W1": 500})
    result = solve_tables(**t)
    assert result.status == "empty" and result.objective_cents == 0


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda t: t["lines"].drop(columns="sku"), "lacks required column"),
        (lambda t: t["lines"].assign(quantity=-1), "negative quantity"),
        (lambda t: t["lines"].assign(quantity=1.5), "must hold integers"),
        (lambda t: t["lines"].assign(priority=7), "priority"),
    ],
)
def test_bad_input_names_the_problem(change, message):
    t = tables({"o1": [("A", 1)]}, {("W1", "A"): 3}, {"W1": 500})
    t["lines"] = change(t)
    with pytest.raises(InstanceError, match=message):
        solve_tables(**t)


def test_missing_parcel_cost_row_is_reported():
    t = tables({"o1": [("A", 1)]}, {("W1", "A"): 3}, {"W1": 500})
    t["parcel_costs"] = t["parcel_costs"].iloc[0:0]
    with pytest.raises(InstanceError, match="parcel_costs"):
        solve_tables(**t)
