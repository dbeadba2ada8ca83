"""Master snapshots: typed (cents, booleans, lists), checked, and replacing their table in one transaction."""

from __future__ import annotations

import os
from pathlib import Path

import duckdb

from assets.ingestion.checks import unaccounted_files
from assets.ingestion.master import ingest_master

SKU_HEADER = (
    "sku,name,category,product_id,color,size,weight_g,length_mm,width_mm,height_mm,is_fragile,is_liquid,"
    "is_valuable,unit_price,unit_cost,abc_class,is_active"
)


def _sku(sku: str, weight_g: str = "350", abc: str = "A", price: str = "129.90") -> str:
    return f"{sku},T-shirt {sku},apparel,P1,red,M,{weight_g},300,200,30,false,0,1,{price},45.5,{abc},true"


def _write(path: Path, *lines: str, mtime: int | None = None) -> None:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    if mtime is not None:
        os.utime(path, ns=(mtime, mtime))


def test_snapshot_replaces_table_with_valid_rows(conn: duckdb.DuckDBPyConnection, landing_dir: Path) -> None:
    master = landing_dir / "master"
    rows = [_sku("S1"), _sku("S2", weight_g="0"), _sku("S3", abc="D"), _sku("S4")]
    _write(master / "skus.csv", SKU_HEADER, *rows,
           mtime=1_000_000_000_000_000_000)  # fmt: skip
    report, n_applied = ingest_master(conn, landing_dir, "skus")
    assert n_applied == 1 and (report.n_rows_loaded, report.n_rows_quarantined) == (2, 2)
    row = conn.execute(
        "select unit_price_cents, unit_cost_cents, is_fragile, is_liquid, is_valuable"
        " from skus where sku = 'S1'"
    ).fetchall()
    assert row == [(12990, 4550, False, False, True)]
    reasons = conn.execute(
        "select line_number, reason_code, reason from quarantine_rows order by 1"
    ).fetchall()
    assert [(n, code) for n, code, _ in reasons] == [(3, "CHECK_FAILED"), (4, "CHECK_FAILED")]
    assert "weight_g" in reasons[0][2]

    # A header-only snapshot never empties the catalogue; a newer full one replaces it.
    _write(master / "skus_2.csv", SKU_HEADER, mtime=1_000_000_001_000_000_000)
    _write(master / "skus_3.csv", SKU_HEADER, _sku("S9"), mtime=1_000_000_002_000_000_000)
    report, n_applied = ingest_master(conn, landing_dir, "skus")
    assert n_applied == 1 and report.n_files_loaded == 2
    assert conn.execute("select sku from skus").fetchall() == [("S9",)]
    assert unaccounted_files(conn, "master:skus", None) == []


def test_lists_timestamps_and_missing_columns(conn: duckdb.DuckDBPyConnection, landing_dir: Path) -> None:
    master = landing_dir / "master"
    _write(
        master / "promotions.csv",
        "promotion_id,name,kind,percent_off,amount_off,min_spend,eligible_categories,eligible_skus,channel,"
        "starts_at,ends_at",
        "P1,Double 11,threshold,,50.00,299.00,apparel;shoes,,tmall,"
        "2026-11-10T20:00:00+08:00,2026-11-12T00:00:00+08:00",
        "P2,Bad window,percentage,10,,0,,,,2026-11-12T00:00:00Z,2026-11-11T00:00:00Z",
    )
    _write(master / "carriers.csv", "carrier_code,name", "SF,SF Express")
    promotions, _ = ingest_master(conn, landing_dir, "promotions")
    assert (promotions.n_rows_loaded, promotions.n_rows_quarantined) == (1, 1)
    row = conn.execute(
        "select amount_off_cents, min_spend_cents, eligible_categories, eligible_skus, starts_at"
        " from promotions"
    ).fetchall()[0]
    assert row[:4] == (5000, 29900, ["apparel", "shoes"], None) and str(row[4]) == "2026-11-10 12:00:00"
    carriers, n_applied = ingest_master(conn, landing_dir, "carriers")
    assert n_applied == 0 and carriers.quarantine_by_reason == [("MISSING_COLUMN", 1)]
    assert conn.execute("select count(*) from carriers").fetchall() == [(0,)]
