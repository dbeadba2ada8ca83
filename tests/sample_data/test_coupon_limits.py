"""The coupon_limit_exceeded truth is exact: replaying every coupon use of the files in order time gives
precisely the orders the truth lists, no more and no fewer."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from sample_landing import SMALL, Sample

from pipelines.sample_data import GeneratorConfig, OrderAnomalyRates, generate

COUPON_KINDS = [
    "coupon_expired",
    "coupon_min_spend_not_met",
    "coupon_ineligible",
    "coupon_limit_exceeded",
    "promotion_overdiscount",
]
# Ten times the default rates, so that two anomaly orders of one buyer and code (two limit pairs of one week
# and channel, or a limit pair and last week's code used late) are likely even in a small sample.
RATE = 0.02
RATES = replace(OrderAnomalyRates(), **dict.fromkeys(COUPON_KINDS, RATE))


def _over_limit(sample: Sample) -> set[tuple[str, str]]:
    """(channel, order_id) of every use beyond the coupon's per_customer_limit, counted per buyer in time."""
    orders = sample.order_rows.drop_duplicates(["channel", "order_id"])
    uses = orders.loc[orders["coupon_code"] != ""]
    limits = sample.master("coupons").set_index("coupon_code")["per_customer_limit"].astype(int)
    uses = uses.sort_values(["ordered_s", "order_id"], kind="mergesort")
    buyer_coupon = ["channel", "customer_id", "coupon_code"]
    # A tie in order time would make "the first use" ambiguous.
    assert not uses.duplicated([*buyer_coupon, "ordered_s"]).any()
    rank = uses.groupby(buyer_coupon).cumcount()
    over = uses.loc[rank.to_numpy() >= limits.loc[uses["coupon_code"]].to_numpy()]
    return set(zip(over["channel"], over["order_id"], strict=True))


@pytest.mark.parametrize("seed", [7, 42])
def test_limit_truth_lists_exactly_the_uses_beyond_the_limit(tmp_path: Path, seed: int) -> None:
    config = GeneratorConfig(**{**SMALL, "orders": 2500, "seed": seed}, order_rates=RATES)
    generate(config, tmp_path, echo=lambda _: None)
    sample = Sample(tmp_path)
    truth = sample.order_truth.drop_duplicates(["channel", "order_id", "anomaly"])
    counts = truth["anomaly"].value_counts()
    assert {k: counts.get(k, 0) for k in COUPON_KINDS} == dict.fromkeys(
        COUPON_KINDS, round(RATE * config.orders)
    )
    limit = truth.loc[truth["anomaly"] == "coupon_limit_exceeded"]
    listed = set(zip(limit["channel"], limit["order_id"], strict=True))
    over = _over_limit(sample)
    assert over == listed, (sorted(over - listed), sorted(listed - over))
