"""Schedules: allocation every few minutes, reconciliation daily. Cadences come from Settings."""

from __future__ import annotations

import dagster as dg

from pipelines.jobs import allocation_job, reconciliation_history_job, reconciliation_job
from pipelines.settings import Settings


def build_schedules(settings: Settings) -> list[dg.ScheduleDefinition]:
    return [
        dg.ScheduleDefinition(
            name="every_15_minutes_allocation_schedule",
            job=allocation_job,
            cron_schedule=settings.allocation_cron,
            execution_timezone="UTC",
            description="Allocate new approved and backordered lines (cron from FULFIL_ALLOCATION_CRON).",
        ),
        dg.ScheduleDefinition(
            name="daily_reconciliation_schedule",
            job=reconciliation_job,
            cron_schedule=settings.reconciliation_cron,
            execution_timezone="UTC",
            description="Daily stock positions and reconciliation (cron from FULFIL_RECONCILIATION_CRON).",
        ),
        dg.build_schedule_from_partitioned_job(
            reconciliation_history_job,
            name="daily_reconciliation_history_schedule",
            hour_of_day=3,
            description="Append yesterday's reconciliation to the daily history.",
        ),
    ]
