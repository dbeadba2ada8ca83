"""Best plan for one order against the stock and capacity the other orders leave (a best response).

An order ships from at most `max_parcels` warehouses. For every set of at most that many of its candidate
warehouses the cost is the parcels' cost plus, per line, the cheapest way to fill it from one warehouse of
the set (its arcs there filled cheapest first, the rest backordered); the cheapest set wins. All sets are
scored at once with numpy. A line is filled from a single warehouse of the set, which is exact whenever one
warehouse can fill it (nearly always: most lines are one or two units); the restricted MIPs of the LNS
cover the rest.
"""

from __future__ import annotations

from functools import cache
from itertools import combinations

import numpy as np

from optimization.allocation.instance import TRANSFER, Instance

MAX_SETS = 6000  # beyond this many candidate sets only the most useful warehouses are combined


@cache
def _sets(n_pairs: int, max_parcels: int) -> np.ndarray:
    """Every set of 0..max_parcels of n_pairs warehouses (the empty set first) as rows of pair positions,
    padded with n_pairs (a column that serves nothing)."""
    k = min(max_parcels, n_pairs)
    width = max(k, 1)
    rows = [(n_pairs,) * width]
    for size in range(1, k + 1):
        rows += [combo + (n_pairs,) * (width - size) for combo in combinations(range(n_pairs), size)]
    return np.array(rows, dtype=np.int64)


@cache
def _real_slots(n_pairs: int, max_parcels: int) -> np.ndarray:
    """Per row of `_sets`: bit j set when slot j is a warehouse, not the padding column."""
    real = _sets(n_pairs, max_parcels) != n_pairs
    return (real.astype(np.int64) << np.arange(real.shape[1])).sum(axis=1)


def _n_sets(n_pairs: int, max_parcels: int) -> int:
    total, term = 1, 1
    for size in range(1, min(max_parcels, n_pairs) + 1):
        term = term * (n_pairs - size + 1) // size
        total += term
    return total


class Index:
    """Per-order ranges over the instance's lines, pairs and arcs (all sorted by order)."""

    def __init__(self, inst: Instance) -> None:
        orders = np.arange(inst.n_orders + 1)
        self.line_start = np.searchsorted(inst.line_order, orders)
        self.pair_start = np.searchsorted(inst.pair_order, orders)
        self.arc_start = np.searchsorted(inst.line_order[inst.arc_line], orders)
        self.lane_fixed_cost = np.append(inst.lane_fixed_cost, 0)  # lane -1 (no lane) reads 0


def best_response(
    inst: Instance,
    index: Index,
    order: int,
    slot_left: np.ndarray,
    cap_left: np.ndarray,
    lane_paid: np.ndarray,
) -> tuple[np.ndarray, np.ndarray, int] | None:
    """The order's cheapest plan against what is left: (arc ids, units, estimated cost in cents), or None
    when no plan within the capacity left was found. `slot_left` and `cap_left` must already include the
    order's own current units (as if it were unplanned)."""
    arcs = np.arange(index.arc_start[order], index.arc_start[order + 1])
    slot = inst.arc_slot[arcs]
    wh = inst.arc_wh[arcs]
    # slot -1 (a purchase) is not limited: masked just below (no copy of the slot-sized array per call)
    left = slot_left[np.maximum(slot, 0)] if len(slot_left) else np.zeros(len(slot), dtype=np.int64)
    avail = np.where(slot >= 0, np.minimum(inst.arc_cap[arcs], left), inst.arc_cap[arcs])
    avail = np.minimum(np.maximum(avail, 0), np.maximum(cap_left[wh], 0))  # np.clip, without its overhead
    for _ in range(3):  # lines that share a warehouse may together exceed its capacity: close it and retry
        picked, units, cost = _best(inst, index, order, arcs, avail, lane_paid)
        load = np.bincount(inst.arc_wh[picked], weights=units, minlength=len(cap_left))
        over = load > cap_left
        if not over.any():
            return picked, units, cost
        avail = np.where(over[wh], 0, avail)
    return None


def _best(
    inst: Instance, index: Index, order: int, arcs: np.ndarray, avail: np.ndarray, lane_paid: np.ndarray
) -> tuple[np.ndarray, np.ndarray, int]:
    l0, l1 = index.line_start[order], index.line_start[order + 1]
    p0, p1 = index.pair_start[order], index.pair_start[order + 1]
    n_lines, n_pairs = l1 - l0, p1 - p0
    if n_lines == 0:
        return arcs[:0], np.zeros(0, dtype=np.int64), 0
    qty = inst.line_qty[l0:l1]
    penalty = inst.line_penalty[l0:l1]
    cost = inst.arc_cost[arcs].astype(np.float64)
    lane = inst.arc_lane[arcs]
    unpaid = (inst.arc_kind[arcs] == TRANSFER) & ~np.append(lane_paid, True)[lane]
    # an unpaid lane's fixed cost is spread over the units this line could move on it
    cost = cost + np.where(unpaid, index.lane_fixed_cost[lane] / np.maximum(avail, 1), 0.0)
    line = inst.arc_line[arcs] - l0
    pair = inst.arc_pair[arcs] - p0
    worth = (avail > 0) & (cost < penalty[line])
    # fill each (line, pair) cheapest first
    by = np.lexsort((arcs, cost, pair, line))
    by = by[worth[by]]
    key = line[by] * n_pairs + pair[by]
    run_start = np.searchsorted(key, key)
    cum = np.cumsum(avail[by])
    before = cum - avail[by] - (cum[run_start] - avail[by][run_start])
    take = np.minimum(np.maximum(qty[line[by]] - before, 0), avail[by])  # np.clip, without its overhead
    width = n_pairs + 1
    cell = line[by] * width + pair[by]
    fill_cost = np.bincount(cell, weights=take * cost[by], minlength=n_lines * width)
    filled = np.bincount(cell, weights=take, minlength=n_lines * width)
    line_cost = (fill_cost + (np.repeat(qty, width) - filled) * np.repeat(penalty, width)).reshape(
        n_lines, width
    )
    full = filled.reshape(n_lines, width) >= qty[:, None]
    max_parcels = int(inst.order_max_parcels[order])
    candidates = _candidate_pairs(line_cost, qty * penalty, max_parcels)
    sets = candidates[_sets(len(candidates) - 1, max_parcels)]  # sets x slots, pair positions
    best, best_slot = _cheapest_slots(line_cost, sets)
    complete = None
    if inst.order_ship_complete[order]:  # each line full from the pair its slot picks
        chosen = np.take_along_axis(sets, best_slot.astype(np.intp), axis=1)  # sets x lines
        complete = full[np.arange(n_lines), chosen].all(axis=1)
    total = _line_sum(best)
    # a slot is used when some line takes it and it is not the padding column; a set's slots are distinct
    taken = np.left_shift(1, best_slot[:, 0], dtype=np.int64)  # bit j: some line takes slot j
    for k in range(1, n_lines):
        taken |= np.left_shift(1, best_slot[:, k], dtype=np.int64)
    taken &= _real_slots(len(candidates) - 1, max_parcels)
    parcel = np.append(inst.pair_cost[p0:p1], 0)[sets]  # sets x slots, whole cents
    parcels = (taken & 1) * parcel[:, 0]
    for j in range(1, sets.shape[1]):
        parcels += ((taken >> j) & 1) * parcel[:, j]
    n_used = np.bitwise_count(taken).astype(np.int64)
    total = total + parcels.astype(np.float64) + np.maximum(n_used - 1, 0) * inst.weights.split_penalty_cents
    if complete is not None:
        total = np.where(complete, total, np.inf)
        total[0] = float(qty @ penalty)  # the empty set: backorder the whole order
    s = int(np.argmin(total))
    chosen_pair = sets[s][best_slot[s]]
    keep = (chosen_pair[line[by]] == pair[by]) & (take > 0)
    return arcs[by][keep], take[keep].astype(np.int64), int(np.rint(total[s]))


def _cheapest_slots(line_cost: np.ndarray, sets: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per set (row of `sets`, pair positions) and line (row of `line_cost`): the cheapest slot's cost and
    the slot, the first one on ties (as `argmin`), sets x lines, one slot column at a time."""
    by_pair = np.ascontiguousarray(line_cost.T)  # pairs x lines: a set's slot gathers whole rows
    best = by_pair[sets[:, 0]]
    best_slot = np.zeros(best.shape, dtype=np.int8)
    for j in range(1, sets.shape[1]):
        column = by_pair[sets[:, j]]
        better = column < best
        np.copyto(best, column, where=better)
        np.copyto(best_slot, j, where=better)
    return best, best_slot


def _line_sum(best: np.ndarray) -> np.ndarray:
    """Sum over lines (columns of `best`) in line order, as `sum(axis=0)` adds the rows of a lines x sets
    array (numpy's pairwise summation along a contiguous axis would round differently from 8 lines on)."""
    total = best[:, 0].copy()
    for k in range(1, best.shape[1]):
        total += best[:, k]
    return total


def _candidate_pairs(line_cost: np.ndarray, all_backordered: np.ndarray, max_parcels: int) -> np.ndarray:
    """Pair positions worth combining (plus the padding column): those that fill something, and when there
    are too many sets, only the most useful ones (largest saving over backordering, summed over lines)."""
    n_pairs = line_cost.shape[1] - 1
    saving = (all_backordered[:, None] - line_cost[:, :n_pairs]).clip(min=0).sum(axis=0)
    useful = np.flatnonzero(saving > 0)
    keep = len(useful)
    while keep > 1 and _n_sets(keep, max_parcels) > MAX_SETS:
        keep -= 1
    useful = useful[np.lexsort((useful, -saving[useful]))[:keep]]
    return np.append(np.sort(useful), n_pairs)
