"""Asset checks of the inventory tables. Each check is a query in sql/inventory/checks/<check name>.sql that
returns the offending rows; `run_check` (no Dagster needed) turns them into an outcome."""

from __future__ import annotations

from dataclasses import dataclass

import dagster as dg
import duckdb
import pandas as pd

from assets.inventory.markdown import md_table
from assets.resources import DuckDBResource
from assets.sql_files import ensure_schema, load_sql

WARN = dg.AssetCheckSeverity.WARN
ERROR = dg.AssetCheckSeverity.ERROR


@dataclass(frozen=True)
class CheckOutcome:
    passed: bool
    severity: dg.AssetCheckSeverity
    offending: pd.DataFrame

    def result(self, description: str) -> dg.AssetCheckResult:
        return dg.AssetCheckResult(
            passed=self.passed,
            severity=self.severity,
            description=description,
            metadata={
                "n_offending_rows": dg.MetadataValue.int(len(self.offending)),
                "offending_rows": dg.MetadataValue.md(md_table(self.offending, max_rows=25)),
            },
        )


def offending_rows(conn: duckdb.DuckDBPyConnection, check_name: str) -> pd.DataFrame:
    """The rows that fail check `check_name` (a file in sql/inventory/checks/)."""
    return conn.execute(load_sql(f"inventory/checks/{check_name}")).df()


def run_check(
    conn: duckdb.DuckDBPyConnection, check_name: str, severity: dg.AssetCheckSeverity
) -> CheckOutcome:
    """Pass when the query returns no row. stock_positions_buckets_add_up is an error only when a row is not
    explained by overcommitment (reserved + unsellable above on-hand), which is real and only warns."""
    rows = offending_rows(conn, check_name)
    if check_name == "stock_positions_buckets_add_up" and not rows.empty and rows["is_overcommitted"].all():
        severity = WARN
    return CheckOutcome(passed=rows.empty, severity=severity, offending=rows)


def _check(
    asset: str, name: str, severity: dg.AssetCheckSeverity, description: str
) -> dg.AssetChecksDefinition:
    """One asset check over sql/inventory/checks/<name>.sql (a factory, not copy-pasted variants)."""

    @dg.asset_check(asset=asset, name=name, description=description)
    def _run(duckdb: DuckDBResource) -> dg.AssetCheckResult:
        with duckdb.get_connection() as conn:
            ensure_schema(conn)
            return run_check(conn, name, severity).result(description)

    return _run


INVENTORY_CHECKS: list[dg.AssetChecksDefinition] = [
    _check(
        "stock_positions",
        "stock_positions_on_hand_not_negative",
        ERROR,
        "Physical on-hand (ledger corrected by cycle counts) is never negative.",
    ),
    _check(
        "stock_positions",
        "stock_positions_buckets_add_up",
        ERROR,
        "on hand = sellable + reserved + unsellable + safety stock held, per (warehouse, SKU), and the "
        "buckets match their bins; overcommitted positions (reserved + unsellable above on-hand) only warn.",
    ),
    _check(
        "stock_positions",
        "stock_positions_ledger_replay",
        ERROR,
        "Replaying the ledger movement by movement reproduces the positions' ledger buckets, and the running "
        "ledger on-hand never goes below zero.",
    ),
    _check(
        "stock_reconciliation",
        "stock_reconciliation_channel_snapshot_replay",
        WARN,
        "Replaying the ledger to the snapshot time reproduces each channel's sellable snapshot (channel "
        "formula of docs/landing_files.md); a gap lands in the unexplained bucket.",
    ),
    _check(
        "stock_reconciliation",
        "stock_reconciliation_unexplained_within_tolerance",
        WARN,
        "Unexplained variance stays within the tolerance of the SKU class; the offending lines are listed.",
    ),
    _check(
        "stock_reconciliation_evidence",
        "stock_reconciliation_evidence_adds_up",
        ERROR,
        "The evidence rows of every (warehouse, SKU, cause) add up to the cause's units in "
        "stock_reconciliation.",
    ),
]
