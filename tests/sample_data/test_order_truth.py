"""The order truth is complete: every kind at its configured rate, each one visible in the files."""

from __future__ import annotations

import hashlib
from dataclasses import asdict

import numpy as np
import pandas as pd
import phonenumbers
import pytest
from order_rules import Rules
from sample_landing import SMALL, Sample, epoch

from pipelines.sample_data import OrderAnomalyRates

LINE_LEVEL = {"unknown_sku", "inactive_sku", "qty_zero", "qty_negative", "qty_fractional", "stock_out"}
ORDER_KINDS = [k for k in asdict(OrderAnomalyRates()) if k != "redelivered_files"]


def _orders_of(sample: Sample, anomaly: str) -> pd.DataFrame:
    truth = sample.order_truth.loc[sample.order_truth["anomaly"] == anomaly]
    keys = set(zip(truth["channel"], truth["order_id"], strict=True))
    rows = sample.order_rows
    return rows.loc[[k in keys for k in zip(rows["channel"], rows["order_id"], strict=True)]]


def test_every_anomaly_kind_is_present_at_its_rate(sample: Sample) -> None:
    counts = sample.order_truth.drop_duplicates(["channel", "order_id", "anomaly"])["anomaly"].value_counts()
    rates = asdict(OrderAnomalyRates())
    for kind in ORDER_KINDS:
        expected = max(1, round(rates[kind] * SMALL["orders"]))
        assert expected * 0.8 <= counts.get(kind, 0) <= expected, kind
    assert counts.get("duplicate_redelivered_file", 0) > 0
    assert sample.manifest["order_anomalies"] == {
        k: int(counts.get(k, 0)) for k in sample.manifest["order_anomalies"]
    }


def test_one_anomaly_per_order_except_whole_file_redeliveries(sample: Sample) -> None:
    truth = sample.order_truth.loc[sample.order_truth["anomaly"] != "duplicate_redelivered_file"]
    assert not truth.duplicated(["channel", "order_id"]).any()
    line_level = truth["anomaly"].isin(LINE_LEVEL)
    assert (truth.loc[line_level, "line_no"] != "").all() and (truth.loc[~line_level, "line_no"] == "").all()


def test_line_anomalies_are_visible_on_their_line(sample: Sample) -> None:
    skus = sample.master("skus").set_index("sku")
    rows = sample.order_rows.drop_duplicates(["channel", "order_id", "line_no"]).set_index(
        ["channel", "order_id", "line_no"]
    )
    truth = sample.order_truth.loc[sample.order_truth["anomaly"].isin(LINE_LEVEL)]
    for channel, order_id, line_no, anomaly in truth[
        ["channel", "order_id", "line_no", "anomaly"]
    ].itertuples(index=False):
        line = rows.loc[(channel, order_id, int(line_no))]
        qty, sku = line["qty"], line["sku"]
        checks = {
            "unknown_sku": sku not in skus.index,
            "inactive_sku": sku in skus.index and skus.at[sku, "is_active"] == "false",
            "qty_zero": qty == 0,
            "qty_negative": qty < 0,
            "qty_fractional": qty != round(qty),
            "stock_out": sku in skus.index and skus.at[sku, "is_active"] == "true",
        }
        assert checks[anomaly], (anomaly, channel, order_id, line_no, sku, qty)


def test_address_phone_and_amount_anomalies_are_visible(sample: Sample) -> None:
    address = _orders_of(sample, "incomplete_address").drop_duplicates(["channel", "order_id"])
    gaps = (
        (address["district"] == "") | (address["street"] == "") | ~address["street"].str.contains(r"\d+号$")
    )
    assert gaps.all()
    for phone in _orders_of(sample, "invalid_phone")["phone"]:
        try:
            valid = phonenumbers.is_valid_number(phonenumbers.parse(phone, "CN"))
        except phonenumbers.NumberParseException:
            valid = False
        assert not valid, phone
    for _, lines in _orders_of(sample, "paid_amount_mismatch").groupby(["channel", "order_id"]):
        head = lines.iloc[0]
        subtotal = int(
            sum(round(q * p) for q, p in zip(lines["qty"], lines["unit_price_cents"], strict=True))
        )
        assert (
            head["paid_amount_cents"] != subtotal - head["order_discount_cents"] + head["shipping_fee_cents"]
        )


@pytest.mark.parametrize(
    "anomaly",
    [
        "coupon_expired",
        "coupon_min_spend_not_met",
        "coupon_ineligible",
        "coupon_limit_exceeded",
        "promotion_overdiscount",
    ],
)
def test_coupon_anomalies_break_exactly_their_rule(sample: Sample, anomaly: str) -> None:
    rules = Rules.load(sample)
    rows = sample.order_rows.drop_duplicates(["channel", "order_id", "line_no"])
    users = rows.loc[rows["coupon_code"] != ""].drop_duplicates(["channel", "order_id"])
    for _, lines in (
        _orders_of(sample, anomaly)
        .drop_duplicates(["channel", "order_id", "line_no"])
        .groupby(["channel", "order_id"])
    ):
        head = lines.iloc[0]
        promo = rules.promos.loc[head["promotion_id"]]
        eligible = rules.eligible_subtotal(promo, lines)
        subtotal = int(
            sum(round(q * p) for q, p in zip(lines["qty"], lines["unit_price_cents"], strict=True))
        )
        assert (
            head["paid_amount_cents"] == subtotal - head["order_discount_cents"] + head["shipping_fee_cents"]
        )
        if anomaly == "promotion_overdiscount":
            assert head["order_discount_cents"] > rules.allowed_discount(promo, eligible)
            continue
        coupon = rules.coupons.loc[head["coupon_code"]]
        in_window = coupon["from_s"] <= head["ordered_s"] <= coupon["to_s"]
        same = users.loc[
            (users["channel"] == head["channel"])
            & (users["customer_id"] == head["customer_id"])
            & (users["coupon_code"] == head["coupon_code"])
            & (users["ordered_s"] < head["ordered_s"])
        ]
        over_limit = len(same) + 1 > int(coupon["per_customer_limit"])
        broken = {
            "coupon_expired": not in_window and head["ordered_s"] > coupon["to_s"],
            "coupon_min_spend_not_met": 0 < eligible < promo["min_spend_cents"],
            "coupon_ineligible": eligible == 0,
            "coupon_limit_exceeded": over_limit,
        }
        assert broken[anomaly], (anomaly, head["channel"], head["order_id"])
        assert in_window or anomaly == "coupon_expired"
        assert not over_limit or anomaly == "coupon_limit_exceeded"
    if anomaly == "coupon_expired":
        details = sample.order_truth.loc[sample.order_truth["anomaly"] == anomaly, "detail"]
        assert details.str.contains("1 s late").any(), "some coupons must be expired by exactly one second"


def test_brushing_rings_look_like_rings(sample: Sample) -> None:
    truth = sample.order_truth.loc[sample.order_truth["anomaly"] == "brushing"]
    rows = sample.order_rows.drop_duplicates(["channel", "order_id"]).set_index(["channel", "order_id"])
    customers = sample.master("customers").set_index(["channel", "customer_id"])
    for ring, members in truth.groupby(truth["detail"].str.split(" ").str[0]):
        orders = rows.loc[list(zip(members["channel"], members["order_id"], strict=True))]
        assert len(orders) >= 5 and orders.index.get_level_values(0).nunique() == 1, ring
        assert orders["customer_id"].is_unique, ring
        same_address = (orders["district"] + orders["street"] + orders["address_detail"]).nunique() == 1
        assert same_address or orders["phone"].nunique() == 1, ring
        span = orders["ordered_s"].max() - orders["ordered_s"].min()
        assert span <= 6 * 3600, ring
        created = epoch(
            customers.loc[
                list(zip(orders.index.get_level_values(0), orders["customer_id"], strict=True)),
                "account_created_at",
            ]
        )
        assert (orders["ordered_s"].to_numpy() - created.to_numpy() <= 48 * 3600).all(), ring
        assert (orders["paid_amount_cents"] <= 3_000 + 2_000).all(), ring


def test_duplicates_are_visible_across_files(sample: Sample) -> None:
    rows = sample.order_rows
    payload = rows.drop(columns=["file"]).astype(str).agg("|".join, axis=1)
    rows = rows.assign(payload=payload)
    for anomaly in ("duplicate_in_other_file", "duplicate_changed_payload"):
        for _, lines in _orders_of(sample, anomaly).groupby(["channel", "order_id"]):
            assert lines["file"].nunique() >= 2
            versions = rows.loc[lines.index].groupby("file")["payload"].apply(lambda p: "\n".join(sorted(p)))
            assert (versions.nunique() == 1) == (anomaly == "duplicate_in_other_file")
    folder = sample.root / "landing" / "orders"
    for copy in sample.manifest["redelivered_files"]:
        original = copy.replace("_resend", "")
        digest = [
            hashlib.sha256((folder / name.split("/")[-1]).read_bytes()).hexdigest()
            for name in (copy, original)
        ]
        assert digest[0] == digest[1]
    assert sample.manifest["redelivered_files"]


def test_truth_rows_exist_in_the_exports(sample: Sample) -> None:
    keys = set(zip(sample.order_rows["channel"], sample.order_rows["order_id"], strict=True))
    truth_keys = set(zip(sample.order_truth["channel"], sample.order_truth["order_id"], strict=True))
    assert truth_keys <= keys
    assert np.isin(sample.order_truth["anomaly"].unique(), [*ORDER_KINDS, "duplicate_redelivered_file"]).all()
