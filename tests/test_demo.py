"""End to end: the demo on a small sample, twice, into tmp_path: it succeeds and the rerun changes nothing."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from pipelines import demo

TABLES = (
    "orders",
    "order_lines",
    "order_line_states",
    "allocation_plan",
    "reservations",
    "stock_reconciliation",
)


def _counts(db: Path) -> dict[str, int]:
    with duckdb.connect(str(db)) as conn:
        return {t: conn.execute(f"select count(*) from {t}").fetchone()[0] for t in TABLES}


def test_demo_runs_end_to_end_and_is_idempotent(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("FULFIL_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("DAGSTER_HOME", str(tmp_path / "dagster_home"))
    for name in ("FULFIL_DB_PATH", "FULFIL_LANDING_DIR", "FULFIL_REPORTS_DIR"):
        monkeypatch.delenv(name, raising=False)
    assert demo.main(["--orders", "600"]) == 0
    out = capsys.readouterr().out
    for section in ("Landing files:", "Order lines by state:", "Rejected orders by reason:", "Allocation:"):
        assert section in out
    db = tmp_path / "data" / "fulfilment.duckdb"
    first = _counts(db)
    assert first["allocation_plan"] > 0 and first["stock_reconciliation"] > 0
    assert (tmp_path / "data" / "reports" / "stock_reconciliation.html").is_file()

    assert demo.main(["--orders", "600"]) == 0
    assert _counts(db) == first
