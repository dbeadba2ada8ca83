"""Reference tables in the column order of `sql/schema/reference.sql` (money still in cents here)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from pipelines.sample_data.formats import local_time
from pipelines.sample_data.writers import write_master

SKU_COLUMNS = [
    "sku",
    "name",
    "category",
    "product_id",
    "color",
    "size",
    "weight_g",
    "length_mm",
    "width_mm",
    "height_mm",
    "is_fragile",
    "is_liquid",
    "is_valuable",
    "unit_price_cents",
    "unit_cost_cents",
    "abc_class",
    "is_active",
]
WAREHOUSE_COLUMNS = [
    "warehouse_code",
    "name",
    "country_code",
    "province",
    "city",
    "latitude",
    "longitude",
    "region",
    "daily_pick_capacity_units",
    "handling_cost_per_unit_cents",
    "handling_cost_per_order_cents",
    "timezone",
]
PROMOTION_COLUMNS = [
    "promotion_id",
    "name",
    "kind",
    "percent_off",
    "amount_off_cents",
    "min_spend_cents",
    "eligible_categories",
    "eligible_skus",
    "channel",
    "starts_at",
    "ends_at",
]


def _times(seconds: pd.Series) -> pd.Series:
    return pd.Series(local_time(seconds.to_numpy(dtype=np.int64)), dtype="str", index=seconds.index)


def promotions_table(promos: pd.DataFrame) -> pd.DataFrame:
    out = promos.assign(starts_at=_times(promos["starts_s"]), ends_at=_times(promos["ends_s"]))
    out["percent_off"] = out["percent_off"].astype("Int64")
    out["amount_off_cents"] = out["amount_off_cents"].astype("Int64")
    return out[PROMOTION_COLUMNS]


def coupons_table(coupons: pd.DataFrame) -> pd.DataFrame:
    out = coupons.assign(valid_from=_times(coupons["valid_from_s"]), valid_to=_times(coupons["valid_to_s"]))
    return out[["coupon_code", "promotion_id", "valid_from", "valid_to", "per_customer_limit"]]


def customers_table(customers: pd.DataFrame) -> pd.DataFrame:
    out = customers.assign(account_created_at=_times(customers["created_s"]))
    return out[["customer_id", "channel", "display_name", "phone", "account_created_at"]]


def purchase_orders_table(pos: pd.DataFrame) -> pd.DataFrame:
    out = pos.assign(ordered_at=_times(pos["ordered_s"]), expected_at=_times(pos["expected_s"]))
    out = out.sort_values(["ordered_at", "po_id", "sku"], kind="mergesort")
    return out[
        [
            "po_id",
            "supplier_code",
            "warehouse_code",
            "sku",
            "ordered_units",
            "received_units",
            "ordered_at",
            "expected_at",
            "status",
        ]
    ]


def write_masters(folder: Path, tables: dict[str, pd.DataFrame]) -> dict[str, int]:
    """Write every reference table; returns rows per file (relative to the landing folder)."""
    return {f"master/{name}.csv": write_master(folder, name, frame) for name, frame in tables.items()}
