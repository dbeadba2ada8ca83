"""Tiny hand-made inputs for intake and review tests: a few SKUs, cities, customers, stock and orders.

Every order built here is valid unless a test overrides a field; amounts add up unless overridden.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import duckdb
import pandas as pd

from assets.intake.geo import write_geo_cities

T0 = datetime(2026, 11, 20, 10, 0, 0)

_CITY_ROWS = """
CN|广东省|Guangdong|深圳市|Shenzhen|22.543|114.058|17560000|518|South|Asia/Shanghai
CN|广东省|Guangdong|广州市|Guangzhou|23.129|113.264|18680000|510|South|Asia/Shanghai
CN|北京市|Beijing|北京市|Beijing|39.904|116.407|21890000|100|North|Asia/Shanghai
CN|新疆维吾尔自治区|Xinjiang|乌鲁木齐市|Urumqi|43.825|87.617|4054000|830|Northwest|Asia/Urumqi
DE|Bayern|Bavaria|München|Munich|48.137|11.575|1488000|80|EU|Europe/Berlin
"""
CITIES = pd.DataFrame(
    [line.split("|") for line in _CITY_ROWS.strip().splitlines()],
    columns=[
        "country_code", "province", "province_en", "city", "city_en", "latitude", "longitude", "population",
        "postal_prefix", "region", "timezone",
    ],
).astype({"latitude": float, "longitude": float, "population": int})  # fmt: skip

SKUS = [
    # sku, category, product, color, size, price_cents, is_active
    ("SKU-A", "shoes", "P-1", "black", "42", 19_900, True),
    ("SKU-B", "shoes", "P-1", "black", "43", 19_900, True),
    (
        "SKU-C",
        "shoes",
        "P-2",
        "black",
        "42",
        21_900,
        True,
    ),  # substitute for SKU-A: same category, colour, size
    ("SKU-D", "tea", "P-3", None, "250g", 5_000, True),
    ("SKU-OLD", "shoes", "P-4", "red", "42", 9_900, False),
]

# The reconciliation schema (sql/schema/inventory.sql) normally creates stock_positions; this minimal form
# keeps the tests independent of it.
STOCK_POSITIONS_DDL = """
create table if not exists stock_positions (
    warehouse_code varchar, sku varchar, sellable_units bigint, in_transit_in_units bigint,
    next_transfer_arrival_at timestamp, incoming_units bigint, next_incoming_at timestamp
)
"""


def seed_reference(conn: duckdb.DuckDBPyConnection, stock_units: int = 100) -> None:
    """SKUs, the city table, warehouses WH1/WH2 and stock_units sellable units of every active SKU in WH1."""
    write_geo_cities(conn, CITIES)
    skus = pd.DataFrame(
        [
            {
                "sku": sku, "name": f"{category} {sku}", "category": category, "product_id": product,
                "color": color, "size": size, "weight_g": 500, "length_mm": 300, "width_mm": 200,
                "height_mm": 100, "is_fragile": False, "is_liquid": False, "is_valuable": False,
                "unit_price_cents": price, "unit_cost_cents": price // 2, "abc_class": "A",
                "is_active": active,
            }
            for sku, category, product, color, size, price, active in SKUS
        ]
    )  # fmt: skip
    conn.register("skus_in", skus)
    conn.execute("insert into skus by name select * from skus_in")
    conn.unregister("skus_in")
    conn.execute(STOCK_POSITIONS_DDL)
    conn.execute(
        "insert into stock_positions (warehouse_code, sku, sellable_units, in_transit_in_units) "
        "select 'WH1', sku, ?, 0 from skus where is_active",
        [stock_units],
    )


def add_customer(
    conn: duckdb.DuckDBPyConnection,
    customer_id: str,
    created_at: datetime,
    channel: str = "tmall",
    display_name: str | None = None,
) -> None:
    conn.execute(
        "insert into customers values (?, ?, ?, null, ?)",
        [customer_id, channel, display_name or customer_id, created_at],
    )


def add_order(
    conn: duckdb.DuckDBPyConnection,
    order_id: str,
    lines: list[dict[str, Any]] | None = None,
    **fields: Any,
) -> None:
    """Insert one order and its lines; `fields` override order columns (None clears a field)."""
    lines = lines if lines is not None else [{"sku": "SKU-A", "quantity": 1, "unit_price_cents": 19_900}]
    lines_total = round(sum(float(line["quantity"] or 0) * (line["unit_price_cents"] or 0) for line in lines))
    discount = fields.get("order_discount_cents", 0) or 0
    shipping = fields.get("shipping_fee_cents", 1_000) or 0
    ordered_at = fields.get("ordered_at", T0)
    order: dict[str, Any] = {
        "channel": "tmall", "order_id": order_id, "customer_id": f"cust-{order_id}", "ordered_at": ordered_at,
        "paid_at": ordered_at + timedelta(minutes=1), "recipient_name": "张三", "phone": "13800138000",
        "country_code": "CN", "province": "广东省", "city": "深圳市", "district": "南山区",
        "street": "科技园路88号", "address_detail": "A座1201", "postal_code": "518057",
        "payment_method": "alipay", "payment_account": "acct***01", "payment_ref": f"pay-{order_id}",
        "paid_amount_cents": max(lines_total - discount + shipping, 0), "shipping_fee_cents": shipping,
        "order_discount_cents": discount, "coupon_code": None, "promotion_id": None,
        "service_level": "standard", "priority": 0, "exported_at": ordered_at + timedelta(hours=1),
        "n_lines": len(lines), "payload_sha256": f"sha-{order_id}", "source_file_id": "file-1",
        "loaded_at": ordered_at + timedelta(hours=2),
    }  # fmt: skip
    order.update(fields)
    columns = list(order)
    conn.execute(
        f"insert into orders ({', '.join(columns)}) values ({', '.join('?' for _ in columns)})",
        list(order.values()),
    )
    for line_no, line in enumerate(lines, start=1):
        conn.execute(
            "insert into order_lines values (?, ?, ?, ?, ?, ?, 'file-1', ?)",
            [
                order["channel"], order_id, line_no, line["sku"], line["quantity"], line["unit_price_cents"],
                line_no + 1,
            ],
        )  # fmt: skip
