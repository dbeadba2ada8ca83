"""Channel order exports: one file per channel per day (tmall/webshop CSV, jd JSON Lines, douyin Parquet),
with re-sent orders in the next day's file and whole files delivered twice."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from pipelines.sample_data.anomalies import OrderSide
from pipelines.sample_data.config import CHANNEL_FORMATS, CHANNELS
from pipelines.sample_data.duplicates import Resends
from pipelines.sample_data.export_rows import TEXT_FIELDS, ExportRows, export_rows
from pipelines.sample_data.formats import cents_decimal, local_time, money, utc_date
from pipelines.sample_data.injection import TruthLog
from pipelines.sample_data.writers import needs_quotes as _needs_quotes
from pipelines.sample_data.writers import write_csv, write_jsonl, write_parquet

ORDER_COLUMNS = [
    "channel",
    "order_id",
    "line_no",
    "ordered_at",
    "paid_at",
    "customer_id",
    "recipient_name",
    "phone",
    "country_code",
    "province",
    "city",
    "district",
    "street",
    "address_detail",
    "postal_code",
    "sku",
    "quantity",
    "unit_price",
    "order_discount",
    "shipping_fee",
    "paid_amount",
    "payment_method",
    "payment_account",
    "payment_ref",
    "coupon_code",
    "promotion_id",
    "service_level",
    "priority",
    "exported_at",
]
# The webshop's export tool writes its columns in its own order (columns are matched by name).
WEBSHOP_COLUMNS = ORDER_COLUMNS[:3] + ORDER_COLUMNS[15:21] + ORDER_COLUMNS[3:15] + ORDER_COLUMNS[21:]


@dataclass(frozen=True)
class ExportResult:
    files: dict[str, int]  # relative path -> data rows
    redelivered: list[tuple[str, str]]  # (copy, original)


def write_order_exports(
    folder: Path,
    side: OrderSide,
    promos: pd.DataFrame,
    coupons: pd.DataFrame,
    start_s: int,
    redeliver_share: float,
    rng: np.random.Generator,
) -> ExportResult:
    """Write every order file and record the duplicate deliveries in the truth."""
    orders, truth, resends = side.orders, side.truth, side.resends
    rows = export_rows(side, promos, coupons, start_s)
    table, day, channel = rows.table, rows.day, rows.channel
    files: dict[str, int] = {}
    file_of_day: dict[tuple[str, int], str] = {}
    key_of_file: dict[str, tuple[int, int]] = {}
    for code, ch in enumerate(CHANNELS):
        mine = np.flatnonzero(channel == code)
        if len(mine) == 0:
            continue
        # Format the channel's rows once, then cut them into daily files.
        view = _channel_view(ch, table.slice(int(mine[0]), len(mine)))
        quoted = _needs_quotes(view) if CHANNEL_FORMATS[ch] == "csv" else False
        bounds = np.flatnonzero(np.diff(day[mine])) + 1
        parts = []
        for chunk in np.split(mine, bounds):  # one file per channel and day
            d = int(day[chunk[0]])
            name = f"{ch}_orders_{utc_date(np.array([start_s + d * 86_400]))[0]}.{CHANNEL_FORMATS[ch]}"
            parts.append((folder / name, int(chunk[0] - mine[0]), len(chunk)))
            files[f"orders/{name}"] = len(chunk)
            file_of_day[(ch, d)] = name
            key_of_file[f"orders/{name}"] = (code, d)
        _write_exports(ch, view, parts, quoted)
    _record_resends(truth, orders, resends, file_of_day, start_s)
    redelivered = _redeliver(folder, sorted(files), redeliver_share, rng)
    for copy, original in redelivered:
        files[copy] = files[original]
        _record_redelivery(truth, rows, key_of_file[original], copy, original)
    return ExportResult(files, redelivered)


def _channel_view(channel: str, part: pa.Table) -> pa.Table:
    fmt = CHANNEL_FORMATS[channel]
    if fmt == "parquet":
        return _parquet_view(part)
    return _text_view(part, WEBSHOP_COLUMNS if channel == "webshop" else ORDER_COLUMNS)


def _write_exports(channel: str, view: pa.Table, parts: list[tuple[Path, int, int]], quoted: bool) -> None:
    fmt = CHANNEL_FORMATS[channel]
    if fmt == "jsonl":
        write_jsonl(parts, view, numeric=("line_no", "priority", "quantity"))
        return
    for path, first, count in parts:
        if fmt == "parquet":
            write_parquet(path, view.slice(first, count))
        else:
            write_csv(path, view.slice(first, count), bom=channel == "webshop", quoted=quoted)


def _text_view(part: pa.Table, columns: list[str]) -> pa.Table:
    data = {
        **{
            c: part[c]
            for c in (*TEXT_FIELDS, "customer_id", "sku", "coupon_code", "promotion_id", "quantity")
        },
        "line_no": pc.cast(part["line_no"], pa.string()),
        "priority": pc.cast(part["priority"], pa.string()),
        "ordered_at": local_time(part["ordered_s"].to_numpy()),
        "paid_at": _times_or_null(part["paid_s"]),
        "exported_at": local_time(part["exported_s"].to_numpy()),
        "unit_price": money(part["unit_price_cents"].to_numpy()),
        "order_discount": money(part["order_discount_cents"].to_numpy()),
        "shipping_fee": money(part["shipping_fee_cents"].to_numpy()),
        "paid_amount": money(part["paid_amount_cents"].to_numpy()),
    }
    return pa.table({c: data[c] for c in columns})


def _times_or_null(seconds: pa.ChunkedArray) -> pa.Array:
    present = pc.is_valid(seconds).to_numpy(zero_copy_only=False)
    text = local_time(pc.fill_null(seconds, 0).to_numpy())
    return pc.if_else(pa.array(present), text, pa.scalar(None, pa.string()))


def _parquet_view(part: pa.Table) -> pa.Table:
    zone = pa.timestamp("s", tz="+08:00")
    data = {
        **{c: part[c] for c in (*TEXT_FIELDS, "customer_id", "sku", "coupon_code", "promotion_id")},
        "line_no": part["line_no"],
        "priority": part["priority"],
        "ordered_at": pc.cast(part["ordered_s"], zone),
        "paid_at": pc.cast(part["paid_s"], zone),
        "exported_at": pc.cast(part["exported_s"], zone),
        "quantity": pc.cast(pc.cast(part["quantity"], pa.float64()), pa.decimal128(10, 2)),
        "unit_price": cents_decimal(part["unit_price_cents"].to_numpy()),
        "order_discount": cents_decimal(part["order_discount_cents"].to_numpy()),
        "shipping_fee": cents_decimal(part["shipping_fee_cents"].to_numpy()),
        "paid_amount": cents_decimal(part["paid_amount_cents"].to_numpy()),
    }
    return pa.table({c: data[c] for c in ORDER_COLUMNS})


def _record_resends(
    truth: TruthLog, orders: pd.DataFrame, resends: Resends, file_of_day: dict, start_s: int
) -> None:
    day = (orders["ordered_s"].to_numpy() - start_s) // 86_400
    ch = orders["channel"].to_numpy()

    def where(order: int, shift: int) -> str:
        return file_of_day[(ch[order], int(day[order]) + shift)]

    truth.add(
        resends.identical,
        "duplicate_in_other_file",
        [f"identical copy in {where(o, 1)} (first in {where(o, 0)})" for o in resends.identical],
    )
    truth.add(
        resends.changed,
        "duplicate_changed_payload",
        [
            f"{f} changed in {where(o, 1)} (first in {where(o, 0)})"
            for o, f in zip(resends.changed, resends.field, strict=True)
        ],
    )


def _redeliver(
    folder: Path, names: list[str], share: float, rng: np.random.Generator
) -> list[tuple[str, str]]:
    if share <= 0 or not names:
        return []
    k = min(len(names), max(1, round(share * len(names))))
    chosen = sorted(rng.choice(len(names), size=k, replace=False))
    out = []
    for i in chosen:  # a handful of files
        original = names[i]
        stem, ext = original.rsplit(".", 1)
        copy = f"{stem}_resend.{ext}"
        shutil.copyfile(folder / Path(original).name, folder / Path(copy).name)
        out.append((copy, original))
    return out


def _record_redelivery(
    truth: TruthLog, rows: ExportRows, key: tuple[int, int], copy: str, original: str
) -> None:
    """Every order in a file delivered twice is a duplicate delivery (it may carry another anomaly too)."""
    channel, day = key
    mine = (rows.channel == channel) & (rows.day == day)
    truth.add(
        np.unique(rows.order[mine]),
        "duplicate_redelivered_file",
        f"{Path(copy).name} repeats {Path(original).name}",
    )
