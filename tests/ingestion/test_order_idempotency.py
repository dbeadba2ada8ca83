"""Re-delivery changes nothing; batch results never depend on file names or processing order."""

from __future__ import annotations

import random
import shutil
from pathlib import Path

import duckdb
from corpus import order_row, write_orders_csv, write_orders_jsonl, write_orders_parquet

from assets.ingestion.orders import ingest_orders

TABLES = {
    "orders": "select * exclude (loaded_at) from orders order by all",
    "order_lines": "select * from order_lines order by all",
    "quarantine_rows": "select * from quarantine_rows order by all",
    "file_registry": "select * exclude (first_path, loaded_at) from file_registry order by all",
}


def _snapshot(conn: duckdb.DuckDBPyConnection, without_paths: bool = False) -> dict[str, list[tuple]]:
    tables = dict(TABLES)
    if without_paths:  # a conflict message names the file that won, by its path
        tables["quarantine_rows"] = "select * exclude (reason) from quarantine_rows order by all"
    return {name: conn.execute(sql).fetchall() for name, sql in tables.items()}


def _write_batch(landing: Path, names: tuple[str, str, str, str]) -> None:
    """Four files: overlapping orders, a re-export, a conflict, a malformed row; names are free."""
    a = [order_row("A1"), order_row("A1", 2), order_row("A2", quantity="1.5"), order_row("A3", quantity="x")]
    b = [order_row("A1", exported_at="2026-11-22T00:00:00Z"), order_row("A1", 2), order_row("B1")]
    c = [order_row("B1", street="另一条路1号", exported_at="2026-11-19T00:00:00Z"), order_row("C1")]
    d = [order_row("D1", channel="jd"), order_row("D1", 2, channel="jd")]
    write_orders_csv(landing / "orders" / names[0], a)
    write_orders_csv(landing / "orders" / names[1], b)
    write_orders_jsonl(landing / "orders" / names[2], c)
    write_orders_parquet(landing / "orders" / names[3], d)


def test_same_batch_three_times_renamed_and_shuffled_gives_identical_tables(
    conn: duckdb.DuckDBPyConnection, landing_dir: Path, tmp_path: Path
) -> None:
    _write_batch(landing_dir, ("a.csv", "b.csv", "c.jsonl", "d.parquet"))
    first = ingest_orders(conn, landing_dir)
    tables = _snapshot(conn)
    assert first.n_files_loaded == 4 and first.n_rows_read == 11

    second = ingest_orders(conn, landing_dir)  # the same files again
    assert second.n_files_loaded == 0 and second.n_files_already_loaded == 4
    assert _snapshot(conn) == tables

    for path in sorted((landing_dir / "orders").iterdir()):  # renamed: same bytes, new names
        path.rename(path.with_name("renamed_" + path.name))
    third = ingest_orders(conn, landing_dir)
    assert third.n_files_loaded == 0 and third.n_files_already_loaded == 4
    assert _snapshot(conn) == tables
    deliveries = conn.execute(
        "select outcome, count(*) from file_deliveries group by all order by 1"
    ).fetchall()
    assert deliveries == [("already_loaded", 4), ("loaded", 4)]

    # shuffled: the rows of a.csv in another order are new bytes, but every order in it is already known
    rows = [
        order_row("A1"),
        order_row("A1", 2),
        order_row("A2", quantity="1.5"),
        order_row("A3", quantity="x"),
    ]
    random.Random(7).shuffle(rows)
    write_orders_csv(landing_dir / "orders" / "shuffled.csv", rows)
    fourth = ingest_orders(conn, landing_dir)
    assert fourth.n_files_loaded == 1
    after = _snapshot(conn)
    assert after["orders"] == tables["orders"] and after["order_lines"] == tables["order_lines"]
    (shuffled,) = fourth.files
    assert (shuffled.n_rows_loaded, shuffled.n_rows_duplicate, shuffled.n_rows_quarantined) == (0, 3, 1)


def test_batch_does_not_depend_on_file_names(tmp_path: Path) -> None:
    snapshots = []
    for names in [("a.csv", "b.csv", "c.jsonl", "d.parquet"), ("z.csv", "y.csv", "x.jsonl", "w.parquet")]:
        landing = tmp_path / names[0] / "landing"
        _write_batch(landing, names)
        conn = duckdb.connect(str(tmp_path / f"{names[0]}.duckdb"))
        ingest_orders(conn, landing)
        snapshots.append(_snapshot(conn, without_paths=True))
        conn.close()
    assert snapshots[0] == snapshots[1]


def test_conflicts_and_duplicates(conn: duckdb.DuckDBPyConnection, landing_dir: Path) -> None:
    _write_batch(landing_dir, ("a.csv", "b.csv", "c.jsonl", "d.parquet"))
    ingest_orders(conn, landing_dir)
    loaded = dict(conn.execute("select order_id, n_lines from orders").fetchall())
    # A1 is in a.csv and b.csv with the same payload (only exported_at differs): loaded once.
    # B1 is in b.csv and c.jsonl with different streets: c.jsonl was exported earlier, so it wins.
    # A3 has a bad quantity: quarantined, so never loaded.
    assert loaded == {"A1": 2, "A2": 1, "B1": 1, "C1": 1, "D1": 2}
    street = conn.execute("select street from orders where order_id = 'B1'").fetchall()[0][0]
    assert street == "另一条路1号"
    conflict = conn.execute(
        "select q.reason from quarantine_rows as q join file_registry as r using (file_id)"
        " where q.reason_code = 'ORDER_CONFLICT' and r.first_path = 'orders/b.csv'"
    ).fetchall()
    assert len(conflict) == 1 and "orders/c.jsonl" in conflict[0][0] and "amendment" in conflict[0][0]
    registry = dict(
        conn.execute(
            "select first_path, [n_rows_loaded, n_rows_duplicate, n_rows_quarantined] from file_registry"
        ).fetchall()
    )
    assert registry["orders/a.csv"] == [3, 0, 1]
    assert registry["orders/b.csv"] == [0, 2, 1]

    # A later file with the same key and a different payload never overwrites the loaded order.
    write_orders_csv(landing_dir / "orders" / "late.csv", [order_row("A2", quantity="7")])
    ingest_orders(conn, landing_dir)
    assert conn.execute("select quantity from order_lines where order_id = 'A2'").fetchall()[0][0] == 1.5
    late = conn.execute(
        "select q.reason_code from quarantine_rows as q join file_registry as r using (file_id)"
        " where r.first_path = 'orders/late.csv'"
    ).fetchall()
    assert late == [("ORDER_CONFLICT",)]


def test_order_rules(conn: duckdb.DuckDBPyConnection, landing_dir: Path) -> None:
    rows = [
        order_row("H1"),
        order_row("H1", 2, street="别的路"),  # order-level field differs between lines
        order_row("L1"),
        order_row("L1", 1, sku="SKU-X"),  # line_no 1 twice
        order_row("L1", 2),
        order_row("T1", ordered_at="2026-11-20T10:15:00+08:00", paid_at="2026-11-20T02:20:00Z"),
    ]
    write_orders_csv(landing_dir / "orders" / "rules.csv", rows)
    ingest_orders(conn, landing_dir)
    reasons = conn.execute(
        "select line_number, reason_code from quarantine_rows order by line_number"
    ).fetchall()
    assert reasons == [
        (2, "ORDER_HEADER_MISMATCH"),
        (3, "ORDER_HEADER_MISMATCH"),
        (4, "DUPLICATE_LINE_NO"),
        (5, "DUPLICATE_LINE_NO"),
        (6, "ORDER_INCOMPLETE"),
    ]
    ordered_at, paid_at = conn.execute(
        "select ordered_at, paid_at from orders where order_id = 'T1'"
    ).fetchall()[0]
    assert str(ordered_at) == "2026-11-20 02:15:00" and str(paid_at) == "2026-11-20 02:20:00"


def test_same_content_under_two_names_in_one_batch_loads_once(
    conn: duckdb.DuckDBPyConnection, landing_dir: Path
) -> None:
    path = write_orders_csv(landing_dir / "orders" / "one.csv", [order_row("S1")])
    shutil.copy(path, landing_dir / "orders" / "two.csv")
    report = ingest_orders(conn, landing_dir)
    assert report.n_files_loaded == 1 and report.n_files_already_loaded == 1
    assert conn.execute("select first_path from file_registry").fetchall() == [("orders/one.csv",)]
    assert conn.execute("select count(*) from file_deliveries").fetchall()[0][0] == 2
