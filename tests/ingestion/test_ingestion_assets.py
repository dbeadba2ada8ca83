"""The ingestion assets end to end through Dagster, their checks, the sensor, and a crash mid-run."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import dagster as dg
import duckdb
import pytest
from corpus import order_row, write_malformed_corpus, write_orders_csv

from assets.ingestion import INGESTION_ASSETS, INGESTION_CHECKS
from assets.ingestion.batch import run_batch
from assets.ingestion.contracts import ORDER_CONTRACT
from assets.ingestion.files import files_of_kind
from assets.ingestion.orders import ingest_orders, order_tables
from assets.resources import DuckDBResource, LandingFolder
from assets.sql_files import load_sql
from pipelines.sensors import landing_files_sensor


def _resources(tmp_path: Path, landing: Path) -> dict[str, object]:
    return {
        "duckdb": DuckDBResource(database=str(tmp_path / "e2e.duckdb")),
        "landing": LandingFolder(path=str(landing)),
    }


def test_materialize_all_ingestion_assets_with_checks(tmp_path: Path, landing_dir: Path) -> None:
    write_malformed_corpus(landing_dir)
    (landing_dir / "stock" / "movements_1.csv").write_text(
        "movement_id,occurred_at,warehouse_code,bin_code,sku,movement_type,quantity,reference_type,reference_id\n"
        "M1,2026-11-20T10:00:00Z,SH01,A-01,SKU-1,receipt,10,purchase_order,PO1\n",
        encoding="utf-8",
    )
    (landing_dir / "master" / "carriers.csv").write_text(
        "carrier_code,name,label_prefix\nSF,SF Express,SF\n", encoding="utf-8"
    )
    result = dg.materialize(
        [*INGESTION_ASSETS, *INGESTION_CHECKS],
        resources=_resources(tmp_path, landing_dir),
        raise_on_error=True,
    )
    assert result.success
    checks = result.get_asset_check_evaluations()
    assert len(checks) == len(INGESTION_CHECKS) and all(c.passed for c in checks)
    orders_md = result.asset_materializations_for_node("order_tables")[0].metadata
    assert orders_md["files_loaded"].value == 17 and orders_md["rows_quarantined"].value > 0
    assert "BAD_NUMBER" in orders_md["quarantine_by_reason"].value

    again = dg.materialize([order_tables], resources=_resources(tmp_path, landing_dir))
    orders_md = again.asset_materializations_for_node("order_tables")[0].metadata
    assert orders_md["files_loaded"].value == 0 and orders_md["files_already_loaded"].value == 17
    conn = duckdb.connect(str(tmp_path / "e2e.duckdb"))
    assert conn.execute("select count(*) from stock_movements").fetchall() == [(1,)]
    assert conn.execute("select count(*) from carriers").fetchall() == [(1,)]
    conn.close()


def test_definitions_load_with_sensor_and_job(tmp_path: Path, landing_dir: Path) -> None:
    job = dg.define_asset_job("ingest_job", selection=dg.AssetSelection.groups("ingestion"))
    defs = dg.Definitions(
        assets=INGESTION_ASSETS,
        asset_checks=INGESTION_CHECKS,
        jobs=[job],
        sensors=[landing_files_sensor],
        resources=_resources(tmp_path, landing_dir),
    )
    defs.get_repository_def().load_all_definitions()
    keys = {key.to_user_string() for key in defs.resolve_asset_graph().get_all_asset_keys()}
    assert {"orders", "order_lines", "stock_movements", "skus", "customers"} <= keys
    assert len(keys) == 2 + 5 + 16


def test_sensor_requests_a_run_for_new_or_changed_files(landing_dir: Path) -> None:
    landing = LandingFolder(path=str(landing_dir))
    empty = landing_files_sensor(dg.build_sensor_context(cursor=None), landing=landing)
    assert not empty.run_requests

    path = write_orders_csv(landing_dir / "orders" / "a.csv", [order_row("S1")])
    first = landing_files_sensor(dg.build_sensor_context(cursor=empty.cursor), landing=landing)
    assert len(first.run_requests) == 1
    unchanged = landing_files_sensor(dg.build_sensor_context(cursor=first.cursor), landing=landing)
    assert not unchanged.run_requests

    write_orders_csv(path, [order_row("S1"), order_row("S2")])  # same path, new content
    changed = landing_files_sensor(dg.build_sensor_context(cursor=unchanged.cursor), landing=landing)
    assert len(changed.run_requests) == 1
    assert changed.run_requests[0].run_key != first.run_requests[0].run_key


def test_crash_mid_run_leaves_nothing_half_loaded(conn: duckdb.DuckDBPyConnection, landing_dir: Path) -> None:
    write_orders_csv(landing_dir / "orders" / "a.csv", [order_row("C1"), order_row("C1", 2), order_row("C2")])

    def write_then_crash(conn: duckdb.DuckDBPyConnection, now: datetime) -> None:
        conn.execute(load_sql("ingest/orders_groups"))
        conn.execute(load_sql("ingest/orders_outcomes"))
        conn.execute(load_sql("ingest/orders_insert"), [now])
        raise RuntimeError("power cut")

    with pytest.raises(RuntimeError, match="power cut"):
        run_batch(conn, ORDER_CONTRACT, files_of_kind(landing_dir, {"orders"}), write_then_crash)
    for table in ("orders", "order_lines", "file_registry", "file_deliveries", "quarantine_rows"):
        assert conn.execute(f"select count(*) from {table}").fetchall() == [(0,)], table

    report = ingest_orders(conn, landing_dir)  # the rerun loads everything, exactly once
    assert report.n_rows_loaded == 3
    assert conn.execute("select count(*) from orders").fetchall() == [(2,)]
