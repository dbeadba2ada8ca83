"""Stock files: keyed rows, duplicates, key conflicts, unknown movement types and table checks."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq

from assets.ingestion.checks import unaccounted_files
from assets.ingestion.stock import ingest_stock

MOVEMENT_HEADER = (
    "movement_id,occurred_at,warehouse_code,bin_code,sku,movement_type,quantity,reference_type,reference_id"
)


def _write(path: Path, *lines: str) -> None:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _reasons(conn: duckdb.DuckDBPyConnection, path: str) -> list[tuple[int, str]]:
    return conn.execute(
        "select q.line_number, q.reason_code from quarantine_rows as q"
        " join file_registry as r using (file_id) where r.first_path = ? order by q.line_number",
        [path],
    ).fetchall()


def test_movements_keys_conflicts_and_checks(conn: duckdb.DuckDBPyConnection, landing_dir: Path) -> None:
    stock = landing_dir / "stock"
    _write(
        stock / "movements_1.csv",
        MOVEMENT_HEADER,
        "M1,2026-11-20T10:00:00+08:00,SH01,A-01,SKU-1,receipt,10,purchase_order,PO1",
        "M2,2026-11-20T11:00:00Z,SH01,A-01,SKU-1,shipment,3,order,tmall/T1",
        "M3,2026-11-20T11:00:00Z,SH01,A-01,SKU-1,teleport,3,,",
        "M4,2026-11-20T11:00:00Z,SH01,A-01,SKU-1,damage,0,incident,I1",
        "M5,2026-11-20T11:00:00Z,SH01,,SKU-1,damage,abc,incident,I1",
        "M1,2026-11-20T10:00:00+08:00,SH01,A-01,SKU-1,receipt,10,purchase_order,PO1",
    )
    first = ingest_stock(conn, landing_dir, "movements")
    assert (first.n_rows_read, first.n_rows_loaded, first.n_rows_duplicate, first.n_rows_quarantined) == (
        6,
        2,
        1,
        3,
    )
    assert _reasons(conn, "stock/movements_1.csv") == [
        (4, "UNKNOWN_MOVEMENT_TYPE"),
        (5, "CHECK_FAILED"),
        (6, "BAD_INTEGER"),
    ]
    occurred = conn.execute("select occurred_at from stock_movements where movement_id = 'M1'").fetchall()[0][
        0
    ]
    assert str(occurred) == "2026-11-20 02:00:00"

    table = pa.table(
        {
            "movement_id": ["M1", "M2", "M7"],
            "occurred_at": ["2026-11-20T10:00:00+08:00", "2026-11-20T11:00:00Z", "2026-11-21T09:00:00Z"],
            "warehouse_code": ["SH01"] * 3,
            "bin_code": ["A-01"] * 3,
            "sku": ["SKU-1"] * 3,
            "movement_type": ["receipt", "shipment", "return_received"],
            "quantity": [10, 4, 1],  # M2 now says 4: a conflict, the loaded row stays
            "reference_type": ["purchase_order", "order", "return"],
            "reference_id": ["PO1", "tmall/T1", "R1"],
        }
    )
    pq.write_table(table, stock / "movements_2.parquet")
    second = ingest_stock(conn, landing_dir, "movements")
    assert (second.n_rows_loaded, second.n_rows_duplicate, second.n_rows_quarantined) == (1, 1, 1)
    assert _reasons(conn, "stock/movements_2.parquet") == [(2, "KEY_CONFLICT")]
    assert conn.execute("select quantity from stock_movements where movement_id = 'M2'").fetchall() == [(3,)]
    excerpt = conn.execute(
        "select raw_excerpt from quarantine_rows where reason_code = 'KEY_CONFLICT'"
    ).fetchall()
    assert excerpt[0][0].startswith("M2,")
    assert unaccounted_files(conn, "movements", "stock_movements") == []


def test_conflicting_versions_in_one_batch_load_none(
    conn: duckdb.DuckDBPyConnection, landing_dir: Path
) -> None:
    stock = landing_dir / "stock"
    _write(stock / "movements_a.csv", MOVEMENT_HEADER, "M9,2026-11-20T10:00:00Z,SH01,,SKU-1,receipt,5,,")
    _write(stock / "movements_b.csv", MOVEMENT_HEADER, "M9,2026-11-20T10:00:00Z,SH01,,SKU-1,receipt,6,,")
    ingest_stock(conn, landing_dir, "movements")
    assert conn.execute("select count(*) from stock_movements").fetchall() == [(0,)]
    assert conn.execute(
        "select count(*) from quarantine_rows where reason_code = 'KEY_CONFLICT'"
    ).fetchall() == [(2,)]


def test_other_stock_files(conn: duckdb.DuckDBPyConnection, landing_dir: Path) -> None:
    stock = landing_dir / "stock"
    _write(
        stock / "channel_stock_20261120.csv",
        "snapshot_at,channel,warehouse_code,sku,sellable_units,extra_note",
        "2026-11-20T00:00:00Z,tmall,SH01,SKU-1,7,x",
        "2026-11-20T00:00:00Z,tmall,SH01,SKU-1,7,y",  # same key, same values: a duplicate
        "2026-11-20T00:00:00Z,jd,SH01,SKU-1,5,z",
    )
    _write(
        stock / "reservations_1.csv",
        "reservation_id,channel,order_id,line_no,warehouse_code,sku,reserved_units,reserved_at,status",
        "R1,tmall,T1,1,SH01,SKU-1,2,2026-11-20T08:00:00Z,open",
        "R2,tmall,T2,1,SH01,SKU-1,2,2026-11-20T08:00:00Z,lost",  # status outside the check
    )
    _write(
        stock / "cycle_counts_1.csv",
        "count_id,counted_at,warehouse_code,bin_code,sku,counted_units,counter_id",
        "C1,2026-11-20T08:00:00Z,SH01,A-01,SKU-1,9,u7",
    )
    _write(
        stock / "incident_reports_1.csv",
        "incident_id,reported_at,warehouse_code,bin_code,sku,incident_type,units,status,posted_movement_id",
        "I1,2026-11-20T08:00:00Z,SH01,A-01,SKU-1,damage,1,pending,",
    )
    snapshot = ingest_stock(conn, landing_dir, "channel_stock")
    assert (snapshot.n_rows_loaded, snapshot.n_rows_duplicate) == (2, 1)
    assert snapshot.unknown_columns == [("stock/channel_stock_20261120.csv", ["extra_note"])]
    reservations = ingest_stock(conn, landing_dir, "reservations")
    assert (reservations.n_rows_loaded, reservations.n_rows_quarantined) == (1, 1)
    assert conn.execute("select source from reservations").fetchall() == [("oms_export",)]
    assert ingest_stock(conn, landing_dir, "cycle_counts").n_rows_loaded == 1
    assert ingest_stock(conn, landing_dir, "incident_reports").n_rows_loaded == 1
    for kind, table in [("channel_stock", "channel_stock_snapshots"), ("reservations", "reservations")]:
        assert unaccounted_files(conn, kind, table) == []
