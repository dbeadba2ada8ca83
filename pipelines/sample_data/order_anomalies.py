"""Order-level anomalies on the ship-to and payment fields: incomplete address, invalid phone, paid amount."""

from __future__ import annotations

import numpy as np
import pandas as pd

from pipelines.sample_data import phones
from pipelines.sample_data.config import OrderAnomalyRates
from pipelines.sample_data.formats import text
from pipelines.sample_data.injection import Claims, TruthLog, count_for

ADDRESS_GAPS = ("missing_district", "missing_street", "street_without_number", "city_only")


def inject_address_and_phone(
    orders: pd.DataFrame,
    customers: pd.DataFrame,
    rates: OrderAnomalyRates,
    claims: Claims,
    truth: TruthLog,
    rng: np.random.Generator,
) -> None:
    n = len(orders)
    plain = orders["promo_index"].to_numpy() < 0

    chosen = claims.take(plain, count_for(rates.incomplete_address, n), rng)
    gap = rng.integers(0, len(ADDRESS_GAPS), len(chosen))
    for k, kind in enumerate(ADDRESS_GAPS):  # four kinds of gap
        rows = chosen[gap == k]
        if kind in ("missing_district", "city_only"):
            orders.loc[rows, "district"] = None
        if kind in ("missing_street", "city_only"):
            orders.loc[rows, "street"] = None
        if kind == "city_only":
            orders.loc[rows, "address_detail"] = None
        if kind == "street_without_number":
            # The street name as typed without its house number (人民路 instead of 人民路88号).
            names = customers["street_name"].to_numpy()[orders["customer"].to_numpy()[rows]]
            orders.loc[rows, "street"] = pd.array(names, dtype="str")
        truth.add(rows, "incomplete_address", kind)

    chosen = claims.take(plain, count_for(rates.invalid_phone, n), rng)
    digits = customers["phone_digits"].to_numpy()[orders["customer"].to_numpy()[chosen]]
    phone, kind = phones.invalid(digits, rng)
    orders.loc[chosen, "phone"] = text(phone).to_numpy()
    truth.add(
        chosen,
        "invalid_phone",
        [f"{k}: {p}" for k, p in zip(kind.to_pylist(), phone.to_pylist(), strict=True)],
    )


def choose_paid_mismatch(
    orders: pd.DataFrame, rates: OrderAnomalyRates, claims: Claims, rng: np.random.Generator
) -> np.ndarray:
    """Orders whose paid amount will be off (applied after the final settlement)."""
    return claims.take(
        orders["promo_index"].to_numpy() < 0, count_for(rates.paid_amount_mismatch, len(orders)), rng
    )


def apply_paid_mismatch(
    orders: pd.DataFrame, chosen: np.ndarray, truth: TruthLog, rng: np.random.Generator
) -> None:
    """Shift the paid amount by a few cents (rounding bugs) or whole yuan (manual edits), never to below 0."""
    cents = np.where(
        rng.random(len(chosen)) < 0.5,
        rng.integers(1, 100, len(chosen)),
        rng.integers(1, 51, len(chosen)) * 100,
    )
    expected = orders["paid_cents"].to_numpy()[chosen]
    sign = np.where((rng.random(len(chosen)) < 0.5) & (expected - cents >= 0), -1, 1)
    paid = expected + sign * cents
    orders.loc[chosen, "paid_cents"] = paid
    truth.add(
        chosen,
        "paid_amount_mismatch",
        [f"expected {e / 100:.2f}, paid {p / 100:.2f}" for e, p in zip(expected, paid, strict=True)],
    )
