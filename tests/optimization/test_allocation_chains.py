"""Ejection chains: a holder buys so that its stock goes to an order that cannot buy in time, or moves so
that a split order ships from one warehouse, or a served order from its cheapest one."""

from __future__ import annotations

import numpy as np
import pandas as pd
from allocation_helpers import tables

from optimization.allocation import Weights, validate_plan
from optimization.allocation.chains import chains
from optimization.allocation.instance import build_instance
from optimization.allocation.local import PlanState, replan_all
from optimization.allocation.plan import evaluate, plan_tables, violations
from optimization.allocation.tables import normalise_tables


def _case(purchase_cents: int, b_priority: int = 0, capacity: int = -1) -> dict:
    """One unit of X in stock at W1, two orders for it. o1 (promised in 5 days) may also buy X at W1 (lead
    time 2 days, `purchase_cents` a unit); o2 (promised in 1 day) cannot wait for a purchase. Every unit
    ships from W1 at 100 plus a 500 parcel; W1 picks `capacity` units (-1: no limit)."""
    case = tables(
        {"o1": [("X", 1)], "o2": [("X", 1)]},
        {("W1", "X"): 1},
        {"W1": 500},
        promised_days={"o1": 5, "o2": 1},
        priority={"o1": 0, "o2": b_priority},
    )
    case["purchase_options"] = pd.DataFrame(
        {
            "warehouse": ["W1"],
            "sku": ["X"],
            "supplier": ["S1"],
            "unit_cost_cents": [purchase_cents],
            "lead_time_days": [2],
        }
    )
    case["warehouses"] = pd.DataFrame({"warehouse": ["W1"], "pick_capacity_units": [capacity]})
    return case


def _start(case: dict, weights: Weights) -> PlanState:
    """o1 holds the stock (its cheapest plan), o2 is backordered: no single order can improve."""
    inst = build_instance(normalise_tables(**case), weights)
    start = np.zeros(inst.n_arcs, dtype=np.int64)
    start[(inst.arc_order == 0) & (inst.arc_slot >= 0)] = 1
    state = PlanState(inst, start)
    assert not violations(inst, state.units)
    assert replan_all(state, np.arange(inst.n_orders)) == 0
    return state


def test_chain_buys_for_the_holder_so_that_the_short_order_gets_the_stock():
    case, weights = _case(purchase_cents=2_000), Weights()
    state = _start(case, weights)
    before = evaluate(state.inst, state.units).total_cents
    assert before == 600 + 20_000
    done = chains(state)
    after = evaluate(state.inst, state.units).total_cents
    assert after == (500 + 100 + 2_000) + (500 + 100)  # o1 buys, o2 ships the stock: the optimum by hand
    assert done == (0, 0, 1, before - after)  # (served applied, saved, short applied, saved)
    plan = plan_tables(state.inst, state.units)
    assert plan["purchase_requests"]["units"].tolist() == [1]
    assert evaluate(state.inst, state.units).unfilled_penalty_cents == 0
    check = validate_plan(case, weights, plan["allocations"], after)
    assert check.is_valid, check.violations


def _unchanged(state: PlanState) -> None:
    """The chains find nothing to apply and leave the plan state exactly as it was."""
    before = [a.copy() for a in (state.units, state.slot_left, state.cap_left, state.lane_users)]
    assert chains(state) == (0, 0, 0, 0)
    after = (state.units, state.slot_left, state.cap_left, state.lane_users)
    assert all(np.array_equal(a, b) for a, b in zip(before, after, strict=True))


def test_chain_that_does_not_pay_is_not_applied():
    # o2 is worth only 400 served (penalty 1,000); o1's purchase costs 2,000 more than its stock
    _unchanged(_start(_case(purchase_cents=2_000), Weights(unfilled_penalty_normal_cents=1_000)))


def test_chain_tried_and_undone_when_the_freed_stock_cannot_ship():
    # W1 picks one unit a day: o1's purchase takes the capacity its stock frees, so o2 still cannot ship;
    # the chain looks worth trying (o2's gain assumes the capacity comes free) and must be undone
    _unchanged(_start(_case(purchase_cents=2_000, capacity=1), Weights()))


def test_chain_backorders_the_holder_when_buying_costs_more_than_its_penalty():
    # the purchase (30,000) costs more than o1's penalty (20,000): o1 would rather be backordered
    weights = Weights()
    state = _start(_case(purchase_cents=30_000, b_priority=1), weights)  # o2 high priority: 40,000
    assert chains(state).short_applied == 1
    assert evaluate(state.inst, state.units).total_cents == 20_000 + 600  # o1 backordered, o2 served
    # o2 normal priority: swapping who is backordered gains nothing, so the plan stays
    state = _start(_case(purchase_cents=30_000), weights)
    assert chains(state) == (0, 0, 0, 0)


def _split_case(o1_unit_at_w2: int = 100) -> tuple[dict, PlanState]:
    """o2 needs X (stocked only at W1) and Y; W1 and W2 hold one Y each. o1 (one Y) holds W1's Y and o2
    ships in two parcels, X from W1 and Y from W2. Units cost 100 (o1's at W2 `o1_unit_at_w2`), W1's
    parcel 500, W2's 600. No single order can improve: o2 cannot get W1's Y, o1 cannot get W2's."""
    case = tables(
        {"o1": [("Y", 1)], "o2": [("X", 1), ("Y", 1)]},
        {("W1", "X"): 1, ("W1", "Y"): 1, ("W2", "Y"): 1},
        {"W1": 500, "W2": 600},
    )
    unit = case["unit_costs"]
    unit.loc[(unit["order_id"] == "o1") & (unit["warehouse"] == "W2"), "unit_cost_cents"] = o1_unit_at_w2
    inst = build_instance(normalise_tables(**case), Weights())
    w1, w2 = (inst.wh_code.tolist().index(w) for w in ("W1", "W2"))
    o1_y = (inst.arc_order == 0) & (inst.arc_wh == w1)
    o2_x = (inst.arc_order == 1) & (inst.arc_wh == w1) & (inst.arc_line == 1)
    o2_y = (inst.arc_order == 1) & (inst.arc_wh == w2)
    state = PlanState(inst, (o1_y | o2_x | o2_y).astype(np.int64))
    assert not violations(inst, state.units)
    assert replan_all(state, np.arange(inst.n_orders)) == 0
    return case, state


def test_split_order_swaps_stock_with_the_holder_and_ships_in_one_parcel():
    case, state = _split_case()
    before = evaluate(state.inst, state.units).total_cents
    assert before == (500 + 100) + (500 + 600 + 200)
    assert chains(state) == (1, 500, 0, 0)
    after = evaluate(state.inst, state.units).total_cents
    assert after == (600 + 100) + (500 + 200)  # o1 from W2, o2 whole from W1: the optimum by hand
    plan = plan_tables(state.inst, state.units)["allocations"]
    assert plan.groupby("order_id")["warehouse"].agg(lambda w: sorted(set(w))).to_dict() == {
        "o1": ["W2"],
        "o2": ["W1"],
    }
    check = validate_plan(case, Weights(), plan, after)
    assert check.is_valid, check.violations


def test_split_order_swap_that_does_not_pay_is_not_applied():
    # o1's unit at W2 costs 1,000: moving there costs o1 1,600 instead of 600, more than o2 saves (600)
    _unchanged(_split_case(o1_unit_at_w2=1_000)[1])


def test_served_order_swaps_to_its_cheapest_warehouse():
    # o2 ships whole from W2 (parcel 900) because o1 holds W1's only Y, though o1 is almost indifferent
    # (W1 500, W2 550 for o1); both best responses are stuck, the swap saves 400 - 50
    case = tables(
        {"o1": [("Y", 1)], "o2": [("Y", 1)]}, {("W1", "Y"): 1, ("W2", "Y"): 1}, {"W1": 500, "W2": 900}
    )
    parcel = case["parcel_costs"]
    parcel.loc[(parcel["order_id"] == "o1") & (parcel["warehouse"] == "W2"), "parcel_cost_cents"] = 550
    inst = build_instance(normalise_tables(**case), Weights())
    w1, w2 = (inst.wh_code.tolist().index(w) for w in ("W1", "W2"))
    start = ((inst.arc_order == 0) & (inst.arc_wh == w1)) | ((inst.arc_order == 1) & (inst.arc_wh == w2))
    state = PlanState(inst, start.astype(np.int64))
    assert replan_all(state, np.arange(inst.n_orders)) == 0
    assert evaluate(inst, state.units).total_cents == (500 + 100) + (900 + 100)
    assert chains(state) == (1, 350, 0, 0)
    assert evaluate(inst, state.units).total_cents == (550 + 100) + (500 + 100)  # the optimum by hand
    check = validate_plan(case, Weights(), plan_tables(inst, state.units)["allocations"], 1_250)
    assert check.is_valid, check.violations
