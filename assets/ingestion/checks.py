"""Asset checks of the ingestion assets: every row of every file is accounted for; orders are whole."""

from __future__ import annotations

import dagster as dg
import duckdb

from assets.ingestion.contracts import MASTER_TABLES, STOCK_KINDS
from assets.ingestion.report import markdown_table
from assets.ingestion.sqlgen import ident
from assets.resources import DuckDBResource
from assets.sql_files import ensure_schema, load_sql


def unaccounted_files(
    conn: duckdb.DuckDBPyConnection, file_kind: str, table: str | None
) -> list[tuple[str, int, int, int, int, int, int | None]]:
    """Files of `file_kind` whose row accounting does not add up (empty list = all good).

    Per file: read = loaded + duplicate + quarantined; quarantined = its rows in quarantine_rows; and, for a
    table that records its source file (`table`), loaded = the table's rows from that file.
    """
    ensure_schema(conn)
    loaded_by_file = (
        f"select source_file_id as file_id, count(*) as n from {ident(table)} group by all"
        if table
        else "select null::varchar as file_id, 0 as n where false"
    )
    sql = load_sql("ingest/check_rows_accounted").replace("/*loaded_by_file*/", loaded_by_file)
    return conn.execute(sql, [file_kind, table is not None]).fetchall()


def _accounted_check(asset: str, file_kind: str, table: str | None) -> dg.AssetChecksDefinition:
    @dg.asset_check(
        asset=asset,
        name=f"{asset}_rows_accounted",
        description="Per file: rows read = loaded + duplicates + quarantined, matching the tables' rows.",
    )
    def _check(duckdb: DuckDBResource) -> dg.AssetCheckResult:
        with duckdb.get_connection() as conn:
            bad = unaccounted_files(conn, file_kind, table)
            n_files = conn.execute(
                "select count(*) from file_registry where file_kind = ?", [file_kind]
            ).fetchall()[0]
        header = ["file", "read", "loaded", "duplicate", "quarantined", "in quarantine", "in table"]
        return dg.AssetCheckResult(
            passed=not bad,
            metadata={
                "files_checked": dg.MetadataValue.int(n_files[0]),
                "files_not_accounted": dg.MetadataValue.int(len(bad)),
                "problems": dg.MetadataValue.md(markdown_table(header, bad[:20]) if bad else "none"),
            },
        )

    return _check


def order_integrity_problems(conn: duckdb.DuckDBPyConnection) -> tuple[int, int]:
    """(order lines without an order, orders whose n_lines differs from their number of lines)."""
    ensure_schema(conn)
    return conn.execute(load_sql("ingest/check_order_integrity")).fetchall()[0]


@dg.asset_check(
    asset="order_lines",
    name="order_lines_have_order",
    description="Every order line belongs to an order in `orders`.",
)
def order_lines_have_order(duckdb: DuckDBResource) -> dg.AssetCheckResult:
    with duckdb.get_connection() as conn:
        orphans, _ = order_integrity_problems(conn)
    return dg.AssetCheckResult(passed=orphans == 0, metadata={"orphan_lines": dg.MetadataValue.int(orphans)})


@dg.asset_check(
    asset="orders",
    name="orders_n_lines_match",
    description="Every order has exactly n_lines lines in `order_lines` (no partial order was loaded).",
)
def orders_n_lines_match(duckdb: DuckDBResource) -> dg.AssetCheckResult:
    with duckdb.get_connection() as conn:
        _, mismatched = order_integrity_problems(conn)
    return dg.AssetCheckResult(
        passed=mismatched == 0, metadata={"orders_with_wrong_line_count": dg.MetadataValue.int(mismatched)}
    )


INGESTION_CHECKS: list[dg.AssetChecksDefinition] = [
    _accounted_check("orders", "orders", "order_lines"),
    order_lines_have_order,
    orders_n_lines_match,
    *(_accounted_check(spec.table, kind, spec.table) for kind, spec in STOCK_KINDS.items()),
    *(_accounted_check(table, f"master:{table}", None) for table in MASTER_TABLES),
]
