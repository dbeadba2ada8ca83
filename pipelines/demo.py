"""`make demo`: generate the default sample, run the whole pipeline into the DuckDB file, print a summary.

Runs go to the Dagster instance in $DAGSTER_HOME (the Makefile sets it under data/), so `make ui` shows them
with their metadata. Running the demo again changes nothing: the files are the same bytes, every write is
idempotent, and allocated lines are not allocated twice.

Usage: python -m pipelines.demo [--orders N] [--seed K] [--skip-generate]
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

import dagster as dg
import duckdb
import pandas as pd

from assets.review import review_run_config
from assets.sql_files import load_sql
from pipelines.definitions import build_definitions
from pipelines.sample_data import GeneratorConfig, generate
from pipelines.settings import Settings

SECTIONS = (
    ("Landing files", "demo_files"),
    ("Quarantined rows by reason", "demo_quarantine"),
    ("Order lines by state", "demo_states"),
    ("Rejected orders by reason", "demo_rejections"),
    ("Held orders by reason", "demo_holds"),
    ("Reconciliation: channel minus physical sellable units, by cause", "demo_reconciliation"),
    ("Allocation: latest run vs ranked-rules baseline", "demo_allocation"),
    ("Allocation: shipping warehouses", "demo_allocation_by_warehouse"),
)

# The console shows warnings and errors only; every event is still stored for the UI.
QUIET = {"loggers": {"console": {"config": {"log_level": "WARNING"}}}}
# The sample's orders span its whole window, so the one allocation run may use that many days of pick
# capacity (scheduled runs use today's).
BACKLOG = {"config": {"pick_capacity_days": GeneratorConfig.days}}


def _job_config(job_name: str) -> dict:
    """Run config per job; passing run config replaces a job's default config, so repeat the YAML defaults."""
    if job_name != "full_pipeline_job":
        return {}
    config = review_run_config()
    config["ops"].update({"allocation": BACKLOG, "allocation_scenarios": BACKLOG})
    return config


def _instance() -> dg.DagsterInstance:
    if os.environ.get("DAGSTER_HOME"):
        home = Path(os.environ["DAGSTER_HOME"])
        home.mkdir(parents=True, exist_ok=True)
        if not (home / "dagster.yaml").exists():
            (home / "dagster.yaml").write_text("telemetry:\n  enabled: false\n", encoding="utf-8")
        return dg.DagsterInstance.get()
    print("DAGSTER_HOME is not set: runs are not kept for the UI (use `make demo`).")
    return dg.DagsterInstance.ephemeral()


def run_pipeline(settings: Settings, instance: dg.DagsterInstance, partition: str) -> bool:
    """Materialise every asset (then the day's history partition); True when every step and check passed."""
    defs = build_definitions(settings)
    ok = True
    for job_name, partition_key in (("full_pipeline_job", None), ("reconciliation_history_job", partition)):
        started = time.perf_counter()
        print(f"{job_name}: running ...", flush=True)
        result = defs.resolve_job_def(job_name).execute_in_process(
            run_config={**_job_config(job_name), **QUIET},
            instance=instance,
            partition_key=partition_key,
            raise_on_error=False,
        )
        not_passed = [e for e in result.get_asset_check_evaluations() if not e.passed]
        failed = sorted(e.check_name for e in not_passed if e.severity == dg.AssetCheckSeverity.ERROR)
        warned = sorted(e.check_name for e in not_passed if e.severity == dg.AssetCheckSeverity.WARN)
        outcome = "succeeded" if result.success else "FAILED"
        notes = "".join(
            f"; {label}: {', '.join(names)}"
            for label, names in (("checks FAILED", failed), ("warnings (see the check's metadata)", warned))
            if names
        )
        print(f"{job_name}: {outcome} in {time.perf_counter() - started:.0f} s{notes}", flush=True)
        ok = ok and result.success and not failed
    return ok


def print_summary(settings: Settings) -> None:
    pd.set_option("display.width", 160)
    pd.set_option("display.max_columns", 20)
    with duckdb.connect(str(settings.db_path)) as conn:
        for title, query in SECTIONS:
            frame = conn.execute(load_sql(f"reports/{query}")).df()
            print(f"\n{title}:")
            print(frame.to_string(index=False) if len(frame) else "  (none)")
    print(f"\nDatabase:  {settings.db_path}")
    print(f"Reports:   {settings.reports_dir}/")
    for path in sorted(settings.reports_dir.glob("*")):
        print(f"           {path.name}")
    print("Dagster UI on the same data and runs: make ui  (http://127.0.0.1:3000)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--orders", type=int, default=GeneratorConfig.orders, help="orders to generate")
    parser.add_argument("--seed", type=int, default=GeneratorConfig.seed, help="generator seed")
    parser.add_argument("--skip-generate", action="store_true", help="use the landing folder as it is")
    args = parser.parse_args(argv)
    settings = Settings.from_env()
    config = GeneratorConfig(orders=args.orders, seed=args.seed)
    if not args.skip_generate:
        if settings.landing_dir.resolve() != (settings.data_dir / "landing").resolve():
            print(f"FULFIL_LANDING_DIR points at {settings.landing_dir}; the demo generates into "
                  f"{settings.data_dir / 'landing'}. Unset it or pass --skip-generate.")  # fmt: skip
            return 2
        print(f"Generating the sample into {settings.data_dir} ...", flush=True)
        generate(config, settings.data_dir)
    settings.db_path.parent.mkdir(parents=True, exist_ok=True)
    snapshot_day = datetime.fromtimestamp(config.snapshot_s, UTC).date().isoformat()
    ok = run_pipeline(settings, _instance(), partition=snapshot_day)
    print_summary(settings)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
