"""A plan is integer units per arc. This module prices a plan, checks it against the instance, and turns it
into the output tables (allocations, backorders, transfer and purchase requests)."""

from __future__ import annotations

from dataclasses import asdict, dataclass

import numpy as np
import pandas as pd

from optimization.allocation.instance import DIRECT, PURCHASE, TRANSFER, Instance


@dataclass(frozen=True)
class CostBreakdown:
    """Total cost of a plan and its parts, integer cents."""

    shipping_cents: int
    handling_cents: int
    split_penalty_cents: int
    transfer_cents: int
    purchase_cents: int
    unfilled_penalty_cents: int

    @property
    def total_cents(self) -> int:
        return sum(asdict(self).values())

    def as_dict(self) -> dict[str, int]:
        return {**asdict(self), "total_cents": self.total_cents}


def pairs_used(inst: Instance, units: np.ndarray) -> np.ndarray:
    return np.bincount(inst.arc_pair, weights=units, minlength=len(inst.pair_order)) > 0


def lanes_used(inst: Instance, units: np.ndarray) -> np.ndarray:
    on_lane = (inst.arc_kind == TRANSFER) & (units > 0)
    used = np.zeros(len(inst.lane_from), bool)
    used[inst.arc_lane[on_lane]] = True
    return used


def line_filled(inst: Instance, units: np.ndarray) -> np.ndarray:
    return np.bincount(inst.arc_line, weights=units, minlength=inst.n_lines).astype(np.int64)


def parcels_per_order(inst: Instance, units: np.ndarray) -> np.ndarray:
    return np.bincount(inst.pair_order, weights=pairs_used(inst, units), minlength=inst.n_orders).astype(
        np.int64
    )


def evaluate(inst: Instance, units: np.ndarray) -> CostBreakdown:
    """Price a plan with the instance's (weighted) costs."""
    used = pairs_used(inst, units)
    kind = inst.arc_kind
    option = units * inst.arc_option_cost
    extra_parcels = np.maximum(parcels_per_order(inst, units) - 1, 0)
    return CostBreakdown(
        shipping_cents=int(units @ inst.arc_ship_cost + inst.pair_ship_cost[used].sum()),
        handling_cents=int(units @ inst.arc_handling_cost + inst.pair_handling_cost[used].sum()),
        split_penalty_cents=int(extra_parcels.sum() * inst.weights.split_penalty_cents),
        transfer_cents=int(
            option[kind == TRANSFER].sum() + inst.lane_fixed_cost[lanes_used(inst, units)].sum()
        ),
        purchase_cents=int(option[kind == PURCHASE].sum()),
        unfilled_penalty_cents=int((inst.line_qty - line_filled(inst, units)) @ inst.line_penalty),
    )


def violations(inst: Instance, units: np.ndarray) -> list[str]:
    """Constraint violations of a plan against the instance (the model's own check, used while searching)."""
    out: list[str] = []
    if np.any(units < 0) or np.any(units > inst.arc_cap):
        out.append("units outside [0, cap] on some arc")
    filled = line_filled(inst, units)
    if np.any(filled > inst.line_qty):
        out.append("a line gets more units than ordered")
    has_slot = inst.arc_slot >= 0
    drawn = np.bincount(inst.arc_slot[has_slot], weights=units[has_slot], minlength=len(inst.slot_units))
    if np.any(drawn > inst.slot_units):
        out.append("stock overdrawn at some (warehouse, SKU)")
    picked = np.bincount(inst.arc_wh, weights=units, minlength=len(inst.wh_code))
    if np.any(picked > inst.wh_capacity):
        out.append("pick capacity exceeded at some warehouse")
    if np.any(parcels_per_order(inst, units) > inst.order_max_parcels):
        out.append("an order ships in more parcels than allowed")
    short = np.bincount(inst.line_order, weights=inst.line_qty - filled, minlength=inst.n_orders)
    got = np.bincount(inst.line_order, weights=filled, minlength=inst.n_orders)
    if np.any(inst.order_ship_complete & (short > 0) & (got > 0)):
        out.append("a ship-complete order is partly served")
    return out


SOURCE_NAMES = {DIRECT: "stock", TRANSFER: "transfer", PURCHASE: "purchase"}


def plan_tables(inst: Instance, units: np.ndarray) -> dict[str, pd.DataFrame]:
    """The plan as plain tables: allocations, backorders, transfer_requests, purchase_requests."""
    a = np.flatnonzero(units > 0)
    line = inst.arc_line[a]
    kind = inst.arc_kind[a]
    source_wh = np.where(kind == DIRECT, inst.arc_wh[a], -1)
    on_lane = kind == TRANSFER
    source_wh[on_lane] = inst.lane_from[inst.arc_lane[a][on_lane]]
    supplier_names = np.append(inst.supplier_code.astype(object), None)  # index -1: no supplier
    allocations = pd.DataFrame(
        {
            "order_id": inst.order_id[inst.line_order[line]],
            "line_no": inst.line_no[line],
            "sku": inst.sku_code[inst.line_sku[line]],
            "warehouse": inst.wh_code[inst.arc_wh[a]],
            "source": pd.Series(kind).map(SOURCE_NAMES).to_numpy(dtype=object),
            "source_warehouse": np.where(source_wh >= 0, inst.wh_code[np.maximum(source_wh, 0)], None),
            "supplier": np.where(kind == PURCHASE, supplier_names[inst.arc_supplier[a]], None),
            "units": units[a],
            "unit_cost_cents": inst.arc_cost[a],
        }
    )
    filled = line_filled(inst, units)
    short = np.flatnonzero(filled < inst.line_qty)
    backorders = pd.DataFrame(
        {
            "order_id": inst.order_id[inst.line_order[short]],
            "line_no": inst.line_no[short],
            "sku": inst.sku_code[inst.line_sku[short]],
            "units": inst.line_qty[short] - filled[short],
            "penalty_cents_per_unit": inst.line_penalty[short],
        }
    )
    moved = allocations[allocations["source"] == "transfer"]
    transfers = (
        moved.groupby(["source_warehouse", "warehouse", "sku"], as_index=False)["units"]
        .sum()
        .rename(columns={"source_warehouse": "from_warehouse", "warehouse": "to_warehouse"})
    )
    bought = allocations[allocations["source"] == "purchase"]
    purchases = bought.groupby(["supplier", "warehouse", "sku"], as_index=False)["units"].sum()
    return {
        "allocations": allocations,
        "backorders": backorders,
        "transfer_requests": transfers,
        "purchase_requests": purchases,
    }
