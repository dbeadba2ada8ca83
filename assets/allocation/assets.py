"""Allocation assets: the live plan (with reservations, backorders, requests, explanations) and what-if
scenarios. The model lives in `optimization.allocation`; these bodies read the batch, solve, and write."""

from collections.abc import Iterator
from datetime import UTC, datetime

import dagster as dg
import pandas as pd

from assets.allocation.batch import load_batch, solve_batch
from assets.allocation.config import AllocationConfig
from assets.allocation.metadata import plan_metadata, scenario_table
from assets.allocation.write import write_run
from assets.resources import DuckDBResource
from assets.sql_files import ensure_schema, execute_script

GROUP = "allocation"
INPUTS = [
    "order_line_states",
    "validated_orders",
    "stock_positions",
    "warehouses",
    "skus",
    "carrier_services",
    "rate_cards",
    "transfer_lanes",
    "suppliers",
    "supplier_skus",
]


def _spec(key: str, description: str) -> dg.AssetSpec:
    return dg.AssetSpec(
        key, group_name=GROUP, kinds={"duckdb", "ortools"}, deps=INPUTS, description=description
    )


@dg.multi_asset(
    name="allocation",
    specs=[
        _spec(
            "allocation_plan",
            "Units of every approved or backordered order line assigned to a shipping warehouse by the "
            "OR-Tools model (own stock, transfer in, or emergency purchase), reserved so the next run sees "
            "less stock.",
        ),
        _spec("backorders", "Order-line units accepted but waiting for stock, retried by every run."),
        _spec("transfer_requests", "Inter-warehouse transfers the plan needs, by lane and SKU."),
        _spec("purchase_requests", "Emergency purchases the plan needs, by supplier, warehouse and SKU."),
        _spec(
            "allocation_explanations",
            "Per order: chosen warehouses, cost, the best alternative and what it would cost more, in words.",
        ),
    ],
    pool="duckdb_writer",
)
def allocation(
    context: dg.AssetExecutionContext, config: AllocationConfig, duckdb: DuckDBResource
) -> Iterator[dg.MaterializeResult]:
    """Allocate the batch of approved and backordered lines not yet reserved, optimally and explained."""
    weights = config.weights()
    now = datetime.now(UTC).replace(tzinfo=None)
    with duckdb.get_connection() as conn:
        ensure_schema(conn)
        batch = load_batch(conn, config.batch_params(), now)
        context.log.info(
            f"allocation batch: {batch.n_orders} orders, {batch.n_lines} lines, {batch.n_units} units"
        )
        result = solve_batch(batch, weights)
        context.log.info(f"solved: {result.summary()}")
        written = write_run(conn, context.run.run_id, now, batch, result)
    metadata = plan_metadata(batch, result, written)
    for key in (
        "allocation_plan",
        "backorders",
        "transfer_requests",
        "purchase_requests",
        "allocation_explanations",
    ):
        yield dg.MaterializeResult(asset_key=key, metadata=metadata[key])


@dg.asset(
    group_name=GROUP,
    kinds={"duckdb", "ortools"},
    deps=INPUTS,
    pool="duckdb_writer",
)
def allocation_scenarios(
    context: dg.AssetExecutionContext, config: AllocationConfig, duckdb: DuckDBResource
) -> dg.MaterializeResult:
    """What-if: the current batch solved under the live weights and every named scenario of
    config/allocation.yaml, KPIs side by side. Writes only this table; the live plan is not touched."""
    now = datetime.now(UTC).replace(tzinfo=None)
    named = {"live": {}, **config.scenarios()}
    rows = []
    with duckdb.get_connection() as conn:
        ensure_schema(conn)
        batch = load_batch(conn, config.batch_params(), now)
        for name, overrides in named.items():
            result = solve_batch(batch, config.weights(overrides))
            context.log.info(f"scenario {name}: {result.summary()}")
            rows.append(scenario_table(name, result))
        table = pd.concat(rows, ignore_index=True)
        conn.register("scenario_rows", table)
        execute_script(conn, "allocation/write_scenarios", {"now": now})
        conn.unregister("scenario_rows")
    wide = table.pivot(index="kpi", columns="scenario", values="value").reset_index()
    return dg.MaterializeResult(
        metadata={
            "n_scenarios": dg.MetadataValue.int(len(named)),
            "n_orders": dg.MetadataValue.int(batch.n_orders),
            "kpis": dg.MetadataValue.md(wide.to_markdown(index=False, floatfmt=".4g")),
        }
    )
