"""Order-brushing rings (刷单): bursts of cheap single-item orders from freshly created, sequentially named
accounts, shipped to one address and/or one phone, often paid from one account."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from pipelines.sample_data import names, phones
from pipelines.sample_data.config import CHANNELS
from pipelines.sample_data.customers import PAYMENT_MIX, customer_ids, payment_accounts
from pipelines.sample_data.formats import arrow, isin_text, text
from pipelines.sample_data.geography import Districts, sample_addresses
from pipelines.sample_data.injection import Claims, TruthLog
from pipelines.sample_data.orders import reprice_refs

RING_CHANNEL_P = {"tmall": 0.4, "douyin": 0.3, "jd": 0.2, "webshop": 0.1}
RING_KINDS = ("same_address", "same_phone", "same_address_and_phone")
CHEAP_CENTS = 3_000


def ring_sizes(total: int, rng: np.random.Generator) -> np.ndarray:
    """Ring sizes of 8-25 orders adding up to exactly `total`."""
    sizes: list[int] = []
    while sum(sizes) < total:
        sizes.append(int(rng.integers(8, 26)))
    if sizes:
        sizes[-1] -= sum(sizes) - total
        if sizes[-1] < 5 and len(sizes) > 1:  # fold a tiny remainder into the previous ring
            sizes[-2] += sizes.pop()
    return np.array(sizes, dtype=np.int64)


def inject_brushing(
    orders: pd.DataFrame,
    lines: pd.DataFrame,
    customers: pd.DataFrame,
    catalog: pd.DataFrame,
    sellable: np.ndarray,
    cities: pd.DataFrame,
    districts: Districts,
    total: int,
    window: tuple[int, int],
    claims: Claims,
    truth: TruthLog,
    rng: np.random.Generator,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Turn `total` orders into brushing rings; returns (lines, customers) with the rings' lines and
    accounts."""
    sizes = ring_sizes(total, rng)
    if len(sizes) == 0:
        return lines, customers
    ring_channel = rng.choice(list(RING_CHANNEL_P), size=len(sizes), p=list(RING_CHANNEL_P.values()))
    plain = orders["promo_index"].to_numpy() < 0
    member_parts, ring_parts, seq_parts = [], [], []
    for ch in CHANNELS:  # claim each channel's ring orders in one go
        rings = np.flatnonzero(ring_channel == ch)
        if len(rings) == 0:
            continue
        got = claims.take(plain & (orders["channel"].to_numpy() == ch), int(sizes[rings].sum()), rng)
        ring_of = np.repeat(rings, sizes[rings])[: len(got)]
        member_parts.append(got)
        ring_parts.append(ring_of)
        seq_parts.append(np.arange(len(ring_of)) - np.searchsorted(ring_of, ring_of))
    if not member_parts or sum(len(m) for m in member_parts) == 0:
        return lines, customers  # too few plain orders (tiny samples)
    member = np.concatenate(member_parts)
    ring = np.concatenate(ring_parts)
    seq = np.concatenate(seq_parts)
    n, n_rings = len(member), len(sizes)

    # A burst of 1-6 hours somewhere in the period; members ordered in account-name order.
    start = rng.integers(window[0] + 86_400, window[1] - 8 * 3600, n_rings)
    duration = rng.integers(3600, 6 * 3600, n_rings)
    offset = _sorted_within(ring, (rng.random(n) * duration[ring]).astype(np.int64))
    ordered = start[ring] + offset
    kind = rng.integers(0, len(RING_KINDS), n_rings)

    shared = sample_addresses(n_rings, cities, districts, rng)
    own = sample_addresses(n, cities, districts, rng)
    same_address = np.isin(kind[ring], [0, 2])
    same_phone = np.isin(kind[ring], [1, 2])
    city = np.where(same_address, shared.city_index[ring], own.city_index)
    district = np.where(same_address, shared.district_index[ring], own.district_index)
    street = _mix(same_address, shared.street.take(pa.array(ring)), own.street)
    detail = _mix(same_address, shared.detail.take(pa.array(ring)), own.detail)
    existing = customers["phone_digits"].to_numpy()
    mobiles = _fresh_mobiles(n + n_rings, existing, rng)
    digits = np.where(same_phone, mobiles[n:][ring], mobiles[:n])
    recipient = names.person_names(n, rng)
    one_name = names.person_names(n_rings, rng).take(pa.array(ring))
    recipient = _mix(same_address & (rng.random(n_rings) < 0.5)[ring], one_name, recipient)

    channel = ring_channel[ring]
    method = np.empty(n, dtype=object)
    for ch in np.unique(channel):
        mine = channel == ch
        options = [m for m in PAYMENT_MIX[ch] if m != "cod"]
        method[mine] = options[0] if len(options) == 1 else rng.choice(options, size=int(mine.sum()))
    method = method.astype(str)
    accounts = payment_accounts(method, rng)
    share_account = (rng.random(n_rings) < 0.7)[ring]
    ring_ids, first = np.unique(ring, return_index=True)
    leader = first[np.searchsorted(ring_ids, ring)]  # the ring's first member's account pays for all
    accounts = _mix(share_account, accounts.take(pa.array(leader)), accounts)
    method = np.where(share_account, method[leader], method)

    ids = pa.concat_arrays(
        [
            _fresh_ids(ch, int((channel == ch).sum()), customers, rng)
            for ch in CHANNELS
            if (channel == ch).any()
        ]
    )
    by_channel = np.concatenate([np.flatnonzero(channel == ch) for ch in CHANNELS if (channel == ch).any()])
    id_of_member = ids.take(pa.array(np.argsort(by_channel)))
    first_customer = len(customers)
    accounts_frame = pd.DataFrame(
        {
            "channel": channel,
            "customer_id": text(id_of_member),
            "display_name": text(names.ring_account_names(ring, seq, rng)),
            "recipient_name": text(recipient),
            "phone_digits": digits,
            "phone": text(phones.typed(digits, rng)),
            "city_index": city,
            "district_index": district,
            "street": text(street),
            "street_name": text(street),
            "address_detail": text(detail),
            "payment_method": method,
            "payment_account": text(accounts),
            "activity": 0.0,
            "created_s": ordered - rng.integers(1800, 48 * 3600, n),
            "is_new": False,
        }
    )
    customers = pd.concat([customers, accounts_frame], ignore_index=True)
    new_customer = first_customer + np.arange(n)
    _rewrite_orders(orders, member, new_customer, customers, cities, districts, ordered, rng)
    lines = _single_lines(lines, member, catalog, sellable, ring, n_rings, rng)
    ring_label = np.array([f"RING-{r + 1:03d}" for r in range(n_rings)])
    truth.add(member, "brushing", [f"{ring_label[r]} ({RING_KINDS[kind[r]]})" for r in ring])
    return lines, customers


def _sorted_within(group: np.ndarray, values: np.ndarray) -> np.ndarray:
    """values re-ordered ascending within each group, each group keeping its own positions."""
    out = np.empty_like(values)
    out[np.argsort(group, kind="stable")] = values[np.lexsort((values, group))]
    return out


def _mix(mask: np.ndarray, a: pa.Array, b: pa.Array) -> pa.Array:
    return pc.if_else(pa.array(mask), a, b)


def _fresh_mobiles(n: int, existing: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    out = phones.unique_mobiles(n + 64, rng)
    out = out[~np.isin(out, existing)]
    return out[:n]


def _fresh_ids(channel: str, n: int, customers: pd.DataFrame, rng: np.random.Generator) -> pa.Array:
    known = customers.loc[customers["channel"] == channel, "customer_id"].to_numpy()
    ids = customer_ids(channel, n + 32, rng)
    ok = ~isin_text(ids, known)
    return ids.filter(pa.array(ok)).slice(0, n)


def _rewrite_orders(
    orders: pd.DataFrame,
    member: np.ndarray,
    customer: np.ndarray,
    customers: pd.DataFrame,
    cities: pd.DataFrame,
    districts: Districts,
    ordered: np.ndarray,
    rng: np.random.Generator,
) -> None:
    buyer = customers.iloc[customer]
    city = buyer["city_index"].to_numpy()
    district = pa.array(buyer["district_index"].to_numpy())
    orders.loc[member, "customer"] = customer
    orders.loc[member, "ordered_s"] = ordered
    orders.loc[member, "paid_s"] = ordered + rng.integers(3, 40, len(member))
    for column in (
        "recipient_name",
        "phone",
        "street",
        "address_detail",
        "payment_method",
        "payment_account",
    ):
        orders.loc[member, column] = buyer[column].to_numpy()
    reprice_refs(orders, member)
    orders.loc[member, "province"] = cities["province"].to_numpy()[city]
    orders.loc[member, "city"] = cities["city"].to_numpy()[city]
    orders.loc[member, "district"] = arrow(text(districts.name.take(district))).to_numpy(zero_copy_only=False)
    orders.loc[member, "postal_code"] = districts.postal_code.take(district).to_numpy(zero_copy_only=False)
    orders.loc[member, ["service_level", "priority", "promo_index", "coupon_index", "discount_cents"]] = [
        "standard",
        0,
        -1,
        -1,
        0,
    ]


def _single_lines(
    lines: pd.DataFrame,
    member: np.ndarray,
    catalog: pd.DataFrame,
    sellable: np.ndarray,
    ring: np.ndarray,
    n_rings: int,
    rng: np.random.Generator,
) -> pd.DataFrame:
    """Each ring buys one cheap item, one unit per order."""
    cheap = np.flatnonzero(sellable & (catalog["unit_price_cents"].to_numpy() <= CHEAP_CENTS))
    if len(cheap) == 0:
        cheap = np.flatnonzero(sellable)
    weight = catalog["popularity"].to_numpy()[cheap] ** 0.5
    sku = cheap[rng.choice(len(cheap), size=n_rings, p=weight / weight.sum())][ring]
    category = pd.Index(sorted(catalog["category"].unique())).get_indexer(catalog["category"].to_numpy()[sku])
    new = pd.DataFrame(
        {
            "order": member,
            "line_no": 1,
            "sku_index": sku,
            "sku": pd.array(catalog["sku"].to_numpy()[sku], dtype="str"),
            "category_index": category,
            "qty": 1.0,
            "unit_price_cents": catalog["unit_price_cents"].to_numpy()[sku],
        }
    )
    kept = lines.loc[~np.isin(lines["order"].to_numpy(), member)]
    merged = pd.concat([kept, new], ignore_index=True)
    return merged.sort_values(["order", "line_no"], kind="mergesort").reset_index(drop=True)
