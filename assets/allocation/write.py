"""Write one solved allocation batch: run record, plan, reservations, backorders, requests, line states.

Everything goes in one transaction: a crash leaves the database as it was, and a rerun takes the same batch.
"""

from __future__ import annotations

import dataclasses
import json
import math
from datetime import datetime

import duckdb
import pandas as pd

from assets.allocation.batch import Batch, split_order_key
from assets.sql_files import execute_script
from optimization.allocation.kpis import explain_orders, kpi_table
from optimization.allocation.result import AllocationResult


def _finite(value: float) -> float | None:
    return value if value is not None and math.isfinite(value) else None


def write_run(
    conn: duckdb.DuckDBPyConnection, run_id: str, now: datetime, batch: Batch, result: AllocationResult
) -> dict[str, pd.DataFrame]:
    """Persist the run; returns the written plan tables (channel and order_id split) for metadata."""
    tables = result.tables()
    frames = {
        "plan_rows": split_order_key(tables["allocations"]),
        "backorder_rows": split_order_key(tables["backorders"]),
        "transfer_rows": tables["transfer_requests"],
        "purchase_rows": tables["purchase_requests"],
        "run_stock": batch.tables["stock"],
        "run_capacity": batch.tables["warehouses"],
    }
    explanations = split_order_key(explain_orders(result.instance, result.units)) if batch.n_lines else None
    params = {
        "run_id": run_id,
        "now": now,
        "status": result.status,
        "method": result.method,
        "n_orders": batch.n_orders,
        "n_lines": batch.n_lines,
        "n_units": batch.n_units,
        "objective_cents": result.objective_cents,
        "baseline_cents": result.baseline_cost.total_cents,
        "lp_bound_cents": None
        if _finite(result.lp_bound_cents) is None
        else math.ceil(result.lp_bound_cents - 1e-6),
        "gap": _finite(result.gap),
        "solve_time_s": result.solve_time_s,
        "is_valid": result.is_valid,
        "weights_json": json.dumps(dataclasses.asdict(result.instance.weights), sort_keys=True),
        "kpis_json": kpi_table(result).to_json(orient="records"),  # ours and ranked rules side by side
        "notes": "; ".join(result.notes) or None,
    }
    conn.execute("begin transaction")
    try:
        for name, frame in frames.items():
            conn.register(name, frame)
        for script in (
            "write_run",
            "write_run_inputs",
            "write_run_stock",
            "write_run_capacity",
            "write_plan",
            "write_reservations",
            "write_backorders",
            "write_requests",
            "write_line_states",
        ):
            execute_script(conn, f"allocation/{script}", params)
        if explanations is not None and len(explanations):
            conn.register("explanation_rows", explanations)
            execute_script(conn, "allocation/write_explanations", params)
        conn.execute("commit")
    except Exception:
        conn.execute("rollback")
        raise
    finally:
        for name in (*frames, "explanation_rows"):
            conn.unregister(name)
    return {"plan": frames["plan_rows"], "backorders": frames["backorder_rows"], "explanations": explanations}
