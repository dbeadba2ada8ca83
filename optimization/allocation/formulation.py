"""The allocation MIP as sparse arrays: variables, one small function per constraint family, objective.

Variables: x[arc] units (integer, <= cap), y[pair] parcel used (binary), u[line] units unfilled, z[lane]
transfer lane used (binary, lanes with a fixed cost), c[order] ship-complete order served (binary), e[order]
parcels beyond the first (when the split penalty is positive). The parcel link uses the tight form
x[arc] <= min(qty, stock) * y[pair] so that the LP relaxation pays for whole parcels.

A `Scope` restricts the model to some orders and arcs against residual stock and capacity, which is how the
scale approach solves the fractional remainder after fixing the rest.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from optimization.allocation.instance import TRANSFER, Instance
from optimization.allocation.mip import INF, SparseModel


@dataclass(frozen=True)
class Scope:
    """Which orders and arcs a model covers, and what stock, capacity and paid lanes remain for them."""

    order_mask: np.ndarray
    arc_mask: np.ndarray
    slot_units: np.ndarray
    wh_capacity: np.ndarray
    lane_paid: np.ndarray

    @classmethod
    def whole(cls, inst: Instance) -> Scope:
        return cls(
            order_mask=np.ones(inst.n_orders, bool),
            arc_mask=np.ones(inst.n_arcs, bool),
            slot_units=inst.slot_units.copy(),
            wh_capacity=inst.wh_capacity.copy(),
            lane_paid=np.zeros(len(inst.lane_from), bool),
        )


@dataclass(frozen=True)
class Formulation:
    model: SparseModel
    arcs: np.ndarray  # global arc id of each x variable
    pairs: np.ndarray
    lines: np.ndarray
    lanes: np.ndarray
    complete_orders: np.ndarray
    split_orders: np.ndarray

    def arc_units(self, values: np.ndarray) -> np.ndarray:
        """Integer units per scoped arc from a solver's values (rounded: MIP values are integral)."""
        return np.rint(values[: len(self.arcs)]).astype(np.int64)

    def hint(self, inst: Instance, units: np.ndarray) -> np.ndarray:
        """A full variable vector for a plan given as units per global arc (warm start)."""
        x = units[self.arcs].astype(np.float64)
        used_pair = np.bincount(inst.arc_pair[self.arcs], weights=x, minlength=len(inst.pair_order)) > 0
        filled = np.bincount(inst.arc_line[self.arcs], weights=x, minlength=inst.n_lines)
        on_lane = (inst.arc_kind[self.arcs] == TRANSFER) & (x > 0)
        used_lane = np.zeros(len(inst.lane_from), bool)
        used_lane[inst.arc_lane[self.arcs][on_lane]] = True
        served = np.bincount(inst.line_order, weights=filled, minlength=inst.n_orders) > 0
        parcels = np.bincount(inst.pair_order, weights=used_pair, minlength=inst.n_orders)
        return np.concatenate(
            [
                x,
                used_pair[self.pairs].astype(np.float64),
                (inst.line_qty[self.lines] - filled[self.lines]).astype(np.float64),
                used_lane[self.lanes].astype(np.float64),
                served[self.complete_orders].astype(np.float64),
                np.maximum(parcels[self.split_orders] - 1, 0).astype(np.float64),
            ]
        )


class _Rows:
    """Accumulates constraint rows in COO form."""

    def __init__(self) -> None:
        self.rows: list[np.ndarray] = []
        self.cols: list[np.ndarray] = []
        self.vals: list[np.ndarray] = []
        self.lb: list[np.ndarray] = []
        self.ub: list[np.ndarray] = []
        self.n = 0

    def add(self, row: np.ndarray, col: np.ndarray, val: np.ndarray, lb: np.ndarray, ub: np.ndarray) -> None:
        """`row` numbers rows locally from 0; lb/ub have one entry per local row."""
        self.rows.append(row.astype(np.int64) + self.n)
        self.cols.append(col.astype(np.int64))
        self.vals.append(val.astype(np.float64))
        self.lb.append(np.asarray(lb, np.float64))
        self.ub.append(np.asarray(ub, np.float64))
        self.n += len(lb)


def _local(ids: np.ndarray, size: int) -> np.ndarray:
    pos = np.full(size, -1, dtype=np.int64)
    pos[ids] = np.arange(len(ids))
    return pos


def formulate(inst: Instance, scope: Scope) -> Formulation:
    arcs = np.flatnonzero(scope.arc_mask)
    lines = np.flatnonzero(scope.order_mask[inst.line_order])
    pairs = np.unique(inst.arc_pair[arcs])
    orders = np.flatnonzero(scope.order_mask)
    lane_of = inst.arc_lane[arcs]
    fixed_lane = (inst.arc_kind[arcs] == TRANSFER) & (lane_of >= 0)
    fixed_lane[fixed_lane] &= (inst.lane_fixed_cost[lane_of[fixed_lane]] > 0) & ~scope.lane_paid[
        lane_of[fixed_lane]
    ]
    lanes = np.unique(lane_of[fixed_lane])
    complete = orders[inst.order_ship_complete[orders]]
    n_pairs_of = np.bincount(inst.pair_order[pairs], minlength=inst.n_orders)
    split = orders[n_pairs_of[orders] > 1] if inst.weights.split_penalty_cents > 0 else orders[:0]
    sizes = [len(arcs), len(pairs), len(lines), len(lanes), len(complete), len(split)]
    start = np.concatenate([[0], np.cumsum(sizes)])
    x0, y0, u0, z0, c0, e0 = start[:6]
    n_var = int(start[-1])
    cap = inst.arc_cap[arcs].astype(np.float64)
    var_ub = np.concatenate(
        [cap, np.ones(sizes[1]), inst.line_qty[lines], np.ones(sizes[3] + sizes[4]), np.full(sizes[5], INF)]
    )
    obj = np.concatenate(
        [
            inst.arc_cost[arcs],
            inst.pair_cost[pairs],
            inst.line_penalty[lines],
            inst.lane_fixed_cost[lanes],
            np.zeros(sizes[4]),
            np.full(sizes[5], inst.weights.split_penalty_cents),
        ]
    ).astype(np.float64)
    rows = _Rows()
    x_col = x0 + np.arange(len(arcs))
    line_pos = _local(lines, inst.n_lines)
    # demand: sum of x over the line's arcs + u = quantity
    rows.add(
        np.concatenate([line_pos[inst.arc_line[arcs]], np.arange(len(lines))]),
        np.concatenate([x_col, u0 + np.arange(len(lines))]),
        np.ones(len(arcs) + len(lines)),
        inst.line_qty[lines],
        inst.line_qty[lines],
    )
    # parcel link (tight): x <= cap * y
    pair_pos = _local(pairs, len(inst.pair_order))
    k = np.arange(len(arcs))
    rows.add(
        np.concatenate([k, k]),
        np.concatenate([x_col, y0 + pair_pos[inst.arc_pair[arcs]]]),
        np.concatenate([np.ones(len(arcs)), -cap]),
        np.full(len(arcs), -INF),
        np.zeros(len(arcs)),
    )
    # transfer lane with a fixed cost: x <= cap * z
    lane_arcs = np.flatnonzero(fixed_lane)
    lane_pos = _local(lanes, len(inst.lane_from))
    k = np.arange(len(lane_arcs))
    rows.add(
        np.concatenate([k, k]),
        np.concatenate([x_col[lane_arcs], z0 + lane_pos[lane_of[lane_arcs]]]),
        np.concatenate([np.ones(len(k)), -cap[lane_arcs]]),
        np.full(len(k), -INF),
        np.zeros(len(k)),
    )
    _stock_rows(rows, inst, scope, arcs, x_col, cap)
    _capacity_rows(rows, inst, scope, arcs, x_col, cap)
    _parcel_rows(rows, inst, pairs, y0, split, e0)
    # ship complete: u = qty * (1 - c) on every line of the order
    sc_pos = _local(complete, inst.n_orders)
    sc_lines = lines[inst.order_ship_complete[inst.line_order[lines]]]
    k = np.arange(len(sc_lines))
    rows.add(
        np.concatenate([k, k]),
        np.concatenate([u0 + line_pos[sc_lines], c0 + sc_pos[inst.line_order[sc_lines]]]),
        np.concatenate([np.ones(len(k)), inst.line_qty[sc_lines]]),
        inst.line_qty[sc_lines],
        inst.line_qty[sc_lines],
    )
    model = SparseModel(
        var_lb=np.zeros(n_var),
        var_ub=var_ub.astype(np.float64),
        obj=obj,
        is_int=np.ones(n_var, bool),
        row_lb=np.concatenate(rows.lb),
        row_ub=np.concatenate(rows.ub),
        a_row=np.concatenate(rows.rows),
        a_col=np.concatenate(rows.cols),
        a_val=np.concatenate(rows.vals),
    )
    return Formulation(model, arcs, pairs, lines, lanes, complete, split)


def _stock_rows(rows: _Rows, inst: Instance, scope: Scope, arcs, x_col, cap) -> None:
    slot = inst.arc_slot[arcs]
    has = slot >= 0
    need = np.bincount(slot[has], weights=cap[has], minlength=len(inst.slot_units))
    binding = np.flatnonzero(need > scope.slot_units)  # a slot whose arcs cannot overdraw it needs no row
    pos = _local(binding, len(inst.slot_units))
    member = has.copy()
    member[has] = pos[slot[has]] >= 0
    rows.add(
        pos[slot[member]],
        x_col[member],
        np.ones(int(member.sum())),
        np.full(len(binding), -INF),
        scope.slot_units[binding],
    )


def _capacity_rows(rows: _Rows, inst: Instance, scope: Scope, arcs, x_col, cap) -> None:
    wh = inst.pair_wh[inst.arc_pair[arcs]]
    need = np.bincount(wh, weights=cap, minlength=len(inst.wh_code))
    binding = np.flatnonzero(need > scope.wh_capacity)
    pos = _local(binding, len(inst.wh_code))
    member = pos[wh] >= 0
    rows.add(
        pos[wh[member]],
        x_col[member],
        np.ones(int(member.sum())),
        np.full(len(binding), -INF),
        scope.wh_capacity[binding],
    )


def _parcel_rows(rows: _Rows, inst: Instance, pairs: np.ndarray, y0: int, split: np.ndarray, e0: int) -> None:
    order = inst.pair_order[pairs]
    counts = np.bincount(order, minlength=inst.n_orders)
    capped = np.flatnonzero(counts > inst.order_max_parcels)
    pos = _local(capped, inst.n_orders)
    member = pos[order] >= 0
    rows.add(
        pos[order[member]],
        y0 + np.flatnonzero(member),
        np.ones(int(member.sum())),
        np.full(len(capped), -INF),
        inst.order_max_parcels[capped],
    )
    # parcels beyond the first: sum y - e <= 1
    spos = _local(split, inst.n_orders)
    member = spos[order] >= 0
    rows.add(
        np.concatenate([spos[order[member]], np.arange(len(split))]),
        np.concatenate([y0 + np.flatnonzero(member), e0 + np.arange(len(split))]),
        np.concatenate([np.ones(int(member.sum())), -np.ones(len(split))]),
        np.full(len(split), -INF),
        np.ones(len(split)),
    )
