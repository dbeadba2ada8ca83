"""Order states (stage 2 outcome): move every order line to its state, log the change, refresh the queue."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import duckdb

from assets.intake.sqlrun import run_sql
from assets.intake.validate import utc_now

PRE_ALLOCATION_STATES = ("rejected", "on_hold", "approved", "cancelled")


@dataclass(frozen=True)
class StateResult:
    n_lines: int
    n_changed: int
    counts: dict[str, int]


def apply_states(conn: duckdb.DuckDBPyConnection, now: datetime | None = None) -> StateResult:
    """Set order_line_states from rejections, flags and decisions; append order_state_history for every
    change; rebuild exception_queue. One transaction: a crash leaves the previous run's tables."""
    now = now or utc_now()
    params = {"now": now}
    conn.execute("begin")
    try:
        run_sql(
            conn, "review/line_state_targets", params, "create or replace temp table line_state_targets as "
        )
        run_sql(conn, "review/order_line_states_merge", params)
        run_sql(conn, "review/exception_queue", params)
        conn.execute("commit")
    except Exception:
        conn.execute("rollback")
        raise
    changed = conn.execute("select count(*) from line_state_changes").fetchone()
    rows = conn.execute("select state, count(*) from order_line_states group by all").fetchall()
    counts = {str(state): int(n) for state, n in rows}
    return StateResult(
        n_lines=sum(counts.values()), n_changed=int(changed[0]) if changed else 0, counts=counts
    )
