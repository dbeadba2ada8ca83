"""All export rows (one per order line, order fields repeated, re-sent copies included) as one typed Arrow
table sorted by channel, file day and time; built with Arrow takes, no per-row Python."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from pipelines.sample_data.anomalies import OrderSide
from pipelines.sample_data.config import BUYER_FIELDS, CHANNELS
from pipelines.sample_data.formats import arrow

TEXT_FIELDS = ("channel", "order_id", *BUYER_FIELDS, "payment_ref", "service_level")
DAY = 86_400


@dataclass(frozen=True)
class ExportRows:
    table: pa.Table  # typed: text fields, *_s epoch seconds, *_cents integers, quantity as exported text
    channel: np.ndarray  # channel code per row (index into CHANNELS)
    day: np.ndarray  # file day per row (days since the window start)
    order: np.ndarray  # internal order index per row


def _quantity_text(qty: np.ndarray) -> pa.Array:
    whole = np.round(qty).astype(np.int64)
    out = pc.cast(pa.array(whole), pa.string())
    fractional = qty != whole
    if fractional.any():  # a handful of anomaly lines: 0.5, 1.5, 2.5
        out = pc.replace_with_mask(
            out, pa.array(fractional), pa.array([repr(float(q)) for q in qty[fractional]])
        )
    return out


def _nullable_take(values: pd.Series, index: np.ndarray) -> pa.Array:
    """values[index], null where index < 0."""
    return arrow(values).take(pa.array(np.maximum(index, 0), mask=index < 0))


def line_table(side: OrderSide, promos: pd.DataFrame, coupons: pd.DataFrame, start_s: int) -> pa.Table:
    orders, lines = side.orders, side.lines
    order = lines["order"].to_numpy()
    at = pa.array(order)
    ordered = orders["ordered_s"].to_numpy()[order]
    paid = orders["paid_s"].to_numpy()[order]
    day = (ordered - start_s) // DAY
    data = {c: arrow(orders[c]).take(at) for c in TEXT_FIELDS}
    data |= {
        "customer_id": arrow(side.customers["customer_id"]).take(
            pa.array(orders["customer"].to_numpy()[order])
        ),
        "sku": arrow(lines["sku"]),
        "coupon_code": _nullable_take(coupons["coupon_code"], orders["coupon_index"].to_numpy()[order]),
        "promotion_id": _nullable_take(promos["promotion_id"], orders["promo_index"].to_numpy()[order]),
        "line_no": pa.array(lines["line_no"].to_numpy(), pa.int32()),
        "priority": pa.array(orders["priority"].to_numpy()[order], pa.int32()),
        "ordered_s": pa.array(ordered),
        "paid_s": pa.array(paid, mask=paid < 0),
        "exported_s": pa.array(start_s + (day + 1) * DAY),
        "quantity": _quantity_text(lines["qty"].to_numpy()),
        "unit_price_cents": pa.array(lines["unit_price_cents"].to_numpy()),
        "order_discount_cents": pa.array(orders["discount_cents"].to_numpy()[order]),
        "shipping_fee_cents": pa.array(orders["shipping_cents"].to_numpy()[order]),
        "paid_amount_cents": pa.array(orders["paid_cents"].to_numpy()[order]),
        "order": pa.array(order),
        "day": pa.array(day),
    }
    return pa.table(data)


def _resends(base: pa.Table, side: OrderSide, start_s: int) -> pa.Table:
    """Re-sent orders in the next day's file: identical rows (same exported_at), or with one field changed
    and the later file's exported_at."""
    resends = side.resends
    order = base["order"].to_numpy()
    same = base.filter(pa.array(np.isin(order, resends.identical)))
    same = same.set_column(same.schema.get_field_index("day"), "day", pc.add(same["day"], 1))
    changed = base.filter(pa.array(np.isin(order, resends.changed)))
    position = pd.Index(resends.changed).get_indexer(changed["order"].to_numpy())
    for field in np.unique(resends.field):  # three kinds of change
        hit = resends.field[position] == field
        values = pa.array(resends.value.to_numpy()[position[hit]], pa.string())
        replaced = pc.replace_with_mask(changed[field].combine_chunks(), pa.array(hit), values)
        changed = changed.set_column(changed.schema.get_field_index(field), field, replaced)
    new_day = pc.add(changed["day"], 1)
    changed = changed.set_column(changed.schema.get_field_index("day"), "day", new_day)
    exported = pa.array(start_s + (new_day.to_numpy() + 1) * DAY)
    changed = changed.set_column(changed.schema.get_field_index("exported_s"), "exported_s", exported)
    return pa.concat_tables([same, changed])


def export_rows(side: OrderSide, promos: pd.DataFrame, coupons: pd.DataFrame, start_s: int) -> ExportRows:
    base = line_table(side, promos, coupons, start_s)
    table = pa.concat_tables([base, _resends(base, side, start_s)]).combine_chunks()
    day = table["day"].to_numpy()
    order = table["order"].to_numpy()
    channel = pd.Index(CHANNELS).get_indexer(side.orders["channel"].cat.categories)[
        side.orders["channel"].cat.codes.to_numpy()[order]
    ]
    ordering = np.lexsort((table["line_no"].to_numpy(), order, table["ordered_s"].to_numpy(), day, channel))
    return ExportRows(table.take(pa.array(ordering)), channel[ordering], day[ordering], order[ordering])
