"""Independent plan validator. It shares no code with the model: it reads the plain input tables and the
plan's allocation rows with pandas, re-derives every rule of the contract in
`tables.py`, and recomputes the cost.

Rules: positive integer units; a line gets at most its quantity from warehouses listed for it in unit_costs;
stock per (warehouse, SKU) covers direct and transferred-out units; pick capacity; at most max_parcels
warehouses per order; ship-complete orders all or nothing; express orders only from warehouses within the
promised days; transfers along existing lanes and purchases from existing options, each only when enabled and
when lead time + transit days <= promised days.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from optimization.allocation.weights import Weights

NO_PROMISE = 10_000


@dataclass(frozen=True)
class Validation:
    """Outcome of the independent validator: is the plan feasible, and does its recomputed cost match."""

    is_valid: bool
    violations: tuple[str, ...]
    recomputed_cost_cents: int


def _pct(cents: pd.Series, pct: int | pd.Series) -> pd.Series:
    return (cents.astype("int64") * pct + 50) // 100


def _with(frame: pd.DataFrame | None, columns: Mapping[str, object]) -> pd.DataFrame:
    frame = pd.DataFrame(columns=list(columns)) if frame is None else frame.copy()
    for column, default in columns.items():
        if column not in frame.columns:
            frame[column] = default
    for column in ("order_id", "sku", "warehouse", "from_warehouse", "to_warehouse", "supplier"):
        if column in frame.columns:
            frame[column] = frame[column].astype(str)
    return frame


def validate_plan(
    tables: Mapping[str, pd.DataFrame | None],
    weights: Weights,
    allocations: pd.DataFrame,
    claimed_cost_cents: int | None = None,
) -> Validation:
    """Check `allocations` (order_id, line_no, sku, warehouse, source, source_warehouse, supplier, units)."""
    bad: list[str] = []
    lines = _with(
        tables["lines"],
        {
            "priority": 0,
            "service_level": "standard",
            "promised_days": NO_PROMISE,
            "ship_complete": False,
            "max_parcels": 0,
        },
    )
    lines = lines[lines["quantity"].astype("int64") > 0]
    lines["ship_complete"] = lines["ship_complete"].astype(str).str.lower().isin(["true", "1", "yes"])
    unit_costs = _with(tables["unit_costs"], {"unit_handling_cents": 0})
    parcels = _with(tables["parcel_costs"], {"parcel_handling_cents": 0, "transit_days": 0})
    stock = _with(tables["stock"], {})
    warehouses = _with(tables.get("warehouses"), {"warehouse": "", "pick_capacity_units": -1})
    lanes = _with(
        tables.get("transfer_lanes"),
        {
            "from_warehouse": "",
            "to_warehouse": "",
            "unit_cost_cents": 0,
            "fixed_cost_cents": 0,
            "lead_time_days": 0,
        },
    )
    options = _with(
        tables.get("purchase_options"),
        {
            "warehouse": "",
            "sku": "",
            "supplier": "",
            "unit_cost_cents": 0,
            "lead_time_days": 0,
            "premium_pct": 0,
        },
    )
    plan_columns = [
        "order_id",
        "line_no",
        "sku",
        "warehouse",
        "source",
        "source_warehouse",
        "supplier",
        "units",
    ]
    missing = [c for c in plan_columns if c not in allocations.columns]
    if missing:
        return Validation(False, (f"allocations lack column(s) {missing}",), -1)
    plan = _with(allocations[plan_columns], {})
    units = pd.to_numeric(plan["units"], errors="coerce")
    if units.isna().any() or (units <= 0).any() or (units != units.round()).any():
        bad.append("allocation units must be positive integers")
        return Validation(False, tuple(bad), -1)
    plan["units"] = units.astype("int64")
    plan = plan.merge(lines, on=["order_id", "line_no"], how="left", suffixes=("", "_line"), indicator=True)
    if (plan.pop("_merge") != "both").any() or (plan["sku"] != plan["sku_line"]).any():
        bad.append("allocation for an order line or SKU that is not in the batch")
        return Validation(False, tuple(bad), -1)
    plan = plan.merge(unit_costs, on=["order_id", "line_no", "warehouse"], how="left", indicator=True)
    if (plan.pop("_merge") != "both").any():
        bad.append("allocation from a warehouse the line has no unit cost for")
    plan = plan.merge(parcels, on=["order_id", "warehouse"], how="left", indicator=True)
    if (plan.pop("_merge") != "both").any():
        bad.append("allocation from a warehouse the order has no parcel cost for")
        return Validation(False, tuple(bad), -1)
    bad += _check_sources(plan, stock, lanes, options, weights)
    bad += _check_orders(plan, lines, warehouses, weights)
    cost = _cost(plan, lines, lanes, options, weights)
    if claimed_cost_cents is not None and cost != claimed_cost_cents:
        bad.append(f"claimed cost {claimed_cost_cents} differs from recomputed cost {cost}")
    return Validation(not bad, tuple(bad), cost)


def _check_sources(plan, stock, lanes, options, weights: Weights) -> list[str]:
    bad = []
    known = {"stock", "transfer", "purchase"}
    if not plan["source"].isin(known).all():
        bad.append(f"unknown source; use one of {sorted(known)}")
    express_late = (plan["service_level"] == "express") & (plan["transit_days"] > plan["promised_days"])
    if express_late.any():
        bad.append("express order shipped from a warehouse beyond its promised days")
    drawn = (
        pd.concat(
            [
                plan.loc[plan["source"] == "stock", ["warehouse", "sku", "units"]],
                plan.loc[plan["source"] == "transfer", ["source_warehouse", "sku", "units"]].rename(
                    columns={"source_warehouse": "warehouse"}
                ),
            ]
        )
        .groupby(["warehouse", "sku"], as_index=False)["units"]
        .sum()
    )
    drawn = drawn.merge(stock, on=["warehouse", "sku"], how="left", suffixes=("", "_stock"))
    if (drawn["units"] > drawn["units_stock"].fillna(0)).any():
        bad.append("stock overdrawn at some (warehouse, SKU)")
    moved = plan[plan["source"] == "transfer"].merge(
        lanes,
        left_on=["source_warehouse", "warehouse"],
        right_on=["from_warehouse", "to_warehouse"],
        how="left",
    )
    if len(moved) and not weights.allow_transfers:
        bad.append("transfer used while transfers are switched off")
    if moved["lead_time_days"].isna().any():
        bad.append("transfer along a lane that does not exist")
    if (moved["lead_time_days"] + moved["transit_days"] > moved["promised_days"]).any():
        bad.append("transfer too slow for the order's promised days")
    bought = plan[plan["source"] == "purchase"].merge(
        options, on=["warehouse", "sku", "supplier"], how="left"
    )
    if len(bought) and not weights.allow_purchases:
        bad.append("purchase used while purchases are switched off")
    if bought["lead_time_days"].isna().any():
        bad.append("purchase from a supplier option that does not exist")
    if (bought["lead_time_days"] + bought["transit_days"] > bought["promised_days"]).any():
        bad.append("purchase too slow for the order's promised days")
    return bad


def _check_orders(plan, lines, warehouses, weights: Weights) -> list[str]:
    bad = []
    filled = plan.groupby(["order_id", "line_no"])["units"].sum()
    wanted = lines.set_index(["order_id", "line_no"])["quantity"].astype("int64")
    filled = filled.reindex(wanted.index, fill_value=0)
    if (filled > wanted).any():
        bad.append("a line gets more units than ordered")
    per_order = pd.DataFrame({"filled": filled, "short": wanted - filled}).groupby(level="order_id").sum()
    complete = lines.groupby("order_id")["ship_complete"].first().reindex(per_order.index)
    if (complete & (per_order["filled"] > 0) & (per_order["short"] > 0)).any():
        bad.append("a ship-complete order is partly served")
    n_parcels = plan.groupby("order_id")["warehouse"].nunique()
    limit = lines.groupby("order_id")["max_parcels"].first().astype("int64").reindex(n_parcels.index)
    limit = limit.where(limit > 0, weights.max_parcels_per_order)
    if (n_parcels > limit).any():
        bad.append("an order ships in more parcels than allowed")
    picked = (
        plan.groupby("warehouse", as_index=False)["units"].sum().merge(warehouses, on="warehouse", how="left")
    )
    capacity = picked["pick_capacity_units"].fillna(-1).astype("int64")
    if ((capacity >= 0) & (picked["units"] > capacity)).any():
        bad.append("pick capacity exceeded at some warehouse")
    return bad


def _cost(plan, lines, lanes, options, weights: Weights) -> int:
    per_unit = _pct(plan["unit_cost_cents"], weights.shipping_cost_pct) + _pct(
        plan["unit_handling_cents"], weights.handling_cost_pct
    )
    total = int((plan["units"] * per_unit).sum())
    parcel_rows = plan.drop_duplicates(["order_id", "warehouse"])
    total += int(_pct(parcel_rows["parcel_cost_cents"], weights.shipping_cost_pct).sum())
    total += int(_pct(parcel_rows["parcel_handling_cents"], weights.handling_cost_pct).sum())
    extra = (parcel_rows.groupby("order_id").size() - 1).clip(lower=0).sum()
    total += int(extra) * weights.split_penalty_cents
    moved = plan[plan["source"] == "transfer"].merge(
        lanes,
        left_on=["source_warehouse", "warehouse"],
        right_on=["from_warehouse", "to_warehouse"],
        suffixes=("", "_lane"),
    )
    total += int((moved["units"] * _pct(moved["unit_cost_cents_lane"], weights.transfer_cost_pct)).sum())
    used_lanes = moved.drop_duplicates(["from_warehouse", "to_warehouse"])
    total += int(_pct(used_lanes["fixed_cost_cents"], weights.transfer_cost_pct).sum())
    bought = plan[plan["source"] == "purchase"].merge(
        options, on=["warehouse", "sku", "supplier"], suffixes=("", "_buy")
    )
    premium = bought["premium_pct"] if weights.purchase_premium_pct < 0 else weights.purchase_premium_pct
    price = (bought["unit_cost_cents_buy"].astype("int64") * (100 + premium) + 50) // 100
    total += int((bought["units"] * price).sum())
    filled = plan.groupby(["order_id", "line_no"])["units"].sum()
    key = pd.MultiIndex.from_frame(lines[["order_id", "line_no"]])
    short = lines["quantity"].astype("int64").to_numpy() - filled.reindex(key, fill_value=0).to_numpy()
    penalty = np.array(
        [
            weights.unfilled_penalty_normal_cents,
            weights.unfilled_penalty_high_cents,
            weights.unfilled_penalty_urgent_cents,
        ]
    )[lines["priority"].astype("int64").to_numpy()]
    return total + int(short @ penalty)
