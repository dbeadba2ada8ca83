"""The promotion, coupon and shipping rules of docs/sample_data.md, re-implemented from the text for the
tests (per order, in plain Python: the test samples are small)."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
from sample_landing import Sample, cents, epoch

# channel: (standard fee, free from net amount, express surcharge), in cents
SHIPPING = {
    "tmall": (800, 8_800, 1_200),
    "jd": (600, 9_900, 1_000),
    "douyin": (0, 0, 1_200),
    "webshop": (1_000, 9_900, 1_500),
}


@dataclass(frozen=True)
class Rules:
    promos: pd.DataFrame
    coupons: pd.DataFrame
    category: dict[str, str]  # sku -> category

    @classmethod
    def load(cls, sample: Sample) -> Rules:
        promos = sample.master("promotions").set_index("promotion_id")
        promos["starts_s"] = epoch(promos["starts_at"])
        promos["ends_s"] = epoch(promos["ends_at"])
        promos["min_spend_cents"] = cents(promos["min_spend"])
        promos["amount_off_cents"] = cents(promos["amount_off"])
        coupons = sample.master("coupons").set_index("coupon_code")
        coupons["from_s"] = epoch(coupons["valid_from"])
        coupons["to_s"] = epoch(coupons["valid_to"])
        skus = sample.master("skus")
        return cls(promos, coupons, dict(zip(skus["sku"], skus["category"], strict=True)))

    def eligible_subtotal(self, promo: pd.Series, lines: pd.DataFrame) -> int:
        cats = [c for c in promo["eligible_categories"].split(";") if c]
        skus = [s for s in promo["eligible_skus"].split(";") if s]
        total = 0
        for sku, qty, price in zip(lines["sku"], lines["qty"], lines["unit_price_cents"], strict=True):
            if (not cats and not skus) or self.category.get(sku) in cats or sku in skus:
                total += round(qty * price)
        return total

    def allowed_discount(self, promo: pd.Series, eligible: int) -> int:
        if eligible <= 0 or eligible < promo["min_spend_cents"]:
            return 0
        if promo["kind"] == "percentage":
            return eligible * int(promo["percent_off"]) // 100
        if promo["kind"] == "fixed_amount":
            return min(int(promo["amount_off_cents"]), eligible)
        if promo["kind"] == "threshold":
            return int(promo["amount_off_cents"])
        return 0

    def shipping_fee(self, channel: str, service: str, net: int, free: bool) -> int:
        fee, free_from, express = SHIPPING[channel]
        standard = 0 if net >= free_from else fee
        if free:
            return 0
        if service == "express":
            return standard + express
        if service == "economy":
            return max(standard - 300, 0)
        return standard
