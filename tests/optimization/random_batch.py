"""Seeded random allocation batches as plain tables, big enough to exercise the scale approach."""

from __future__ import annotations

import numpy as np
import pandas as pd


def random_tables(n_orders: int, n_warehouses: int = 6, n_skus: int = 40, seed: int = 0) -> dict:
    """Orders of 1-6 lines (Zipf SKUs), SKUs stocked in 1-4 warehouses (some short), a distance-like parcel
    cost per (order, warehouse), one tight pick capacity, transfer lanes and purchase options."""
    rng = np.random.default_rng(seed)
    n_lines = rng.choice([1, 1, 1, 2, 2, 3, 4, 6], size=n_orders)
    order = np.repeat(np.arange(n_orders), n_lines)
    popularity = 1.0 / np.arange(1, n_skus + 1)
    sku = rng.choice(n_skus, size=len(order), p=popularity / popularity.sum())
    lines = pd.DataFrame({"o": order, "s": sku}).drop_duplicates().reset_index(drop=True)
    lines["line_no"] = lines.groupby("o").cumcount() + 1
    lines["quantity"] = rng.choice([1, 1, 1, 2, 3], size=len(lines))
    express = rng.random(n_orders) < 0.2
    lines["order_id"] = [f"O{i:05d}" for i in lines["o"]]
    lines["sku"] = [f"S{i:03d}" for i in lines["s"]]
    lines["priority"] = rng.choice([0, 0, 0, 1, 2], size=n_orders)[lines["o"]]
    lines["service_level"] = np.where(express, "express", "standard")[lines["o"]]
    lines["promised_days"] = np.where(express, 2, 5)[lines["o"]]
    warehouses = [f"W{i}" for i in range(n_warehouses)]
    demand = np.bincount(lines["s"], weights=lines["quantity"], minlength=n_skus)
    rows = []
    for s in range(n_skus):
        holders = rng.choice(n_warehouses, size=min(int(rng.integers(1, 5)), n_warehouses), replace=False)
        total = int(np.ceil(demand[s] * rng.choice([0.5, 1.2, 2.0])))
        split = rng.multinomial(total, np.ones(len(holders)) / len(holders))
        rows += [(warehouses[h], f"S{s:03d}", int(u)) for h, u in zip(holders, split, strict=True) if u > 0]
    stock = pd.DataFrame(rows, columns=["warehouse", "sku", "units"])
    distance = rng.uniform(50, 2000, size=(n_orders, n_warehouses))
    pairs = pd.DataFrame(
        {
            "order_id": np.repeat([f"O{i:05d}" for i in range(n_orders)], n_warehouses),
            "warehouse": np.tile(warehouses, n_orders),
            "parcel_cost_cents": (500 + distance.ravel() // 2).astype(np.int64),
            "parcel_handling_cents": 150,
            "transit_days": (1 + distance.ravel() // 700).astype(np.int64),
            "distance_km": distance.ravel().round(1),
        }
    )
    unit_costs = lines[["order_id", "line_no"]].merge(pairs[["order_id", "warehouse"]], on="order_id")
    unit_costs["unit_cost_cents"] = rng.integers(50, 400, size=len(unit_costs))
    unit_costs["unit_handling_cents"] = 40
    capacity = np.full(n_warehouses, -1)
    capacity[0] = int(lines["quantity"].sum() // 6)  # one warehouse is a bottleneck
    lanes = pd.DataFrame(
        [(a, b, 80, 3000, 1) for a in warehouses[:3] for b in warehouses[:2] if a != b],
        columns=["from_warehouse", "to_warehouse", "unit_cost_cents", "fixed_cost_cents", "lead_time_days"],
    )
    purchases = pd.DataFrame(
        {
            "warehouse": warehouses[0],
            "sku": [f"S{s:03d}" for s in range(n_skus)],
            "supplier": "SUP",
            "unit_cost_cents": rng.integers(2_000, 40_000, size=n_skus),
            "lead_time_days": 2,
            "premium_pct": 30,
        }
    )
    return {
        "lines": lines[
            ["order_id", "line_no", "sku", "quantity", "priority", "service_level", "promised_days"]
        ],
        "stock": stock,
        "unit_costs": unit_costs,
        "parcel_costs": pairs,
        "warehouses": pd.DataFrame({"warehouse": warehouses, "pick_capacity_units": capacity}),
        "transfer_lanes": lanes,
        "purchase_options": purchases,
    }
