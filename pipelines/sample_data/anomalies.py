"""Order-side anomaly injection, in an order that keeps every anomaly on orders of its own."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from pipelines.sample_data.brushing import inject_brushing
from pipelines.sample_data.config import GeneratorConfig, rng_for
from pipelines.sample_data.coupon_anomalies import inject_coupon_anomalies
from pipelines.sample_data.customers import settle_creation_times
from pipelines.sample_data.duplicates import Resends, plan_resends
from pipelines.sample_data.geography import Districts
from pipelines.sample_data.injection import Claims, TruthLog, count_for
from pipelines.sample_data.line_anomalies import inject_line_anomalies
from pipelines.sample_data.order_anomalies import (
    apply_paid_mismatch,
    choose_paid_mismatch,
    inject_address_and_phone,
)
from pipelines.sample_data.pricing import Rules, settle


@dataclass
class OrderSide:
    """Orders, lines and accounts after injection, with the truth collected so far."""

    orders: pd.DataFrame
    lines: pd.DataFrame
    customers: pd.DataFrame
    truth: TruthLog
    resends: Resends


def inject_order_anomalies(
    config: GeneratorConfig,
    orders: pd.DataFrame,
    lines: pd.DataFrame,
    customers: pd.DataFrame,
    catalog: pd.DataFrame,
    sellable: np.ndarray,
    stock_out_skus: np.ndarray,
    rules: Rules,
    cities: pd.DataFrame,
    districts: Districts,
    day0: int,
) -> OrderSide:
    rates = config.order_rates
    claims = Claims(len(orders))
    truth = TruthLog()
    settle(orders, lines, rules)
    # Most constrained first: coupon anomalies need particular baskets, brushing needs plain orders.
    inject_coupon_anomalies(orders, lines, rules, day0, rates, claims, truth, rng_for(config.seed, "coupons"))
    inject_line_anomalies(
        orders, lines, catalog, stock_out_skus, rates, claims, truth, rng_for(config.seed, "line-anomalies")
    )
    inject_address_and_phone(orders, customers, rates, claims, truth, rng_for(config.seed, "address-phone"))
    lines, customers = inject_brushing(
        orders,
        lines,
        customers,
        catalog,
        sellable,
        cities,
        districts,
        count_for(rates.brushing, len(orders)),
        (config.start_s, config.as_of_s),
        claims,
        truth,
        rng_for(config.seed, "brushing"),
    )
    mismatch = choose_paid_mismatch(orders, rates, claims, rng_for(config.seed, "paid"))
    resends = plan_resends(
        orders, customers, rates, config.as_of_s - 86_400, claims, rng_for(config.seed, "resends")
    )
    settle(orders, lines, rules)
    apply_paid_mismatch(orders, mismatch, truth, rng_for(config.seed, "paid-amounts"))
    first = pd.Series(orders["ordered_s"].to_numpy()).groupby(orders["customer"].to_numpy()).min()
    first_order = np.full(len(customers), -1, dtype=np.int64)
    first_order[first.index.to_numpy()] = first.to_numpy()
    settle_creation_times(customers, first_order, rng_for(config.seed, "account-age"))
    return OrderSide(orders, lines, customers, truth, resends)
