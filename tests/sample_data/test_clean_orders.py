"""Every order that the truth does not list is fully clean, judged from the files alone."""

from __future__ import annotations

import re

import pandas as pd
import phonenumbers
import pytest
from order_rules import Rules
from sample_landing import Sample

from assets.geography import city_table

ORDER_FIELDS = [
    "ordered_at",
    "paid_at",
    "customer_id",
    "recipient_name",
    "phone",
    "province",
    "city",
    "district",
    "street",
    "address_detail",
    "postal_code",
    "order_discount",
    "shipping_fee",
    "paid_amount",
    "payment_method",
    "payment_account",
    "payment_ref",
    "coupon_code",
    "promotion_id",
    "service_level",
    "priority",
]


@pytest.fixture(scope="module")
def clean(sample: Sample) -> pd.DataFrame:
    rows = sample.order_rows
    flagged = set(zip(sample.order_truth["channel"], sample.order_truth["order_id"], strict=True))
    keys = list(zip(rows["channel"], rows["order_id"], strict=True))
    return rows.loc[[k not in flagged for k in keys]].copy()


def test_most_orders_are_clean_and_delivered_once(sample: Sample, clean: pd.DataFrame) -> None:
    n_orders = sample.manifest["orders"]
    n_clean = clean.drop_duplicates(["channel", "order_id"]).shape[0]
    assert 0.85 * n_orders < n_clean < n_orders
    per_order_files = clean.groupby(["channel", "order_id"])["file"].nunique()
    assert (per_order_files == 1).all()
    assert not clean.duplicated(["channel", "order_id", "line_no"]).any()


def test_clean_orders_are_consistent_across_their_lines(clean: pd.DataFrame) -> None:
    assert (clean.groupby(["channel", "order_id"])[ORDER_FIELDS].nunique() == 1).all().all()
    lines = clean.groupby(["channel", "order_id"])["line_no"].agg(["min", "max", "count"])
    assert (lines["min"] == 1).all() and (lines["max"] == lines["count"]).all()
    assert clean.groupby(["channel", "order_id"])["sku"].nunique().eq(lines["count"]).all()


def test_clean_phones_are_valid_mainland_mobiles(clean: pd.DataFrame) -> None:
    for phone in clean["phone"].unique():
        number = phonenumbers.parse(phone, "CN")
        assert phonenumbers.is_valid_number(number), phone
        assert phonenumbers.number_type(number) == phonenumbers.PhoneNumberType.MOBILE, phone


def test_clean_addresses_are_complete_and_geocodable(clean: pd.DataFrame) -> None:
    for column in ("country_code", "province", "city", "district", "street", "postal_code", "recipient_name"):
        assert (clean[column] != "").all(), column
    assert clean["street"].str.fullmatch(r".+(路|街|道|大道|大街)\d+号").all()
    assert clean["postal_code"].str.fullmatch(r"\d{6}").all()
    known = set(zip(city_table()["province"], city_table()["city"], strict=True))
    assert set(zip(clean["province"], clean["city"], strict=True)) <= known
    prefix = city_table().set_index("city")["postal_prefix"]
    assert (clean["postal_code"].str[:3] == clean["city"].map(prefix)).all()


def test_clean_lines_name_active_skus_at_catalogue_prices(sample: Sample, clean: pd.DataFrame) -> None:
    skus = sample.master("skus").set_index("sku")
    assert clean["sku"].isin(skus.index).all()
    assert (skus.loc[clean["sku"], "is_active"] == "true").all()
    assert ((clean["qty"] >= 1) & (clean["qty"] == clean["qty"].round())).all()
    price = skus.loc[clean["sku"], "unit_price"].map(lambda v: round(float(v) * 100)).to_numpy()
    assert (clean["unit_price_cents"].to_numpy() == price).all()


def test_clean_amounts_add_up_with_promotions_applied_by_the_rules(
    sample: Sample, clean: pd.DataFrame
) -> None:
    rules = Rules.load(sample)
    rows = sample.order_rows
    use_rank = _coupon_use_rank(rows)
    checked = {"coupon": 0, "promotion": 0}
    for (channel, order_id), lines in clean.groupby(["channel", "order_id"]):
        head = lines.iloc[0]
        subtotal = int(
            sum(round(q * p) for q, p in zip(lines["qty"], lines["unit_price_cents"], strict=True))
        )
        discount, fee, paid = (
            head["order_discount_cents"],
            head["shipping_fee_cents"],
            head["paid_amount_cents"],
        )
        assert paid == subtotal - discount + fee, (channel, order_id)
        free = False
        if head["promotion_id"]:
            promo = rules.promos.loc[head["promotion_id"]]
            assert promo["channel"] in ("", channel)
            assert promo["starts_s"] <= head["ordered_s"] <= promo["ends_s"]
            eligible = rules.eligible_subtotal(promo, lines)
            assert eligible > 0 and eligible >= promo["min_spend_cents"], (channel, order_id)
            assert discount == rules.allowed_discount(promo, eligible), (channel, order_id)
            free = promo["kind"] == "free_shipping"
            checked["promotion"] += 1
        else:
            assert discount == 0 and not head["coupon_code"]
        if head["coupon_code"]:
            coupon = rules.coupons.loc[head["coupon_code"]]
            assert coupon["promotion_id"] == head["promotion_id"]
            assert coupon["from_s"] <= head["ordered_s"] <= coupon["to_s"], (channel, order_id)
            assert use_rank[(channel, order_id)] <= int(coupon["per_customer_limit"]), (channel, order_id)
            checked["coupon"] += 1
        assert fee == rules.shipping_fee(channel, head["service_level"], subtotal - discount, free), (
            channel,
            order_id,
        )
    assert checked["coupon"] > 50 and checked["promotion"] > 200


def _coupon_use_rank(rows: pd.DataFrame) -> dict[tuple[str, str], int]:
    """1-based rank of each coupon order among the same buyer's uses of that code, by order time."""
    heads = rows.loc[rows["coupon_code"] != ""].drop_duplicates(["channel", "order_id"])
    heads = heads.sort_values(["ordered_s", "order_id"])
    rank = heads.groupby(["channel", "customer_id", "coupon_code"]).cumcount() + 1
    return dict(zip(zip(heads["channel"], heads["order_id"], strict=True), rank, strict=True))


def test_clean_payment_fields_are_complete(clean: pd.DataFrame) -> None:
    heads = clean.drop_duplicates(["channel", "order_id"])
    cod = heads["payment_method"] == "cod"
    assert heads["payment_method"].isin(["alipay", "wechat_pay", "card", "cod"]).all()
    assert (heads.loc[~cod, "paid_at"] != "").all() and (heads.loc[cod, "paid_at"] == "").all()
    assert (heads.loc[~cod, "payment_account"] != "").all() and (heads["payment_ref"] != "").all()
    assert heads["payment_ref"].is_unique
    prefix = {"alipay": "2026", "wechat_pay": "4200", "card": "UP", "cod": "COD"}
    assert all(
        r.startswith(prefix[m]) for r, m in zip(heads["payment_ref"], heads["payment_method"], strict=True)
    )
    assert (
        heads["ordered_at"]
        .map(lambda t: bool(re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+08:00", t)))
        .all()
    )


def test_every_buyer_has_an_account_opened_before_the_order(sample: Sample) -> None:
    from sample_landing import epoch

    heads = sample.order_rows.drop_duplicates(["channel", "order_id"])
    customers = sample.master("customers")
    assert not customers.duplicated(["channel", "customer_id"]).any()
    customers["created_s"] = epoch(customers["account_created_at"])
    joined = heads.merge(customers, on=["channel", "customer_id"], how="left", validate="many_to_one")
    assert joined["created_s"].notna().all()
    assert (joined["created_s"] < joined["ordered_s"]).all()
