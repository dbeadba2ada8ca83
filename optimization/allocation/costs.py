"""Pure pricing helpers for building allocation inputs: great-circle distance and carrier rate cards.

A rate card (the `rate_cards` table of one carrier service) prices a parcel by distance band and weight tier;
weight above the top tier pays `additional_kg_rate_cents` per started kg. The allocation model is linear, so a
parcel is priced as its first-tier rate (the `parcel_cost_cents` of an (order, warehouse) pair) plus the
marginal weight cost of each unit (`unit_cost_cents` of a (line, warehouse) pair).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

EARTH_RADIUS_KM = 6371.0088


def haversine_km(lat1, lon1, lat2, lon2) -> np.ndarray:
    """Great-circle distance in km between points given in degrees (broadcasts like numpy)."""
    p1, p2 = np.radians(lat1), np.radians(lat2)
    dp, dl = p2 - p1, np.radians(np.asarray(lon2) - np.asarray(lon1))
    a = np.sin(dp / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(a, 0.0, 1.0)))


def _band(rate_card: pd.DataFrame, distance_km: np.ndarray) -> pd.DataFrame:
    """The first-weight-tier row of the distance band of each distance (last band beyond)."""
    first_tier = rate_card.sort_values(["distance_band_max_km", "weight_tier_max_g"]).drop_duplicates(
        "distance_band_max_km"
    )
    bands = first_tier["distance_band_max_km"].to_numpy()
    idx = np.minimum(np.searchsorted(bands, np.asarray(distance_km), side="left"), len(bands) - 1)
    return first_tier.iloc[idx].reset_index(drop=True)


def parcel_rate_cents(rate_card: pd.DataFrame, distance_km: np.ndarray) -> np.ndarray:
    """Base parcel price (first weight tier) for each distance."""
    return _band(rate_card, distance_km)["rate_cents"].to_numpy(np.int64)


def transit_days(rate_card: pd.DataFrame, distance_km: np.ndarray) -> np.ndarray:
    """Carrier transit days (SLA) for each distance."""
    return _band(rate_card, distance_km)["sla_days"].to_numpy(np.int64)


def unit_weight_cents(rate_card: pd.DataFrame, distance_km: np.ndarray, weight_g: np.ndarray) -> np.ndarray:
    """Marginal shipping cost of one unit of the given weight: per-kg rate x kg, rounded."""
    per_kg = _band(rate_card, distance_km)["additional_kg_rate_cents"].to_numpy(np.int64)
    return (per_kg * np.asarray(weight_g, dtype=np.int64) + 500) // 1000


def parcel_price_cents(rate_card: pd.DataFrame, distance_km: float, weight_g: int) -> int:
    """Exact rate-card price of one parcel (tier rate, plus per started kg above the top tier)."""
    band = _band(rate_card, np.array([distance_km]))["distance_band_max_km"].iloc[0]
    tiers = rate_card[rate_card["distance_band_max_km"] == band].sort_values("weight_tier_max_g")
    fitting = tiers[tiers["weight_tier_max_g"] >= weight_g]
    if len(fitting):
        return int(fitting["rate_cents"].iloc[0])
    top = tiers.iloc[-1]
    extra_kg = -(-(weight_g - int(top["weight_tier_max_g"])) // 1000)
    return int(top["rate_cents"]) + extra_kg * int(top["additional_kg_rate_cents"])
