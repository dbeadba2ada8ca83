"""Stock files (landing/stock/) into the ledger, counts, channel snapshots, reservations and incidents."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import dagster as dg
import duckdb

from assets.ingestion.batch import run_batch
from assets.ingestion.contracts import STOCK_KINDS, TableContract, contract_from_catalog
from assets.ingestion.files import files_of_kind
from assets.ingestion.report import IngestReport, report_metadata, table_preview
from assets.ingestion.sqlgen import existing_rows_sql, ident, insert_loaded_sql, keyed_rows_sql
from assets.resources import DuckDBResource, LandingFolder
from assets.sql_files import ensure_schema, load_sql

_DESCRIPTIONS = {
    "movements": "Stock movement ledger from landing/stock/movements_*.csv|parquet, keyed by movement_id.",
    "cycle_counts": "Cycle counts from landing/stock/cycle_counts_*.csv, keyed by count_id.",
    "channel_stock": "Channel sellable-stock snapshots from landing/stock/channel_stock_*.csv.",
    "reservations": "Open and closed reservations from landing/stock/reservations_*.csv (source oms_export).",
    "incident_reports": "Damage and shrinkage reports from landing/stock/incident_reports_*.csv.",
}


def stock_contract(conn: duckdb.DuckDBPyConnection, kind: str) -> TableContract:
    spec = STOCK_KINDS[kind]
    return contract_from_catalog(conn, spec.table, kind, spec.fixed_values, spec.checks)


def ingest_stock(
    conn: duckdb.DuckDBPyConnection, landing_root: Path, kind: str, now: datetime | None = None
) -> IngestReport:
    """Load new stock files of one kind. Same key and values as a loaded row: duplicate; same key with other
    values: KEY_CONFLICT (the loaded row stays); rows that fail typing or a table check: quarantined."""
    ensure_schema(conn)
    contract = stock_contract(conn, kind)

    def write(conn: duckdb.DuckDBPyConnection, now: datetime) -> None:
        conn.execute(keyed_rows_sql(contract))
        conn.execute(existing_rows_sql(contract))
        conn.execute(load_sql("ingest/keyed_outcomes"))
        conn.execute(insert_loaded_sql(contract, with_source_file=True), list(contract.fixed_values.values()))

    return run_batch(conn, contract, files_of_kind(landing_root, {kind}), write, now)


def build_stock_asset(kind: str) -> dg.AssetsDefinition:
    """One asset per stock table (asset key = table name)."""
    table = STOCK_KINDS[kind].table

    @dg.asset(name=table, group_name="ingestion", kinds={"duckdb"}, description=_DESCRIPTIONS[kind])
    def _stock_asset(duckdb: DuckDBResource, landing: LandingFolder) -> dg.MaterializeResult:
        """Load new stock files of this kind; see docs/ingestion.md for the key and conflict rules."""
        with duckdb.get_connection() as conn:
            report = ingest_stock(conn, landing.root(), kind)
            loaded_ids = [f.file_id for f in report.files]
            preview = (
                table_preview(
                    conn,
                    f"select * exclude (source_file_id) from {ident(table)}"
                    " where list_contains(?::varchar[], source_file_id) limit 5",
                    [loaded_ids],
                )
                if loaded_ids
                else None
            )
            n_rows = conn.execute(f"select count(*) from {ident(table)}").fetchall()[0][0]
        metadata = report_metadata(report, preview)
        return dg.MaterializeResult(metadata={**metadata, "table_rows": dg.MetadataValue.int(n_rows)})

    return _stock_asset


STOCK_ASSETS: list[dg.AssetsDefinition] = [build_stock_asset(kind) for kind in STOCK_KINDS]
