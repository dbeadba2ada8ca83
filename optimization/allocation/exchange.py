"""Capacity exchange: hand a full warehouse's pick capacity to the orders that value it most.

Order-by-order local search cannot move capacity: when a warehouse is full, an order that could only be
filled there (its SKU is stocked nowhere else within its promised days, or its other parcels are taken)
stays short, although another order ships from there for a few cents less than its next-best warehouse.
One exchange at a full warehouse w:

1. Demand: every order that is short or split and has arcs at w gets its best response as if w had no
   capacity limit; its gain per extra unit at w is what the capacity is worth to it.
2. Supply: every other order shipping from w gets its best response with w closed; its loss per unit freed
   is what giving up the capacity costs it.
3. Match: demands by gain per unit (highest first) take supply by loss per unit (lowest first), each demand
   only while its gain exceeds the loss of the supply it needs.
4. Apply: the chosen suppliers move out, then the chosen demands are re-planned against the real capacity.
   The exchange is kept only when the total cost drops; otherwise the plan is restored.

Everything is a fixed sequence of best responses (no clock, no randomness): same plan in, same plan out.
"""

from __future__ import annotations

import numpy as np

from optimization.allocation.local import PlanState
from optimization.allocation.order_best import best_response
from optimization.allocation.plan import evaluate

BIG = np.iinfo(np.int64).max // 8
FULL_SHARE = 0.01  # a warehouse is full when less than this share of its capacity is left


def _best(state: PlanState, order: int, wh: int, amount: int):
    """The order's best response (already released) with `amount` units of capacity left at `wh`."""
    cap = np.maximum(state.cap_left, 0)
    cap[wh] = amount
    return best_response(state.inst, state.index, order, state.slot_left, cap, state.lane_users > 0)


def _response(state: PlanState, order: int, wh: int, amount: int) -> tuple[int, int] | None:
    """(cost change, change of units shipped from `wh`) of the order's best response with `amount` units
    of capacity left there, against its current plan; the plan is left unchanged."""
    inst = state.inst
    arcs, units = state.release(order)
    old = state.order_cost(order, arcs, units)
    found = _best(state, order, wh, amount)
    state.assign(arcs, units)
    if found is None:
        return None
    new_arcs, new_units, _ = found
    new = state.order_cost(order, new_arcs, new_units)
    drawn = int(new_units[inst.arc_wh[new_arcs] == wh].sum() - units[inst.arc_wh[arcs] == wh].sum())
    return new - old, drawn


def _move(state: PlanState, order: int, wh: int) -> None:
    """Re-plan the order without `wh` (whatever its cost)."""
    arcs, units = state.release(order)
    found = _best(state, order, wh, 0)
    state.assign(*(found[:2] if found is not None else (arcs, units)))


def _choose(demand: list[tuple], supply: list[tuple], free: int) -> tuple[list[int], list[int]]:
    """Demands (gain, need, order) and supplies (loss, freed, order), sorted by rate; the orders to move."""
    takers: list[int] = []
    givers: list[int] = []
    s = 0
    for gain, need, order in demand:
        extra_loss, extra_free, pulled = 0, 0, []
        while free + extra_free < need and s + len(pulled) < len(supply):
            loss, freed, giver = supply[s + len(pulled)]
            extra_loss, extra_free = extra_loss + loss, extra_free + freed
            pulled.append(giver)
        if free + extra_free < need or extra_loss >= gain:
            continue
        takers.append(order)
        givers.extend(pulled)
        s += len(pulled)
        free += extra_free - need
    return takers, givers


def exchange(state: PlanState, wh: int, candidates: np.ndarray) -> tuple[PlanState, int]:
    """One exchange of warehouse `wh`'s capacity for the candidate orders (those short of units); returns
    the plan state (the given one, changed, or a fresh one of the old plan when the exchange did not pay)
    and the saving in cents."""
    inst = state.inst
    on = inst.arc_wh == wh
    users = np.bincount(inst.arc_order[on], weights=state.units[on], minlength=inst.n_orders)
    reaches = np.bincount(inst.arc_order[on], minlength=inst.n_orders) > 0
    demand = []
    for order in np.flatnonzero(candidates & reaches):
        out = _response(state, int(order), wh, BIG)
        if out is not None and out[0] < 0 and out[1] > 0:
            demand.append((-out[0], out[1], int(order)))
    if not demand:
        return state, 0
    takers = {d[2] for d in demand}
    supply = []
    for order in np.flatnonzero(users > 0):
        if int(order) in takers:
            continue
        out = _response(state, int(order), wh, 0)
        if out is not None and out[1] < 0:
            supply.append((max(out[0], 0), -out[1], int(order)))
    demand.sort(key=lambda d: (-d[0] / d[1], d[2]))
    supply.sort(key=lambda s: (s[0] / s[1], s[2]))
    chosen, givers = _choose(demand, supply, int(max(state.cap_left[wh], 0)))
    if not chosen:
        return state, 0
    before_units = state.units.copy()
    before = evaluate(inst, before_units).total_cents
    for order in givers:
        _move(state, order, wh)
    for order in chosen:
        state.replan(order)
    saving = before - evaluate(inst, state.units).total_cents
    if saving <= 0:
        return PlanState(inst, before_units), 0
    return state, saving


def full_warehouses(state: PlanState) -> np.ndarray:
    """Warehouses with a pick capacity limit and less than `FULL_SHARE` of it left, in index order."""
    cap = state.inst.wh_capacity
    limited = cap < BIG
    return np.flatnonzero(limited & (state.cap_left < FULL_SHARE * np.where(limited, cap, 0) + 1))
