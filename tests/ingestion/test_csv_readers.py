"""DuckDB's CSV reader (fast path) and the reference reader give the same tables, line numbers included."""

from __future__ import annotations

from pathlib import Path

import duckdb
from corpus import ORDER_COLUMNS, csv_line, order_row, write_malformed_corpus, write_orders_csv

from assets.ingestion.csv_fast import keeps_row_order
from assets.ingestion.orders import ingest_orders

SNAPSHOT = [
    "select * exclude (loaded_at) from orders order by all",
    "select * from order_lines order by all",
    "select * from quarantine_rows order by all",
    "select * exclude (loaded_at) from file_registry order by all",
]


def _ingest_both_ways(tmp_path: Path, write: object) -> tuple[list, list, int, int]:
    fast, reference, n_fast, n_reference, _ = _ingest_both_ways_counted(tmp_path, write)
    return fast, reference, n_fast, n_reference


def _ingest_both_ways_counted(tmp_path: Path, write: object) -> tuple[list, list, int, int, int]:
    """Tables with and without DuckDB's reader, files read by it, and of those the files read in one pass."""
    results = []
    for native in (True, False):
        landing = tmp_path / f"native_{native}" / "landing"
        write(landing)
        conn = duckdb.connect(str(tmp_path / f"native_{native}.duckdb"))
        report = ingest_orders(conn, landing, native_csv=native)
        tables = [conn.execute(sql).fetchall() for sql in SNAPSHOT]
        results.append((tables, report.n_files_read_natively, report.n_files_read_in_one_pass))
        conn.close()
    (fast, n_fast, n_one_pass), (reference, n_reference, _) = results
    return fast, reference, n_fast, n_reference, n_one_pass


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


def test_clean_file_is_read_in_one_pass_and_a_rejected_line_sends_its_file_the_long_way(
    tmp_path: Path,
) -> None:
    """A clean file (blank lines and quotes included) is typed in one pass; a file with a line DuckDB rejects
    is not, and both keep their exact physical line numbers."""

    def write(landing: Path) -> None:
        rows = [csv_line(order_row(f"C{i}", 1, street=f'路 "{i}" 号, 东')) for i in range(40)]
        # line 1 header, lines 2-21 rows, line 22 blank, lines 23-42 rows
        clean = [",".join(ORDER_COLUMNS), *rows[:20], "  ", *rows[20:]]
        (landing / "orders").mkdir(parents=True)
        (landing / "orders" / "clean.csv").write_text("\n".join(clean) + "\n", encoding="utf-8")
        dirty_rows = [csv_line(order_row(f"D{i}", 1)) for i in range(30)]
        # line 12 is ragged (DuckDB rejects it); the rows after it keep their own line numbers
        dirty = [",".join(ORDER_COLUMNS), *dirty_rows[:10], "tmall,D99,1", *dirty_rows[10:]]
        (landing / "orders" / "dirty.csv").write_text("\n".join(dirty) + "\n", encoding="utf-8")

    fast, reference, n_fast, n_reference, n_one_pass = _ingest_both_ways_counted(tmp_path, write)
    assert (n_fast, n_one_pass, n_reference) == (2, 1, 0)
    assert fast == reference
    conn = duckdb.connect(str(tmp_path / "native_True.duckdb"))
    lines = dict(conn.execute("select order_id, source_line_number from order_lines").fetchall())
    quarantined = conn.execute("select line_number, reason_code, record_key from quarantine_rows").fetchall()
    conn.close()
    assert (lines["C0"], lines["C19"], lines["C20"], lines["C39"]) == (2, 21, 23, 42)
    assert (lines["D0"], lines["D9"], lines["D10"], lines["D29"]) == (2, 11, 13, 32)
    assert quarantined == [(12, "RAGGED_ROW", "tmall/D99/1")]


def test_without_insertion_order_every_csv_file_takes_the_reference_reader(tmp_path: Path) -> None:
    """DuckDB's rows are numbered by their order in the file: its reader is not used when that may change."""
    landing = tmp_path / "landing"
    write_orders_csv(landing / "orders" / "clean.csv", [order_row(f"P{i}", 1) for i in range(20)])
    conn = duckdb.connect(str(tmp_path / "unordered.duckdb"))
    conn.execute("set preserve_insertion_order = false")
    report = ingest_orders(conn, landing)
    lines = conn.execute("select order_id, source_line_number from order_lines").fetchall()
    conn.close()
    assert (report.n_files_read_natively, report.n_rows_loaded) == (0, 20)
    assert dict(lines)["P0"] == 2 and dict(lines)["P19"] == 21


def test_only_a_plan_that_keeps_file_order_may_number_rows_by_row_id(tmp_path: Path) -> None:
    """The one-pass path numbers rows by their order of arrival: a plan with a join or a sort must not."""
    path = tmp_path / "x.csv"
    path.write_text("a\nx\ny\n", encoding="utf-8")
    conn = duckdb.connect()
    conn.execute("create temp table t (a varchar, n bigint)")
    conn.execute("create temp table k (a varchar)")
    read = "read_csv($path, columns = {'c1': 'VARCHAR'}, header = true)"
    params = {"path": str(path)}
    assert keeps_row_order(conn, f"insert into t select c1, -strlen(c1) from {read} where c1 <> ''", params)
    assert not keeps_row_order(conn, f"insert into t select c1, 0 from {read} join k on k.a = c1", params)
    assert not keeps_row_order(conn, f"insert into t select c1, 0 from {read} order by c1", params)
    assert not keeps_row_order(conn, f"insert into t select c1, count(*) from {read} group by c1", params)
    assert conn.execute("select count(*) from t").fetchone() == (0,)  # EXPLAIN ran nothing
