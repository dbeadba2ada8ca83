"""Valid order export rows and writers for the three order file formats."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

ORDER_COLUMNS = (
    "channel", "order_id", "line_no", "ordered_at", "paid_at", "customer_id", "recipient_name", "phone",
    "country_code", "province", "city", "district", "street", "address_detail", "postal_code", "sku",
    "quantity", "unit_price", "order_discount", "shipping_fee", "paid_amount", "payment_method",
    "payment_account", "payment_ref", "coupon_code", "promotion_id", "service_level", "priority",
    "exported_at",
)  # fmt: skip


def order_row(order_id: str = "TM1001", line_no: int | str = 1, **overrides: Any) -> dict[str, str]:
    """One export row (all values as text, as a channel writes them); order-level fields are shared."""
    row = {
        "channel": "tmall",
        "order_id": order_id,
        "line_no": str(line_no),
        "ordered_at": "2026-11-20T10:15:00+08:00",
        "paid_at": "2026-11-20T10:16:30+08:00",
        "customer_id": f"C-{order_id}",
        "recipient_name": "张三",
        "phone": "13800138000",
        "country_code": "CN",
        "province": "广东省",
        "city": "深圳市",
        "district": "南山区",
        "street": "科技园路88号",
        "address_detail": "A栋, 1201",
        "postal_code": "518057",
        "sku": f"SKU-{line_no}",
        "quantity": "2",
        "unit_price": "129.90",
        "order_discount": "10.00",
        "shipping_fee": "0.00",
        "paid_amount": "249.80",
        "payment_method": "alipay",
        "payment_account": "62****1234",
        "payment_ref": f"PAY-{order_id}",
        "coupon_code": "",
        "promotion_id": "",
        "service_level": "standard",
        "priority": "0",
        "exported_at": "2026-11-21T00:00:00Z",
    }
    row.update({key: str(value) for key, value in overrides.items()})
    return row


def csv_line(row: dict[str, str], columns: Sequence[str] = ORDER_COLUMNS) -> str:
    """One CSV line (no line break), quoted where needed."""
    buffer = io.StringIO()
    # the writer quotes fields holding its line terminator, so that must be a real line break
    csv.writer(buffer, lineterminator="\n").writerow([row.get(c, "") for c in columns])
    return buffer.getvalue().removesuffix("\n")


def write_orders_csv(
    path: Path, rows: Sequence[dict[str, str]], columns: Sequence[str] = ORDER_COLUMNS, newline: str = "\n"
) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    lines = [",".join(columns), *(csv_line(r, columns) for r in rows)]
    path.write_bytes((newline.join(lines) + newline).encode("utf-8"))
    return path


def write_orders_jsonl(path: Path, rows: Sequence[dict[str, Any]]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return path


def write_orders_parquet(path: Path, rows: Sequence[dict[str, str]]) -> Path:
    """Parquet with natural types (integers, decimals as text, timestamps as text) as channels export them."""
    path.parent.mkdir(parents=True, exist_ok=True)
    columns: dict[str, list[Any]] = {c: [r[c] for r in rows] for c in ORDER_COLUMNS}
    columns["line_no"] = [int(v) for v in columns["line_no"]]
    columns["priority"] = [int(v) for v in columns["priority"]]
    pq.write_table(pa.table(columns), path)
    return path
