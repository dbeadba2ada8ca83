"""The daily history (as of each day, idempotent, live tables untouched) and the corrected sellable feed."""

from __future__ import annotations

from datetime import date, datetime

import duckdb
from stock_factory import Stock, at

from assets.inventory.build import build_history_partition


def _history(conn: duckdb.DuckDBPyConnection) -> list[tuple[object, ...]]:
    return conn.execute(
        "select partition_date, warehouse_code, sku, variance_units, unexplained_units, "
        "count_adjustment_after_snapshot_units from stock_reconciliation_history order by all"
    ).fetchall()


def test_history_is_as_of_each_day_and_idempotent(conn: duckdb.DuckDBPyConnection) -> None:
    s = Stock(conn)
    s.move("receipt", 100, at(1))
    s.snapshot(100, datetime(2026, 3, 4, 22))
    count_id = s.count(96, at(4, 23))
    s.move("count_loss", 4, at(5, 9), ref=count_id)
    s.snapshot(96, datetime(2026, 3, 5, 22))
    s.build()
    live_before = conn.execute("select * from stock_reconciliation").fetchall()
    for day in (date(2026, 3, 3), date(2026, 3, 4), date(2026, 3, 5), date(2026, 3, 4)):
        build_history_partition(conn, day)
    assert _history(conn) == [
        (date(2026, 3, 4), "W1", "S1", 4, 4, 0),  # the count found 4 missing; nothing posted yet
        (date(2026, 3, 5), "W1", "S1", 0, 0, 0),  # posted before the next snapshot: channel agrees
    ]
    assert conn.execute("select * from stock_reconciliation").fetchall() == live_before
    temp_tables = conn.execute("select count(*) from duckdb_tables() where temporary").fetchone()
    assert temp_tables == (0,)


def test_failed_partition_leaves_the_previous_rows(conn: duckdb.DuckDBPyConnection) -> None:
    s = Stock(conn)
    s.move("receipt", 10, at(1))
    s.snapshot(10, datetime(2026, 3, 2))
    build_history_partition(conn, date(2026, 3, 2))
    conn.execute("drop table movement_types")  # every rebuild now fails half way
    try:
        build_history_partition(conn, date(2026, 3, 2))
    except duckdb.Error:
        pass
    else:
        raise AssertionError("the rebuild should have failed")
    assert len(_history(conn)) == 1


def test_feed_publishes_sellable_and_zero_for_inactive_skus(conn: duckdb.DuckDBPyConnection) -> None:
    s = Stock(conn).sku("S1").sku("OLD", active=False).sku("NEW")
    s.move("receipt", 50, at(1))
    s.reserve(5, at(2))
    s.move("receipt", 9, at(1), sku="OLD")
    s.move("receipt", 7, at(1), sku="NEW")  # no channel lists it yet
    s.snapshot(50, channel="tmall")
    s.snapshot(50, channel="jd")
    s.snapshot(9, channel="jd", sku="OLD")
    s.build()
    rows = conn.execute(
        "select sku, published_sellable_units, channel_sellable_units, delta_units, is_changed "
        "from sellable_stock_feed order by all"
    ).fetchall()
    assert rows == [("NEW", 7, None, 7, True), ("OLD", 0, 9, -9, True), ("S1", 45, 50, -5, True)]
    assert s.position()["sellable_units"] == 45
