"""Promotion rules, coupon codes, and the arithmetic that turns them into discounts and shipping fees.

The rules (documented in docs/sample_data.md, re-implemented independently by the tests):
- a line is eligible when the promotion lists neither categories nor SKUs, or its category is listed, or
  its SKU is listed; the eligible subtotal is the sum of quantity x unit price over eligible lines;
- the promotion applies when the eligible subtotal is positive and at least `min_spend`;
- percentage: floor(eligible subtotal x percent_off / 100) cents; fixed_amount: min(amount_off, eligible
  subtotal); threshold (spend X save Y): amount_off; free_shipping: no discount, shipping fee 0;
- a coupon applies its promotion's rule; it is valid when valid_from <= ordered_at <= valid_to (its own
  window, inside the promotion's) and for at most `per_customer_limit` orders per customer;
- shipping fee: the channel's standard fee unless the order's net merchandise amount (subtotal - discount)
  reaches the channel's free-shipping threshold, plus the express surcharge for express orders; economy
  orders pay the standard fee minus 3 yuan (not below 0); a free_shipping promotion sets the fee to 0.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from pipelines.sample_data.config import CHANNELS, LOCAL_OFFSET_S

KINDS = ("percentage", "fixed_amount", "threshold", "free_shipping")
# channel: (standard fee, free-shipping threshold on net amount, express surcharge), cents
SHIPPING_RULES = {
    "tmall": (800, 8_800, 1_200),
    "jd": (600, 9_900, 1_000),
    "douyin": (0, 0, 1_200),
    "webshop": (1_000, 9_900, 1_500),
}
ECONOMY_REBATE_CENTS = 300
CHANNEL_TAG = {"tmall": "TM", "jd": "JD", "douyin": "DY", "webshop": "WS"}
DAY = 86_400


def local_midnight(seconds: int) -> int:
    return (seconds + LOCAL_OFFSET_S) // DAY * DAY - LOCAL_OFFSET_S


def build_promotions(
    start_s: int, as_of_s: int, categories: list[str], skus: pd.DataFrame, rng: np.random.Generator
) -> pd.DataFrame:
    """Auto-applied promotions per channel, one platform event, and the rules behind coupons (is_coupon)."""
    rows: list[dict] = []
    day0 = local_midnight(start_s)
    span_days = max(1, (as_of_s - day0) // DAY)
    popular = skus.loc[skus["is_active"]].nlargest(30, "popularity")["sku"].tolist()

    def add(name: str, kind: str, channel: str | None, start: int, end: int, **rule: object) -> None:
        rows.append(
            {
                "name": name,
                "kind": kind,
                "channel": channel,
                "starts_s": start,
                "ends_s": end,
                "percent_off": rule.get("percent_off"),
                "amount_off_cents": rule.get("amount_off_cents"),
                "min_spend_cents": rule.get("min_spend_cents", 0),
                "eligible_categories": rule.get("categories", []),
                "eligible_skus": rule.get("skus", []),
                "is_coupon": rule.get("is_coupon", False),
            }
        )

    def window(min_days: int, max_days: int) -> tuple[int, int]:
        length = int(rng.integers(min_days, max_days + 1))
        first = day0 + int(rng.integers(0, max(1, span_days - length // 2))) * DAY
        return first, first + length * DAY - 1

    for channel in CHANNELS:
        spend, save = [(19_900, 2_000), (29_900, 3_000), (9_900, 1_000)][int(rng.integers(0, 3))]
        add(
            f"{channel}店铺满减 满{spend // 100}减{save // 100}",
            "threshold",
            channel,
            day0 - 30 * DAY,
            as_of_s + 30 * DAY - 1,
            amount_off_cents=save,
            min_spend_cents=spend,
        )
        cats = sorted(rng.choice(categories, size=2, replace=False).tolist())
        add(
            f"{channel}品类特惠 {'、'.join(cats)} 9折",
            "percentage",
            channel,
            *window(5, 15),
            percent_off=10,
            categories=cats,
        )
        # Coupon rules: the promotion window spans the whole period; each coupon code has its own window.
        add(
            f"{channel}新人券 满59减10",
            "fixed_amount",
            channel,
            day0 - 60 * DAY,
            as_of_s + 60 * DAY - 1,
            amount_off_cents=1_000,
            min_spend_cents=5_900,
            is_coupon=True,
        )
        add(
            f"{channel}满减券 满200减25",
            "threshold",
            channel,
            day0 - 60 * DAY,
            as_of_s + 60 * DAY - 1,
            amount_off_cents=2_500,
            min_spend_cents=20_000,
            is_coupon=True,
        )
        cat = str(rng.choice(categories))
        add(
            f"{channel}{cat}品类券 85折",
            "percentage",
            channel,
            day0 - 60 * DAY,
            as_of_s + 60 * DAY - 1,
            percent_off=15,
            min_spend_cents=10_000,
            categories=[cat],
            is_coupon=True,
        )
    add(
        "douyin直播间立减20元",
        "fixed_amount",
        "douyin",
        *window(3, 7),
        amount_off_cents=2_000,
        min_spend_cents=5_000,
        skus=popular,
    )
    add(
        "webshop会员包邮 满49包邮",
        "free_shipping",
        "webshop",
        day0 - 30 * DAY,
        as_of_s + 30 * DAY - 1,
        min_spend_cents=4_900,
    )
    add("tmall限时包邮", "free_shipping", "tmall", *window(3, 5), min_spend_cents=5_900)
    add(
        "全平台大促 满300减50",
        "threshold",
        None,
        *_event_window(day0, as_of_s, rng),
        amount_off_cents=5_000,
        min_spend_cents=30_000,
    )
    frame = pd.DataFrame(rows)
    frame.insert(0, "promotion_id", [f"PR{i + 1:04d}" for i in range(len(frame))])
    return frame


def _event_window(day0: int, as_of_s: int, rng: np.random.Generator) -> tuple[int, int]:
    """The Singles' Day campaign (Nov 1 - Nov 11, local) when it falls in the period, else a random week."""
    year = int(np.datetime64(as_of_s, "s").astype("datetime64[Y]").astype(int) + 1970)
    start = (
        int(np.datetime64(f"{year}-11-01T00:00:00").astype("datetime64[s]").astype(np.int64)) - LOCAL_OFFSET_S
    )
    end = start + 11 * DAY - 1
    if start >= day0 and end < as_of_s:
        return start, end
    first = day0 + int(rng.integers(0, max(1, (as_of_s - day0) // DAY - 7))) * DAY
    return first, first + 7 * DAY - 1


def build_coupons(
    promotions: pd.DataFrame, start_s: int, as_of_s: int, rng: np.random.Generator
) -> pd.DataFrame:
    """Weekly codes for every coupon rule (7 days each from the first day) plus one long-lived VIP code.

    `week` is the weekly code's index from the period start (-1 for the VIP code)."""
    rows = []
    day0 = local_midnight(start_s)
    weeks = max(1, -(-(as_of_s - day0) // (7 * DAY)))
    for promo in promotions.loc[promotions["is_coupon"]].itertuples():  # a handful of coupon rules
        tag = CHANNEL_TAG.get(promo.channel, "ALL")
        limit = 1 if promo.kind != "percentage" else 2
        for week in range(weeks):
            valid_from = day0 + week * 7 * DAY
            code = f"{tag}{promo.promotion_id[2:]}W{week + 1:02d}{rng.integers(100, 1000)}"
            rows.append((code, promo.promotion_id, valid_from, valid_from + 7 * DAY - 1, limit, week))
        code = f"{tag}{promo.promotion_id[2:]}VIP{rng.integers(1000, 10000)}"
        rows.append((code, promo.promotion_id, day0 - 30 * DAY, as_of_s + 30 * DAY - 1, limit + 1, -1))
    columns = ["coupon_code", "promotion_id", "valid_from_s", "valid_to_s", "per_customer_limit", "week"]
    return pd.DataFrame(rows, columns=columns)


def rule_discount(
    kind: np.ndarray, percent: np.ndarray, amount: np.ndarray, eligible: np.ndarray
) -> np.ndarray:
    """Discount in cents allowed by the rule for an eligible subtotal that meets the minimum spend."""
    pct = np.floor_divide(eligible * np.nan_to_num(percent).astype(np.int64), 100)
    fixed = np.minimum(np.nan_to_num(amount).astype(np.int64), eligible)
    return np.select(
        [kind == "percentage", kind == "fixed_amount", kind == "threshold"],
        [pct, fixed, np.nan_to_num(amount).astype(np.int64)],
        default=0,
    ).astype(np.int64)


def shipping_fee(
    channel: np.ndarray, service_level: np.ndarray, net_cents: np.ndarray, free: np.ndarray
) -> np.ndarray:
    """Shipping fee in cents by the channel rules above."""
    base = np.zeros(len(channel), dtype=np.int64)
    threshold = np.zeros(len(channel), dtype=np.int64)
    surcharge = np.zeros(len(channel), dtype=np.int64)
    for name, (fee, free_from, express) in SHIPPING_RULES.items():  # four channels
        mine = channel == name
        base[mine], threshold[mine], surcharge[mine] = fee, free_from, express
    standard = np.where(net_cents >= threshold, 0, base)
    fee = np.where(service_level == "express", standard + surcharge, standard)
    fee = np.where(service_level == "economy", np.maximum(standard - ECONOMY_REBATE_CENTS, 0), fee)
    return np.where(free, 0, fee).astype(np.int64)
