"""Order-by-order local search: re-plan one order at a time against what the others leave.

`PlanState` keeps a plan together with the stock, capacity and lane usage it implies, so that releasing and
re-planning one order costs only that order's arcs. `replan` visits orders in a fixed sequence and gives each
its best response (`order_best.py`) when that is strictly cheaper, so the total cost never rises.
"""

from __future__ import annotations

import math
import time

import numpy as np

from optimization.allocation.instance import TRANSFER, Instance
from optimization.allocation.order_best import Index, best_response
from optimization.allocation.state_kernel import apply_units, plan_cost


class PlanState:
    """A feasible plan (units per arc) and what it leaves: stock per slot, capacity per warehouse, and how
    many arcs with units use each transfer lane."""

    def __init__(self, inst: Instance, units: np.ndarray) -> None:
        self.inst = inst
        self.index = Index(inst)
        self.units = units.astype(np.int64).copy()
        has = inst.arc_slot >= 0
        drawn = np.bincount(inst.arc_slot[has], weights=self.units[has], minlength=len(inst.slot_units))
        self.slot_left = inst.slot_units - drawn.astype(np.int64)
        picked = np.bincount(inst.arc_wh, weights=self.units, minlength=len(inst.wh_code))
        self.cap_left = inst.wh_capacity - picked.astype(np.int64)
        on_lane = (inst.arc_kind == TRANSFER) & (self.units > 0)
        self.lane_users = np.bincount(inst.arc_lane[on_lane], minlength=len(inst.lane_from)).astype(np.int64)

    def arcs_of(self, order: int) -> np.ndarray:
        return np.arange(self.index.arc_start[order], self.index.arc_start[order + 1])

    def _apply(self, arcs: np.ndarray, units: np.ndarray, sign: int) -> None:
        inst = self.inst
        apply_units(
            arcs, units, sign, inst.arc_slot, inst.arc_wh, inst.arc_kind, inst.arc_lane,
            self.units, self.slot_left, self.cap_left, self.lane_users,
        )  # fmt: skip

    def release(self, order: int) -> tuple[np.ndarray, np.ndarray]:
        """Remove the order's units; returns them (arcs, units) so that they can be put back."""
        arcs = self.arcs_of(order)
        units = self.units[arcs].copy()
        self._apply(arcs, units, -1)
        return arcs, units

    def assign(self, arcs: np.ndarray, units: np.ndarray) -> None:
        self._apply(arcs, units, +1)

    def order_cost(self, order: int, arcs: np.ndarray, units: np.ndarray) -> int:
        """Exact cost of the order under (arcs, units), the order itself released: arcs, parcels, split
        penalty, backorders, and fixed costs of lanes no other order uses."""
        inst = self.inst
        cost = plan_cost(
            arcs, units, self.index.line_start[order], self.index.line_start[order + 1],
            inst.weights.split_penalty_cents, inst.arc_cost, inst.arc_pair, inst.arc_line, inst.arc_kind,
            inst.arc_lane, inst.pair_cost, inst.line_qty, inst.line_penalty, inst.lane_fixed_cost,
            self.lane_users,
        )  # fmt: skip
        return int(cost)

    def replan(self, order: int) -> bool:
        """Give the order its best response if strictly cheaper; returns whether the plan changed."""
        arcs, units = self.release(order)
        old = self.order_cost(order, arcs, units)
        found = best_response(
            self.inst, self.index, order, self.slot_left, np.maximum(self.cap_left, 0), self.lane_users > 0
        )
        if found is not None:
            new_arcs, new_units, _ = found
            if self.order_cost(order, new_arcs, new_units) < old:
                self.assign(new_arcs, new_units)
                return True
        self.assign(arcs, units)
        return False


def replan_all(state: PlanState, orders: np.ndarray, deadline: float = math.inf) -> int:
    """Re-plan the given orders in the given sequence, stopping at `deadline` (a `time.perf_counter()`
    value: a safety net); returns how many changed."""
    changed = 0
    for order in orders.tolist():
        if time.perf_counter() >= deadline:
            break
        changed += state.replan(order)
    return changed
