"""Build the inventory tables from the SQL files in sql/inventory/: plain functions over a DuckDB connection,
so that tests and benchmarks reach them without Dagster.

Every build replaces its table in one transaction (`delete` + `insert by name`), so a rerun or a crash never
leaves duplicates or half a table. `cutoff_at` is exclusive; None means everything loaded so far.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import UTC, date, datetime, time, timedelta

import duckdb

from assets.inventory.config import Tolerances
from assets.sql_files import load_sql

_PARAMETER = re.compile(r"\$([a-z_][a-z0-9_]*)")
_COMMENT = re.compile(r"--[^\n]*")
# Build order: every table reads only tables before it (and the ingested inputs).
POSITION_TABLES = ("bin_stock_positions", "stock_in_transit", "stock_positions")
RECONCILIATION_TABLES = ("stock_reconciliation", "stock_reconciliation_evidence")
FEED_TABLE = "sellable_stock_feed"
HISTORY_TABLE = "stock_reconciliation_history"


def cutoff_param(cutoff_at: datetime | None) -> str:
    """The `$cutoff_at` value: an ISO timestamp (UTC, naive as stored) or DuckDB's 'infinity'."""
    if cutoff_at is None:
        return "infinity"
    if cutoff_at.tzinfo is not None:
        cutoff_at = cutoff_at.astimezone(UTC).replace(tzinfo=None)
    return cutoff_at.isoformat(sep=" ")


def day_cutoff(day: date) -> datetime:
    """A daily partition holds the state at the end of its day (UTC): everything before the next midnight."""
    return datetime.combine(day + timedelta(days=1), time())


def table_params(table: str, cutoff_at: datetime | None, tolerances: Tolerances) -> dict[str, object]:
    """The bound parameters that sql/inventory/<table>.sql uses (DuckDB refuses any other)."""
    available = {"cutoff_at": cutoff_param(cutoff_at), **tolerances.as_params()}
    used = set(_PARAMETER.findall(_COMMENT.sub("", load_sql(f"inventory/{table}"))))
    missing = used - set(available)
    if missing:
        raise KeyError(f"sql/inventory/{table}.sql needs parameters {sorted(missing)} that nothing provides")
    return {name: available[name] for name in used}


def replace_table(conn: duckdb.DuckDBPyConnection, table: str, params: Mapping[str, object]) -> int:
    """Replace the rows of `table` by the result of sql/inventory/<table>.sql; returns the row count."""
    query = load_sql(f"inventory/{table}")
    conn.execute("begin transaction")
    try:
        conn.execute(f"delete from {table}")  # table names are module constants, never input
        conn.execute(f"insert into {table} by name {query}", dict(params))
        (n_rows,) = conn.execute(f"select count(*) from {table}").fetchone() or (0,)
        conn.execute("commit")
    except BaseException:
        conn.execute("rollback")
        raise
    return int(n_rows)


def build_tables(
    conn: duckdb.DuckDBPyConnection,
    tables: tuple[str, ...],
    cutoff_at: datetime | None = None,
    tolerances: Tolerances | None = None,
) -> dict[str, int]:
    """Build the given tables in order; returns row counts by table."""
    tolerances = tolerances or Tolerances()
    return {table: replace_table(conn, table, table_params(table, cutoff_at, tolerances)) for table in tables}


def build_all(
    conn: duckdb.DuckDBPyConnection, cutoff_at: datetime | None = None, tolerances: Tolerances | None = None
) -> dict[str, int]:
    """Positions, reconciliation with evidence and the sellable feed, as the daily job builds them."""
    return build_tables(conn, (*POSITION_TABLES, *RECONCILIATION_TABLES, FEED_TABLE), cutoff_at, tolerances)


def build_history_partition(
    conn: duckdb.DuckDBPyConnection, day: date, tolerances: Tolerances | None = None
) -> int:
    """Recompute the reconciliation as of the end of `day` and store it as that day's history partition.

    The intermediate positions are built as temp tables under the same names as the live ones: DuckDB
    resolves the temp schema first, so the same SQL files run as of the day without touching the live tables.
    """
    tolerances = tolerances or Tolerances()
    cutoff_at = day_cutoff(day)
    conn.execute("begin transaction")
    try:
        for table in (*POSITION_TABLES, "stock_reconciliation"):
            query = load_sql(f"inventory/{table}")
            conn.execute(
                f"create or replace temp table {table} as {query}", table_params(table, cutoff_at, tolerances)
            )
        conn.execute(f"delete from main.{HISTORY_TABLE} where partition_date = ?", [day])
        conn.execute(
            f"insert into main.{HISTORY_TABLE} by name "
            "select ?::date as partition_date, * from temp.stock_reconciliation",
            [day],
        )
        (n_rows,) = conn.execute(
            f"select count(*) from main.{HISTORY_TABLE} where partition_date = ?", [day]
        ).fetchone() or (0,)
        for table in (*POSITION_TABLES, "stock_reconciliation"):
            conn.execute(f"drop table temp.{table}")
        conn.execute("commit")
    except BaseException:
        conn.execute("rollback")
        raise
    return int(n_rows)
