"""Blocking check of the live plan, from the stored tables and independent of the solver's own validator."""

from __future__ import annotations

import dagster as dg

from assets.resources import DuckDBResource
from assets.sql_files import load_sql


@dg.asset_check(asset="allocation_plan", blocking=True)
def allocation_plan_valid(duckdb: DuckDBResource) -> dg.AssetCheckResult:
    """Stock and pick capacity never exceeded; every unit of every batch line planned or backordered."""
    with duckdb.get_connection() as conn:
        violations = conn.execute(load_sql("allocation/check_plan")).df()
    return dg.AssetCheckResult(
        passed=violations.empty,
        metadata={
            "n_violations": dg.MetadataValue.int(len(violations)),
            "violations": dg.MetadataValue.md(
                violations.head(20).to_markdown(index=False) if len(violations) else "_none_"
            ),
        },
    )


ALLOCATION_CHECKS = [allocation_plan_valid]
