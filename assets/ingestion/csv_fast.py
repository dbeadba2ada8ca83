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

Most files are clean, so the first attempt (`type_in_one_pass`) assumes that DuckDB rejects no data line
and reads and types the file straight into stg_typed in one parallel statement, with no untyped copy and no
row numbering in SQL (which would run on one thread). DuckDB keeps the file's row order (insertion order is
preserved), so the i-th row of the file has the i-th row id of its block in stg_typed; until the rows are
numbered, line_number holds minus the row's length (value bytes + commas). The rows are kept when DuckDB
rejected no data line (it may reject a line of spaces, which is no row anyway), the file has one row per
non-blank data line, in one block of row ids, and every row has its line's length; then each row gets its
line number (one UPDATE by row id). Otherwise they are deleted again and the file takes the two-step path
(`read_native`: an untyped copy numbered with `row_number()`, rejected lines through the reference reader)
or the reference reader.
"""

from __future__ import annotations

import json

import duckdb
import numpy as np
import pyarrow as pa

from assets.ingestion.contracts import TableContract
from assets.ingestion.lines import LineIndex
from assets.ingestion.sqlgen import HEADER_CODE_SQL, HEADER_MESSAGE_SQL, ident, typed_sql

_READ_CSV = """read_csv(
    {path}, columns = {columns}, header = true, auto_detect = false, delim = ',', quote = '"', escape = '"',
    strict_mode = true, null_padding = false, ignore_errors = true, store_rejects = true,
    rejects_table = 'stg_rejects', rejects_scan = 'stg_reject_scans'
)"""

_READ_SQL = f"""
create or replace temp table {{table}} as
select ? as file_id, row_number() over () as k, *
from {_READ_CSV.format(path="?", columns="?")}
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
    data_lines = _data_lines(index)
    good = np.setdiff1d(data_lines, rejected)
    n_good = conn.execute(f"select count(*) from {ident(table)}").fetchall()[0][0]
    if n_good != len(good):
        drop_native(conn, slot)
        return None
    _write_lines(conn, lines, index, good, "k", 1)
    if _n_misaligned(conn, table, lines, n_columns):
        drop_native(conn, slot)
        return None
    return np.intersect1d(rejected, data_lines)


def _write_lines(
    conn: duckdb.DuckDBPyConnection, lines: str, index: LineIndex, numbers: np.ndarray, key: str, first: int
) -> None:
    """Temp table `lines`: the i-th of the given line numbers with `key` = first + i, its bytes and quotes."""
    rows = numbers - 1
    chunk = {
        key: np.arange(first, first + len(numbers), dtype=np.int64),
        "line_number": numbers,
        "n_bytes": index.n_bytes[rows],
        "n_quotes": index.n_quotes[rows],
    }
    conn.register("stg_native_chunk", pa.table(chunk))
    try:
        conn.execute(f"create or replace temp table {ident(lines)} as select * from stg_native_chunk")
    finally:
        conn.unregister("stg_native_chunk")


def _data_lines(index: LineIndex) -> np.ndarray:
    """Line numbers of the non-blank lines after the header: the lines that are rows."""
    data_lines = np.flatnonzero(~index.is_blank) + 1
    return data_lines[data_lines > 1]


def _aligned_sql(value_bytes: str, lines: str) -> str:
    """True when a row of `value_bytes` (value bytes + commas) has the length of its line in `lines`."""
    return (
        f"case when {lines}.n_quotes = 0 then {value_bytes} = {lines}.n_bytes"
        f" else {value_bytes} >= {lines}.n_bytes - {lines}.n_quotes"
        f" and 2 * ({value_bytes}) < 2 * {lines}.n_bytes - {lines}.n_quotes end"
    )


def _n_misaligned(conn: duckdb.DuckDBPyConnection, table: str, lines: str, n_columns: int) -> int:
    total = " + ".join(f"strlen(coalesce(n.c{i}, ''))" for i in range(1, n_columns + 1))
    return conn.execute(
        f"""
        select count(*)
        from {ident(table)} as n
        join {ident(lines)} as g using (k)
        where not ({_aligned_sql(f"({total} + {n_columns - 1})", "g")})
        """
    ).fetchall()[0][0]


def type_in_one_pass(
    conn: duckdb.DuckDBPyConnection,
    contract: TableContract,
    slot: int,
    file_id: str,
    index: LineIndex,
    positions: list[int | None],
    n_columns: int,
) -> bool:
    """Read and type a CSV file straight into stg_typed, assuming DuckDB rejects none of its data lines.

    True if the rows are kept (see the module doc); False if the file must take another path (its rows are
    then removed from stg_typed again). stg_typed and stg_headers must exist.
    """
    if index.n_lines < 2 or index.has_multiline_records or n_columns == 0:
        return False
    data_lines = _data_lines(index)
    conn.execute("drop table if exists temp.stg_rejects")
    conn.execute("drop table if exists temp.stg_reject_scans")
    header_code, header_message = conn.execute(
        f"select {HEADER_CODE_SQL}, {HEADER_MESSAGE_SQL} from stg_headers as h where h.file_id = ?", [file_id]
    ).fetchall()[0]
    fields = ",\n        ".join(
        f"n.c{pos} as {ident(c.source)}" if pos else f"null::varchar as {ident(c.source)}"
        for pos, c in zip(positions, contract.columns, strict=True)
    )
    value_bytes = " + ".join(f"strlen(coalesce(n.c{i}, ''))" for i in range(1, n_columns + 1))
    source = f"""
    select
        $file_id as file_id,
        -({value_bytes} + {n_columns - 1}) as line_number,  -- until numbered: minus the row's length
        $code::varchar as read_code,
        $message::varchar as read_message,
        {fields}
    from {_READ_CSV.format(path="$path", columns="$columns")} as n"""
    params = {
        "file_id": file_id,
        "path": str(index.path),
        "columns": {f"c{i}": "VARCHAR" for i in range(1, n_columns + 1)},
        "code": header_code,
        "message": header_message,
    }
    statement = typed_sql(contract, source=source, create=False)
    if not keeps_row_order(conn, statement, params):
        return False
    try:
        conn.execute(statement, params)
        rejected = [row[0] for row in conn.execute("select distinct line from stg_rejects").fetchall()]
        # a rejected blank line (spaces only) is no row anyway; a rejected data line needs the long way
        n_rejected = int(np.isin(np.array(rejected, dtype=np.int64), data_lines).sum())
        first, last, n_rows = conn.execute(
            "select min(rowid), max(rowid), count(*) from stg_typed where file_id = ?", [file_id]
        ).fetchall()[0]
    except duckdb.Error:
        n_rejected, first, last, n_rows = -1, None, None, -1
    # the file's rows must be all there, in one block of row ids (file order), before they can be numbered
    kept = n_rejected == 0 and n_rows == len(data_lines) and (n_rows == 0 or last - first + 1 == n_rows)
    if kept and n_rows:
        kept = _number_rows(conn, lines_table(slot), index, data_lines, first)
    if not kept:
        conn.execute("delete from stg_typed where file_id = ?", [file_id])
    return kept


# Operators that pass rows on in the order they get them; a join, aggregate, sort, window or union may not.
ORDER_KEEPING_OPERATORS = frozenset({"BATCH_INSERT", "INSERT", "PROJECTION", "FILTER", "READ_CSV"})


def plan_operators(conn: duckdb.DuckDBPyConnection, statement: str, params: dict[str, object]) -> set[str]:
    """The names of the operators in DuckDB's plan for the statement (EXPLAIN: nothing runs)."""
    ((_, plan),) = conn.execute(f"explain (format json) {statement}", params).fetchall()
    names: set[str] = set()
    nodes = json.loads(plan)
    while nodes:
        node = nodes.pop()
        names.add(node["name"])
        nodes.extend(node.get("children", []))
    return names


def keeps_row_order(conn: duckdb.DuckDBPyConnection, statement: str, params: dict[str, object]) -> bool:
    """True when the one-pass statement's plan only reads, computes and inserts, so that its rows reach
    stg_typed in file order (numbering them by row id relies on it; a later edit of typed_sql that adds a
    join or an aggregate makes every file take the two-step path instead of misnumbering rows)."""
    return plan_operators(conn, statement, params) <= ORDER_KEEPING_OPERATORS


def _number_rows(
    conn: duckdb.DuckDBPyConnection, lines: str, index: LineIndex, data_lines: np.ndarray, first_rowid: int
) -> bool:
    """Give the i-th row of the file (row id first_rowid + i) the i-th data line's number, if every row has
    the length of its line; False (nothing changed) if one does not."""
    _write_lines(conn, lines, index, data_lines, "row_id", first_rowid)
    try:
        n_misaligned = conn.execute(
            f"""
            select count(*)
            from stg_typed as t
            join {ident(lines)} as g on g.row_id = t.rowid
            where not ({_aligned_sql("-t.line_number", "g")})
            """
        ).fetchall()[0][0]
        if n_misaligned == 0:
            conn.execute(
                f"update stg_typed as t set line_number = g.line_number from {ident(lines)} as g"
                " where g.row_id = t.rowid"
            )
    finally:
        conn.execute(f"drop table if exists temp.{ident(lines)}")
    return n_misaligned == 0


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
        {HEADER_CODE_SQL} as read_code,
        {HEADER_MESSAGE_SQL} as read_message,
        {fields}
    from {ident(native_table(slot))} as n
    join {ident(lines_table(slot))} as g using (k)
    join stg_headers as h on h.file_id = n.file_id"""
