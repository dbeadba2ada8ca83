"""Ejection chains: free a holder's stock for an order that has no other way to get it.

Best responses re-plan one order at a time, so they never make the move "A buys (or takes a transfer, or
ships from another warehouse) so that A's stock goes to B". It pays when B is short of a SKU whose only
reachable stock A holds and B's promised date is too close for a purchase, while A's is not; and when B is
served, but in several parcels or from a dearer warehouse, only because A holds the units that would let it
ship from one (cheaper) warehouse. One chain for an order B and a stock slot (warehouse, SKU) that B's arcs
draw on:

1. Gain: B's best response as if the slots it lacks stock in held the units it misses there (and their
   warehouses the pick capacity for them, which a holder moving out frees too). For a short order these are
   the slots its short lines reach, for a served order the slots that cannot fill one of its lines whole
   (counting B's own units there). The slots that response draws on beyond their stock are the candidates
   (at most `SLOTS`), and B is skipped when it would not be cheaper.
2. Holders: the orders drawing on a candidate slot; each one's loss is the cost change of its best response
   with the slot closed to it (it only ranks the holders; cached for the pass for short orders, priced
   with B released for served ones, whose holder often moves to the units B gives up). The `HOLDERS`
   cheapest whose loss is below B's gain are tried.
3. Chain: B and the holder are released, the holder moves to its best response without the slot (it may
   take what B held: a swap), then B is re-planned against what is left; the exact cost change of both
   (`PlanState.order_cost`) decides. The best chain with a negative change is applied, the others are undone
   with `release`/`assign`, so nothing is counted twice.

One round visits the served orders (missing nothing) by index, then the short orders by unfilled penalty per
missing unit (highest first, then index): a fixed sequence of best responses (no clock, no randomness), so
the same plan in gives the same plan out.
"""

from __future__ import annotations

import math
import time
from typing import NamedTuple

import numpy as np

from optimization.allocation.lns import short_orders
from optimization.allocation.local import PlanState
from optimization.allocation.order_best import best_response
from optimization.allocation.plan import parcels_per_order

HOLDERS = 8  # holders tried per (order, slot), cheapest alternative first
SLOTS = 4  # slots tried per order (those its gain draws on, in index order)


class _Slots:
    """Arcs grouped by the stock slot they draw on (computed once per instance)."""

    def __init__(self, state: PlanState) -> None:
        slot = state.inst.arc_slot
        self.by = np.argsort(slot, kind="stable")
        self.start = np.searchsorted(slot[self.by], np.arange(len(state.inst.slot_units) + 1))

    def holders(self, state: PlanState, slot: int, exclude: int) -> np.ndarray:
        arcs = self.by[self.start[slot] : self.start[slot + 1]]
        arcs = arcs[state.units[arcs] > 0]
        orders = np.unique(state.inst.arc_order[arcs])
        return orders[orders != exclude]


def _response(
    state: PlanState, order: int, slots: np.ndarray, stock: np.ndarray, cap_left: np.ndarray | None = None
) -> tuple[int, tuple] | None:
    """(cost, new plan) of the (released) order's best response against what the plan leaves, as if
    `slots` held `stock` units and the warehouses `cap_left` capacity (default: the plan's). The stock is
    set in place and put back, so that no slot-sized copy is made per response."""
    cap = np.maximum(state.cap_left if cap_left is None else cap_left, 0)
    held = state.slot_left[slots].copy()
    state.slot_left[slots] = stock
    try:
        found = best_response(state.inst, state.index, order, state.slot_left, cap, state.lane_users > 0)
    finally:
        state.slot_left[slots] = held
    if found is None:
        return None
    return state.order_cost(order, found[0], found[1]), found[:2]


def _wanted(state: PlanState, order: int, slots: np.ndarray, extra: np.ndarray) -> tuple[int, np.ndarray]:
    """The order's gain with `extra` more units in `slots`, and the slots its best response would then
    draw on beyond what they hold (empty when it would not be cheaper)."""
    none = np.array([], dtype=np.int64)
    arcs, units = state.release(order)
    old = state.order_cost(order, arcs, units)
    cap = state.cap_left.copy()  # a holder moving out frees its pick capacity too
    np.add.at(cap, state.inst.slot_wh[slots], extra)
    out = _response(state, order, slots, state.slot_left[slots] + extra, cap)
    state.assign(arcs, units)
    if out is None or out[0] >= old:
        return 0, none
    new_arcs, new_units = out[1]
    slot = state.inst.arc_slot[new_arcs]
    used, at = np.unique(slot[slot >= 0], return_inverse=True)
    drawn = np.bincount(at, weights=new_units[slot >= 0], minlength=len(used))
    used = used[drawn > state.slot_left[used]]
    return old - out[0], used[np.isin(used, slots)]


def _loss(state: PlanState, order: int, slot: int) -> int | None:
    """Cost change of the order's best response with `slot` closed to it (None when it has none)."""
    arcs, units = state.release(order)
    old = state.order_cost(order, arcs, units)
    out = _response(state, order, np.array([slot]), 0)
    state.assign(arcs, units)
    return None if out is None else out[0] - old


def _chain(state: PlanState, holder: int, order: int, slot: int, apply: bool) -> int:
    """Exact cost change of: the order and the holder released, the holder re-planned without `slot`, then
    the order re-planned. The plan is kept when `apply` and the change is negative, otherwise restored."""
    arcs_b, units_b = state.release(order)
    delta = -state.order_cost(order, arcs_b, units_b)
    arcs_a, units_a = state.release(holder)
    delta -= state.order_cost(holder, arcs_a, units_a)  # a lane both use counts once: here, not for `order`
    moved = _response(state, holder, np.array([slot]), 0)
    found = None
    if moved is not None:
        state.assign(*moved[1])
        found = _response(state, order, np.array([], dtype=np.int64), 0)
    change = 0 if found is None else delta + moved[0] + found[0]
    if found is not None and change < 0 and apply:
        state.assign(*found[1])
        return change
    if moved is not None:
        state.release(holder)
    state.assign(arcs_a, units_a)
    state.assign(arcs_b, units_b)
    return change


def _short_lines(state: PlanState, order: int) -> tuple[np.ndarray, np.ndarray]:
    """The order's lines that miss units, and how many each misses."""
    inst, index = state.inst, state.index
    l0, l1 = index.line_start[order], index.line_start[order + 1]
    arcs = state.arcs_of(order)
    filled = np.bincount(inst.arc_line[arcs] - l0, weights=state.units[arcs], minlength=l1 - l0)
    missing = inst.line_qty[l0:l1] - filled.astype(np.int64)
    lines = np.flatnonzero(missing > 0)
    return lines + l0, missing[lines]


def _candidate_slots(state: PlanState, order: int) -> tuple[np.ndarray, np.ndarray]:
    """Slots that the order's arcs for its short lines draw on and that lack the missing units, with how
    many units each lacks."""
    inst = state.inst
    lines, missing = _short_lines(state, order)
    if len(lines) == 0:
        return np.array([], dtype=np.int64), np.array([], dtype=np.int64)
    arcs = state.arcs_of(order)
    on_line = np.isin(inst.arc_line[arcs], lines) & (inst.arc_slot[arcs] >= 0)
    arcs = arcs[on_line]
    need = missing[np.searchsorted(lines, inst.arc_line[arcs])]
    slots, first = np.unique(inst.arc_slot[arcs], return_index=True)
    lack = need[first] - np.maximum(state.slot_left[slots], 0)
    keep = lack > 0
    return slots[keep].astype(np.int64), lack[keep]


def _consolidation_slots(state: PlanState, order: int) -> tuple[np.ndarray, np.ndarray]:
    """Slots that the order's arcs draw on and that cannot fill the arc's line whole, counting the order's
    own units there (they come back when it is re-planned), with how many units each lacks."""
    inst = state.inst
    arcs = state.arcs_of(order)
    arcs = arcs[inst.arc_slot[arcs] >= 0]
    slots, first, at = np.unique(inst.arc_slot[arcs], return_index=True, return_inverse=True)
    own = np.bincount(at, weights=state.units[arcs], minlength=len(slots)).astype(np.int64)
    lack = inst.line_qty[inst.arc_line[arcs[first]]] - np.maximum(state.slot_left[slots] + own, 0)
    keep = lack > 0
    return slots[keep].astype(np.int64), lack[keep]


def _improve(state: PlanState, slots_index: _Slots, order: int, losses: dict, served: bool = False) -> int:
    """Try the chains of one order (short, or `served`: missing nothing); apply the best that lowers the cost.
    Returns the saving. `losses` caches holders' losses per (holder, slot) for the pass (they only rank the
    holders); a served order's holders are priced with the order released instead (a swap: the holder may
    move to the units the order gives up), so not cached."""
    slots, lack = (_consolidation_slots if served else _candidate_slots)(state, order)
    if len(slots) == 0:
        return 0
    gain, wanted = _wanted(state, order, slots, lack)
    if served:
        losses, held = {}, state.release(order)
    tries = []
    for slot in wanted[:SLOTS].tolist():
        ranked = []
        for holder in slots_index.holders(state, slot, order).tolist():
            if (holder, slot) not in losses:
                losses[holder, slot] = _loss(state, holder, slot)
            loss = losses[holder, slot]
            if loss is not None and loss < gain:
                ranked.append((loss, holder))
        tries += [(holder, slot) for _, holder in sorted(ranked)[:HOLDERS]]
    if served:
        state.assign(*held)
    best, best_move = 0, None
    for holder, slot in tries:
        delta = _chain(state, holder, order, slot, apply=False)
        if delta < best:
            best, best_move = delta, (holder, slot)
    if best_move is None:
        return 0
    return -_chain(state, best_move[0], order, best_move[1], apply=True)


class ChainStats(NamedTuple):
    """Chains applied and their saving in cents, for served orders and for short ones."""

    served_applied: int
    served_saved: int
    short_applied: int
    short_saved: int


def chains(state: PlanState, deadline: float = math.inf) -> ChainStats:
    """One pass over the served orders (missing nothing), by index, then over the orders missing units
    they have arcs for, by unfilled penalty per missing unit (highest first); each set re-read from the
    plan. Served orders go first: their swaps free stock that short orders then get (10k, one round: 3.73%
    above the LP bound, against 3.97% the other way round). Every served order is visited, not only the
    split ones: one that ships whole from a dearer warehouse than its cheapest is worth a swap too (10k:
    3.58% against 3.73%, in 4.0 s of CPU against 1.7 s). Stops visiting orders at `deadline` (a
    `time.perf_counter()` value: a safety net)."""
    inst = state.inst
    slots_index = _Slots(state)
    penalty = np.zeros(inst.n_orders, dtype=np.int64)
    np.maximum.at(penalty, inst.line_order, inst.line_penalty)
    losses: dict = {}
    served = (parcels_per_order(inst, state.units) > 0) & ~short_orders(inst, state.units)
    served_savings = [
        _improve(state, slots_index, order, losses, served=True)
        for order in np.flatnonzero(served).tolist()
        if time.perf_counter() < deadline
    ]
    short = np.flatnonzero(short_orders(inst, state.units))
    short = short[np.lexsort((short, -penalty[short]))]
    short_savings = [
        _improve(state, slots_index, order, losses)
        for order in short.tolist()
        if time.perf_counter() < deadline
    ]
    return ChainStats(
        sum(s > 0 for s in served_savings),
        sum(served_savings),
        sum(s > 0 for s in short_savings),
        sum(short_savings),
    )
