"""The typed allocation instance: dense integer arrays built once from the plain input tables.

Decisions are made on *arcs*: one arc is a way to serve units of one order line from one shipping warehouse,
from that warehouse's own stock (kind 0), from stock transferred in along a lane (kind 1) or from an
emergency purchase (kind 2). Every arc belongs to one *pair* (order, shipping warehouse) = one parcel, and
direct and transfer arcs consume one stock *slot* (warehouse, SKU). Costs are integer cents with the planner
weights already applied, so the model, the baseline and the cost evaluation all read the same numbers.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np
import pandas as pd

from optimization.allocation.arcs import DIRECT, PURCHASE, TRANSFER, enumerate_arcs, scale
from optimization.allocation.tables import InstanceError, Tables
from optimization.allocation.weights import Weights

__all__ = ["DIRECT", "PURCHASE", "TRANSFER", "Instance", "build_instance", "scale"]

UNLIMITED = np.iinfo(np.int64).max // 4


@dataclass(frozen=True, eq=False)
class Instance:
    """One allocation batch as arrays; see the module docstring for arcs, pairs and slots."""

    weights: Weights
    order_id: np.ndarray
    order_priority: np.ndarray
    order_express: np.ndarray
    order_promised_days: np.ndarray
    order_ship_complete: np.ndarray
    order_max_parcels: np.ndarray
    line_order: np.ndarray
    line_no: np.ndarray
    line_sku: np.ndarray
    line_qty: np.ndarray
    line_penalty: np.ndarray
    sku_code: np.ndarray
    wh_code: np.ndarray
    wh_capacity: np.ndarray
    slot_wh: np.ndarray
    slot_sku: np.ndarray
    slot_units: np.ndarray
    pair_order: np.ndarray
    pair_wh: np.ndarray
    pair_cost: np.ndarray
    pair_ship_cost: np.ndarray
    pair_handling_cost: np.ndarray
    pair_transit_days: np.ndarray
    pair_distance_km: np.ndarray
    arc_line: np.ndarray
    arc_pair: np.ndarray
    arc_kind: np.ndarray
    arc_slot: np.ndarray
    arc_lane: np.ndarray
    arc_supplier: np.ndarray
    arc_cap: np.ndarray
    arc_cost: np.ndarray
    arc_ship_cost: np.ndarray
    arc_handling_cost: np.ndarray
    arc_option_cost: np.ndarray
    lane_from: np.ndarray
    lane_to: np.ndarray
    lane_fixed_cost: np.ndarray
    supplier_code: np.ndarray
    n_zero_quantity_lines: int

    @property
    def n_orders(self) -> int:
        return len(self.order_id)

    @property
    def n_lines(self) -> int:
        return len(self.line_order)

    @property
    def n_arcs(self) -> int:
        return len(self.arc_line)

    @cached_property
    def arc_wh(self) -> np.ndarray:
        """Shipping warehouse of each arc (computed once)."""
        return self.pair_wh[self.arc_pair]

    @cached_property
    def arc_order(self) -> np.ndarray:
        """Order of each arc (computed once)."""
        return self.line_order[self.arc_line]


def _vocabulary(*columns: pd.Series) -> np.ndarray:
    """Sorted distinct strings of the given columns (the index space of orders, SKUs or warehouses)."""
    parts = [pd.unique(c.astype(str)) for c in columns if len(c)]
    if not parts:
        return np.array([], dtype=str)
    return np.unique(np.concatenate([np.asarray(p, dtype=str) for p in parts]))


def _codes(values: pd.Series, vocabulary: np.ndarray) -> np.ndarray:
    """Position of each value in the sorted vocabulary (every value must be in it)."""
    codes, distinct = pd.factorize(values.astype(str), sort=True)
    return np.searchsorted(vocabulary, np.asarray(distinct, dtype=str)).astype(np.int32)[codes]


def build_instance(tables: Tables, weights: Weights) -> Instance:
    """Index the normalised tables into arrays and enumerate the feasible arcs (service and lead times)."""
    lines = tables.lines.sort_values(["order_id", "line_no"], kind="stable").reset_index(drop=True)
    order_id = _vocabulary(lines["order_id"])
    line_order = _codes(lines["order_id"], order_id)
    is_first = np.ones(len(lines), bool)
    is_first[1:] = line_order[1:] != line_order[:-1]
    firsts = lines[is_first].reset_index(drop=True)
    max_parcels = firsts["max_parcels"].to_numpy(np.int32)
    max_parcels = np.where(max_parcels > 0, max_parcels, weights.max_parcels_per_order).astype(np.int32)
    priority = firsts["priority"].to_numpy(np.int8)
    penalties = np.array([weights.unfilled_penalty_cents(p) for p in range(3)], dtype=np.int64)

    lanes = tables.transfer_lanes
    wh_code = _vocabulary(
        tables.stock["warehouse"],
        tables.parcel_costs["warehouse"],
        tables.warehouses["warehouse"],
        tables.purchase_options["warehouse"],
        lanes["from_warehouse"],
        lanes["to_warehouse"],
    )
    sku_code = _vocabulary(lines["sku"], tables.stock["sku"], tables.purchase_options["sku"])
    capacity = np.full(len(wh_code), UNLIMITED, dtype=np.int64)
    limited = tables.warehouses[tables.warehouses["pick_capacity_units"] >= 0]
    capacity[_codes(limited["warehouse"], wh_code)] = limited["pick_capacity_units"].to_numpy(np.int64)

    line_sku = _codes(lines["sku"], sku_code)
    stock = tables.stock[tables.stock["units"] > 0]
    n_sku = max(len(sku_code), 1)
    slot_key = _codes(stock["warehouse"], wh_code).astype(np.int64) * n_sku + _codes(stock["sku"], sku_code)
    slot_order = np.argsort(slot_key, kind="stable")
    slot_key = slot_key[slot_order]
    slot_units = stock["units"].to_numpy(np.int64)[slot_order]

    pairs = _pairs(tables.parcel_costs, order_id, wh_code, weights)
    base = _base_rows(tables.unit_costs, lines, line_order, order_id, pairs, wh_code, weights)
    base["sku"] = line_sku[base["line"].to_numpy()]
    base["qty"] = lines["quantity"].to_numpy(np.int64)[base["line"].to_numpy()]
    order_of_row = line_order[base["line"].to_numpy()]
    base["slack"] = firsts["promised_days"].to_numpy(np.int64)[order_of_row] - base["transit"].to_numpy()
    base["express"] = (firsts["service_level"].to_numpy(dtype=str) == "express")[order_of_row]

    lane_from = _codes(lanes["from_warehouse"], wh_code)
    lane_to = _codes(lanes["to_warehouse"], wh_code)
    options = tables.purchase_options
    suppliers = _vocabulary(options["supplier"])
    option_codes = (
        _codes(options["warehouse"], wh_code),
        _codes(options["sku"], sku_code),
        _codes(options["supplier"], suppliers),
    )
    arcs = enumerate_arcs(
        base,
        (slot_key, slot_units, n_sku),
        np.bincount(line_sku, weights=lines["quantity"].to_numpy(np.float64), minlength=len(sku_code)),
        (lane_from, lane_to, lanes),
        (option_codes, options),
        weights,
    )
    order = np.lexsort([arcs[c].to_numpy() for c in ("supplier", "lane", "slot", "kind", "pair", "line")])
    arcs = arcs.iloc[order].reset_index(drop=True)
    return Instance(
        weights=weights,
        order_id=order_id,
        order_priority=priority,
        order_express=firsts["service_level"].to_numpy(dtype=str) == "express",
        order_promised_days=firsts["promised_days"].to_numpy(np.int64),
        order_ship_complete=firsts["ship_complete"].to_numpy(bool),
        order_max_parcels=max_parcels,
        line_order=line_order,
        line_no=lines["line_no"].to_numpy(np.int64),
        line_sku=line_sku,
        line_qty=lines["quantity"].to_numpy(np.int64),
        line_penalty=penalties[priority[line_order]],
        sku_code=sku_code,
        wh_code=wh_code,
        wh_capacity=capacity,
        slot_wh=(slot_key // n_sku).astype(np.int32),
        slot_sku=(slot_key % n_sku).astype(np.int32),
        slot_units=slot_units,
        pair_order=pairs["order"].to_numpy(np.int32),
        pair_wh=pairs["wh"].to_numpy(np.int32),
        pair_cost=(pairs["ship"] + pairs["handling"]).to_numpy(np.int64),
        pair_ship_cost=pairs["ship"].to_numpy(np.int64),
        pair_handling_cost=pairs["handling"].to_numpy(np.int64),
        pair_transit_days=pairs["transit"].to_numpy(np.int64),
        pair_distance_km=pairs["distance_km"].to_numpy(np.float64),
        arc_line=arcs["line"].to_numpy(np.int32),
        arc_pair=arcs["pair"].to_numpy(np.int32),
        arc_kind=arcs["kind"].to_numpy(np.int8),
        arc_slot=arcs["slot"].to_numpy(np.int32),
        arc_lane=arcs["lane"].to_numpy(np.int32),
        arc_supplier=arcs["supplier"].to_numpy(np.int32),
        arc_cap=arcs["cap"].to_numpy(np.int64),
        arc_cost=(arcs["ship"] + arcs["handling"] + arcs["option"]).to_numpy(np.int64),
        arc_ship_cost=arcs["ship"].to_numpy(np.int64),
        arc_handling_cost=arcs["handling"].to_numpy(np.int64),
        arc_option_cost=arcs["option"].to_numpy(np.int64),
        lane_from=lane_from,
        lane_to=lane_to,
        lane_fixed_cost=scale(lanes["fixed_cost_cents"].to_numpy(np.int64), weights.transfer_cost_pct),
        supplier_code=suppliers,
        n_zero_quantity_lines=tables.n_zero_quantity_lines,
    )


def _pairs(
    parcel_costs: pd.DataFrame, order_id: np.ndarray, wh_code: np.ndarray, weights: Weights
) -> pd.DataFrame:
    rows = parcel_costs[parcel_costs["order_id"].isin(order_id)]
    out = pd.DataFrame(
        {
            "order": _codes(rows["order_id"], order_id),
            "wh": _codes(rows["warehouse"], wh_code),
            "ship": scale(rows["parcel_cost_cents"].to_numpy(np.int64), weights.shipping_cost_pct),
            "handling": scale(rows["parcel_handling_cents"].to_numpy(np.int64), weights.handling_cost_pct),
            "transit": rows["transit_days"].to_numpy(np.int64),
            "distance_km": rows["distance_km"].to_numpy(np.float64),
        }
    )
    order = np.lexsort((out["wh"].to_numpy(), out["order"].to_numpy()))
    return out.iloc[order].reset_index(drop=True)


def _base_rows(
    unit_costs: pd.DataFrame,
    lines: pd.DataFrame,
    line_order: np.ndarray,
    order_id: np.ndarray,
    pairs: pd.DataFrame,
    wh_code: np.ndarray,
    weights: Weights,
) -> pd.DataFrame:
    """One row per (line, warehouse) the line may ship from, with its pair and scaled per-unit costs."""
    rows = unit_costs[unit_costs["order_id"].isin(order_id)]
    row_order = _codes(rows["order_id"], order_id).astype(np.int64)
    # lines are sorted by (order, line_no): find each row's line by its (order, line_no) key
    max_no = (
        int(max(lines["line_no"].max() if len(lines) else 0, rows["line_no"].max() if len(rows) else 0)) + 1
    )
    line_key = line_order.astype(np.int64) * max_no + lines["line_no"].to_numpy(np.int64)
    by_key = np.argsort(line_key, kind="stable")
    wanted = row_order * max_no + rows["line_no"].to_numpy(np.int64)
    found = np.minimum(np.searchsorted(line_key[by_key], wanted), max(len(line_key) - 1, 0))
    row_line = by_key[found] if len(line_key) else found
    known = (line_key[row_line] == wanted) if len(line_key) else np.zeros(len(wanted), bool)
    rows, row_line = rows[known], row_line[known]  # rows of lines outside the batch are ignored
    row_wh = _codes(rows["warehouse"], wh_code)
    pair_key = pairs["order"].to_numpy(np.int64) * len(wh_code) + pairs["wh"].to_numpy(np.int64)
    wanted = line_order[row_line].astype(np.int64) * len(wh_code) + row_wh
    pair = np.minimum(np.searchsorted(pair_key, wanted), max(len(pair_key) - 1, 0))
    missing = np.ones(len(wanted), bool) if len(pair_key) == 0 else pair_key[pair] != wanted
    if np.any(missing):
        bad = rows[missing].iloc[0]
        raise InstanceError(
            f"unit_costs has order {bad['order_id']!r} at warehouse {bad['warehouse']!r} but "
            "parcel_costs has no row for that (order, warehouse); add its parcel cost"
        )
    return pd.DataFrame(
        {
            "line": row_line.astype(np.int32),
            "pair": pair.astype(np.int32),
            "wh": row_wh,
            "transit": pairs["transit"].to_numpy(np.int64)[pair],
            "ship": scale(rows["unit_cost_cents"].to_numpy(np.int64), weights.shipping_cost_pct),
            "handling": scale(rows["unit_handling_cents"].to_numpy(np.int64), weights.handling_cost_pct),
        }
    )
