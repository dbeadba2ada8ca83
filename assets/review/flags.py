"""Review (stage 2): raise every flag on the validated orders and write order_reviews.

Each rule family is one SQL file in sql/review/ returning flags of the same shape; this module binds the
settings, unions the families and merges the result in one transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import duckdb

from assets.intake.sqlrun import run_sql
from assets.intake.validate import utc_now
from assets.review.config import ReviewConfig, as_of_utc

FLAG_FILES = ("review/basic_flags", "review/stock_flags", "review/promotion_flags", "review/fraud_flags")


# Every flag file returns these columns in this order.
FINDINGS_DDL = """
create or replace temp table review_findings (
    channel varchar, order_id varchar, line_no integer, rule varchar, reason_code varchar, score double,
    evidence varchar, resolution varchar, substitute_sku varchar, restock_eta timestamp
)
"""


@dataclass(frozen=True)
class ReviewResult:
    n_reviewed_orders: int
    n_flags: int
    n_flagged_orders: int


def review_clock(conn: duckdb.DuckDBPyConnection, config: ReviewConfig) -> datetime:
    """The as-of time for restock windows: configured, else the latest order time, else now."""
    if config.as_of is not None:
        return as_of_utc(config.as_of)
    row = conn.execute("select max(ordered_at) from orders").fetchone()
    return row[0] if row and row[0] is not None else utc_now()


def review_params(conn: duckdb.DuckDBPyConnection, config: ReviewConfig, now: datetime) -> dict[str, object]:
    """Every setting as a bound parameter (each SQL file takes the ones it names), plus the clocks."""
    params: dict[str, object] = config.model_dump(exclude={"as_of", "disabled_reason_codes"})
    params["as_of"] = review_clock(conn, config)
    params["now"] = now
    return params


def run_review(
    conn: duckdb.DuckDBPyConnection, config: ReviewConfig, now: datetime | None = None
) -> ReviewResult:
    """Raise all review flags on validated_orders and replace order_reviews in one transaction."""
    now = now or utc_now()
    params = review_params(conn, config, now)
    conn.execute("begin")
    try:
        conn.execute(FINDINGS_DDL)
        for name in FLAG_FILES:
            run_sql(conn, name, params, "insert into review_findings ")
        conn.execute(
            "delete from review_findings where list_contains(?, reason_code)", [config.disabled_reason_codes]
        )
        run_sql(conn, "review/order_reviews_merge", params)
        conn.execute("commit")
    except Exception:
        conn.execute("rollback")
        raise
    row = conn.execute(
        """
        select (select count(*) from validated_orders), count(*), count(distinct (channel, order_id))
        from order_reviews
        """
    ).fetchone()
    assert row is not None
    return ReviewResult(*(int(n) for n in row))
