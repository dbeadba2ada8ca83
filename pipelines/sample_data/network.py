"""Fulfilment network: warehouses in real logistics hub cities and the transfer lanes between them."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

DATA = Path(__file__).resolve().parent / "data"
REGION_ZH = {
    "East": "华东",
    "North": "华北",
    "South": "华南",
    "Central": "华中",
    "Southwest": "西南",
    "Northwest": "西北",
    "Northeast": "东北",
}


def haversine_km(lat1: np.ndarray, lon1: np.ndarray, lat2: np.ndarray, lon2: np.ndarray) -> np.ndarray:
    """Great-circle distance in km (broadcasting)."""
    p1, p2 = np.radians(lat1), np.radians(lat2)
    dp, dl = p2 - p1, np.radians(lon2) - np.radians(lon1)
    a = np.sin(dp / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dl / 2) ** 2
    return 2 * 6371.0 * np.arcsin(np.sqrt(np.clip(a, 0, 1)))


def build_warehouses(
    n: int, cities: pd.DataFrame, daily_units: float, rng: np.random.Generator
) -> pd.DataFrame:
    """The first n hubs of `data/hubs.csv` (ordered so that any prefix spreads over the regions).

    Pick capacity follows the demand the hub is nearest to, with 40-80% headroom.
    """
    hubs = pd.read_csv(DATA / "hubs.csv", dtype=str).head(n)
    frame = hubs.merge(cities, on="city", how="left", validate="one_to_one")
    if frame["latitude"].isna().any():
        raise RuntimeError(
            f"hub city missing from assets.geography: {frame.loc[frame.latitude.isna(), 'city']}"
        )
    near = nearest_warehouse(cities, frame)
    demand_share = np.bincount(near, weights=cities["demand_weight"].to_numpy(), minlength=n)
    capacity = np.maximum(500, np.round(daily_units * demand_share * rng.uniform(1.4, 1.8, n), -1))
    western = frame["region"].isin(["Northwest", "Southwest", "Northeast"]).to_numpy()
    return pd.DataFrame(
        {
            "warehouse_code": frame["warehouse_code"],
            "name": frame["region"].map(REGION_ZH)
            + frame["city"].str.removesuffix("市")
            + frame["site"]
            + "仓",
            "country_code": frame["country_code"],
            "province": frame["province"],
            "city": frame["city"],
            "latitude": frame["latitude"],
            "longitude": frame["longitude"],
            "region": frame["region"],
            "daily_pick_capacity_units": capacity.astype(np.int64),
            # Labour is cheaper in the west and north-east: lower handling cost per unit and per order.
            "handling_cost_per_unit_cents": np.where(
                western, rng.integers(55, 80, n), rng.integers(75, 120, n)
            ),
            "handling_cost_per_order_cents": np.where(
                western, rng.integers(120, 180, n), rng.integers(160, 260, n)
            ),
            "timezone": frame["timezone"],
            "demand_share": demand_share,
        }
    )


def nearest_warehouse(cities: pd.DataFrame, warehouses: pd.DataFrame) -> np.ndarray:
    """Index of the nearest warehouse for every city."""
    km = haversine_km(
        cities["latitude"].to_numpy()[:, None],
        cities["longitude"].to_numpy()[:, None],
        warehouses["latitude"].to_numpy()[None, :],
        warehouses["longitude"].to_numpy()[None, :],
    )
    return np.argmin(km, axis=1)


def build_transfer_lanes(warehouses: pd.DataFrame) -> pd.DataFrame:
    """Every ordered pair of warehouses: line-haul cost and lead time grow with road distance (~1.25x)."""
    n = len(warehouses)
    src, dst = np.meshgrid(np.arange(n), np.arange(n), indexing="ij")
    keep = src != dst
    src, dst = src[keep], dst[keep]
    lat, lon = warehouses["latitude"].to_numpy(), warehouses["longitude"].to_numpy()
    road_km = 1.25 * haversine_km(lat[src], lon[src], lat[dst], lon[dst])
    return pd.DataFrame(
        {
            "from_warehouse_code": warehouses["warehouse_code"].to_numpy()[src],
            "to_warehouse_code": warehouses["warehouse_code"].to_numpy()[dst],
            "cost_per_unit_cents": np.round(30 + road_km * 0.12).astype(np.int64),
            "fixed_cost_cents": np.round(30_000 + road_km * 60).astype(np.int64),
            "lead_time_days": (1 + road_km // 700).astype(np.int64),
        }
    )
