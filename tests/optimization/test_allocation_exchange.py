"""The capacity exchange moves a full warehouse's capacity to the order that needs it most."""

from __future__ import annotations

import numpy as np
import pandas as pd
from allocation_helpers import tables

from optimization.allocation import Weights
from optimization.allocation.baseline import ranked_rules
from optimization.allocation.exchange import exchange, full_warehouses
from optimization.allocation.instance import build_instance
from optimization.allocation.large import solve_large
from optimization.allocation.lns import short_orders
from optimization.allocation.local import PlanState, replan_all
from optimization.allocation.plan import evaluate, violations
from optimization.allocation.tables import normalise_tables


def _contested(weights: Weights) -> PlanState:
    """A ships one unit a day. o1 (SKU X, stocked at A and B) ships from A, the cheaper; o2 (SKU Y,
    stocked only at A) is short. Moving o1 to B costs 100 more; serving o2 from A costs 200."""
    stock = {("A", "X"): 1, ("B", "X"): 1, ("A", "Y"): 1}
    case = tables({"o1": [("X", 1)], "o2": [("Y", 1)]}, stock, {"A": 100, "B": 200})
    case["warehouses"] = pd.DataFrame({"warehouse": ["A", "B"], "pick_capacity_units": [1, -1]})
    inst = build_instance(normalise_tables(**case), weights)
    start = np.zeros(inst.n_arcs, dtype=np.int64)
    start[(inst.arc_order == 0) & (inst.arc_wh == 0)] = 1
    return PlanState(inst, start)


def test_local_search_alone_cannot_move_the_capacity():
    state = _contested(Weights())
    assert replan_all(state, np.arange(state.inst.n_orders)) == 0
    assert evaluate(state.inst, state.units).total_cents == 200 + 20_000


def test_exchange_hands_the_capacity_to_the_short_order():
    state = _contested(Weights())
    assert list(full_warehouses(state)) == [0]
    state, saving = exchange(state, 0, short_orders(state.inst, state.units))
    assert not violations(state.inst, state.units)
    assert evaluate(state.inst, state.units).total_cents == 300 + 200  # the optimum by hand
    assert saving == 200 + 20_000 - 500


def test_exchange_keeps_the_plan_when_the_capacity_is_worth_more_where_it_is():
    state = _contested(Weights(unfilled_penalty_normal_cents=250))  # o2 gains 50, o1 would lose 100
    before = state.units.copy()
    state, saving = exchange(state, 0, short_orders(state.inst, state.units))
    assert saving == 0
    assert np.array_equal(state.units, before)


def _competing() -> PlanState:
    """A ships two units, to o1 (SKU X) and o3 (SKU Z), both also stocked at B for 100 more. o2 and o4 both
    lack SKU Y, of which A holds the only unit; a unit short costs 350, serving it from A 200. Each swap
    (o1 or o3 to B, o2 or o4 gets Y) gains 150 and loses 100, but only one of them can get Y."""
    stock = {("A", "X"): 1, ("B", "X"): 1, ("A", "Z"): 1, ("B", "Z"): 1, ("A", "Y"): 1}
    orders = {"o1": [("X", 1)], "o2": [("Y", 1)], "o3": [("Z", 1)], "o4": [("Y", 1)]}
    case = tables(orders, stock, {"A": 100, "B": 200})
    case["warehouses"] = pd.DataFrame({"warehouse": ["A", "B"], "pick_capacity_units": [2, -1]})
    inst = build_instance(normalise_tables(**case), Weights(unfilled_penalty_normal_cents=350))
    start = np.zeros(inst.n_arcs, dtype=np.int64)
    start[np.isin(inst.arc_order, [0, 2]) & (inst.arc_wh == 0)] = 1
    return PlanState(inst, start)


def test_exchange_keeps_the_swap_that_pays_when_demands_compete_for_the_same_stock():
    state = _competing()
    before = evaluate(state.inst, state.units).total_cents
    assert before == 200 + 200 + 2 * 350
    state, saving = exchange(state, 0, short_orders(state.inst, state.units))
    after = evaluate(state.inst, state.units).total_cents
    assert not violations(state.inst, state.units)
    assert after == 300 + 200 + 200 + 350  # o1 to B, o2 gets Y at A; o3 stays, o4 stays short
    assert saving == before - after == 50
    assert np.array_equal(state.units, PlanState(state.inst, state.units).units)  # bookkeeping consistent
    fresh = PlanState(state.inst, state.units)
    assert np.array_equal(state.cap_left, fresh.cap_left)
    assert np.array_equal(state.slot_left, fresh.slot_left)


def test_full_warehouses_skips_warehouses_without_pick_capacity():
    stock = {("A", "X"): 1, ("B", "X"): 1}
    case = tables({"o1": [("X", 1)]}, stock, {"A": 100, "B": 200})
    case["warehouses"] = pd.DataFrame({"warehouse": ["A", "B"], "pick_capacity_units": [1, 0]})
    inst = build_instance(normalise_tables(**case), Weights())
    start = np.zeros(inst.n_arcs, dtype=np.int64)
    start[(inst.arc_order == 0) & (inst.arc_wh == 0)] = 1
    assert list(full_warehouses(PlanState(inst, start))) == [0]  # A is full; B has no capacity at all


def test_the_deadline_stops_the_exchange_and_a_note_says_so():
    inst = _contested(Weights()).inst
    start = ranked_rules(inst)
    capped = solve_large(inst, start, 0.0, 4)
    assert any("capacity exchange stopped" in n and "safety net" in n for n in capped.notes), capped.notes
    free = solve_large(inst, start, 60.0, 4)
    assert not any("safety net" in n for n in free.notes), free.notes
