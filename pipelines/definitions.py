"""The one Dagster Definitions of the project: assets, checks, jobs, schedules, sensors and resources."""

from __future__ import annotations

import dagster as dg

from assets.resources import DuckDBResource, LandingFolder, ReportsFolder
from pipelines.settings import Settings


def build_definitions(settings: Settings) -> dg.Definitions:
    """Definitions for the given data locations (tests pass their own tmp_path settings)."""
    return dg.Definitions(
        assets=[],
        asset_checks=[],
        resources={
            "duckdb": DuckDBResource(database=str(settings.db_path)),
            "landing": LandingFolder(path=str(settings.landing_dir)),
            "reports": ReportsFolder(path=str(settings.reports_dir)),
        },
        # DuckDB accepts one writing process: run every job's steps in one process.
        executor=dg.in_process_executor,
    )


defs = build_definitions(Settings.from_env())
