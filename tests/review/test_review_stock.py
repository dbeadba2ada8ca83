"""Preliminary stock check and the stock-out resolution: wait for restock, offer a substitute, or cancel."""

from __future__ import annotations

from datetime import timedelta

import duckdb
import pytest
from order_factory import T0, add_order, seed_reference

from assets.intake.config import IntakeConfig
from assets.intake.validate import run_intake
from assets.review.config import ReviewConfig
from assets.review.flags import run_review

SHOE = [{"sku": "SKU-A", "quantity": 2, "unit_price_cents": 19_900}]


@pytest.fixture
def db(conn: duckdb.DuckDBPyConnection) -> duckdb.DuckDBPyConnection:
    seed_reference(conn, stock_units=5)
    conn.execute("update stock_positions set sellable_units = 1 where sku = 'SKU-A'")
    conn.execute("insert into suppliers values ('S1', 'Supplier', '深圳市', 20, 5, 30)")
    return conn


def stock_flags(conn: duckdb.DuckDBPyConnection, **settings: object) -> dict[str, tuple]:
    run_intake(conn, IntakeConfig())
    config = ReviewConfig(as_of=T0.isoformat(), **settings)  # type: ignore[arg-type]
    run_review(conn, config)
    rows = conn.execute(
        "select order_id, line_no, resolution, substitute_sku, restock_eta from order_reviews "
        "where reason_code = 'STOCK_OUT'"
    ).fetchall()
    return {order_id: tuple(rest) for order_id, *rest in rows}


def add_po(conn: duckdb.DuckDBPyConnection, units: int, days: float) -> None:
    conn.execute(
        "insert into purchase_orders values ('PO1', 'S1', 'WH1', 'SKU-A', ?, 0, ?, ?, 'open')",
        [units, T0 - timedelta(days=3), T0 + timedelta(days=days)],
    )


def test_enough_stock_raises_nothing(db: duckdb.DuckDBPyConnection) -> None:
    add_order(db, "ok", lines=[{"sku": "SKU-A", "quantity": 1, "unit_price_cents": 19_900}])
    assert stock_flags(db) == {}


def test_restock_exactly_at_the_wait_limit_means_wait(db: duckdb.DuckDBPyConnection) -> None:
    add_po(db, units=10, days=7)
    add_order(db, "o1", lines=SHOE)
    assert stock_flags(db) == {"o1": (1, "wait_for_restock", "SKU-C", T0 + timedelta(days=7))}


def test_restock_too_late_offers_the_substitute(db: duckdb.DuckDBPyConnection) -> None:
    add_po(db, units=10, days=7.5)
    add_order(db, "o1", lines=SHOE)
    assert stock_flags(db)["o1"][:2] == (1, "offer_substitute")
    assert stock_flags(db, restock_wait_days=8)["o1"][:2] == (1, "wait_for_restock")


def test_a_purchase_order_too_small_does_not_count(db: duckdb.DuckDBPyConnection) -> None:
    add_po(db, units=1, days=1)
    add_order(db, "o1", lines=SHOE)
    assert stock_flags(db)["o1"][1] == "offer_substitute"


def test_transfer_in_transit_counts_as_restock(db: duckdb.DuckDBPyConnection) -> None:
    db.execute(
        "insert into stock_positions (warehouse_code, sku, sellable_units, in_transit_in_units, "
        "next_transfer_arrival_at) values ('WH2', 'SKU-A', 0, 5, ?)",
        [T0 + timedelta(days=2)],
    )
    add_order(db, "o1", lines=SHOE)
    assert stock_flags(db)["o1"][1:] == ("wait_for_restock", "SKU-C", T0 + timedelta(days=2))


def test_supplier_lead_time_counts_when_configured(db: duckdb.DuckDBPyConnection) -> None:
    db.execute("insert into supplier_skus values ('S1', 'SKU-A', 9_000, 1)")
    db.execute("update suppliers set lead_time_days = 3")
    add_order(db, "o1", lines=SHOE)
    assert stock_flags(db)["o1"][1] == "wait_for_restock"
    assert stock_flags(db, count_supplier_lead_time=False)["o1"][1] == "offer_substitute"


def test_no_substitute_no_restock_means_cancel(db: duckdb.DuckDBPyConnection) -> None:
    db.execute("update stock_positions set sellable_units = 0 where sku = 'SKU-C'")
    add_order(db, "o1", lines=SHOE)
    assert stock_flags(db) == {"o1": (1, "cancel", None, None)}


def test_substitute_must_match_attributes_and_price(db: duckdb.DuckDBPyConnection) -> None:
    add_order(db, "o1", lines=SHOE)
    # SKU-C costs 10% more than SKU-A: allowed at 20%, not at 5%
    assert stock_flags(db, substitute_max_price_diff_pct=5)["o1"][1:3] == ("cancel", None)
    db.execute("update skus set size = '44' where sku = 'SKU-C'")
    assert stock_flags(db)["o1"][1:3] == ("cancel", None)
    assert stock_flags(db, substitute_match_size=False)["o1"][1:3] == ("offer_substitute", "SKU-B")


def test_cumulative_mode_lets_earlier_and_urgent_orders_take_the_stock(db: duckdb.DuckDBPyConnection) -> None:
    db.execute("update stock_positions set sellable_units = 6 where sku = 'SKU-D'")
    one = [{"sku": "SKU-D", "quantity": 3, "unit_price_cents": 5_000}]
    add_order(db, "first", lines=one, ordered_at=T0 - timedelta(hours=2))
    add_order(db, "second", lines=one, ordered_at=T0 - timedelta(hours=1))
    add_order(db, "urgent", lines=one, ordered_at=T0 - timedelta(minutes=1), priority=2)
    assert stock_flags(db) == {}  # each line alone fits
    found = stock_flags(db, stock_check_mode="cumulative")
    assert set(found) == {"second"}
