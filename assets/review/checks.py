"""Asset checks of stage 2: the order-state invariants (counts add up) and known review reason codes."""

from __future__ import annotations

import dagster as dg

from assets.intake.metadata import markdown_table
from assets.intake.sqlrun import run_sql
from assets.resources import DuckDBResource


@dg.asset_check(
    asset="order_line_states",
    additional_deps=["order_lines", "orders", "validated_orders", "order_rejections", "exception_queue"],
    description="Every order line received is in exactly one state, stopped lines carry reason codes, held "
    "orders are queued, and orders received = validated + rejected.",
)
def order_line_states_counts_add_up(duckdb: DuckDBResource) -> dg.AssetCheckResult:
    with duckdb.get_connection() as conn:
        problems = run_sql(conn, "review/check_line_states", {}).df()
        counts = run_sql(conn, "review/report_states", {}).df()
        n_received = conn.execute("select count(*) from order_lines").fetchone()
    return dg.AssetCheckResult(
        passed=problems.empty,
        metadata={
            "problems": dg.MetadataValue.md(markdown_table(problems)),
            "lines_by_state": dg.MetadataValue.md(markdown_table(counts)),
            "n_lines_received": dg.MetadataValue.int(int(n_received[0]) if n_received else 0),
            "n_lines_with_state": dg.MetadataValue.int(int(counts["n_lines"].sum()) if len(counts) else 0),
        },
    )


@dg.asset_check(
    asset="order_reviews",
    description="Every flag names a catalogued review reason code and a recommended resolution.",
)
def order_reviews_reason_codes_known(duckdb: DuckDBResource) -> dg.AssetCheckResult:
    with duckdb.get_connection() as conn:
        unknown = conn.execute(
            """
            select w.reason_code, w.resolution, count(*) as n_rows
            from order_reviews as w
            left join reason_codes as c on c.reason_code = w.reason_code and c.stage = 'review'
            where c.reason_code is null or trim(w.resolution) = ''
            group by all
            """
        ).df()
    return dg.AssetCheckResult(
        passed=unknown.empty, metadata={"unknown": dg.MetadataValue.md(markdown_table(unknown))}
    )
