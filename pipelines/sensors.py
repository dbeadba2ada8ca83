"""Sensors: start ingestion as soon as a new export lands in the landing folder."""

from __future__ import annotations

import hashlib

import dagster as dg

from assets.ingestion.files import new_landing_entries
from assets.resources import LandingFolder


@dg.sensor(
    name="landing_files_sensor",
    job_name="ingest_job",
    minimum_interval_seconds=30,
    default_status=dg.DefaultSensorStatus.RUNNING,
    description="Requests ingest_job when a landing file appears or changes (cursor: path, size, mtime).",
)
def landing_files_sensor(context: dg.SensorEvaluationContext, landing: LandingFolder) -> dg.SensorResult:
    """Cheap change detection: no hashing here; the ingestion decides by sha256 what is really new."""
    new_entries, cursor = new_landing_entries(landing.root(), context.cursor)
    if not new_entries:
        return dg.SensorResult(skip_reason="no new or changed landing files", cursor=cursor)
    run_key = hashlib.sha256(cursor.encode("utf-8")).hexdigest()[:16]
    paths = ", ".join(path for path, _, _ in new_entries[:5])
    more = f" and {len(new_entries) - 5} more" if len(new_entries) > 5 else ""
    context.log.info(f"{len(new_entries)} new or changed landing file(s): {paths}{more}")
    return dg.SensorResult(
        run_requests=[dg.RunRequest(run_key=run_key, tags={"landing_files": str(len(new_entries))})],
        cursor=cursor,
    )


SENSORS: list[dg.SensorDefinition] = [landing_files_sensor]
