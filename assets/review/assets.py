"""Dagster assets of stage 2 (review): flags, decisions fed back by customer service, line states with
# No `from __future__ import annotations` here: Dagster reads the config and resource annotations at runtime.
their history, the exception queue and the reason-code / state report."""

import dagster as dg

from assets.intake.metadata import markdown_table, reason_code_counts
from assets.intake.validate import utc_now
from assets.resources import DuckDBResource, LandingFolder, ReportsFolder
from assets.review.config import ReviewConfig
from assets.review.decisions import read_decision_files, write_decisions
from assets.review.flags import run_review
from assets.review.report import review_summary, write_report_files
from assets.review.states import apply_states
from assets.sql_files import ensure_schema

GROUP = "review"
REVIEW_INPUTS = [
    "validated_orders",
    "order_rejections",
    "stock_positions",
    "promotions",
    "coupons",
    "customers",
    "purchase_orders",
    "transfer_lanes",
    "supplier_skus",
    "suppliers",
]


@dg.asset(group_name=GROUP, kinds={"duckdb"}, deps=REVIEW_INPUTS)
def order_reviews(config: ReviewConfig, duckdb: DuckDBResource) -> dg.MaterializeResult:
    """One row per review flag on a validated order: stock-out, variant price, address detail, large
    amount, promotion / coupon mismatch, brushing score; each with evidence and a recommended resolution."""
    with duckdb.get_connection() as conn:
        ensure_schema(conn)
        result = run_review(conn, config)
        codes = reason_code_counts(conn, "order_reviews")
    return dg.MaterializeResult(
        metadata={
            "dagster/row_count": dg.MetadataValue.int(result.n_flags),
            "n_flagged_orders": dg.MetadataValue.int(result.n_flagged_orders),
            "n_reviewed_orders": dg.MetadataValue.int(result.n_reviewed_orders),
            "flags_by_reason_code": dg.MetadataValue.md(markdown_table(codes)),
        }
    )


@dg.asset(group_name=GROUP, kinds={"duckdb", "csv"}, deps=["order_reviews"])
def order_decisions(duckdb: DuckDBResource, landing: LandingFolder) -> dg.MaterializeResult:
    """Customer-service decisions (release, cancel, substitute) from landing/decisions/*.csv, each marked
    applied or ignored with the reason; the next state update moves the orders on."""
    rows = read_decision_files(landing.root() / "decisions")
    with duckdb.get_connection() as conn:
        ensure_schema(conn)
        n_rows = write_decisions(conn, rows, utc_now())
        status = conn.execute(
            "select status, status_message, count(*) as n from order_decisions group by all order by n desc"
        ).df()
    return dg.MaterializeResult(
        metadata={
            "dagster/row_count": dg.MetadataValue.int(n_rows),
            "n_files": dg.MetadataValue.int(int(rows["source_path"].nunique())),
            "by_status": dg.MetadataValue.md(markdown_table(status)),
        }
    )


@dg.multi_asset(
    name="order_states",
    specs=[
        dg.AssetSpec(
            "order_line_states",
            group_name=GROUP,
            kinds={"duckdb"},
            deps=["order_rejections", "order_reviews", "order_decisions"],
            description="Current state of every order line (rejected, on_hold, approved, cancelled; later "
            "stages advance it), its reason codes and the SKU to fulfil. Allocation takes `approved`.",
        ),
        dg.AssetSpec(
            "order_state_history",
            group_name=GROUP,
            kinds={"duckdb"},
            deps=["order_rejections", "order_reviews", "order_decisions"],
            description="Every state change of an order line: from, to, reason codes, rule or person, when.",
        ),
        dg.AssetSpec(
            "exception_queue",
            group_name=GROUP,
            kinds={"duckdb", "csv"},
            deps=["order_rejections", "order_reviews", "order_decisions"],
            description="Held orders (and rejected ones the customer can fix) for customer service, each "
            "with a recommended resolution: wait for restock, offer a substitute, cancel, call the customer.",
        ),
    ],
)
def order_states(duckdb: DuckDBResource, reports: ReportsFolder):  # type: ignore[no-untyped-def]
    """Move every order line to its state, log changes, rebuild the queue, write the count reports."""
    with duckdb.get_connection() as conn:
        ensure_schema(conn)
        result = apply_states(conn)
        summary = review_summary(conn)
        n_history = conn.execute("select count(*) from order_state_history").fetchone()
        queue = conn.execute(
            "select recommended_resolution, count(*) as n_orders from exception_queue group by all "
            "order by n_orders desc"
        ).df()
    paths = write_report_files(summary, reports.root())
    state_counts = {state: dg.MetadataValue.int(n) for state, n in sorted(result.counts.items())}
    yield dg.MaterializeResult(
        asset_key="order_line_states",
        metadata={
            "dagster/row_count": dg.MetadataValue.int(result.n_lines),
            "n_changed": dg.MetadataValue.int(result.n_changed),
            **{f"n_lines_{state}": value for state, value in state_counts.items()},
            "lines_by_state": dg.MetadataValue.md(markdown_table(summary["states"])),
            "findings_by_reason_code": dg.MetadataValue.md(markdown_table(summary["reason_codes"], 60)),
            "report_files": dg.MetadataValue.md("\n".join(f"- `{path}`" for path in paths)),
        },
    )
    yield dg.MaterializeResult(
        asset_key="order_state_history",
        metadata={
            "dagster/row_count": dg.MetadataValue.int(int(n_history[0]) if n_history else 0),
            "n_new_changes": dg.MetadataValue.int(result.n_changed),
        },
    )
    yield dg.MaterializeResult(
        asset_key="exception_queue",
        metadata={
            "dagster/row_count": dg.MetadataValue.int(int(queue["n_orders"].sum()) if len(queue) else 0),
            "by_recommended_resolution": dg.MetadataValue.md(markdown_table(queue)),
        },
    )
