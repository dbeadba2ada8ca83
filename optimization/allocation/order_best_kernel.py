"""Compiled core of the per-order best response (`order_best.py`), one order per call.

The numpy formulation scored every warehouse set with a few dozen array operations; on orders of one or two
lines and a dozen warehouses their fixed cost per call dominated (about half a millisecond, some 20,000 calls
per 10k-order solve). This is the same computation as plain loops compiled with numba: the same arcs, the
same floating-point sums in the same order, the same tie-breaking (the first set, the first slot), so that
it returns the same plan.

Per order: each arc's units available (stock, pick capacity); per (line, warehouse) the line filled from
that warehouse's arcs cheapest first, the rest backordered; the most useful warehouses (at most `MAX_SETS`
sets of at most `max_parcels` of them); every such set scored (per line its cheapest warehouse of the set,
plus the parcels used and the split penalty); the cheapest set wins. A warehouse the chosen lines together
overload is closed and the order scored again (at most three times).
"""

from __future__ import annotations

import numpy as np
from numba import njit

from optimization.allocation.instance import TRANSFER  # a plain int: a compile-time constant

MAX_SETS = 6000  # beyond this many candidate sets only the most useful warehouses are combined
RETRIES = 3  # lines that share a warehouse may together exceed its capacity: close it and retry


@njit(cache=True)
def n_sets(n_pairs: int, max_parcels: int) -> int:
    """Sets of 0..max_parcels of n_pairs warehouses."""
    total, term = 1, 1
    for size in range(1, min(max_parcels, n_pairs) + 1):
        term = term * (n_pairs - size + 1) // size
        total += term
    return total


@njit(cache=True)
def _fill(order_arcs, avail, cost, line, pair, qty, penalty, n_lines, n_pairs):
    """Arcs worth using, sorted by (line, pair, cost, arc); the units each takes when its (line, pair)
    fills cheapest first; and per (line, pair + padding column) the line's cost and whether it is full."""
    worth = np.empty(len(order_arcs), dtype=np.int64)
    n = 0
    for i in range(len(order_arcs)):
        if avail[i] > 0 and cost[i] < penalty[line[i]]:
            worth[n] = i
            n += 1
    by = worth[:n]
    # lexsort by (line, pair, cost, arc): stable sorts from the least significant key; arcs are in order
    by = by[np.argsort(cost[by], kind="mergesort")]
    by = by[np.argsort(pair[by], kind="mergesort")]
    by = by[np.argsort(line[by], kind="mergesort")]
    width = n_pairs + 1
    fill_cost = np.zeros(n_lines * width)
    filled = np.zeros(n_lines * width)
    take = np.zeros(n, dtype=np.int64)
    before = 0
    for k in range(n):
        i = by[k]
        if k > 0 and (line[i] != line[by[k - 1]] or pair[i] != pair[by[k - 1]]):
            before = 0
        t = min(max(qty[line[i]] - before, 0), avail[i])
        before += avail[i]
        take[k] = t
        cell = line[i] * width + pair[i]
        fill_cost[cell] += t * cost[i]
        filled[cell] += t
    line_cost = np.empty((n_lines, width))
    full = np.empty((n_lines, width), dtype=np.bool_)
    for ln in range(n_lines):
        for p in range(width):
            cell = ln * width + p
            line_cost[ln, p] = fill_cost[cell] + (qty[ln] - filled[cell]) * penalty[ln]
            full[ln, p] = filled[cell] >= qty[ln]
    return by, take, line_cost, full


@njit(cache=True)
def _candidates(line_cost, qty, penalty, max_parcels):
    """Pair positions worth combining, ascending (plus the padding column last): those that fill something,
    and when there are too many sets only the most useful (largest saving over backordering)."""
    n_lines, width = line_cost.shape
    n_pairs = width - 1
    saving = np.zeros(n_pairs)
    for ln in range(n_lines):
        backordered = qty[ln] * penalty[ln]
        for p in range(n_pairs):
            s = backordered - line_cost[ln, p]
            saving[p] += s if s > 0 else 0.0
    useful = np.flatnonzero(saving > 0)
    keep = len(useful)
    while keep > 1 and n_sets(keep, max_parcels) > MAX_SETS:
        keep -= 1
    if keep < len(useful):
        by = np.argsort(-saving[useful], kind="mergesort")  # ties: lower position first, as lexsort
        useful = np.sort(useful[by[:keep]])
    out = np.empty(len(useful) + 1, dtype=np.int64)
    out[: len(useful)] = useful
    out[len(useful)] = n_pairs
    return out


@njit(cache=True)
def _score(line_cost, full, members, size, width, parcel, split_penalty, complete_only, slot):
    """Cost of one set (`members[:size]` pair positions, padded to `width` slots with the padding column)
    and per line its slot (written to `slot`); inf when `complete_only` and a line is not full."""
    n_lines = line_cost.shape[0]
    pad = line_cost.shape[1] - 1
    total = 0.0
    taken = 0
    for ln in range(n_lines):
        best = line_cost[ln, members[0] if size > 0 else pad]
        best_j = 0
        for j in range(1, width):
            v = line_cost[ln, members[j] if j < size else pad]
            if v < best:
                best, best_j = v, j
        slot[ln] = best_j
        total = best if ln == 0 else total + best
        taken |= 1 << best_j
        if complete_only and not full[ln, members[best_j] if best_j < size else pad]:
            return np.inf
    parcels = 0
    used = 0
    for j in range(size):
        if (taken >> j) & 1:
            parcels += parcel[members[j]]
            used += 1
    return total + float(parcels) + max(used - 1, 0) * split_penalty


@njit(cache=True)
def _best(line_cost, full, qty, penalty, parcel, max_parcels, split_penalty, ship_complete):
    """The cheapest set: (pair per line, n_pairs for a backordered line; estimated cost)."""
    n_lines, width_all = line_cost.shape
    candidates = _candidates(line_cost, qty, penalty, max_parcels)
    n_cand = len(candidates) - 1
    k = min(max_parcels, n_cand)
    width = max(k, 1)
    members = np.empty(width, dtype=np.int64)
    slot = np.zeros(n_lines, dtype=np.int64)
    best_slot = np.zeros(n_lines, dtype=np.int64)
    best_members = np.empty(width, dtype=np.int64)
    best_size = 0
    # the empty set first: every line backordered (its slot 0 is the padding column)
    best_total = _score(line_cost, full, members, 0, width, parcel, split_penalty, False, slot)
    if ship_complete:  # backordering the whole order, in whole cents
        backordered = 0
        for ln in range(n_lines):
            backordered += qty[ln] * penalty[ln]
        best_total = float(backordered)
    # A lower bound for every set: each line at its cheapest column, plus all the set's parcels. A set that
    # some line does not take a warehouse of costs what the smaller set without it cost (scored earlier,
    # sets go by size), so it never wins; the others cost at least the bound. Sets whose bound is not below
    # the best so far are skipped: the same result, with the same sums (rounding is monotone).
    floor = 0.0
    for ln in range(n_lines):
        m = line_cost[ln, width_all - 1]
        for c in range(n_cand):
            m = min(m, line_cost[ln, candidates[c]])
        floor = m if ln == 0 else floor + m
    positions = np.empty(width, dtype=np.int64)
    for size in range(1, k + 1):
        for j in range(size):
            positions[j] = j
        while True:
            parcels = 0
            for j in range(size):
                members[j] = candidates[positions[j]]
                parcels += parcel[members[j]]
            total = np.inf
            if floor + float(parcels) + max(size - 1, 0) * split_penalty < best_total:
                total = _score(
                    line_cost, full, members, size, width, parcel, split_penalty, ship_complete, slot
                )
            if total < best_total:
                best_total, best_size = total, size
                best_slot[:] = slot
                best_members[:size] = members[:size]
            # next combination in lexicographic order
            j = size - 1
            while j >= 0 and positions[j] == n_cand - size + j:
                j -= 1
            if j < 0:
                break
            positions[j] += 1
            for i in range(j + 1, size):
                positions[i] = positions[i - 1] + 1
    chosen = np.full(n_lines, width_all - 1, dtype=np.int64)
    for ln in range(n_lines):
        if best_slot[ln] < best_size:
            chosen[ln] = best_members[best_slot[ln]]
    return chosen, best_total


@njit(cache=True)
def best_response_kernel(
    a0, a1, l0, l1, p0, p1, max_parcels, ship_complete, split_penalty,
    arc_cost, arc_lane, arc_kind, arc_line, arc_pair, arc_cap, arc_slot, arc_wh,
    line_qty, line_penalty, pair_cost, lane_fixed_cost, slot_left, cap_left, lane_paid,
):  # fmt: skip
    """The order's cheapest plan: (arc ids, units, estimated cost in cents, found). `slot_left` and
    `cap_left` already include the order's own units; found is False when every retry overloaded a
    warehouse."""
    n = a1 - a0
    n_lines, n_pairs = l1 - l0, p1 - p0
    order_arcs = np.arange(a0, a1)
    avail = np.empty(n, dtype=np.int64)
    cost = np.empty(n)
    line = np.empty(n, dtype=np.int64)
    pair = np.empty(n, dtype=np.int64)
    for i in range(n):
        a = a0 + i
        left = arc_cap[a]
        if arc_slot[a] >= 0:
            left = min(left, slot_left[arc_slot[a]])
        avail[i] = min(max(left, 0), max(cap_left[arc_wh[a]], 0))
        line[i] = arc_line[a] - l0
        pair[i] = arc_pair[a] - p0
    qty = line_qty[l0:l1]
    penalty = line_penalty[l0:l1]
    parcel = np.zeros(n_pairs + 1, dtype=np.int64)
    parcel[:n_pairs] = pair_cost[p0:p1]
    empty = (order_arcs[:0], np.zeros(0, dtype=np.int64), 0, True)
    if n_lines == 0:
        return empty
    for _ in range(RETRIES):
        for i in range(n):
            a = a0 + i
            c = float(arc_cost[a])
            lane = arc_lane[a]
            if arc_kind[a] == TRANSFER and lane >= 0 and not lane_paid[lane]:
                # an unpaid lane's fixed cost is spread over the units this line could move on it
                c = c + lane_fixed_cost[lane] / max(avail[i], 1)
            cost[i] = c
        by, take, line_cost, full = _fill(order_arcs, avail, cost, line, pair, qty, penalty, n_lines, n_pairs)
        chosen, total = _best(
            line_cost, full, qty, penalty, parcel, max_parcels, split_penalty, ship_complete
        )
        keep = np.zeros(len(by), dtype=np.bool_)
        load = np.zeros(len(cap_left), dtype=np.int64)
        for k in range(len(by)):
            i = by[k]
            if chosen[line[i]] == pair[i] and take[k] > 0:
                keep[k] = True
                load[arc_wh[a0 + i]] += take[k]
        over = False
        for w in range(len(cap_left)):
            if load[w] > cap_left[w]:
                over = True
                for i in range(n):
                    if arc_wh[a0 + i] == w:
                        avail[i] = 0
        if not over:
            return order_arcs[by[keep]], take[keep], np.int64(np.rint(total)), True
    return empty[0], empty[1], 0, False
