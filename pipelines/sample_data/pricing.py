"""Applying promotions and coupons to orders, and settling discount, shipping fee and paid amount."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from pipelines.sample_data.promotions import rule_discount, shipping_fee

DAY = 86_400
COUPON_SHARE = 0.12
PROMOTION_SHARE = 0.30


@dataclass(frozen=True)
class Rules:
    """Promotions and coupons in array form for vectorised eligibility checks."""

    promos: pd.DataFrame
    coupons: pd.DataFrame
    category_ok: np.ndarray  # (promotion, category) -> listed
    has_filter: np.ndarray  # promotion lists categories or SKUs
    sku_keys: np.ndarray  # sorted promotion * n_skus + sku of listed SKUs
    n_skus: int

    @classmethod
    def build(
        cls, promos: pd.DataFrame, coupons: pd.DataFrame, categories: list[str], skus: pd.Series
    ) -> Rules:
        cat_pos = {c: i for i, c in enumerate(categories)}
        sku_pos = pd.Index(skus)
        category_ok = np.zeros((len(promos), len(categories)), dtype=bool)
        keys = []
        for p, (cats, listed) in enumerate(
            zip(promos["eligible_categories"], promos["eligible_skus"], strict=True)
        ):
            category_ok[p, [cat_pos[c] for c in cats]] = True
            keys.extend(p * len(skus) + sku_pos.get_indexer(listed))
        has_filter = np.array(
            [
                bool(a) or bool(b)
                for a, b in zip(promos["eligible_categories"], promos["eligible_skus"], strict=True)
            ]
        )
        return cls(
            promos, coupons, category_ok, has_filter, np.sort(np.array(keys, dtype=np.int64)), len(skus)
        )

    def eligible_lines(self, promo_of_line: np.ndarray, category: np.ndarray, sku: np.ndarray) -> np.ndarray:
        """Per line: does the order's promotion (-1: none) cover this line? Unknown SKUs (-1) never do."""
        has = promo_of_line >= 0
        p = np.where(has, promo_of_line, 0)
        known = sku >= 0
        listed = np.isin(p * self.n_skus + np.where(known, sku, 0), self.sku_keys) & known
        by_category = self.category_ok[p, np.where(category >= 0, category, 0)] & (category >= 0)
        return has & (~self.has_filter[p] | by_category | listed)


def line_amounts(lines: pd.DataFrame) -> np.ndarray:
    """quantity x unit price in cents per line (exact for the half-unit fractional quantities used)."""
    return np.round(lines["qty"].to_numpy() * lines["unit_price_cents"].to_numpy()).astype(np.int64)


def eligible_subtotals(orders: pd.DataFrame, lines: pd.DataFrame, rules: Rules) -> np.ndarray:
    order = lines["order"].to_numpy()
    promo = orders["promo_index"].to_numpy()[order]
    ok = rules.eligible_lines(promo, lines["category_index"].to_numpy(), lines["sku_index"].to_numpy())
    return np.bincount(order, weights=np.where(ok, line_amounts(lines), 0), minlength=len(orders)).astype(
        np.int64
    )


def rule_discounts(orders: pd.DataFrame, lines: pd.DataFrame, rules: Rules) -> tuple[np.ndarray, np.ndarray]:
    """(discount the rule allows, does the order qualify) for every order's promotion as exported."""
    eligible = eligible_subtotals(orders, lines, rules)
    promo = orders["promo_index"].to_numpy()
    p = np.where(promo >= 0, promo, 0)
    table = rules.promos
    qualifies = (promo >= 0) & (eligible > 0) & (eligible >= table["min_spend_cents"].to_numpy()[p])
    allowed = rule_discount(
        table["kind"].to_numpy()[p],
        table["percent_off"].to_numpy(dtype=float)[p],
        table["amount_off_cents"].to_numpy(dtype=float)[p],
        eligible,
    )
    return np.where(qualifies, allowed, 0), qualifies


def settle(orders: pd.DataFrame, lines: pd.DataFrame, rules: Rules) -> None:
    """Recompute subtotal, shipping fee and paid amount from the exported lines and discount."""
    subtotal = np.bincount(lines["order"].to_numpy(), weights=line_amounts(lines), minlength=len(orders))
    subtotal = subtotal.astype(np.int64)
    promo = orders["promo_index"].to_numpy()
    kind = rules.promos["kind"].to_numpy()[np.where(promo >= 0, promo, 0)]
    free = (promo >= 0) & (kind == "free_shipping")
    discount = orders["discount_cents"].to_numpy()
    fee = shipping_fee(
        orders["channel"].to_numpy(), orders["service_level"].to_numpy(), subtotal - discount, free
    )
    orders["subtotal_cents"] = subtotal
    orders["shipping_cents"] = fee
    orders["paid_cents"] = subtotal - discount + fee


def assign_promotions(
    orders: pd.DataFrame, lines: pd.DataFrame, rules: Rules, day0: int, rng: np.random.Generator
) -> None:
    """Give some orders a coupon or an active auto promotion they qualify for, within per-customer limits."""
    n = len(orders)
    t = orders["ordered_s"].to_numpy()
    channel = orders["channel"].to_numpy()
    draw = rng.random(n)
    promo = np.full(n, -1, dtype=np.int64)
    coupon = np.full(n, -1, dtype=np.int64)
    table, coupons = rules.promos, rules.coupons
    coupon_rules = np.flatnonzero(table["is_coupon"].to_numpy())
    rule_channel = table["channel"].to_numpy()[coupon_rules]
    chosen_rule = np.full(n, -1, dtype=np.int64)
    pick = rng.integers(0, 1 << 30, n)
    for ch in np.unique(rule_channel):  # one to three coupon rules per channel
        mine = (draw < COUPON_SHARE) & (channel == ch)
        options = coupon_rules[rule_channel == ch]
        chosen_rule[mine] = options[pick[mine] % len(options)]
    weekly_share = rng.random(n)
    for p in coupon_rules:  # a dozen coupon rules: vectorised over orders
        weekly, vip = coupon_codes(coupons, table.at[p, "promotion_id"])
        week = np.clip((t - day0) // (7 * DAY), 0, len(weekly) - 1)
        chosen = np.where(weekly_share < 0.8, weekly[week], vip)
        valid = (coupons["valid_from_s"].to_numpy()[chosen] <= t) & (
            t <= coupons["valid_to_s"].to_numpy()[chosen]
        )
        use = (chosen_rule == p) & valid
        promo = np.where(use, p, promo)
        coupon = np.where(use, chosen, coupon)
    score = np.full(n, -1.0)
    starts, ends = table["starts_s"].to_numpy(), table["ends_s"].to_numpy()
    for p in np.flatnonzero(~table["is_coupon"].to_numpy()):  # a dozen auto promotions
        ch = table.at[p, "channel"]
        active = (draw >= COUPON_SHARE) & (draw < COUPON_SHARE + PROMOTION_SHARE)
        active &= (starts[p] <= t) & (t <= ends[p])
        if not pd.isna(ch):
            active &= channel == ch
        s = rng.random(n)
        better = active & (s > score)
        promo, score = np.where(better, p, promo), np.where(better, s, score)
    orders["promo_index"], orders["coupon_index"] = promo, coupon
    _drop_unqualified(orders, lines, rules)
    enforce_coupon_limits(orders, rules, protected=np.zeros(n, dtype=bool))
    orders["discount_cents"] = rule_discounts(orders, lines, rules)[0]


def _drop_unqualified(orders: pd.DataFrame, lines: pd.DataFrame, rules: Rules) -> None:
    qualifies = rule_discounts(orders, lines, rules)[1]
    orders.loc[~qualifies, ["promo_index", "coupon_index"]] = -1


def enforce_coupon_limits(orders: pd.DataFrame, rules: Rules, protected: np.ndarray) -> np.ndarray:
    """Strip coupons from unprotected orders beyond a customer's limit (earliest uses count first).

    Returns the mask of stripped orders (their discount must be recomputed)."""
    coupon = orders["coupon_index"].to_numpy()
    used = np.flatnonzero(coupon >= 0)
    key = pd.DataFrame(
        {
            "c": orders["customer"].to_numpy()[used],
            "k": coupon[used],
            "t": orders["ordered_s"].to_numpy()[used],
        }
    )
    rank = key.sort_values(["c", "k", "t"], kind="mergesort").groupby(["c", "k"], sort=False).cumcount()
    rank = rank.sort_index().to_numpy()
    limit = rules.coupons["per_customer_limit"].to_numpy()[coupon[used]]
    over = used[(rank >= limit) & ~protected[used]]
    orders.loc[over, ["promo_index", "coupon_index"]] = -1
    stripped = np.zeros(len(orders), dtype=bool)
    stripped[over] = True
    return stripped


def coupon_codes(coupons: pd.DataFrame, promotion_id: str) -> tuple[np.ndarray, int]:
    """(row indices of the weekly codes in week order, row index of the VIP code) of one coupon rule."""
    mine = coupons["promotion_id"].to_numpy() == promotion_id
    week = coupons["week"].to_numpy()
    weekly = np.flatnonzero(mine & (week >= 0))
    return weekly[np.argsort(week[weekly])], int(np.flatnonzero(mine & (week < 0))[0])
