"""Orders delivered twice: the same order again in another file (identical or with a changed payload).

Whole files delivered twice under another name are chosen when the files exist (see `exports`)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa

from pipelines.sample_data import names, phones
from pipelines.sample_data.config import OrderAnomalyRates
from pipelines.sample_data.formats import text
from pipelines.sample_data.injection import Claims, count_for

CHANGES = ("address_detail", "phone", "recipient_name")


@dataclass(frozen=True)
class Resends:
    """Orders re-sent in the next day's file of their channel."""

    identical: np.ndarray  # re-sent byte-for-byte (same values, same exported_at)
    changed: np.ndarray  # re-sent later with one field changed (still a clean order)
    field: np.ndarray  # which field changed, per changed order
    value: pd.Series  # the new value, per changed order


def plan_resends(
    orders: pd.DataFrame,
    customers: pd.DataFrame,
    rates: OrderAnomalyRates,
    last_day_start_s: int,
    claims: Claims,
    rng: np.random.Generator,
) -> Resends:
    n = len(orders)
    # The re-send goes to the next day's file, so the first delivery must not be on the last day.
    early = orders["ordered_s"].to_numpy() < last_day_start_s
    identical = claims.take(early, count_for(rates.duplicate_in_other_file, n), rng)
    changed = claims.take(early, count_for(rates.duplicate_changed_payload, n), rng)
    field = np.array(CHANGES)[rng.integers(0, len(CHANGES), len(changed))]
    k = len(changed)
    building = rng.integers(1, 40, k)
    room = rng.integers(1, 33, k) * 100 + rng.integers(1, 9, k)
    detail = pa.array([f"{b}栋{r}室(改)" for b, r in zip(building, room, strict=True)], pa.string())
    fresh = phones.unique_mobiles(k + 64, rng)
    fresh = fresh[~np.isin(fresh, customers["phone_digits"].to_numpy())][:k]
    value = np.where(
        field == "address_detail",
        detail.to_numpy(zero_copy_only=False),
        np.where(
            field == "phone",
            phones.typed(fresh, rng).to_numpy(zero_copy_only=False),
            names.person_names(k, rng).to_numpy(zero_copy_only=False),
        ),
    )
    return Resends(identical, changed, field, text(pa.array(value.astype(object), pa.string())))
