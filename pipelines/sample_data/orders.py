"""Clean channel orders: who buys what, when, shipped where, paid how (anomalies are injected afterwards)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from pipelines.sample_data.config import CHANNEL_SHARES, CHANNELS, LOCAL_OFFSET_S
from pipelines.sample_data.formats import arrow, assemble, padded, pick, text, unique_randoms
from pipelines.sample_data.geography import Districts

DAY = 86_400
# Lines per order: mostly one, a realistic tail up to eight.
LINES_P = np.array([0.62, 0.2, 0.09, 0.04, 0.025, 0.012, 0.008, 0.005])
QTY_VALUES = np.array([1, 2, 3, 4, 5, 6, 10])
QTY_P = np.array([0.85, 0.1, 0.025, 0.01, 0.008, 0.004, 0.003])
# Relative order intake per local hour (lunch break and late-evening peaks of Chinese marketplaces).
HOUR_WEIGHTS = np.array(
    [
        0.45,
        0.25,
        0.12,
        0.07,
        0.05,
        0.06,
        0.12,
        0.3,
        0.55,
        0.85,
        1.05,
        1.1,
        1.0,
        0.95,
        0.95,
        1.0,
        1.0,
        0.95,
        0.9,
        1.0,
        1.3,
        1.5,
        1.45,
        0.95,
    ]
)
# Shopping festivals: Singles' Day and its pre-sale start, the 11.10 evening warm-up.
FESTIVAL_WEIGHTS = {"11-11": 4.0, "11-01": 1.8, "11-10": 1.4, "12-12": 2.0, "06-18": 3.0}
PAYMENT_METHODS = ("alipay", "wechat_pay", "card", "cod")
SERVICE_LEVELS = ("standard", "express", "economy")
ORDER_ID_RANGES = {  # (low, high): Tmall 19 digits, JD 12 digits, Douyin 19 digits, webshop WS+10 digits
    "tmall": (3_800_000_000_000_000_000, 3_900_000_000_000_000_000),
    "jd": (300_000_000_000, 310_000_000_000),
    "douyin": (6_900_000_000_000_000_000, 7_000_000_000_000_000_000),
    "webshop": (1_000_000_000, 10_000_000_000),
}


def order_times(n: int, start_s: int, end_s: int, rng: np.random.Generator) -> np.ndarray:
    """n order times in [start_s, end_s) following the hourly and festival intake profile."""
    slots = np.arange(start_s - start_s % 3600, end_s, 3600, dtype=np.int64)
    local = slots + LOCAL_OFFSET_S
    hour = (local // 3600) % 24
    month_day = np.char.replace(
        np.datetime_as_string(local.astype("datetime64[s]").astype("datetime64[D]"), unit="D"), "-", ""
    )
    weight = HOUR_WEIGHTS[hour].copy()
    for md, factor in FESTIVAL_WEIGHTS.items():
        weight[np.char.endswith(month_day, md.replace("-", ""))] *= factor
    slot = rng.choice(len(slots), size=n, p=weight / weight.sum())
    seconds = slots[slot] + rng.integers(0, 3600, n)
    return np.clip(seconds, start_s, end_s - 1)


def order_ids(channel: str, n: int, rng: np.random.Generator) -> pa.Array:
    """n distinct order numbers in the channel's style."""
    low, high = ORDER_ID_RANGES[channel]
    digits = pc.cast(pa.array(unique_randoms(rng, n, low, high)), pa.string())
    return pc.binary_join_element_wise("WS", digits, "") if channel == "webshop" else digits


def build_orders(
    n: int,
    start_s: int,
    end_s: int,
    customers: pd.DataFrame,
    cities: pd.DataFrame,
    districts: Districts,
    rng: np.random.Generator,
) -> pd.DataFrame:
    """Order headers (no lines, no amounts yet), sorted by time; ship-to copied from the buyer's account."""
    channel_code = rng.choice(len(CHANNELS), size=n, p=CHANNEL_SHARES)
    ordered = np.sort(order_times(n, start_s, end_s, rng))
    customer = np.empty(n, dtype=np.int64)
    id_parts = []
    customer_channel = customers["channel"].to_numpy()
    for k, ch in enumerate(CHANNELS):  # four channels
        mine = np.flatnonzero(channel_code == k)
        pool = np.flatnonzero(customer_channel == ch)
        activity = customers["activity"].to_numpy()[pool]
        customer[mine] = pool[rng.choice(len(pool), size=len(mine), p=activity / activity.sum())]
        id_parts.append((mine, order_ids(ch, len(mine), rng)))
    taken = pa.array(customer)
    column = {
        c: arrow(customers[c]).take(taken)
        for c in ("recipient_name", "phone", "street", "address_detail", "payment_account", "payment_method")
    }
    city_index = customers["city_index"].to_numpy()[customer]
    # Low-cardinality columns are categoricals: cheap to compare and to copy between orders.
    province_code, provinces = pd.factorize(cities["province"], sort=True)
    district = pa.array(customers["district_index"].to_numpy()[customer])
    method = column["payment_method"].to_numpy(zero_copy_only=False)
    is_cod = method == "cod"
    service = rng.choice(3, size=n, p=[0.85, 0.12, 0.03])
    priority_draw = rng.random(n)
    priority = np.where(service == 1, (priority_draw < 0.5).astype(int) + (priority_draw < 0.1), 0)
    priority = np.where((service != 1) & (priority_draw < 0.05), 1 + (priority_draw < 0.01), priority)
    paid = ordered + np.exp(rng.uniform(np.log(5), np.log(600), n)).astype(np.int64)
    ref_number = padded(unique_randoms(rng, n, 0, 10**14), 14)
    return pd.DataFrame(
        {
            "channel": pd.Categorical.from_codes(channel_code, CHANNELS),
            "order_id": text(assemble(n, id_parts)),
            "customer": customer,
            "ordered_s": ordered,
            "paid_s": np.where(is_cod, -1, np.minimum(paid, end_s - 1)),
            "recipient_name": text(column["recipient_name"]),
            "phone": text(column["phone"]),
            "country_code": pd.Categorical.from_codes(np.zeros(n, dtype=np.int64), ["CN"]),
            "province": pd.Categorical.from_codes(province_code[city_index], provinces),
            "city": pd.Categorical.from_codes(city_index, cities["city"].to_numpy()),
            "district": text(districts.name.take(district)),
            "street": text(column["street"]),
            "address_detail": text(column["address_detail"]),
            "postal_code": text(districts.postal_code.take(district)),
            "payment_method": pd.Categorical(method, categories=PAYMENT_METHODS),
            "payment_account": text(column["payment_account"]),
            "payment_ref": text(payment_refs(method, ref_number)),
            "service_level": pd.Categorical.from_codes(service, SERVICE_LEVELS),
            "priority": priority.astype(np.int64),
            "promo_index": -1,
            "coupon_index": -1,
            "discount_cents": 0,
        }
    )


def payment_refs(method: np.ndarray, number: pa.Array) -> pa.Array:
    """Transaction ids in the payment provider's style: a provider prefix and a unique number."""
    kind = np.select([method == "alipay", method == "wechat_pay", method == "card"], [0, 1, 2], 3)
    return pc.binary_join_element_wise(pick(("2026", "4200", "UP", "COD"), kind), number, "")


def reprice_refs(orders: pd.DataFrame, rows: np.ndarray) -> None:
    """Re-prefix the payment_ref of orders whose payment method changed (keeps the unique number)."""
    method = orders.loc[rows, "payment_method"].to_numpy().astype(str)
    number = pa.array(orders.loc[rows, "payment_ref"].str[-14:].to_numpy(), pa.string())
    orders.loc[rows, "payment_ref"] = payment_refs(method, number).to_numpy(zero_copy_only=False)


def build_lines(
    orders: pd.DataFrame, catalog: pd.DataFrame, sellable: np.ndarray, rng: np.random.Generator
) -> pd.DataFrame:
    """Order lines: Zipf-like choice among `sellable` SKUs, distinct SKUs within an order, qty mostly 1."""
    n_lines = rng.choice(len(LINES_P), size=len(orders), p=LINES_P / LINES_P.sum()) + 1
    order = np.repeat(np.arange(len(orders)), n_lines)
    weight = catalog["popularity"].to_numpy() * sellable
    sku = rng.choice(len(catalog), size=len(order), p=weight / weight.sum())
    for _ in range(4):  # re-draw the SKUs that repeat within an order; few remain after a couple of rounds
        dup = _duplicated_within(order, sku)
        if not dup.any():
            break
        sku[dup] = rng.choice(len(catalog), size=int(dup.sum()), p=weight / weight.sum())
    keep = ~_duplicated_within(order, sku)
    order, sku = order[keep], sku[keep]
    start = np.concatenate([[0], np.flatnonzero(np.diff(order)) + 1])
    line_no = np.arange(len(order)) - np.repeat(start, np.diff(np.append(start, len(order))))
    price = catalog["unit_price_cents"].to_numpy()[sku]
    qty = QTY_VALUES[rng.choice(len(QTY_VALUES), size=len(order), p=QTY_P / QTY_P.sum())]
    qty = np.where(price > 100_000, 1, qty)  # nobody buys three phones in one go
    category_index = pd.Index(sorted(catalog["category"].unique())).get_indexer(catalog["category"])
    return pd.DataFrame(
        {
            "order": order,
            "line_no": line_no + 1,
            "sku_index": sku,
            "sku": text(arrow(catalog["sku"]).take(pa.array(sku))),
            "category_index": category_index[sku],
            "qty": qty.astype(float),
            "unit_price_cents": price,
        }
    )


def _duplicated_within(order: np.ndarray, sku: np.ndarray) -> np.ndarray:
    key = order.astype(np.int64) * (int(sku.max()) + 1) + sku
    seen = pd.Series(key).duplicated().to_numpy()
    return seen
