"""Yes/no review rules: large amounts (at the threshold), variant price consistency, address detail."""

from __future__ import annotations

import duckdb
import pytest
from order_factory import add_order, seed_reference

from assets.intake.config import IntakeConfig
from assets.intake.validate import run_intake
from assets.review.config import ReviewConfig
from assets.review.flags import run_review


@pytest.fixture
def db(conn: duckdb.DuckDBPyConnection) -> duckdb.DuckDBPyConnection:
    seed_reference(conn, stock_units=1_000)
    return conn


def flags(conn: duckdb.DuckDBPyConnection, config: ReviewConfig | None = None) -> set[tuple[str, str]]:
    run_intake(conn, IntakeConfig())
    run_review(conn, config or ReviewConfig())
    return set(conn.execute("select order_id, reason_code from order_reviews").fetchall())


def tea(units: int) -> list[dict]:
    return [{"sku": "SKU-D", "quantity": units, "unit_price_cents": 5_000}]


def test_large_amount_is_strictly_above_the_threshold(db: duckdb.DuckDBPyConnection) -> None:
    add_order(db, "at", lines=tea(399), shipping_fee_cents=5_000, phone="13900000001")  # 20,000.00 exactly
    add_order(db, "above", lines=tea(399), shipping_fee_cents=5_001, phone="13900000002")
    assert flags(db) == {("above", "LARGE_AMOUNT")}
    assert flags(db, ReviewConfig(large_amount_threshold_cents=1_999_999)) == {
        ("at", "LARGE_AMOUNT"),
        ("above", "LARGE_AMOUNT"),
    }


def test_variant_price_must_match_the_catalogue(db: duckdb.DuckDBPyConnection) -> None:
    add_order(db, "cheap", lines=[{"sku": "SKU-B", "quantity": 1, "unit_price_cents": 1_990}])
    assert flags(db) == {("cheap", "VARIANT_PRICE_MISMATCH")}
    evidence = db.execute("select evidence, line_no from order_reviews").fetchone()
    assert evidence == ("SKU SKU-B (P-1 black 43) sold at 19.90, catalogue price 199.00", 1)
    assert flags(db, ReviewConfig(variant_price_tolerance_cents=17_910)) == set()
    assert flags(db, ReviewConfig(check_variant_price=False)) == set()


def test_a_bare_number_is_not_a_deliverable_street(db: duckdb.DuckDBPyConnection) -> None:
    add_order(db, "vague", street="8号", phone="13900000001")
    add_order(db, "fine", street="中山路8号", phone="13900000002")
    assert flags(db) == {("vague", "ADDRESS_NOT_DETAILED")}


def test_disabled_codes_raise_nothing(db: duckdb.DuckDBPyConnection) -> None:
    add_order(db, "vague", street="8号")
    assert flags(db, ReviewConfig(disabled_reason_codes=["ADDRESS_NOT_DETAILED"])) == set()
