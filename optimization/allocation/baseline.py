"""Ranked rules, as e-commerce platforms allocate: orders by priority (urgent first) then order id; for each,

1. the nearest warehouse that can ship the whole order;
2. else the fewest parcels: greedily add the warehouse that ships the most remaining lines in full;
3. else the nearest warehouse per line, taking what each has, then a transfer or emergency purchase for what
   is still missing when it costs less than leaving it unfilled.

A ship-complete order that cannot be served in full is backordered whole. "Nearest" is by distance_km when
the instance gives it, else by parcel cost. The result is a feasible plan (units per arc).
"""

from __future__ import annotations

import numpy as np

from optimization.allocation.instance import DIRECT, TRANSFER, Instance


def _starts(keys: np.ndarray, n: int) -> list[int]:
    return np.searchsorted(keys, np.arange(n + 1)).tolist()


class _State:
    def __init__(self, slot_units: np.ndarray, wh_capacity: np.ndarray, lane_paid: np.ndarray) -> None:
        self.slot_left = slot_units.tolist()
        self.cap_left = wh_capacity.tolist()
        self.lane_paid = lane_paid.tolist()


def ranked_rules(
    inst: Instance,
    orders: np.ndarray | None = None,
    residual: tuple[np.ndarray, np.ndarray, np.ndarray] | None = None,
) -> np.ndarray:
    """The ranked-rules plan: units per arc.

    `orders` (a boolean mask) and `residual` (stock per slot, pick capacity per warehouse, lanes already paid)
    let the scale approach apply the same rules to some orders against what is left.
    """
    units = np.zeros(inst.n_arcs, dtype=np.int64)
    if inst.n_orders == 0:
        return units
    nearness = np.where(np.isnan(inst.pair_distance_km), inst.pair_cost, inst.pair_distance_km)
    pair_rank = np.lexsort((inst.pair_wh, nearness, inst.pair_order))
    pair_start = _starts(inst.pair_order[pair_rank], inst.n_orders)
    line_start = _starts(inst.line_order, inst.n_orders)
    arc_start = _starts(inst.arc_line, inst.n_lines)
    ranked_pairs = pair_rank.tolist()
    arc = dict(
        line=inst.arc_line.tolist(),
        pair=inst.arc_pair.tolist(),
        kind=inst.arc_kind.tolist(),
        slot=inst.arc_slot.tolist(),
        lane=inst.arc_lane.tolist(),
        cost=inst.arc_cost.tolist(),
    )
    pair_wh = inst.pair_wh.tolist()
    pair_cost = inst.pair_cost.tolist()
    qty = inst.line_qty.tolist()
    penalty = inst.line_penalty.tolist()
    lane_fixed = inst.lane_fixed_cost.tolist()
    if residual is None:
        residual = (inst.slot_units, inst.wh_capacity, np.zeros(len(inst.lane_from), bool))
    state = _State(*residual)
    sequence = np.lexsort((np.arange(inst.n_orders), -inst.order_priority.astype(np.int64)))
    if orders is not None:
        sequence = sequence[orders[sequence]]
    sequence = sequence.tolist()
    for o in sequence:
        lines = range(line_start[o], line_start[o + 1])
        near = ranked_pairs[pair_start[o] : pair_start[o + 1]]
        direct: dict[tuple[int, int], int] = {}
        options: dict[int, list[int]] = {}
        for line in lines:
            for a in range(arc_start[line], arc_start[line + 1]):
                if arc["kind"][a] == DIRECT:
                    direct[(line, arc["pair"][a])] = a
                else:
                    options.setdefault(line, []).append(a)
        take = _whole(lines, near, direct, qty, arc, pair_wh, state)
        if take is None:
            take = _fewest(lines, near, direct, qty, arc, pair_wh, state, int(inst.order_max_parcels[o]))
        if take is None:
            max_parcels = int(inst.order_max_parcels[o])
            draft = _per_line(lines, near, direct, qty, arc, pair_wh, state, max_parcels)
            _add_options(draft, lines, options, qty, penalty, pair_cost, lane_fixed, max_parcels)
            take = draft.take
            served = {arc["line"][a]: 0 for a in take}
            for a, n in take.items():
                served[arc["line"][a]] += n
            if inst.order_ship_complete[o] and any(served.get(line, 0) < qty[line] for line in lines):
                take = {}
        _commit(take, arc, pair_wh, state, units)
    return units


class _Draft:
    """Units an order is about to take, checked against what the batch has left."""

    def __init__(self, arc: dict, pair_wh: list[int], state: _State) -> None:
        self.arc, self.pair_wh, self.state = arc, pair_wh, state
        self.take: dict[int, int] = {}
        self.slot: dict[int, int] = {}
        self.wh: dict[int, int] = {}
        self.pairs: set[int] = set()

    def room(self, a: int) -> int:
        w = self.pair_wh[self.arc["pair"][a]]
        left = self.state.cap_left[w] - self.wh.get(w, 0)
        s = self.arc["slot"][a]
        if s >= 0:
            left = min(left, self.state.slot_left[s] - self.slot.get(s, 0))
        return left

    def add(self, a: int, n: int) -> None:
        self.take[a] = self.take.get(a, 0) + n
        w = self.pair_wh[self.arc["pair"][a]]
        self.wh[w] = self.wh.get(w, 0) + n
        s = self.arc["slot"][a]
        if s >= 0:
            self.slot[s] = self.slot.get(s, 0) + n
        self.pairs.add(self.arc["pair"][a])


def _whole(lines, near, direct, qty, arc, pair_wh, state) -> dict[int, int] | None:
    for p in near:
        draft = _Draft(arc, pair_wh, state)
        for line in lines:
            a = direct.get((line, p))
            if a is None or draft.room(a) < qty[line]:
                break
            draft.add(a, qty[line])
        else:
            return draft.take
    return None


def _fewest(lines, near, direct, qty, arc, pair_wh, state, max_parcels) -> dict[int, int] | None:
    left = list(lines)
    draft = _Draft(arc, pair_wh, state)
    while left and len(draft.pairs) < max_parcels:
        best, best_cover = None, []
        for p in near:
            trial = _Draft(arc, pair_wh, state)
            trial.slot, trial.wh = dict(draft.slot), dict(draft.wh)
            cover = []
            for line in left:
                a = direct.get((line, p))
                if a is not None and trial.room(a) >= qty[line]:
                    trial.add(a, qty[line])
                    cover.append(a)
            if len(cover) > len(best_cover):
                best, best_cover = p, cover
        if best is None:
            return None
        for a in best_cover:
            draft.add(a, qty[arc["line"][a]])
        covered = {arc["line"][a] for a in best_cover}
        left = [line for line in left if line not in covered]
    return None if left else draft.take


def _per_line(lines, near, direct, qty, arc, pair_wh, state, max_parcels) -> _Draft:
    draft = _Draft(arc, pair_wh, state)
    for line in lines:
        need = qty[line]
        for p in near:
            a = direct.get((line, p))
            if need == 0 or a is None or (p not in draft.pairs and len(draft.pairs) >= max_parcels):
                continue
            n = min(need, draft.room(a))
            if n > 0:
                draft.add(a, n)
                need -= n
    return draft


def _add_options(draft: _Draft, lines, options, qty, penalty, pair_cost, lane_fixed, max_parcels) -> None:
    arc, state = draft.arc, draft.state
    paid = set()
    for line in lines:
        need = qty[line] - sum(n for a, n in draft.take.items() if arc["line"][a] == line)
        for a in sorted(options.get(line, []), key=lambda a: (arc["cost"][a], a)):
            p = arc["pair"][a]
            if need == 0 or (p not in draft.pairs and len(draft.pairs) >= max_parcels):
                continue
            n = min(need, draft.room(a))
            lane = arc["lane"][a] if arc["kind"][a] == TRANSFER else -1
            fixed = 0 if p in draft.pairs else pair_cost[p]
            if lane >= 0 and not state.lane_paid[lane] and lane not in paid:
                fixed += lane_fixed[lane]
            if n <= 0 or n * arc["cost"][a] + fixed >= n * penalty[line]:
                continue
            draft.add(a, n)
            need -= n
            if lane >= 0:
                paid.add(lane)


def _commit(take: dict[int, int], arc: dict, pair_wh: list[int], state: _State, units: np.ndarray) -> None:
    for a, n in take.items():
        units[a] += n
        state.cap_left[pair_wh[arc["pair"][a]]] -= n
        if arc["slot"][a] >= 0:
            state.slot_left[arc["slot"][a]] -= n
        if arc["kind"][a] == TRANSFER:
            state.lane_paid[arc["lane"][a]] = True
