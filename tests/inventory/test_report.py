"""The analyst report: every section present, self-contained (no request but the file itself in headless
Chromium), CSVs complete, and the Dagster assets and checks materialise with their metadata."""

from __future__ import annotations

import re
from datetime import date, datetime
from pathlib import Path

import dagster as dg
import duckdb
import pandas as pd
import pytest
from chromium import find_chromium, open_page
from stock_factory import Stock, at

from assets.inventory import INVENTORY_ASSETS, INVENTORY_CHECKS
from assets.inventory.build import build_history_partition
from assets.inventory.report import SECTIONS, write_report
from assets.resources import DuckDBResource, ReportsFolder
from assets.sql_files import ensure_schema

# Anything that would make the browser fetch: src/href to another document, CSS url() or @import.
EXTERNAL_REFERENCE = re.compile(
    r"""(?:src|href)\s*=\s*["'](?!#|data:)|url\(\s*["']?(?!#|data:)|@import""", re.I
)


def _sample(conn: duckdb.DuckDBPyConnection) -> None:
    s = Stock(conn).sku("S1").sku("S2", abc_class="C", cost_cents=250)
    for wh in ("W1", "W2"):
        s.move("receipt", 100, at(1), wh=wh)
        s.move("receipt", 40, at(1), wh=wh, sku="S2")
        s.move("return_received", 3, at(9), wh=wh, bin_code="RET", ref=f"RT-{wh}")
        s.count(37, at(9), wh=wh, sku="S2")
        s.reserve(4, at(9), wh=wh)
        s.snapshot(103, datetime(2026, 3, 9, 22), wh=wh)
        s.snapshot(40, datetime(2026, 3, 9, 22), wh=wh, sku="S2")
    s.build()
    for day in (date(2026, 3, 9), date(2026, 3, 10)):
        build_history_partition(conn, day)


def test_report_has_every_section_and_no_external_reference(
    conn: duckdb.DuckDBPyConnection, tmp_path: Path
) -> None:
    _sample(conn)
    files, data = write_report(conn, tmp_path / "reports", generated_at=datetime(2026, 3, 11))
    html = files.html.read_text(encoding="utf-8")
    for section in SECTIONS:
        assert f'<section id="{section}">' in html
    assert html.count("<svg") == 3  # by cause, by warehouse, trend
    assert not EXTERNAL_REFERENCE.search(html), EXTERNAL_REFERENCE.search(html)
    assert data.kpis["unexplained_units"] == 6 and data.kpis["n_lines_above_tolerance"] == 2
    lines = pd.read_csv(files.csv)
    assert len(lines) == 4 and lines["variance_units"].sum() == 2 * (3 + 4 + 3)
    evidence = pd.read_csv(files.evidence_csv)
    assert set(evidence["cause"]) == {"returns_awaiting_restock", "reservation", "unexplained"}
    assert not list((tmp_path / "reports").glob(".*partial"))


def test_reference_pattern_catches_external_resources() -> None:
    for bad in ('<img src="https://x.org/a.png">', "<link href='style.css'>", "background: url(http://x/y)"):
        assert EXTERNAL_REFERENCE.search(bad), bad
    assert not EXTERNAL_REFERENCE.search(
        '<a href="#trend">trend</a> <svg xmlns="http://www.w3.org/2000/svg">'
    )


def test_report_opens_in_headless_chromium_without_failed_requests(
    conn: duckdb.DuckDBPyConnection, tmp_path: Path
) -> None:
    chromium = find_chromium()
    if chromium is None:
        pytest.skip("Chromium is not installed: `apt-get install chromium` (Debian) to run the report test")
    _sample(conn)
    files, _ = write_report(conn, tmp_path / "reports")
    load = open_page(chromium, files.html, tmp_path / "profile")
    assert load.requests == [files.html.resolve().as_uri()]
    assert (load.failed, load.errors) == ([], [])
    shown = {s["id"]: s for s in load.sections}
    assert list(shown) == list(SECTIONS)
    assert all(s["visible"] and s["text"] > 20 for s in shown.values()), shown
    assert [shown[k]["svg"] for k in ("by-cause", "by-warehouse", "trend")] == [1, 1, 1]


def test_chromium_probe_reports_a_failed_request(tmp_path: Path) -> None:
    chromium = find_chromium()
    if chromium is None:
        pytest.skip("Chromium is not installed: `apt-get install chromium` (Debian) to run the report test")
    page = tmp_path / "bad.html"
    page.write_text(
        '<html><body><section id="a">x</section><img src="http://example.invalid/a.png"></body></html>'
    )
    load = open_page(chromium, page, tmp_path / "profile")
    assert "http://example.invalid/a.png" in load.requests
    assert load.failed


def test_assets_and_checks_materialise(tmp_path: Path) -> None:
    db_path = tmp_path / "fulfil.duckdb"
    with duckdb.connect(str(db_path)) as conn:
        ensure_schema(conn)
        _sample(conn)
    resources = {
        "duckdb": DuckDBResource(database=str(db_path)),
        "reports": ReportsFolder(path=str(tmp_path / "reports")),
    }
    history = [a for a in INVENTORY_ASSETS if a.partitions_def is not None]
    assert dg.materialize(history, resources=resources, partition_key="2026-03-10").success
    live = [a for a in INVENTORY_ASSETS if a.partitions_def is None]
    result = dg.materialize([*live, *INVENTORY_CHECKS], resources=resources)
    assert result.success
    metadata = {
        e.asset_key.to_user_string(): e.materialization.metadata
        for e in result.get_asset_materialization_events()
    }
    assert set(metadata) == {a.key.to_user_string() for a in live}
    recon = metadata["stock_reconciliation"]
    assert recon["dagster/row_count"].value == 4
    assert recon["unexplained_units"].value == 6
    assert "### Variance by cause" in recon["summary"].value
    report = metadata["stock_reconciliation_report"]
    assert Path(report["html_report"].value).is_file()
    assert report["n_history_days"].value == 2  # the partition rerun replaced its day, nothing doubled
    with duckdb.connect(str(db_path)) as conn:
        assert conn.execute("select count(*) from stock_reconciliation_history").fetchone() == (8,)
    checks = {e.check_name: (e.passed, e.severity) for e in result.get_asset_check_evaluations()}
    assert len(checks) == len(INVENTORY_CHECKS)
    assert checks["stock_reconciliation_unexplained_within_tolerance"] == (False, dg.AssetCheckSeverity.WARN)
    assert all(
        passed
        for name, (passed, _) in checks.items()
        if name != "stock_reconciliation_unexplained_within_tolerance"
    )
    for asset in INVENTORY_ASSETS:
        spec = next(iter(asset.specs))
        assert spec.group_name == "inventory" and spec.kinds and spec.description, spec.key
