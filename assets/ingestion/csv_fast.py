"""The fast path for well-formed CSV files: DuckDB's own CSV reader, aligned with the exact line index.

The reference reader (the SQL split of sql/ingest/csv_records.sql over staged lines) defines what a file
means; this path gives the same rows at DuckDB speed when it can prove it agrees:

- the file has no quoted field spanning lines (every line is one record), so DuckDB's records are lines;
- DuckDB's good rows + its rejected lines = the file's non-blank data lines (rejects carry line numbers;
  good rows are numbered in file order, `row_number() over ()` on the scan, and take the remaining lines in
  order);
- each good row has exactly the length of its line: sum of value lengths + commas = line bytes for a line
  without quotes, and between line bytes - quotes and line bytes - quotes / 2 for a line with quotes (each
  quoted field drops 2 delimiting quotes and one of each doubled quote).

If any of this fails, the whole file goes through the reference reader. Rejected lines always do: it gives
them their reason code (and their order key, so that the rest of their order is held back too).
"""

from __future__ import annotations

import duckdb
import numpy as np
import pyarrow as pa

from assets.ingestion.lines import LineIndex
from assets.ingestion.sqlgen import ident

_READ_SQL = """
create or replace temp table {table} as
select ? as file_id, row_number() over () as k, *
from read_csv(
    ?, columns = ?, header = true, auto_detect = false, delim = ',', quote = '"', escape = '"',
    strict_mode = true, null_padding = false, ignore_errors = true, store_rejects = true,
    rejects_table = 'stg_rejects', rejects_scan = 'stg_reject_scans'
)
"""


def native_table(slot: int) -> str:
    return f"stg_native_{slot}"


def lines_table(slot: int) -> str:
    return f"stg_native_lines_{slot}"


def read_native(
    conn: duckdb.DuckDBPyConnection, slot: int, file_id: str, index: LineIndex, n_columns: int
) -> np.ndarray | None:
    """Load the file with DuckDB's reader; returns the rejected non-blank line numbers, or None if the result
    cannot be trusted (then the native tables are dropped and the caller uses the reference reader)."""
    if index.n_lines < 2 or index.has_multiline_records or n_columns == 0:
        return None
    table, lines = native_table(slot), lines_table(slot)
    conn.execute("drop table if exists temp.stg_rejects")
    conn.execute("drop table if exists temp.stg_reject_scans")
    columns = {f"c{i}": "VARCHAR" for i in range(1, n_columns + 1)}
    try:
        conn.execute(_READ_SQL.format(table=ident(table)), [file_id, str(index.path), columns])
        rejected = np.array(
            [row[0] for row in conn.execute("select distinct line from stg_rejects").fetchall()],
            dtype=np.int64,
        )
    except duckdb.Error:
        drop_native(conn, slot)
        return None
    data_lines = np.flatnonzero(~index.is_blank) + 1
    data_lines = data_lines[data_lines > 1]
    good = np.setdiff1d(data_lines, rejected)
    n_good = conn.execute(f"select count(*) from {ident(table)}").fetchall()[0][0]
    if n_good != len(good):
        drop_native(conn, slot)
        return None
    rows = good - 1
    conn.register(
        "stg_native_chunk",
        pa.table(
            {
                "k": np.arange(1, len(good) + 1, dtype=np.int64),
                "line_number": good,
                "n_bytes": index.n_bytes[rows],
                "n_quotes": index.n_quotes[rows],
            }
        ),
    )
    try:
        conn.execute(f"create or replace temp table {ident(lines)} as select * from stg_native_chunk")
    finally:
        conn.unregister("stg_native_chunk")
    if _n_misaligned(conn, table, lines, n_columns):
        drop_native(conn, slot)
        return None
    return np.intersect1d(rejected, data_lines)


def _n_misaligned(conn: duckdb.DuckDBPyConnection, table: str, lines: str, n_columns: int) -> int:
    total = " + ".join(f"strlen(coalesce(n.c{i}, ''))" for i in range(1, n_columns + 1))
    return conn.execute(
        f"""
        with measured as (
            select g.n_bytes, g.n_quotes, {total} + {n_columns - 1} as n_value_bytes
            from {ident(table)} as n
            join {ident(lines)} as g using (k)
        )
        select count(*) from measured
        where not (
            case when n_quotes = 0 then n_value_bytes = n_bytes
                else n_value_bytes >= n_bytes - n_quotes and 2 * n_value_bytes < 2 * n_bytes - n_quotes end
        )
        """
    ).fetchall()[0][0]


def drop_native(conn: duckdb.DuckDBPyConnection, slot: int) -> None:
    conn.execute(f"drop table if exists temp.{ident(native_table(slot))}")
    conn.execute(f"drop table if exists temp.{ident(lines_table(slot))}")


def native_part_sql(slot: int, positions: list[int | None], sources: list[str]) -> str:
    """The rows of one natively read file, in stg_fields layout (contract columns by header position)."""
    fields = ",\n        ".join(
        f"n.c{pos} as {ident(source)}" if pos else f"null::varchar as {ident(source)}"
        for pos, source in zip(positions, sources, strict=True)
    )
    return f"""
    select
        n.file_id,
        g.line_number,
        case when h.header_problem is not null or len(h.missing_columns) > 0 then 'MISSING_COLUMN' end
            as read_code,
        case when len(h.missing_columns) > 0 then 'the file has no column '
            || array_to_string(h.missing_columns, ', ')
            || '; every file needs the columns of the contract in docs/landing_files.md' end as read_message,
        {fields}
    from {ident(native_table(slot))} as n
    join {ident(lines_table(slot))} as g using (k)
    join stg_headers as h on h.file_id = n.file_id"""
