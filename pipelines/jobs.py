"""Jobs: what runs together. Every job runs in one process (DuckDB accepts one writing process)."""

from __future__ import annotations

from pathlib import Path

import dagster as dg

from assets.review import review_run_config

HISTORY = dg.AssetSelection.assets("stock_reconciliation_history")
SCENARIOS = dg.AssetSelection.assets("allocation_scenarios")

ingest_job = dg.define_asset_job(
    "ingest_job",
    selection=dg.AssetSelection.groups("ingestion"),
    description="Load new landing files (orders, master data, stock) idempotently; the sensor starts it.",
)


def build_intake_review_job(path: Path | str | None = None) -> dg.UnresolvedAssetJobDefinition:
    """Stages 1 and 2 (groups intake and review) with config/review.yaml (or `path`) as default run config."""
    return dg.define_asset_job(
        "intake_review_job",
        selection=dg.AssetSelection.groups("intake", "review"),
        config=review_run_config(path),
        description="Validate new orders, review them, apply customer-service decisions, update states.",
    )


intake_review_job = build_intake_review_job()

reconciliation_job = dg.define_asset_job(
    "reconciliation_job",
    selection=dg.AssetSelection.groups("inventory") - HISTORY,
    description="Stock positions, sellable-vs-physical reconciliation, corrected feed, analyst report.",
)

reconciliation_history_job = dg.define_asset_job(
    "reconciliation_history_job",
    selection=HISTORY,
    description="Append the day's reconciliation to the daily-partitioned history (idempotent per day).",
)

allocation_job = dg.define_asset_job(
    "allocation_job",
    selection=dg.AssetSelection.assets("stock_positions")
    | (dg.AssetSelection.groups("allocation") - SCENARIOS),
    description="Refresh sellable stock, then allocate approved and backordered lines not yet reserved.",
)

allocation_scenarios_job = dg.define_asset_job(
    "allocation_scenarios_job",
    selection=SCENARIOS,
    description="Solve the current batch under every named weight set of config/allocation.yaml (what-if).",
)

full_pipeline_job = dg.define_asset_job(
    "full_pipeline_job",
    selection=dg.AssetSelection.all() - HISTORY,
    config=review_run_config(),
    description="Everything in dependency order: ingest, validate, review, reconcile, allocate, scenarios.",
)

JOBS = [
    ingest_job,
    intake_review_job,
    reconciliation_job,
    reconciliation_history_job,
    allocation_job,
    allocation_scenarios_job,
    full_pipeline_job,
]
