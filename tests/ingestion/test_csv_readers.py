"""DuckDB's CSV reader (fast path) and the reference reader give the same tables, line numbers included."""

from __future__ import annotations

from pathlib import Path

import duckdb
from corpus import ORDER_COLUMNS, csv_line, order_row, write_malformed_corpus, write_orders_csv

from assets.ingestion.orders import ingest_orders

SNAPSHOT = [
    "select * exclude (loaded_at) from orders order by all",
    "select * from order_lines order by all",
    "select * from quarantine_rows order by all",
    "select * exclude (loaded_at) from file_registry order by all",
]


def _ingest_both_ways(tmp_path: Path, write: object) -> tuple[list, list, int, int]:
    results = []
    for native in (True, False):
        landing = tmp_path / f"native_{native}" / "landing"
        write(landing)
        conn = duckdb.connect(str(tmp_path / f"native_{native}.duckdb"))
        report = ingest_orders(conn, landing, native_csv=native)
        results.append(([conn.execute(sql).fetchall() for sql in SNAPSHOT], report.n_files_read_natively))
        conn.close()
    (fast, n_fast), (reference, n_reference) = results
    return fast, reference, n_fast, n_reference


def test_fast_path_equals_reference_on_well_formed_files(tmp_path: Path) -> None:
    def write(landing: Path) -> None:
        rows = [
            order_row(f"W{i}", 1 + i % 3, street=f'路 "{i}" 号, 东', quantity=str(i % 4)) for i in range(60)
        ]
        write_orders_csv(landing / "orders" / "quoted.csv", rows, newline="\r\n")
        lines = [
            ",".join(reversed(ORDER_COLUMNS)),
            *(csv_line(r, tuple(reversed(ORDER_COLUMNS))) for r in rows),
        ]
        (landing / "orders" / "reordered_columns_with_bad_rows.csv").write_text(
            "\n".join([*lines, "tmall,W1,1", "", csv_line(order_row("Z1", quantity="NaN"))]) + "\n",
            encoding="utf-8",
        )

    fast, reference, n_fast, n_reference = _ingest_both_ways(tmp_path, write)
    assert (n_fast, n_reference) == (2, 0)
    assert fast == reference
    assert len(fast[1]) > 0 and len(fast[2]) > 0  # lines loaded and rows quarantined, so the test has teeth


def test_fast_path_falls_back_and_agrees_on_the_corpus(tmp_path: Path) -> None:
    fast, reference, n_fast, _ = _ingest_both_ways(tmp_path, write_malformed_corpus)
    assert n_fast > 0  # some corpus files are well-formed enough for DuckDB's reader
    assert fast == reference
