"""Tiny allocation instances whose optimum is known by hand, as plain tables."""

from __future__ import annotations

import pandas as pd


def tables(
    orders: dict[str, list[tuple[str, int]]],
    stock: dict[tuple[str, str], int],
    parcel: dict[str, int],
    unit: int = 100,
    **order_level: dict[str, object],
) -> dict[str, pd.DataFrame | None]:
    """Lines from {order: [(sku, qty), ...]}; every line may ship from every warehouse in `parcel` at `unit`
    cents per unit; `parcel` gives each warehouse's parcel cost (also its distance rank); `order_level` maps
    an order-level column to {order: value}."""
    rows = []
    for order_id, items in orders.items():
        for line_no, (sku, qty) in enumerate(items, start=1):
            row = {"order_id": order_id, "line_no": line_no, "sku": sku, "quantity": qty}
            row.update(
                {column: values[order_id] for column, values in order_level.items() if order_id in values}
            )
            rows.append(row)
    lines = pd.DataFrame(rows)
    for column in order_level:
        if column in lines:
            lines[column] = lines[column].where(lines[column].notna(), None)
    warehouses = sorted(parcel)
    unit_costs = pd.DataFrame(
        [(r["order_id"], r["line_no"], w, unit) for r in rows for w in warehouses],
        columns=["order_id", "line_no", "warehouse", "unit_cost_cents"],
    )
    parcel_costs = pd.DataFrame(
        [(o, w, parcel[w], float(parcel[w])) for o in orders for w in warehouses],
        columns=["order_id", "warehouse", "parcel_cost_cents", "distance_km"],
    )
    stock_frame = pd.DataFrame(
        [(w, s, u) for (w, s), u in stock.items()], columns=["warehouse", "sku", "units"]
    )
    return {"lines": lines, "stock": stock_frame, "unit_costs": unit_costs, "parcel_costs": parcel_costs}
