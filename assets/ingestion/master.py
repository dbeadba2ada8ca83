"""Master (reference) data: each landing/master/<table>.csv is a full snapshot that replaces its table.

Rule for snapshots with bad rows: rows that fail typing or a table check are quarantined, and the snapshot
still replaces the table with its valid rows, so the rest of the catalogue stays current and every missing row
is visible in `quarantine_rows`. A snapshot with no loadable row at all (empty, header-only, or every row
quarantined, e.g. a missing column) leaves the table unchanged: an accidental empty export must never wipe
the catalogue. Several new snapshots of one table are applied oldest first (file mtime, then path), so the
newest one wins.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import dagster as dg
import duckdb

from assets.ingestion.batch import run_batch
from assets.ingestion.contracts import MASTER_TABLES, contract_from_catalog
from assets.ingestion.files import files_of_kind
from assets.ingestion.report import IngestReport, report_metadata, table_preview
from assets.ingestion.sqlgen import ident, insert_loaded_sql, keyed_rows_sql
from assets.resources import DuckDBResource, LandingFolder
from assets.sql_files import ensure_schema, load_sql


def ingest_master(
    conn: duckdb.DuckDBPyConnection, landing_root: Path, table: str, now: datetime | None = None
) -> tuple[IngestReport, int]:
    """Apply every new snapshot of `table`; returns the merged report and how many snapshots replaced it."""
    ensure_schema(conn)
    kind = f"master:{table}"
    contract = contract_from_catalog(conn, table, kind)
    n_applied = 0

    def write(conn: duckdb.DuckDBPyConnection, now: datetime) -> None:
        nonlocal n_applied
        conn.execute(keyed_rows_sql(contract))
        conn.execute(load_sql("ingest/existing_none"))
        conn.execute(load_sql("ingest/keyed_outcomes"))
        n_loadable = conn.execute("select count(*) from stg_outcomes where outcome = 'loaded'").fetchall()[0][
            0
        ]
        if n_loadable:
            conn.execute(f"delete from {ident(table)}")
            conn.execute(insert_loaded_sql(contract, with_source_file=False))
            n_applied += 1

    files = sorted(files_of_kind(landing_root, {kind}), key=lambda f: (f.mtime_ns, f.path))
    merged = IngestReport(table=table)
    for landing_file in files or [None]:
        report = run_batch(conn, contract, [landing_file] if landing_file else [], write, now)
        merged.n_files_seen += report.n_files_seen
        merged.n_files_loaded += report.n_files_loaded
        merged.n_files_already_loaded += report.n_files_already_loaded
        merged.n_files_read_natively += report.n_files_read_natively
        merged.n_files_read_in_one_pass += report.n_files_read_in_one_pass
        merged.files += report.files
        merged.unknown_columns += report.unknown_columns
        merged.quarantine_sample += report.quarantine_sample
        merged.quarantine_by_reason += report.quarantine_by_reason
    totals: dict[str, int] = {}
    for code, n in merged.quarantine_by_reason:
        totals[code] = totals.get(code, 0) + n
    merged.quarantine_by_reason = sorted(totals.items(), key=lambda item: (-item[1], item[0]))
    return merged, n_applied


def build_master_asset(table: str) -> dg.AssetsDefinition:
    """One asset per master table (asset key = table name), all built by this factory."""

    @dg.asset(
        name=table,
        group_name="ingestion",
        kinds={"duckdb"},
        description=f"Master data `{table}`, replaced by each new full snapshot landing/master/{table}.csv.",
    )
    def _master_asset(duckdb: DuckDBResource, landing: LandingFolder) -> dg.MaterializeResult:
        """Apply new snapshots of this master table; bad rows go to quarantine (docs/ingestion.md)."""
        with duckdb.get_connection() as conn:
            report, n_applied = ingest_master(conn, landing.root(), table)
            preview = table_preview(conn, f"select * from {ident(table)} limit 5")
            n_rows = conn.execute(f"select count(*) from {ident(table)}").fetchall()[0][0]
        metadata = report_metadata(report, preview)
        return dg.MaterializeResult(
            metadata={
                **metadata,
                "snapshots_applied": dg.MetadataValue.int(n_applied),
                "table_rows": dg.MetadataValue.int(n_rows),
            }
        )

    return _master_asset


MASTER_ASSETS: list[dg.AssetsDefinition] = [build_master_asset(table) for table in MASTER_TABLES]
