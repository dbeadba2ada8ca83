"""Markdown for Dagster metadata: small tables and the reconciliation summary (top variances by value, by
cause, by warehouse)."""

from __future__ import annotations

import pandas as pd


def money(cents: float | int | None) -> str:
    """Cents as major units with thousands separators (`-1,234.50`)."""
    if cents is None or pd.isna(cents):
        return ""
    return f"{int(cents) / 100:,.2f}"


def display_frame(frame: pd.DataFrame, max_rows: int) -> pd.DataFrame:
    """The first `max_rows` rows as reports show them: `*_cents` columns in major units, nulls blank."""
    shown = frame.head(max_rows).copy()
    for column in shown.columns:
        if column.endswith("_cents"):
            shown[column] = shown[column].map(money)
    return shown.astype(object).where(shown.notna(), "")


def md_table(frame: pd.DataFrame, max_rows: int = 20) -> str:
    """A Markdown table of the first `max_rows` rows; money columns (`*_cents`) shown in major units."""
    if frame.empty:
        return "_(no rows)_"
    shown = display_frame(frame, max_rows)
    header = "| " + " | ".join(str(c).removesuffix("_cents") for c in shown.columns) + " |"
    rule = "|" + "|".join("---" for _ in shown.columns) + "|"
    body = [
        "| " + " | ".join(str(v).replace("|", "\\|") for v in row) + " |" for row in shown.itertuples(False)
    ]
    more = [f"\n_{len(frame) - max_rows} more rows not shown_"] if len(frame) > max_rows else []
    return "\n".join([header, rule, *body, *more])


def reconciliation_summary(by_cause: pd.DataFrame, by_warehouse: pd.DataFrame, top: pd.DataFrame) -> str:
    """The Markdown summary of a reconciliation run (values at cost, in major currency units)."""
    warehouse_columns = [
        "warehouse_code", "n_lines", "n_lines_above_tolerance", "variance_units", "variance_value_cents",
        "unexplained_units", "unexplained_value_cents",
    ]  # fmt: skip
    top_columns = [
        "warehouse_code", "sku", "channel_sellable_units", "physical_sellable_units", "variance_units",
        "variance_value_cents", "dominant_cause", "unexplained_units", "status",
    ]  # fmt: skip
    return "\n\n".join(
        [
            "### Variance by cause",
            md_table(by_cause, max_rows=10),
            "### Variance by warehouse",
            md_table(by_warehouse[warehouse_columns], max_rows=30),
            "### Top variances by value",
            md_table(top[top_columns], max_rows=15),
        ]
    )
