"""Reporting of stages 1 and 2: counts per reason code and per state, as frames, Markdown and CSV files.

The demo summary calls `review_summary(conn)`; the state asset writes the CSV files to the reports folder.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pandas as pd

from assets.intake.sqlrun import run_sql

REPORT_FILES = {"reason_codes": "review_reason_codes.csv", "states": "order_state_counts.csv"}


def review_summary(conn: duckdb.DuckDBPyConnection) -> dict[str, pd.DataFrame]:
    """`reason_codes`: stage, reason_code, outcome, n_orders, n_lines (open findings); `states`: state,
    n_lines, n_orders (every order line in exactly one state)."""
    reason_codes = run_sql(conn, "review/report_reason_codes", {}).df()
    states = run_sql(conn, "review/report_states", {}).df()
    return {"reason_codes": reason_codes, "states": states}


def write_report_files(summary: dict[str, pd.DataFrame], folder: Path) -> list[Path]:
    """Write each summary table as CSV (UTF-8, header) into folder; returns the paths."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, file_name in REPORT_FILES.items():
        path = folder / file_name
        summary[name].to_csv(path, index=False)
        paths.append(path)
    return paths
