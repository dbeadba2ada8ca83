"""The intake and review assets run in Dagster end to end on a tiny database, with their checks."""

from __future__ import annotations

from pathlib import Path

import dagster as dg
import duckdb
import pytest
from order_factory import add_order, seed_reference

from assets.intake import INTAKE_ASSETS, INTAKE_CHECKS
from assets.resources import DuckDBResource, LandingFolder, ReportsFolder
from assets.review import (
    REVIEW_ASSETS,
    REVIEW_CHECKS,
    load_review_config,
    review_run_config,
)
from assets.sql_files import ensure_schema
from pipelines.jobs import build_intake_review_job


@pytest.fixture
def database(db_path: Path) -> Path:
    conn = duckdb.connect(str(db_path))
    ensure_schema(conn)
    seed_reference(conn)
    add_order(conn, "ok", phone="13900000001")
    add_order(conn, "bad", phone="12", street="人民路")
    add_order(
        conn, "big", phone="13900000003", lines=[{"sku": "SKU-D", "quantity": 90, "unit_price_cents": 50_000}]
    )
    conn.close()
    return db_path


def test_assets_materialise_with_passing_checks_and_reports(
    database: Path, landing_dir: Path, tmp_path: Path
) -> None:
    (landing_dir / "decisions").mkdir()
    (landing_dir / "decisions" / "cs.csv").write_text(
        "channel,order_id,decision,substitute_sku,note,decided_by,decided_at\n"
        "tmall,big,release,,payment verified,cs_zhao,2026-11-21T09:00:00Z\n",
        encoding="utf-8",
    )
    resources = {
        "duckdb": DuckDBResource(database=str(database)),
        "landing": LandingFolder(path=str(landing_dir)),
        "reports": ReportsFolder(path=str(tmp_path / "reports")),
    }
    result = dg.materialize(
        [*INTAKE_ASSETS, *REVIEW_ASSETS, *INTAKE_CHECKS, *REVIEW_CHECKS],
        resources=resources,
        run_config=review_run_config(),
    )
    assert result.success
    checks = result.get_asset_check_evaluations()
    assert len(checks) == len(INTAKE_CHECKS) + len(REVIEW_CHECKS)
    assert all(check.passed for check in checks), [c.check_name for c in checks if not c.passed]
    states = {
        event.asset_key.to_user_string(): event.step_materialization_data.materialization.metadata
        for event in result.get_asset_materialization_events()
    }
    assert states["order_line_states"]["n_lines_approved"].value == 2
    assert states["order_line_states"]["n_lines_rejected"].value == 1
    assert "| rejected | 1 | 1 |" in states["order_line_states"]["lines_by_state"].value
    assert (tmp_path / "reports" / "order_state_counts.csv").read_text().startswith("state,n_lines,n_orders")
    codes = (tmp_path / "reports" / "review_reason_codes.csv").read_text()
    assert "PHONE_INVALID" in codes and "LARGE_AMOUNT" in codes


def test_yaml_settings_reach_the_config_classes(tmp_path: Path) -> None:
    path = tmp_path / "review.yaml"
    path.write_text("review:\n  large_amount_threshold_cents: 123\nintake:\n  max_priority: 5\n", "utf-8")
    assert load_review_config(path).large_amount_threshold_cents == 123
    ops = review_run_config(path)["ops"]
    assert ops["intake_validation"]["config"]["max_priority"] == 5
    assert ops["order_reviews"]["config"]["fraud_window_hours"] == 72
    path.write_text("review:\n  large_amount: 1\n", "utf-8")
    with pytest.raises(ValueError, match="unknown setting"):
        load_review_config(path)


def test_job_runs_both_groups_with_the_yaml_settings(tmp_path: Path) -> None:
    path = tmp_path / "review.yaml"
    path.write_text("review:\n  restock_wait_days: 3\n", "utf-8")
    defs = dg.Definitions(
        assets=[*INTAKE_ASSETS, *REVIEW_ASSETS],
        jobs=[build_intake_review_job(path)],
        resources={
            "duckdb": DuckDBResource(database=str(tmp_path / "x.duckdb")),
            "landing": LandingFolder(path=str(tmp_path)),
            "reports": ReportsFolder(path=str(tmp_path)),
        },
    )
    job = defs.resolve_job_def("intake_review_job")
    keys = {key.to_user_string() for key in job.asset_layer.selected_asset_keys}
    assert {"validated_orders", "order_line_states", "exception_queue", "geo_cities"} <= keys
    assert job.run_config is not None
    assert job.run_config["ops"]["order_reviews"]["config"]["restock_wait_days"] == 3
