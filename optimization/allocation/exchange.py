"""Capacity exchange: hand a full warehouse's pick capacity to the orders that value it most.

Order-by-order local search cannot move capacity: when a warehouse is full, an order that could only be
filled there (its SKU is stocked nowhere else within its promised days, or its other parcels are taken)
stays short, although another order ships from there for a few cents less than its next-best warehouse.
One exchange at a full warehouse w:

1. Demand: every order that is short or split and has arcs at w gets its best response as if w had no
   capacity limit; its gain per extra unit at w is what the capacity is worth to it.
2. Supply: every other order shipping from w gets its best response with w closed; its loss per unit freed
   is what giving up the capacity costs it.
3. Match and apply, one demand at a time, by gain per unit (highest first, then order index): the demand
   takes the capacity left plus the cheapest unused supply (loss per unit, lowest first) it needs, only
   while its gain exceeds that supply's loss; those suppliers move out, the demand is re-planned against
   the real capacity, and the move is kept only when the total cost drops, otherwise just this demand's
   move is rolled back (its suppliers stay available to the next demand). Two demands may compete for the
   same stock, so pricing them all together and applying them all at once could lose the swaps that pay.

Everything is a fixed sequence of best responses (no clock, no randomness): same plan in, same plan out.
"""

from __future__ import annotations

import numpy as np

from optimization.allocation.local import PlanState
from optimization.allocation.order_best import best_response

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


def _shift(state: PlanState, order: int, found) -> tuple[int, tuple[np.ndarray, np.ndarray]]:
    """Re-plan the order with `found(state)` (a best response, or None to keep its plan); returns the exact
    change of the total cost and the order's previous (arcs, units), to roll back with `_restore`."""
    arcs, units = state.release(order)
    old = state.order_cost(order, arcs, units)
    response = found(state)
    if response is None:
        state.assign(arcs, units)
        return 0, (arcs, units)
    new_arcs, new_units, _ = response
    change = state.order_cost(order, new_arcs, new_units) - old
    state.assign(new_arcs, new_units)
    return change, (arcs, units)


def _restore(state: PlanState, order: int, previous: tuple[np.ndarray, np.ndarray]) -> None:
    state.release(order)
    state.assign(*previous)


def _swap(state: PlanState, wh: int, taker: int, givers: list[int]) -> int:
    """Move the givers out of `wh` (whatever it costs them), then re-plan the taker if that is cheaper for
    it; keep all of it only if the total cost drops, else roll it back. Returns the saving (0 if undone)."""
    done = []
    total = 0
    for order in givers:
        change, previous = _shift(state, order, lambda s, o=order: _best(s, o, wh, 0))
        done.append((order, previous))
        total += change
    change, previous = _shift(state, taker, lambda s: _best(s, taker, wh, int(max(s.cap_left[wh], 0))))
    if change < 0:
        done.append((taker, previous))
        total += change
    else:
        _restore(state, taker, previous)
    if total < 0:
        return -total
    for order, previous in reversed(done):
        _restore(state, order, previous)
    return 0


def _pull(supply: list[tuple], start: int, free: int, need: int) -> tuple[int, int]:
    """From `supply[start:]`, the fewest suppliers that free `need` units beyond `free`: (end, their loss);
    end is -1 when the supply runs out first."""
    end, loss = start, 0
    while free < need:
        if end == len(supply):
            return -1, loss
        loss, free, end = loss + supply[end][0], free + supply[end][1], end + 1
    return end, loss


def exchange(state: PlanState, wh: int, candidates: np.ndarray) -> tuple[PlanState, int]:
    """One exchange of warehouse `wh`'s capacity for the candidate orders (those short of units): the
    given plan state, changed only by the swaps that lowered the total cost, and the saving in cents."""
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
    saved, used = 0, 0
    for gain, need, order in demand:
        end, loss = _pull(supply, used, int(max(state.cap_left[wh], 0)), need)
        if end < 0 or loss >= gain:
            continue
        saving = _swap(state, wh, order, [s[2] for s in supply[used:end]])
        if saving > 0:
            saved += saving
            used = end
    return state, saved


def full_warehouses(state: PlanState) -> np.ndarray:
    """Warehouses with a positive pick capacity limit and less than `FULL_SHARE` of it left, in index
    order (a warehouse with no pick capacity has nothing to exchange)."""
    cap = state.inst.wh_capacity
    limited = (cap > 0) & (cap < BIG)
    return np.flatnonzero(limited & (state.cap_left < FULL_SHARE * np.where(limited, cap, 0) + 1))
