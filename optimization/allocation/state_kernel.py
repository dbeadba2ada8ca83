"""Compiled bookkeeping of `local.PlanState`: apply an order's units to what the plan leaves, and price an
order's plan exactly. A solve makes some 100,000 of these calls on a handful of arcs each, where numpy's
per-call overhead (`np.add.at`, `unique`) cost more than the work; these loops give the same integers."""

from __future__ import annotations

from numba import njit

from optimization.allocation.instance import TRANSFER  # a plain int: a compile-time constant


@njit(cache=True)
def apply_units(
    arcs, units, sign, arc_slot, arc_wh, arc_kind, arc_lane, plan, slot_left, cap_left, lane_users
):
    """Add (`sign` +1) or remove (-1) the units on the arcs (those with units > 0) to or from the plan,
    updating the stock left per slot, the capacity left per warehouse and the users per lane."""
    for i in range(len(arcs)):
        u = units[i]
        if u <= 0:
            continue
        a = arcs[i]
        if arc_slot[a] >= 0:
            slot_left[arc_slot[a]] -= sign * u
        cap_left[arc_wh[a]] -= sign * u
        if arc_kind[a] == TRANSFER:
            lane_users[arc_lane[a]] += sign
        plan[a] += sign * u


@njit(cache=True)
def plan_cost(
    arcs, units, l0, l1, split_penalty, arc_cost, arc_pair, arc_line, arc_kind, arc_lane,
    pair_cost, line_qty, line_penalty, lane_fixed_cost, lane_users,
):  # fmt: skip
    """Exact cost in cents of one order's plan (arcs, units), the order itself released: units, each
    distinct parcel, the split penalty, backorders, and the fixed cost of lanes no other order uses."""
    total = 0
    filled = [0] * (l1 - l0)
    pairs = [-1]  # typed list seed; -1 is never a pair
    lanes = [-1]
    for i in range(len(arcs)):
        u = units[i]
        if u <= 0:
            continue
        a = arcs[i]
        total += u * arc_cost[a]
        filled[arc_line[a] - l0] += u
        if arc_pair[a] not in pairs:
            pairs.append(arc_pair[a])
        if arc_kind[a] == TRANSFER and arc_lane[a] not in lanes:
            lanes.append(arc_lane[a])
    for p in pairs[1:]:
        total += pair_cost[p]
    total += max(len(pairs) - 2, 0) * split_penalty
    for k in range(l1 - l0):
        total += (line_qty[l0 + k] - filled[k]) * line_penalty[l0 + k]
    for lane in lanes[1:]:
        if lane_users[lane] == 0:
            total += lane_fixed_cost[lane]
    return total
