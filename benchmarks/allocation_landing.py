"""Allocation instances from the sample-data generator's landing files, priced as the pipeline prices them.

    tables = landing_tables(Path("data/landing"), batch_days=7)

This mirrors `sql/allocation/*.sql` with pandas so that a benchmark needs no database:

- lines: every order line of the exports, latest export row per (channel, order_id, line_no), known active
  SKU, positive integer quantity, geocodable city (what intake would accept for allocation); order key
  `channel|order_id`; promised days 2 / 5 / 7 for express / standard / economy.
- parcel_costs per (order, warehouse): haversine distance from the customer's city to the warehouse; the
  cheapest carrier service of the order's service level in that distance band (first weight tier; beyond
  the widest band the widest applies): parcel cost = tier rate, transit = the band's SLA days, parcel
  handling = the warehouse's handling cost per order.
- unit_costs per (line, warehouse): the band's per-kg rate x SKU weight (rounded to the cent) + the
  warehouse's handling cost per unit; every warehouse is listed, stock decides.
- stock per (warehouse, SKU): the ledger's on-hand minus returns pending, damaged and quarantined, minus open
  reservations and pending damage/shrinkage incidents, minus safety stock, clipped at 0.
- warehouses: pick capacity = daily pick capacity x `batch_days` (the batch is the whole export period).
- transfer lanes and emergency purchase options (every warehouse, every supplier of a batch SKU).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from assets.geography import city_table
from optimization.allocation.costs import haversine_km

PROMISED_DAYS = {"express": 2, "standard": 5, "economy": 7}
# movement type -> (on_hand, returns_pending, damaged, quarantined) signs, as in sql/schema/stock.sql
MOVEMENT_SIGNS = {
    "receipt": (1, 0, 0, 0),
    "shipment": (-1, 0, 0, 0),
    "return_received": (1, 1, 0, 0),
    "return_restocked": (0, -1, 0, 0),
    "return_scrapped": (-1, -1, 0, 0),
    "damage": (0, 0, 1, 0),
    "damage_written_off": (-1, 0, -1, 0),
    "quarantine_in": (0, 0, 0, 1),
    "quarantine_out": (0, 0, 0, -1),
    "shrinkage": (-1, 0, 0, 0),
    "count_gain": (1, 0, 0, 0),
    "count_loss": (-1, 0, 0, 0),
    "transfer_out": (-1, 0, 0, 0),
    "transfer_in": (1, 0, 0, 0),
}
ORDER_COLUMNS = ["channel", "order_id", "line_no", "province", "city", "sku", "quantity"]
ORDER_COLUMNS += ["service_level", "priority", "exported_at"]


def _cents(values: pd.Series) -> np.ndarray:
    return np.rint(pd.to_numeric(values).to_numpy(np.float64) * 100).astype(np.int64)


def _read_many(folder: Path, pattern: str, columns: list[str] | None = None) -> pd.DataFrame:
    frames = []
    for path in sorted(folder.glob(pattern)):
        if path.suffix == ".csv":
            frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
        elif path.suffix == ".jsonl":
            frame = pd.read_json(path, lines=True, dtype=False).astype(str)
        else:
            frame = pd.read_parquet(path).astype(str)
        frames.append(frame if columns is None else frame[columns])
    return pd.concat(frames, ignore_index=True)


def read_lines(landing: Path, skus: pd.DataFrame) -> pd.DataFrame:
    """Allocatable order lines with the customer's coordinates and the SKU weight."""
    raw = _read_many(landing / "orders", "*", ORDER_COLUMNS)
    raw = raw.sort_values("exported_at", kind="stable").drop_duplicates(
        ["channel", "order_id", "line_no"], keep="last"
    )
    qty = pd.to_numeric(raw["quantity"], errors="coerce")
    raw = raw[(qty > 0) & (qty == np.floor(qty))].assign(quantity=qty.astype("int64"))
    active = skus[skus["is_active"].str.lower() == "true"]
    lines = raw.merge(active[["sku", "weight_g"]], on="sku")
    cities = city_table()[["province", "city", "latitude", "longitude"]]
    lines = lines.merge(cities, on=["province", "city"])
    lines = lines.assign(
        order_id=lines["channel"] + "|" + lines["order_id"],
        line_no=lines["line_no"].astype("int64"),
        priority=lines["priority"].astype("int64"),
        promised_days=lines["service_level"].map(PROMISED_DAYS).astype("int64"),
        weight_g=lines["weight_g"].astype("int64"),
    )
    # an order whose lines disagree on order-level fields (a changed re-export) keeps its first line's values
    first = lines.sort_values(["order_id", "line_no"]).drop_duplicates("order_id")
    order_level = ["service_level", "priority", "promised_days", "latitude", "longitude"]
    lines = lines.drop(columns=order_level).merge(first[["order_id", *order_level]], on="order_id")
    return lines.sort_values(["order_id", "line_no"]).reset_index(drop=True)


def read_stock(landing: Path, safety: pd.DataFrame) -> pd.DataFrame:
    """Sellable units per (warehouse, SKU) from the ledger, reservations, incidents and safety stock."""
    columns = ["warehouse_code", "sku", "movement_type", "quantity"]
    moves = _read_many(landing / "stock", "movements_*", columns)
    signs = pd.DataFrame.from_dict(
        MOVEMENT_SIGNS, orient="index", columns=["on_hand", "returns", "damaged", "quarantined"]
    )
    signed = signs.reindex(moves["movement_type"]).to_numpy()
    unsellable_sign = signed[:, 1] + signed[:, 2] + signed[:, 3]
    qty = moves["quantity"].astype("int64").to_numpy()
    moves = moves.assign(units=qty * (signed[:, 0] - unsellable_sign))
    stock = moves.groupby(["warehouse_code", "sku"], as_index=False)["units"].sum()
    holds = []
    reservations = _read_many(landing / "stock", "reservations_*")
    open_ = reservations[reservations["status"] == "open"]
    holds.append(open_.assign(held=open_["reserved_units"].astype("int64")))
    incidents = _read_many(landing / "stock", "incident_reports_*")
    pending = incidents[incidents["status"] == "pending"]
    holds.append(pending.assign(held=pending["units"].astype("int64")))
    holds.append(safety.assign(held=safety["safety_stock_units"].astype("int64")))
    held = (
        pd.concat([h[["warehouse_code", "sku", "held"]] for h in holds])
        .groupby(["warehouse_code", "sku"], as_index=False)["held"]
        .sum()
    )
    stock = stock.merge(held, on=["warehouse_code", "sku"], how="left").fillna({"held": 0})
    stock["units"] = np.maximum(stock["units"] - stock["held"].astype("int64"), 0)
    stock = stock[stock["units"] > 0].rename(columns={"warehouse_code": "warehouse"})
    return stock[["warehouse", "sku", "units"]].reset_index(drop=True)


def first_tiers(rate_cards: pd.DataFrame, services: pd.DataFrame) -> pd.DataFrame:
    """First weight tier of every (carrier service, distance band), with the service level and widest band."""
    cards = rate_cards.merge(services[["carrier_code", "service_code", "service_level"]])
    cards = cards.assign(
        band_km=cards["distance_band_max_km"].astype("int64"),
        tier_g=cards["weight_tier_max_g"].astype("int64"),
        rate_cents=_cents(cards["rate"]),
        kg_cents=_cents(cards["additional_kg_rate"]),
        sla_days=cards["sla_days"].astype("int64"),
    )
    cards = cards.sort_values(["carrier_code", "service_code", "band_km", "tier_g"])
    tiers = cards.drop_duplicates(["carrier_code", "service_code", "band_km"]).copy()
    tiers["widest_km"] = tiers.groupby(["carrier_code", "service_code"])["band_km"].transform("max")
    return tiers.reset_index(drop=True)


def price_pairs(orders: pd.DataFrame, warehouses: pd.DataFrame, tiers: pd.DataFrame) -> pd.DataFrame:
    """Per (order, warehouse): distance, parcel rate, per-kg rate and SLA of the cheapest fitting service."""
    lat_w = warehouses["latitude"].astype(float).to_numpy()
    lon_w = warehouses["longitude"].astype(float).to_numpy()
    km = haversine_km(
        orders["latitude"].to_numpy()[:, None], orders["longitude"].to_numpy()[:, None], lat_w, lon_w
    )
    n_o, n_w = km.shape
    best = np.full((n_o, n_w, 3), np.iinfo(np.int64).max, dtype=np.int64)  # rate, kg rate, sla
    for _service, bands in tiers.groupby(["carrier_code", "service_code"], sort=True):  # 12 services
        level = bands["service_level"].iloc[0]
        rows = np.flatnonzero(orders["service_level"].to_numpy() == level)
        if len(rows) == 0:
            continue
        edges = bands["band_km"].to_numpy()
        band = np.minimum(np.searchsorted(edges, km[rows], side="left"), len(edges) - 1)
        value = np.stack([bands[c].to_numpy()[band] for c in ("rate_cents", "kg_cents", "sla_days")], axis=-1)
        current = best[rows]
        # lexicographic (rate, kg rate) like the SQL's tie-break; carrier and service order break the rest
        better = (value[..., 0] < current[..., 0]) | (
            (value[..., 0] == current[..., 0]) & (value[..., 1] < current[..., 1])
        )
        best[rows] = np.where(better[..., None], value, current)
    codes = warehouses["warehouse_code"].to_numpy()
    return pd.DataFrame(
        {
            "order_id": np.repeat(orders["order_id"].to_numpy(), n_w),
            "warehouse": np.tile(codes, n_o),
            "distance_km": np.round(km.ravel(), 1),
            "parcel_cost_cents": best[..., 0].ravel(),
            "kg_cents": best[..., 1].ravel(),
            "transit_days": best[..., 2].ravel(),
        }
    )


def landing_tables(landing: Path, batch_days: int) -> dict:
    """Plain tables for `solve_tables` from a landing folder, plus a `profile` dict (see module docstring)."""
    master = landing / "master"
    read = {
        name: pd.read_csv(master / f"{name}.csv", dtype=str, keep_default_na=False)
        for name in (
            "skus",
            "warehouses",
            "rate_cards",
            "carrier_services",
            "transfer_lanes",
            "suppliers",
            "supplier_skus",
            "safety_stock",
        )
    }
    wh = read["warehouses"].sort_values("warehouse_code").reset_index(drop=True)
    lines = read_lines(landing, read["skus"])
    orders = lines.drop_duplicates("order_id")[["order_id", "service_level", "latitude", "longitude"]]
    tiers = first_tiers(read["rate_cards"], read["carrier_services"])
    pairs = price_pairs(orders.reset_index(drop=True), wh, tiers)
    handling_order = dict(zip(wh["warehouse_code"], _cents(wh["handling_cost_per_order"]), strict=True))
    handling_unit = dict(zip(wh["warehouse_code"], _cents(wh["handling_cost_per_unit"]), strict=True))
    pairs["parcel_handling_cents"] = pairs["warehouse"].map(handling_order).astype("int64")
    unit = lines[["order_id", "line_no", "weight_g"]].merge(pairs[["order_id", "warehouse", "kg_cents"]])
    unit_costs = pd.DataFrame(
        {
            "order_id": unit["order_id"],
            "line_no": unit["line_no"],
            "warehouse": unit["warehouse"],
            "unit_cost_cents": (unit["kg_cents"] * unit["weight_g"] + 500) // 1000,
            "unit_handling_cents": unit["warehouse"].map(handling_unit).astype("int64"),
        }
    )
    stock = read_stock(landing, read["safety_stock"])
    stock = stock[stock["sku"].isin(lines["sku"].unique())].reset_index(drop=True)
    warehouses = pd.DataFrame(
        {
            "warehouse": wh["warehouse_code"],
            "pick_capacity_units": wh["daily_pick_capacity_units"].astype("int64") * batch_days,
        }
    )
    lanes = read["transfer_lanes"]
    transfer_lanes = pd.DataFrame(
        {
            "from_warehouse": lanes["from_warehouse_code"],
            "to_warehouse": lanes["to_warehouse_code"],
            "unit_cost_cents": _cents(lanes["cost_per_unit"]),
            "fixed_cost_cents": _cents(lanes["fixed_cost"]),
            "lead_time_days": lanes["lead_time_days"].astype("int64"),
        }
    )
    sold = read["supplier_skus"][read["supplier_skus"]["sku"].isin(lines["sku"].unique())]
    sold = sold.merge(read["suppliers"], on="supplier_code")
    buy = sold.merge(wh[["warehouse_code"]], how="cross")
    purchase_options = pd.DataFrame(
        {
            "warehouse": buy["warehouse_code"],
            "sku": buy["sku"],
            "supplier": buy["supplier_code"],
            "unit_cost_cents": _cents(buy["unit_cost"]),
            "lead_time_days": buy["emergency_lead_time_days"].astype("int64"),
            "premium_pct": buy["emergency_premium_pct"].astype("int64"),
        }
    )
    demand = lines.groupby("sku")["quantity"].sum()
    held = stock.groupby("sku")["units"].agg(["size", "sum"]).reindex(demand.index, fill_value=0)
    profile = {
        "source": "sample-data generator",
        "lines_per_order": round(len(lines) / max(len(orders), 1), 2),
        "warehouses_per_sku": round(float(held["size"].mean()), 1),
        "warehouses_per_line": round(float(held["size"].reindex(lines["sku"]).mean()), 1),
        "stock_cover": round(float(held["sum"].sum() / max(int(demand.sum()), 1)), 2),
        "short_sku_share": round(float((held["sum"] < demand).mean()), 3),
        "express_share": round(float((orders["service_level"] == "express").mean()), 3),
    }
    return {
        "lines": lines[
            ["order_id", "line_no", "sku", "quantity", "priority", "service_level", "promised_days"]
        ],
        "stock": stock,
        "unit_costs": unit_costs,
        "parcel_costs": pairs.drop(columns="kg_cents"),
        "warehouses": warehouses,
        "transfer_lanes": transfer_lanes,
        "purchase_options": purchase_options,
        "profile": profile,
    }
