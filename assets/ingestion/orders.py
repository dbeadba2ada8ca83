"""Channel order exports (landing/orders/*.csv|jsonl|parquet) into `orders` and `order_lines`."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import dagster as dg
import duckdb

from assets.ingestion.batch import run_batch
from assets.ingestion.contracts import ORDER_CONTRACT
from assets.ingestion.files import files_of_kind
from assets.ingestion.report import IngestReport, report_metadata, table_preview
from assets.resources import DuckDBResource, LandingFolder
from assets.sql_files import load_sql

_PREVIEW_SQL = """
select o.channel, o.order_id, o.ordered_at, o.city, o.n_lines, o.paid_amount_cents, o.service_level
from orders as o
where o.source_file_id in (select unnest(?::varchar[]))
order by o.channel, o.order_id
limit 5
"""


def _write_orders(conn: duckdb.DuckDBPyConnection, now: datetime) -> None:
    conn.execute(load_sql("ingest/orders_groups"))
    conn.execute(load_sql("ingest/orders_outcomes"))
    conn.execute(load_sql("ingest/orders_insert"), [now])
    conn.execute(load_sql("ingest/order_lines_insert"))


def ingest_orders(
    conn: duckdb.DuckDBPyConnection, landing_root: Path, now: datetime | None = None, native_csv: bool = True
) -> IngestReport:
    """Load every order file not loaded before; see docs/ingestion.md for the duplicate and conflict rules.

    `native_csv=False` reads every CSV file with the reference reader (slower; same result).
    """
    files = files_of_kind(landing_root, {"orders"})
    return run_batch(conn, ORDER_CONTRACT, files, _write_orders, now, native_csv)


@dg.multi_asset(
    specs=[
        dg.AssetSpec(
            "orders",
            group_name="ingestion",
            kinds={"duckdb"},
            description="Channel orders as received: one row per (channel, order_id), first delivery wins.",
        ),
        dg.AssetSpec(
            "order_lines",
            group_name="ingestion",
            kinds={"duckdb"},
            description="Order lines as exported (quantity kept as given), linked to their file and line.",
        ),
    ],
    can_subset=False,
)
def order_tables(duckdb: DuckDBResource, landing: LandingFolder) -> Iterator[dg.MaterializeResult]:
    """Load new channel order exports into `orders` and `order_lines` in one transaction.

    Re-delivered files and orders change nothing; a different payload under a known (channel, order_id) is
    quarantined as ORDER_CONFLICT; malformed rows go to `quarantine_rows` with file, line and reason.
    """
    with duckdb.get_connection() as conn:
        report = ingest_orders(conn, landing.root())
        loaded_ids = [f.file_id for f in report.files]
        preview = table_preview(conn, _PREVIEW_SQL, [loaded_ids]) if loaded_ids else None
        n_orders, n_lines = conn.execute(
            "select (select count(*) from orders), (select count(*) from order_lines)"
        ).fetchall()[0]
    metadata = report_metadata(report, preview)
    yield dg.MaterializeResult(
        asset_key="orders", metadata={**metadata, "table_rows": dg.MetadataValue.int(n_orders)}
    )
    yield dg.MaterializeResult(
        asset_key="order_lines", metadata={**metadata, "table_rows": dg.MetadataValue.int(n_lines)}
    )
