"""The promotion engine on hand-made orders: every rule kind, window edges, limits, several coupons."""

from __future__ import annotations

from datetime import datetime, timedelta

import duckdb
import pytest
from order_factory import T0, add_order, seed_reference

from assets.intake.config import IntakeConfig
from assets.intake.validate import run_intake
from assets.review.config import ReviewConfig
from assets.review.flags import run_review

WINDOW = (datetime(2026, 11, 1), datetime(2026, 11, 30, 23, 59, 59))


def add_promotion(
    conn: duckdb.DuckDBPyConnection,
    promotion_id: str,
    kind: str,
    *,
    percent_off: int | None = None,
    amount_off_cents: int | None = None,
    min_spend_cents: int = 0,
    categories: list[str] | None = None,
    skus: list[str] | None = None,
    channel: str | None = None,
    window: tuple[datetime, datetime] = WINDOW,
) -> None:
    conn.execute(
        "insert into promotions values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [promotion_id, promotion_id, kind, percent_off, amount_off_cents, min_spend_cents, categories, skus,
         channel, *window],
    )  # fmt: skip


def add_coupon(
    conn: duckdb.DuckDBPyConnection,
    code: str,
    promotion_id: str,
    limit: int = 1,
    window: tuple[datetime, datetime] = WINDOW,
) -> None:
    conn.execute("insert into coupons values (?, ?, ?, ?, ?)", [code, promotion_id, *window, limit])


@pytest.fixture
def db(conn: duckdb.DuckDBPyConnection) -> duckdb.DuckDBPyConnection:
    seed_reference(conn)
    add_promotion(conn, "P10", "percentage", percent_off=10)
    add_promotion(conn, "F20", "fixed_amount", amount_off_cents=2_000)
    add_promotion(conn, "T300", "threshold", amount_off_cents=3_000, min_spend_cents=30_000)
    add_promotion(conn, "SHIP", "free_shipping", min_spend_cents=0)
    add_promotion(conn, "TEA15", "percentage", percent_off=15, categories=["tea"])
    add_promotion(conn, "JD5", "percentage", percent_off=5, channel="jd")
    add_promotion(conn, "LISTED", "percentage", percent_off=10, categories=["tea"], skus=["SKU-A"])
    add_coupon(conn, "C10", "P10")
    add_coupon(conn, "C20", "F20", limit=2)
    add_coupon(conn, "C300", "T300")
    add_coupon(conn, "CSHIP", "SHIP")
    add_coupon(conn, "CTEA", "TEA15")
    return conn


def flags(conn: duckdb.DuckDBPyConnection) -> dict[str, set[str]]:
    run_intake(conn, IntakeConfig())
    run_review(conn, ReviewConfig(check_variant_price=False))
    rows = conn.execute(
        "select order_id, reason_code from order_reviews where rule = 'promotion_recompute'"
    ).fetchall()
    out: dict[str, set[str]] = {}
    for order_id, code in rows:
        out.setdefault(order_id, set()).add(code)
    return out


TWO_SHOES = [{"sku": "SKU-A", "quantity": 2, "unit_price_cents": 19_900}]  # 398.00
TEA_AND_SHOES = [
    {"sku": "SKU-D", "quantity": 3, "unit_price_cents": 5_000},  # 150.00 tea
    {"sku": "SKU-A", "quantity": 1, "unit_price_cents": 19_900},
]


@pytest.mark.parametrize(
    ("fields", "lines"),
    [
        ({"coupon_code": "C10", "order_discount_cents": 3_980}, TWO_SHOES),
        ({"coupon_code": "C20", "order_discount_cents": 2_000}, TWO_SHOES),
        ({"coupon_code": "C300", "order_discount_cents": 3_000}, TWO_SHOES),  # 398 >= 300
        ({"coupon_code": "CSHIP", "order_discount_cents": 0, "shipping_fee_cents": 0}, TWO_SHOES),
        ({"coupon_code": "CTEA", "order_discount_cents": 2_250}, TEA_AND_SHOES),  # 15% of the tea only
        ({"promotion_id": "LISTED", "order_discount_cents": 3_490}, TEA_AND_SHOES),  # tea category or SKU-A
        ({"promotion_id": "P10", "order_discount_cents": 3_980}, TWO_SHOES),
        ({"promotion_id": "P10", "coupon_code": "C20", "order_discount_cents": 5_980}, TWO_SHOES),
        ({"coupon_code": "C10;C20", "order_discount_cents": 5_980}, TWO_SHOES),  # two coupons
        (
            {"coupon_code": "C10", "promotion_id": "P10", "order_discount_cents": 3_980},
            TWO_SHOES,
        ),  # C10's rule
        ({"coupon_code": " C10 ; C300 ", "order_discount_cents": 6_980}, TWO_SHOES),
        ({"channel": "jd", "promotion_id": "JD5", "order_discount_cents": 1_990}, TWO_SHOES),
        ({"coupon_code": "C10", "order_discount_cents": 0, "ordered_at": datetime(2026, 12, 5)}, TWO_SHOES),
    ],
)
def test_correct_discounts_raise_nothing(db: duckdb.DuckDBPyConnection, fields: dict, lines: list) -> None:
    add_order(db, "o1", lines=lines, **fields)
    assert flags(db) == {}


def test_percentage_rounds_down_to_the_cent_by_default(db: duckdb.DuckDBPyConnection) -> None:
    lines = [{"sku": "SKU-D", "quantity": 1, "unit_price_cents": 5_009}]  # 10% = 500.9 cents
    add_order(db, "up", lines=lines, coupon_code="C10", order_discount_cents=501)
    add_order(db, "down", lines=lines, coupon_code="C10", order_discount_cents=500, customer_id="other")
    assert flags(db) == {"up": {"PROMOTION_OVERDISCOUNT"}}
    run_review(db, ReviewConfig(percent_rounding="half_up"))
    codes = db.execute("select order_id, reason_code from order_reviews where rule = 'promotion_recompute'")
    assert codes.fetchall() == [("down", "DISCOUNT_MISMATCH")]


def test_coupon_window_edges(db: duckdb.DuckDBPyConnection) -> None:
    end = WINDOW[1]
    add_order(db, "at_end", lines=TWO_SHOES, coupon_code="C20", order_discount_cents=2_000, ordered_at=end)
    add_order(db, "late", lines=TWO_SHOES, coupon_code="C10", order_discount_cents=3_980,
              ordered_at=end + timedelta(seconds=1))  # fmt: skip
    add_order(db, "early", lines=TWO_SHOES, coupon_code="C300", order_discount_cents=3_000,
              ordered_at=WINDOW[0] - timedelta(seconds=1))  # fmt: skip
    assert flags(db) == {"late": {"COUPON_EXPIRED"}, "early": {"COUPON_EXPIRED"}}


def test_minimum_spend_edges(db: duckdb.DuckDBPyConnection) -> None:
    exactly = [{"sku": "SKU-D", "quantity": 6, "unit_price_cents": 5_000}]  # 300.00 = the threshold
    below = [{"sku": "SKU-D", "quantity": 1, "unit_price_cents": 29_999}]
    add_order(db, "exactly", lines=exactly, coupon_code="C300", order_discount_cents=3_000)
    add_order(db, "below", lines=below, coupon_code="C300", order_discount_cents=3_000, customer_id="b")
    assert flags(db) == {"below": {"COUPON_MIN_SPEND_NOT_MET"}}


def test_ineligible_lines_and_channel(db: duckdb.DuckDBPyConnection) -> None:
    add_order(db, "shoes", lines=TWO_SHOES, coupon_code="CTEA", order_discount_cents=5_970)
    add_order(db, "tmall", lines=TWO_SHOES, promotion_id="JD5", order_discount_cents=1_990)
    assert flags(db) == {"shoes": {"COUPON_INELIGIBLE"}, "tmall": {"PROMOTION_NOT_ACTIVE"}}


def test_per_customer_limit_counts_uses_in_order_time(db: duckdb.DuckDBPyConnection) -> None:
    for i in range(3):  # C20 allows 2 uses per customer
        add_order(db, f"use{i}", lines=TWO_SHOES, coupon_code="C20", order_discount_cents=2_000,
                  customer_id="same", ordered_at=T0 + timedelta(hours=i))  # fmt: skip
    add_order(db, "other", lines=TWO_SHOES, coupon_code="C20", order_discount_cents=2_000, customer_id="x")
    assert flags(db) == {"use2": {"COUPON_LIMIT_EXCEEDED"}}


def test_overdiscount_and_unknown_rules(db: duckdb.DuckDBPyConnection) -> None:
    add_order(db, "over", lines=TWO_SHOES, promotion_id="P10", order_discount_cents=3_981)
    add_order(db, "none", lines=TWO_SHOES, order_discount_cents=500)
    add_order(db, "ghost", lines=TWO_SHOES, coupon_code="NOPE", order_discount_cents=500)
    add_order(db, "under", lines=TWO_SHOES, promotion_id="P10", order_discount_cents=1_000)
    assert flags(db) == {
        "over": {"PROMOTION_OVERDISCOUNT"},
        "none": {"PROMOTION_OVERDISCOUNT"},
        "ghost": {"COUPON_UNKNOWN"},
        "under": {"DISCOUNT_MISMATCH"},
    }


def test_multi_coupon_order_names_the_broken_coupon(db: duckdb.DuckDBPyConnection) -> None:
    late = WINDOW[1] + timedelta(seconds=1)
    db.execute("update coupons set valid_to = ? where coupon_code = 'C10'", [late + timedelta(days=1)])
    add_order(db, "o1", lines=TWO_SHOES, coupon_code="C10;C20", order_discount_cents=5_980, ordered_at=late)
    found = flags(db)
    assert found == {"o1": {"COUPON_EXPIRED"}}
    evidence = db.execute("select evidence from order_reviews").fetchone()
    assert evidence is not None and "coupon C20 (fixed_amount): COUPON_EXPIRED" in evidence[0]
    assert "coupon C10 (percentage): 39.80" in evidence[0]
