"""Suppliers in manufacturing cities, who supplies which SKU, and the purchase orders behind receipts.

Every ledger receipt is one purchase-order line (status received, some partially received with the rest
still open); open purchase orders bring incoming stock, especially for short and stock-out SKUs.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from pipelines.sample_data.config import LOCAL_OFFSET_S

DAY = 86_400
# Manufacturing and wholesale centres (城市 as written in addresses).
SUPPLIER_CITIES = (
    "东莞市",
    "深圳市",
    "苏州市",
    "宁波市",
    "义乌",
    "泉州市",
    "佛山市",
    "温州市",
    "广州市",
    "杭州市",
    "青岛市",
    "厦门市",
    "无锡市",
    "汕头市",
    "金华市",
    "成都市",
    "郑州市",
    "天津市",
)
SUPPLIER_KINDS = ("贸易有限公司", "实业有限公司", "制造有限公司", "供应链管理有限公司", "科技有限公司")


def build_suppliers(n_skus: int, rng: np.random.Generator) -> pd.DataFrame:
    n = int(np.clip(n_skus // 150, 6, 60))
    city = np.array(SUPPLIER_CITIES)[rng.integers(0, len(SUPPLIER_CITIES), n)]
    city = np.where(city == "义乌", "金华市", city)  # 义乌 is a county-level city of 金华市
    kind = np.array(SUPPLIER_KINDS)[rng.integers(0, len(SUPPLIER_KINDS), n)]
    lead = rng.integers(3, 22, n)
    return pd.DataFrame(
        {
            "supplier_code": [f"SUP{i + 1:03d}" for i in range(n)],
            "name": [f"{c.removesuffix('市')}{k}" for c, k in zip(city, kind, strict=True)],
            "city": city,
            "lead_time_days": lead,
            "emergency_lead_time_days": np.maximum(1, lead // rng.integers(3, 6, n)),
            "emergency_premium_pct": rng.integers(15, 61, n),
        }
    )


def build_supplier_skus(
    catalog: pd.DataFrame, suppliers: pd.DataFrame, rng: np.random.Generator
) -> pd.DataFrame:
    """Each SKU's primary supplier (by category cluster) and, for a quarter, a second one 3-8% dearer."""
    n, m = len(catalog), len(suppliers)
    category = pd.factorize(catalog["category"])[0]
    primary = (category * 7 + rng.integers(0, 3, n)) % m
    second = (primary + rng.integers(1, max(m, 2), n)) % m
    has_second = (rng.random(n) < 0.25) & (second != primary)
    price = catalog["unit_price_cents"].to_numpy()
    moq = np.where(price > 100_000, 1, np.where(price > 20_000, 5, np.where(price > 5_000, 20, 50)))
    cost = catalog["unit_cost_cents"].to_numpy()
    frame = pd.DataFrame(
        {
            "supplier_code": suppliers["supplier_code"].to_numpy()[
                np.concatenate([primary, second[has_second]])
            ],
            "sku": np.concatenate([catalog["sku"].to_numpy(), catalog["sku"].to_numpy()[has_second]]),
            "unit_cost_cents": np.concatenate(
                [
                    cost,
                    np.round(cost[has_second] * rng.uniform(1.03, 1.08, int(has_second.sum()))).astype(
                        np.int64
                    ),
                ]
            ),
            "min_order_units": np.concatenate([moq, moq[has_second]]),
        }
    )
    return frame.sort_values(["supplier_code", "sku"], kind="mergesort").reset_index(drop=True)


def primary_supplier(supplier_skus: pd.DataFrame, skus: pd.Series) -> np.ndarray:
    """The cheapest supplier code per SKU."""
    best = supplier_skus.sort_values(
        ["sku", "unit_cost_cents", "supplier_code"], kind="mergesort"
    ).drop_duplicates("sku")
    return best.set_index("sku")["supplier_code"].reindex(skus).to_numpy()


def purchase_orders(
    receipts: pd.DataFrame,
    open_lines: pd.DataFrame,
    suppliers: pd.DataFrame,
    as_of_s: int,
    rng: np.random.Generator,
) -> pd.DataFrame:
    """receipts: po_id, supplier_code, warehouse_code, sku, units, received_s (one per ledger receipt);
    open_lines: supplier_code, warehouse_code, sku, units (incoming, not received yet)."""
    lead = suppliers.set_index("supplier_code")["lead_time_days"]
    got = receipts.copy()
    partial = rng.random(len(got)) < 0.08
    got["ordered_units"] = got["units"] + np.where(
        partial, np.ceil(got["units"] * rng.uniform(0.1, 0.5, len(got))), 0
    )
    got["received_units"] = got["units"]
    got["ordered_s"] = got["received_s"] - lead.reindex(got["supplier_code"]).to_numpy() * DAY - 6 * 3600
    # Partly received orders still expect the rest; complete ones were expected when they arrived.
    got["expected_s"] = np.where(partial, as_of_s + rng.integers(1, 8, len(got)) * DAY, got["received_s"])
    got["status"] = np.where(partial, "partially_received", "received")
    opened = open_lines.copy()
    opened["po_id"] = [f"PO-{w}-OPEN{i + 1:05d}" for i, w in enumerate(opened["warehouse_code"])]
    days_left = rng.integers(1, 15, len(opened))
    opened["ordered_units"] = opened["units"]
    opened["received_units"] = 0
    opened["ordered_s"] = as_of_s - rng.integers(1, 10, len(opened)) * DAY - 5 * 3600
    opened["expected_s"] = as_of_s + days_left * DAY + 2 * 3600
    opened["status"] = np.where(rng.random(len(opened)) < 0.05, "cancelled", "open")
    frame = pd.concat([got, opened], ignore_index=True)
    # Buyers place purchase orders during office hours: 09:00-17:59 local on the ordering day.
    local_day = (frame["ordered_s"] + LOCAL_OFFSET_S) // DAY * DAY - LOCAL_OFFSET_S
    frame["ordered_s"] = local_day + 9 * 3600 + rng.integers(0, 9 * 3600, len(frame)) // 60 * 60
    return frame[
        [
            "po_id",
            "supplier_code",
            "warehouse_code",
            "sku",
            "ordered_units",
            "received_units",
            "ordered_s",
            "expected_s",
            "status",
        ]
    ]
