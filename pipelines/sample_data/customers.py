"""Buyer accounts per channel: id, nickname, phone, home address, payment account, account age."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from pipelines.sample_data import names, phones
from pipelines.sample_data.config import CHANNELS
from pipelines.sample_data.formats import assemble, padded, pick, random_tokens, text, unique_randoms
from pipelines.sample_data.geography import Districts, sample_addresses

DAY = 86_400
# How buyers pay per channel (Tmall settles through Alipay, JD offers no Alipay, COD is rare).
PAYMENT_MIX = {
    "tmall": {"alipay": 1.0},
    "jd": {"wechat_pay": 0.5, "card": 0.44, "cod": 0.06},
    "douyin": {"alipay": 0.45, "wechat_pay": 0.42, "card": 0.1, "cod": 0.03},
    "webshop": {"alipay": 0.45, "wechat_pay": 0.45, "card": 0.08, "cod": 0.02},
}
NEW_ACCOUNT_SHARE = 0.05  # buyers whose account is opened shortly before their first order
CARD_BINS = ("622202", "621700", "622848", "621483", "622588", "625802")


def customer_ids(channel: str, n: int, rng: np.random.Generator) -> pa.Array:
    """Channel-style buyer ids: Tmall numeric, JD pins, Douyin numeric, webshop C-numbers."""
    if channel == "jd":
        return pc.binary_join_element_wise("jd_", pa.array(random_tokens(n, 12, rng)), "")
    low, high, prefix = {
        "tmall": (10**9, 10**10, "22"),
        "douyin": (10**11, 10**12, "dy"),
        "webshop": (10**7, 10**8, "C"),
    }[channel]
    return pc.binary_join_element_wise(
        prefix, pc.cast(pa.array(unique_randoms(rng, n, low, high)), pa.string()), ""
    )


def payment_accounts(method: np.ndarray, rng: np.random.Generator) -> pa.Array:
    """Masked payer accounts: Alipay 2088****12345678, WeChat wx_o****abc123def, card 622202******123456.

    Null for cash on delivery. The visible digits are unique per account, so only deliberate sharing
    (brushing rings) makes two buyers show the same account."""
    n = len(method)
    alipay = np.flatnonzero(method == "alipay")
    wechat = np.flatnonzero(method == "wechat_pay")
    card = np.flatnonzero(method == "card")
    visible = unique_randoms(rng, n, 0, 10**8)
    return assemble(
        n,
        [
            (alipay, pc.binary_join_element_wise("2088****", padded(visible[alipay], 8), "")),
            (
                wechat,
                pc.binary_join_element_wise("wx_o****", pa.array(random_tokens(len(wechat), 10, rng)), ""),
            ),
            (
                card,
                pc.binary_join_element_wise(
                    pick(CARD_BINS, rng.integers(0, len(CARD_BINS), len(card))),
                    padded(visible[card] % 10**6, 6),
                    "******",
                ),
            ),
        ],
    )


def build_customers(
    orders_per_channel: dict[str, int],
    cities: pd.DataFrame,
    districts: Districts,
    start_s: int,
    rng: np.random.Generator,
) -> pd.DataFrame:
    """Accounts for every channel; `activity` drives repeat purchases, `created_s` is fixed up later."""
    counts = np.array([int(np.ceil(0.75 * orders_per_channel.get(ch, 0))) + 20 for ch in CHANNELS])
    total = int(counts.sum())
    channel_code = np.repeat(np.arange(len(CHANNELS)), counts)
    ids = pa.concat_arrays([customer_ids(ch, int(k), rng) for ch, k in zip(CHANNELS, counts, strict=True)])
    methods = ("alipay", "wechat_pay", "card", "cod")
    method_code = np.empty(total, dtype=np.int64)
    for k, ch in enumerate(CHANNELS):
        mine = channel_code == k
        mix = np.array([PAYMENT_MIX[ch].get(m, 0.0) for m in methods])
        method_code[mine] = rng.choice(len(methods), size=int(mine.sum()), p=mix / mix.sum())
    method = np.array(methods)[method_code]
    mobiles = phones.unique_mobiles(total, rng)
    address = sample_addresses(total, cities, districts, rng)
    return pd.DataFrame(
        {
            "channel": text(pick(CHANNELS, channel_code)),
            "customer_id": text(ids),
            "display_name": text(names.nicknames(total, rng)),
            "recipient_name": text(names.person_names(total, rng)),
            "phone_digits": mobiles,
            "phone": text(phones.typed(mobiles, rng)),
            "city_index": address.city_index,
            "district_index": address.district_index,
            "street": text(address.street),
            "street_name": text(address.street_name),
            "address_detail": text(address.detail),
            "payment_method": text(pick(methods, method_code)),
            "payment_account": text(payment_accounts(method, rng)),
            # Heavy-tailed activity: most buyers order once, a few loyal buyers order often.
            "activity": rng.pareto(1.6, total) + 0.2,
            "created_s": start_s
            - (rng.exponential(700, total) + 1).astype(np.int64) * DAY
            - rng.integers(0, DAY, total),
            "is_new": rng.random(total) < NEW_ACCOUNT_SHARE,
        }
    )


def settle_creation_times(
    customers: pd.DataFrame, first_order_s: np.ndarray, rng: np.random.Generator
) -> None:
    """New accounts open minutes to weeks before their first order; nobody's account postdates an order."""
    has_order = first_order_s >= 0
    fresh = customers["is_new"].to_numpy() & has_order
    lead = np.exp(rng.uniform(np.log(600), np.log(20 * DAY), len(customers))).astype(np.int64)
    created = customers["created_s"].to_numpy().copy()
    created[fresh] = first_order_s[fresh] - lead[fresh]
    late = has_order & (created >= first_order_s)
    created[late] = first_order_s[late] - lead[late]
    customers["created_s"] = created
