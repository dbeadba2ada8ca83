"""Metadata helpers shared by the intake and review assets: Markdown count tables from DuckDB queries."""

from __future__ import annotations

import duckdb
import pandas as pd


def markdown_table(frame: pd.DataFrame, max_rows: int = 30) -> str:
    """A Markdown table of the first rows (pipes in values escaped), '(none)' when empty."""
    if frame.empty:
        return "(none)"
    shown = frame.head(max_rows).astype(str).apply(lambda column: column.str.replace("|", "\\|"))
    header = "| " + " | ".join(map(str, shown.columns)) + " |"
    rule = "|" + "|".join("---" for _ in shown.columns) + "|"
    body = ["| " + " | ".join(row) + " |" for row in shown.itertuples(index=False, name=None)]
    more = [f"\n… {len(frame) - max_rows} more rows"] if len(frame) > max_rows else []
    return "\n".join([header, rule, *body, *more])


def reason_code_counts(conn: duckdb.DuckDBPyConnection, table: str) -> pd.DataFrame:
    """reason_code, n_orders, n_rows for order_rejections or order_reviews."""
    if table not in ("order_rejections", "order_reviews"):
        raise ValueError(f"no reason codes in table {table!r}")
    return conn.execute(
        f"""
        select reason_code, count(distinct (channel, order_id)) as n_orders, count(*) as n_rows
        from {table}
        group by all
        order by n_orders desc, reason_code
        """
    ).df()
