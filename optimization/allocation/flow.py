"""The allocation as a min-cost flow: a fast integral relaxation, and the engine of the scale approach.

Without parcels, the parcel cap, ship-complete orders and lane fixed costs, allocation is a transportation
problem: stock slots supply units, order lines demand them, every arc has a cost per unit, and a line may
always take its shortfall as a backorder at its penalty. OR-Tools' min-cost flow solves it exactly, with
integral units, in about a second for 10k orders. Two uses:

- `flow_bound`: parcel and lane fixed costs charged per unit at their lowest valid rate (a parcel of an
  (order, warehouse) pair costs at least f x units / Q, where Q is the most units the order could take
  there) gives a relaxation of the full model over all its arcs, hence a true lower bound.
- `SlopeScaling`: the same network with parcel and lane fixed costs spread over the units that used them in
  the previous round (Kim & Pardalos' dynamic slope scaling), pick capacity and the parcel cap priced.

Network: source -> stock slot (units on hand) -> order line (direct and transfer arcs); source -> order
line (purchase arcs and the backorder arc); the source supplies exactly the total demand, so the flow is
always feasible.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from ortools.graph.python import min_cost_flow

from optimization.allocation.instance import TRANSFER, Instance

STEP_FACTOR = 4.0  # price step per round, in median parcel costs (capacity: per 100% overload)
TOLL_FACTOR = 0.25  # parcel-cap toll step, in price steps
LANE_UNITS = 10  # a lane's fixed cost is spread over at least this many units


@dataclass(frozen=True)
class Network:
    """The fixed structure of the flow network for some lines and arcs of an instance."""

    lines: np.ndarray  # instance line of each line node
    arcs: np.ndarray  # instance arc of each arc-flow arc (the first len(arcs) arcs of the network)
    tails: np.ndarray
    heads: np.ndarray
    caps: np.ndarray
    supplies: np.ndarray


def build_network(
    inst: Instance, line_mask: np.ndarray, arc_mask: np.ndarray, slot_units: np.ndarray
) -> Network:
    """Network over the masked lines and arcs against the given stock per slot."""
    lines = np.flatnonzero(line_mask)
    arcs = np.flatnonzero(arc_mask & line_mask[inst.arc_line])
    n_slot = len(inst.slot_units)
    source, slot0, line0 = 0, 1, 1 + n_slot
    line_pos = np.full(inst.n_lines, -1, dtype=np.int64)
    line_pos[lines] = np.arange(len(lines))
    demand = inst.line_qty[lines]
    slot = inst.arc_slot[arcs]
    tails = np.concatenate([np.where(slot >= 0, slot0 + slot, source), np.zeros(n_slot + len(lines))])
    heads = np.concatenate(
        [line0 + line_pos[inst.arc_line[arcs]], slot0 + np.arange(n_slot), line0 + np.arange(len(lines))]
    )
    caps = np.concatenate([inst.arc_cap[arcs], np.maximum(slot_units, 0), demand])
    supplies = np.zeros(line0 + len(lines), dtype=np.int64)
    supplies[source] = int(demand.sum())
    supplies[line0:] = -demand
    return Network(
        lines, arcs, tails.astype(np.int32), heads.astype(np.int32), caps.astype(np.int64), supplies
    )


def solve_flow(inst: Instance, net: Network, arc_cost: np.ndarray) -> tuple[np.ndarray, int]:
    """Min-cost flow with integer `arc_cost` per unit (one per arc-flow arc, in cents); returns units per
    instance arc and the optimal cost."""
    n_slot = len(inst.slot_units)
    costs = np.concatenate(
        [arc_cost.astype(np.int64), np.zeros(n_slot, dtype=np.int64), inst.line_penalty[net.lines]]
    )
    flow = min_cost_flow.SimpleMinCostFlow()
    flow.add_arcs_with_capacity_and_unit_cost(net.tails, net.heads, net.caps, costs.astype(np.int64))
    flow.set_nodes_supplies(np.arange(len(net.supplies), dtype=np.int32), net.supplies)
    status = flow.solve()
    if status != flow.OPTIMAL:  # cannot happen: the backorder arcs make every instance feasible
        raise RuntimeError(f"min-cost flow returned {status}")
    units = np.zeros(inst.n_arcs, dtype=np.int64)
    units[net.arcs] = flow.flows(np.arange(len(net.arcs), dtype=np.int32))
    return units, int(flow.optimal_cost())


def parcel_room(inst: Instance) -> np.ndarray:
    """Q per pair: the most units its order could take from that warehouse (all arcs, every source)."""
    if inst.n_arcs == 0:
        return np.zeros(len(inst.pair_order))
    # arcs are sorted by (line, pair): each (line, pair) is one run of adjacent arcs
    new_run = np.ones(inst.n_arcs, bool)
    new_run[1:] = (inst.arc_line[1:] != inst.arc_line[:-1]) | (inst.arc_pair[1:] != inst.arc_pair[:-1])
    starts = np.flatnonzero(new_run)
    per_run = np.minimum(np.add.reduceat(inst.arc_cap, starts), inst.line_qty[inst.arc_line[starts]])
    return np.bincount(inst.arc_pair[starts], weights=per_run, minlength=len(inst.pair_order))


def lane_room(inst: Instance) -> np.ndarray:
    """Per transfer lane: the most units it could carry (sum of its arcs' caps)."""
    on_lane = inst.arc_kind == TRANSFER
    return np.bincount(inst.arc_lane[on_lane], weights=inst.arc_cap[on_lane], minlength=len(inst.lane_from))


def lowest_rates(inst: Instance) -> np.ndarray:
    """Per arc: unit cost plus its parcel's and its lane's fixed cost at the lowest rate any plan pays."""
    parcel = inst.pair_cost / np.maximum(parcel_room(inst), 1)
    lane = inst.lane_fixed_cost / np.maximum(lane_room(inst), 1)
    return inst.arc_cost + parcel[inst.arc_pair] + np.append(lane, 0.0)[inst.arc_lane]


def flow_bound(inst: Instance) -> float:
    """A lower bound on the cost of any plan (cents): the flow relaxation over every arc of the instance.

    Relaxed: pick capacity, the parcel cap, ship-complete and the split penalty (each only adds cost or
    removes plans); each parcel is charged f x units / Q with Q from `parcel_room`, and each lane its fixed
    cost x units / its room, rates no plan can undercut. Costs are rounded down to the cent, so the bound
    stays valid.
    """
    if inst.n_lines == 0:
        return 0.0
    net = build_network(inst, np.ones(inst.n_lines, bool), np.ones(inst.n_arcs, bool), inst.slot_units)
    _, cost = solve_flow(inst, net, np.floor(lowest_rates(inst)[net.arcs]))
    return float(cost)


class SlopeScaling:
    """Dynamic slope scaling over a fixed network (see the module docstring); each `step` is one flow.

    Pick capacity counts every unit a warehouse ships (its own stock, transfers in, purchases) but not the
    units it transfers out, which one commodity flow cannot express; it is priced instead: a warehouse over
    capacity gets a per-unit surcharge that grows each round it stays over (a subgradient step). An order
    over its parcel cap pays a growing toll per parcel, and a warehouse it does not use yet is priced as if
    it shipped one unit there, so that it consolidates rather than spreads.
    """

    def __init__(
        self,
        inst: Instance,
        line_mask: np.ndarray,
        arc_mask: np.ndarray,
        slot_units: np.ndarray,
        wh_capacity: np.ndarray,
    ) -> None:
        self.inst = inst
        self.net = build_network(inst, line_mask, arc_mask, slot_units)
        self.wh_capacity = wh_capacity
        self.pair_rate = inst.pair_cost / np.maximum(parcel_room(inst), 1)  # the lowest valid rates first
        self.lane_rate = inst.lane_fixed_cost / np.maximum(lane_room(inst), 1)
        self.surcharge = np.zeros(len(inst.wh_code))
        self.toll = np.zeros(inst.n_orders)
        self.step_cents = STEP_FACTOR * float(np.median(inst.pair_cost)) if len(inst.pair_cost) else 0.0
        self.units = np.zeros(inst.n_arcs, dtype=np.int64)

    def step(self) -> np.ndarray:
        inst, arcs = self.inst, self.net.arcs
        per_unit = (
            inst.arc_cost[arcs] + self.pair_rate[inst.arc_pair[arcs]] + self.surcharge[inst.arc_wh[arcs]]
        )
        per_unit = per_unit + np.append(self.lane_rate, 0.0)[inst.arc_lane[arcs]]
        self.units, _ = solve_flow(inst, self.net, np.rint(per_unit))
        self._update(self.units)
        return self.units

    def _update(self, units: np.ndarray) -> None:
        inst = self.inst
        through = np.bincount(inst.arc_pair, weights=units, minlength=len(inst.pair_order))
        self.pair_rate = np.where(through > 0, inst.pair_cost / np.maximum(through, 1), self.pair_rate)
        parcels = np.bincount(inst.pair_order, weights=through > 0, minlength=inst.n_orders)
        self.toll += np.where(parcels > inst.order_max_parcels, self.step_cents * TOLL_FACTOR, 0.0)
        tolled = self.toll[inst.pair_order] > 0
        toll_rate = (inst.pair_cost + self.toll[inst.pair_order]) / np.maximum(through, 1)
        self.pair_rate = np.where(tolled, toll_rate, self.pair_rate)
        on_lane = inst.arc_kind == TRANSFER
        moved = np.bincount(inst.arc_lane[on_lane], weights=units[on_lane], minlength=len(inst.lane_from))
        self.lane_rate = np.where(
            moved > 0, inst.lane_fixed_cost / np.maximum(moved, LANE_UNITS), self.lane_rate
        )
        load = np.bincount(inst.arc_wh, weights=units, minlength=len(inst.wh_code))
        limited = self.wh_capacity < np.iinfo(np.int64).max // 8
        excess = np.where(limited, (load - self.wh_capacity) / np.maximum(self.wh_capacity, 1), 0.0)
        self.surcharge = np.maximum(0.0, self.surcharge + self.step_cents * np.clip(excess, -1.0, 1.0))
