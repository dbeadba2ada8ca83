"""The one Dagster Definitions of the project: assets, checks, jobs, schedules, sensors and resources."""

from __future__ import annotations

import dagster as dg

from assets.allocation import ALLOCATION_ASSETS, ALLOCATION_CHECKS
from assets.ingestion import INGESTION_ASSETS, INGESTION_CHECKS
from assets.intake import INTAKE_ASSETS, INTAKE_CHECKS
from assets.inventory import INVENTORY_ASSETS, INVENTORY_CHECKS
from assets.resources import DuckDBResource, LandingFolder, ReportsFolder
from assets.review import REVIEW_ASSETS, REVIEW_CHECKS
from pipelines.jobs import JOBS
from pipelines.schedules import build_schedules
from pipelines.sensors import SENSORS
from pipelines.settings import Settings


def build_definitions(settings: Settings) -> dg.Definitions:
    """Definitions for the given data locations (tests pass their own tmp_path settings)."""
    return dg.Definitions(
        assets=[*INGESTION_ASSETS, *INTAKE_ASSETS, *REVIEW_ASSETS, *INVENTORY_ASSETS, *ALLOCATION_ASSETS],
        asset_checks=[
            *INGESTION_CHECKS,
            *INTAKE_CHECKS,
            *REVIEW_CHECKS,
            *INVENTORY_CHECKS,
            *ALLOCATION_CHECKS,
        ],
        jobs=JOBS,
        schedules=build_schedules(settings),
        sensors=SENSORS,
        resources={
            "duckdb": DuckDBResource(database=str(settings.db_path)),
            "landing": LandingFolder(path=str(settings.landing_dir)),
            "reports": ReportsFolder(path=str(settings.reports_dir)),
        },
        # DuckDB accepts one writing process: run every job's steps in one process.
        executor=dg.in_process_executor,
    )


defs = build_definitions(Settings.from_env())
