"""Inventory assets (stage 3a): stock positions, transfers in transit, the sellable-vs-physical reconciliation
with its evidence, the corrected sellable feed, the daily history and the analyst report. Thin bodies over
`assets.inventory.build` and `assets.inventory.report`; docs/reconciliation.md explains the numbers."""

from datetime import date

import dagster as dg
import duckdb

from assets.inventory import build
from assets.inventory.config import ReconciliationConfig
from assets.inventory.markdown import md_table, reconciliation_summary
from assets.inventory.report import report_data, write_report
from assets.resources import DuckDBResource, ReportsFolder
from assets.sql_files import ensure_schema

GROUP = "inventory"
# The history can be backfilled from the first day the ledger may hold; a day is complete at midnight UTC.
HISTORY_START_DATE = "2025-01-01"
history_partitions = dg.DailyPartitionsDefinition(start_date=HISTORY_START_DATE, timezone="UTC")

LEDGER = ["stock_movements", "cycle_counts", "incident_reports", "bins"]


def _preview(conn: duckdb.DuckDBPyConnection, table: str, order_by: str, rows: int = 10) -> dg.MetadataValue:
    # table and order_by are module constants, never input
    return dg.MetadataValue.md(
        md_table(conn.execute(f"select * from {table} order by {order_by} limit {rows}").df())
    )


def _int(conn: duckdb.DuckDBPyConnection, query: str) -> int:
    (value,) = conn.execute(query).fetchone() or (0,)
    return int(value or 0)


@dg.asset(group_name=GROUP, kinds={"duckdb", "sql"}, deps=LEDGER)
def bin_stock_positions(duckdb: DuckDBResource) -> dg.MaterializeResult:
    """Stock per (warehouse, bin, SKU): ledger buckets (on hand, returns pending, damaged, quarantined),
    pending incident units, the bin's latest cycle count and the physical resellable units it implies."""
    with duckdb.get_connection() as conn:
        ensure_schema(conn)
        n_rows = build.build_tables(conn, ("bin_stock_positions",))["bin_stock_positions"]
        n_counted = _int(conn, "select count(*) from bin_stock_positions where last_count_id is not null")
        variance = _int(conn, "select sum(count_variance_units) from bin_stock_positions")
        preview = _preview(
            conn, "bin_stock_positions", "abs(count_variance_units) desc, warehouse_code, bin_code, sku"
        )
    return dg.MaterializeResult(
        metadata={
            "dagster/row_count": dg.MetadataValue.int(n_rows),
            "n_bins_counted": dg.MetadataValue.int(n_counted),
            "count_variance_units": dg.MetadataValue.int(variance),
            "preview": preview,
        }
    )


@dg.asset(group_name=GROUP, kinds={"duckdb", "sql"}, deps=["stock_movements", "transfer_lanes"])
def stock_in_transit(duckdb: DuckDBResource) -> dg.MaterializeResult:
    """Inter-warehouse transfers not fully received, by lane: units sent, received, in transit, and the
    expected arrival (shipped + lane lead time). A transfer may arrive in several parts."""
    with duckdb.get_connection() as conn:
        ensure_schema(conn)
        n_rows = build.build_tables(conn, ("stock_in_transit",))["stock_in_transit"]
        units = _int(conn, "select sum(in_transit_units) from stock_in_transit")
        unknown = _int(conn, "select count(*) from stock_in_transit where to_warehouse_code is null")
        preview = _preview(conn, "stock_in_transit", "in_transit_units desc, transfer_id, sku")
    return dg.MaterializeResult(
        metadata={
            "dagster/row_count": dg.MetadataValue.int(n_rows),
            "in_transit_units": dg.MetadataValue.int(units),
            "n_transfers_without_destination": dg.MetadataValue.int(unknown),
            "preview": preview,
        }
    )


@dg.asset(
    group_name=GROUP,
    kinds={"duckdb", "sql"},
    deps=["bin_stock_positions", "stock_in_transit", "reservations", "safety_stock", "purchase_orders"],
)
def stock_positions(duckdb: DuckDBResource) -> dg.MaterializeResult:
    """Stock per (warehouse, SKU): physical on hand (ledger corrected by cycle counts), reserved, the
    unsellable buckets, safety stock, in transit, incoming, and sellable_units = max(0, on hand - reserved -
    unsellable - safety stock), the figure intake and allocation read."""
    with duckdb.get_connection() as conn:
        ensure_schema(conn)
        n_rows = build.build_tables(conn, ("stock_positions",))["stock_positions"]
        totals = (
            conn.execute(
                "select coalesce(sum(on_hand_units), 0), coalesce(sum(sellable_units), 0), "
                "coalesce(sum(reserved_units), 0), coalesce(sum(unsellable_units), 0), "
                "count(*) filter (where overcommitted_units > 0) from stock_positions"
            ).fetchone()
            or (0,) * 5
        )
        preview = _preview(conn, "stock_positions", "on_hand_units desc, warehouse_code, sku")
    on_hand, sellable, reserved, unsellable, n_over = (int(v) for v in totals)
    return dg.MaterializeResult(
        metadata={
            "dagster/row_count": dg.MetadataValue.int(n_rows),
            "on_hand_units": dg.MetadataValue.int(on_hand),
            "sellable_units": dg.MetadataValue.int(sellable),
            "reserved_units": dg.MetadataValue.int(reserved),
            "unsellable_units": dg.MetadataValue.int(unsellable),
            "n_overcommitted_positions": dg.MetadataValue.int(n_over),
            "preview": preview,
        }
    )


@dg.asset(
    group_name=GROUP,
    kinds={"duckdb", "sql"},
    deps=["stock_positions", "bin_stock_positions", "stock_in_transit", "channel_stock_snapshots",
          "stock_movements", "reservations", "skus"],
)  # fmt: skip
def stock_reconciliation(duckdb: DuckDBResource, config: ReconciliationConfig) -> dg.MaterializeResult:
    """Channel sellable snapshot vs computed (ledger) and physical (counted) sellable per (warehouse, SKU),
    the variance decomposed into returns awaiting restock, unposted damage and shrinkage, transfers in
    transit, reservations, count adjustments after the snapshot and an explicit unexplained remainder, judged
    against per-class tolerances. Metadata: top variances by value, by cause, by warehouse."""
    with duckdb.get_connection() as conn:
        ensure_schema(conn)
        n_rows = build.build_tables(conn, ("stock_reconciliation",), tolerances=config.tolerances())[
            "stock_reconciliation"
        ]
        data = report_data(conn)
    metadata: dict[str, dg.MetadataValue] = {
        "dagster/row_count": dg.MetadataValue.int(n_rows),
        "summary": dg.MetadataValue.md(reconciliation_summary(data.by_cause, data.by_warehouse, data.top)),
    }
    for name, value in data.kpis.items():
        metadata[name] = dg.MetadataValue.int(value)
    for row in data.by_cause.itertuples():
        metadata[f"{row.cause}_units"] = dg.MetadataValue.int(int(row.units))
    return dg.MaterializeResult(metadata=metadata)


@dg.asset(
    group_name=GROUP,
    kinds={"duckdb", "sql"},
    deps=[
        "stock_reconciliation",
        "stock_in_transit",
        "bin_stock_positions",
        "stock_movements",
        "incident_reports",
        "reservations",
    ],
)
def stock_reconciliation_evidence(duckdb: DuckDBResource) -> dg.MaterializeResult:
    """The ledger entries, incidents, reservations, transfers and counts behind every reconciliation cause,
    one row per record with its units: each reconciliation line links to what explains it."""
    with duckdb.get_connection() as conn:
        ensure_schema(conn)
        n_rows = build.build_tables(conn, ("stock_reconciliation_evidence",))["stock_reconciliation_evidence"]
        by_kind = conn.execute(
            "select cause, evidence_kind, count(*) as n_rows, sum(units)::bigint as units "
            "from stock_reconciliation_evidence group by all order by cause, evidence_kind"
        ).df()
    return dg.MaterializeResult(
        metadata={
            "dagster/row_count": dg.MetadataValue.int(n_rows),
            "by_cause": dg.MetadataValue.md(md_table(by_kind)),
        }
    )


@dg.asset(group_name=GROUP, kinds={"duckdb", "sql"}, deps=["stock_positions", "stock_reconciliation", "skus"])
def sellable_stock_feed(duckdb: DuckDBResource) -> dg.MaterializeResult:
    """What to publish to the channels now per (warehouse, SKU): the corrected sellable units (0 for inactive
    SKUs), the same for every channel, with the change against what the channels show."""
    with duckdb.get_connection() as conn:
        ensure_schema(conn)
        n_rows = build.build_tables(conn, ("sellable_stock_feed",))["sellable_stock_feed"]
        n_changed = _int(conn, "select count(*) from sellable_stock_feed where is_changed")
        delta = _int(conn, "select sum(delta_units) from sellable_stock_feed")
        preview = _preview(conn, "sellable_stock_feed", "abs(delta_units) desc, warehouse_code, sku")
    return dg.MaterializeResult(
        metadata={
            "dagster/row_count": dg.MetadataValue.int(n_rows),
            "n_changed": dg.MetadataValue.int(n_changed),
            "delta_units": dg.MetadataValue.int(delta),
            "preview": preview,
        }
    )


@dg.asset(
    group_name=GROUP,
    kinds={"duckdb", "sql"},
    partitions_def=history_partitions,
    deps=[*LEDGER, "channel_stock_snapshots", "reservations", "safety_stock", "purchase_orders",
          "transfer_lanes", "skus"],
)  # fmt: skip
def stock_reconciliation_history(
    context: dg.AssetExecutionContext, duckdb: DuckDBResource, config: ReconciliationConfig
) -> dg.MaterializeResult:
    """The reconciliation recomputed as of the end of each day (UTC), one partition per day, so that trends
    show; a rerun replaces the day's rows in one transaction."""
    day = date.fromisoformat(context.partition_key)
    with duckdb.get_connection() as conn:
        ensure_schema(conn)
        n_rows = build.build_history_partition(conn, day, config.tolerances())
        totals = conn.execute(
            "select coalesce(sum(variance_units), 0), coalesce(sum(unexplained_units), 0), "
            "count(*) filter (where status = 'unexplained_above_tolerance') "
            "from stock_reconciliation_history where partition_date = ?",
            [day],
        ).fetchone() or (0, 0, 0)
    variance, unexplained, n_above = (int(v) for v in totals)
    return dg.MaterializeResult(
        metadata={
            "dagster/row_count": dg.MetadataValue.int(n_rows),
            "variance_units": dg.MetadataValue.int(variance),
            "unexplained_units": dg.MetadataValue.int(unexplained),
            "n_lines_above_tolerance": dg.MetadataValue.int(n_above),
        }
    )


@dg.asset(
    group_name=GROUP,
    kinds={"html", "csv"},
    deps=["stock_reconciliation", "stock_reconciliation_evidence", "stock_reconciliation_history"],
)
def stock_reconciliation_report(duckdb: DuckDBResource, reports: ReportsFolder) -> dg.MaterializeResult:
    """The analyst report: one self-contained HTML file (summary, variance by cause and by warehouse with
    inline SVG charts, top variances, lines above tolerance, daily trend, evidence, method) and CSVs of all
    lines and all evidence."""
    with duckdb.get_connection() as conn:
        ensure_schema(conn)
        files, data = write_report(conn, reports.root())
    return dg.MaterializeResult(
        metadata={
            "html_report": dg.MetadataValue.path(str(files.html.resolve())),
            "html_report_url": dg.MetadataValue.url(files.html.resolve().as_uri()),
            "csv": dg.MetadataValue.path(str(files.csv.resolve())),
            "evidence_csv": dg.MetadataValue.path(str(files.evidence_csv.resolve())),
            "summary": dg.MetadataValue.md(
                reconciliation_summary(data.by_cause, data.by_warehouse, data.top)
            ),
            "n_lines": dg.MetadataValue.int(data.kpis["n_lines"]),
            "n_history_days": dg.MetadataValue.int(len(data.trend)),
        }
    )


INVENTORY_ASSETS: list[dg.AssetsDefinition] = [
    bin_stock_positions,
    stock_in_transit,
    stock_positions,
    stock_reconciliation,
    stock_reconciliation_evidence,
    sellable_stock_feed,
    stock_reconciliation_history,
    stock_reconciliation_report,
]
