"""Read one allocation batch out of DuckDB as the solver's plain tables, and solve it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import duckdb
import pandas as pd

from assets.sql_files import execute_script, query_frame
from optimization.allocation import Weights, solve_tables
from optimization.allocation.result import AllocationResult

INPUT_TABLES = (
    "lines",
    "stock",
    "unit_costs",
    "parcel_costs",
    "warehouses",
    "transfer_lanes",
    "purchase_options",
)


@dataclass(frozen=True)
class Batch:
    """The solver's input tables; `lines.order_id` is the solver key channel|order_id."""

    tables: dict[str, pd.DataFrame]

    @property
    def n_orders(self) -> int:
        return int(self.tables["lines"]["order_id"].nunique())

    @property
    def n_lines(self) -> int:
        return len(self.tables["lines"])

    @property
    def n_units(self) -> int:
        return int(self.tables["lines"]["quantity"].sum())


def load_batch(conn: duckdb.DuckDBPyConnection, params: dict[str, int], now: datetime) -> Batch:
    """Approved and backordered lines not yet fully reserved, with their costs, stock and options.

    `params`: promised days per service level and the days of pick capacity (AllocationConfig.batch_params).
    """
    bound = {**params, "now": now}
    execute_script(conn, "allocation/allocation_batch", bound)
    execute_script(conn, "allocation/allocation_pairs", bound)
    tables = {}
    for name in INPUT_TABLES:
        tables[name] = query_frame(conn, f"allocation/allocation_{name}", bound)
    return Batch(tables)


def solve_batch(batch: Batch, weights: Weights) -> AllocationResult:
    """Solve with the planner's weights; the result carries the independent validation."""
    t = batch.tables
    return solve_tables(
        t["lines"],
        t["stock"],
        t["unit_costs"],
        t["parcel_costs"],
        warehouses=t["warehouses"],
        transfer_lanes=t["transfer_lanes"] if weights.allow_transfers else None,
        purchase_options=t["purchase_options"] if weights.allow_purchases else None,
        weights=weights,
    )


def split_order_key(frame: pd.DataFrame, column: str = "order_id") -> pd.DataFrame:
    """Replace the solver key channel|order_id by the two columns channel and order_id."""
    parts = frame[column].astype(str).str.split("|", n=1, expand=True)
    out = frame.drop(columns=[column])
    out.insert(0, "order_id", parts[1] if len(frame) else pd.Series(dtype=object))
    out.insert(0, "channel", parts[0] if len(frame) else pd.Series(dtype=object))
    return out
