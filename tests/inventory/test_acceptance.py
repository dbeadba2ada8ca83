"""Acceptance on generated data: the decomposition recovers the causes the sample generator injected.

For two seeds: generate landing files with `python -m pipelines.sample_data`, load them through the ingestion
functions, reconcile, and compare per (warehouse, SKU, cause) with `_truth/stock_variances.csv`: at least 99%
of the injected variance units must land on the right cause, the `unexplained` bucket must equal the
injected unexplained shrinkage, the evidence must name every injected record, and every check must pass
except the unexplained-above-tolerance warning, which must list exactly the lines with injected loss above
their tolerance.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import dagster as dg
import duckdb
import pandas as pd
import pytest

from assets.ingestion.contracts import STOCK_KINDS
from assets.ingestion.master import ingest_master
from assets.ingestion.stock import ingest_stock
from assets.inventory.build import build_all
from assets.inventory.checks import run_check
from assets.sql_files import ensure_schema

MASTER_TABLES = ("skus", "warehouses", "bins", "safety_stock", "transfer_lanes", "purchase_orders")
# Small sample, denser stock anomalies than the defaults so that every cause has dozens of instances.
SAMPLE_ARGS = (
    "--orders", "4000", "--warehouses", "6", "--skus", "500", "--days", "14",
    "--rate-returns-awaiting-restock", "0.08", "--rate-unposted-damage", "0.04",
    "--rate-unposted-shrinkage", "0.04", "--rate-transfer-in-transit", "0.04",
    "--rate-count-adjustment-after-snapshot", "0.04", "--rate-unexplained-shrinkage", "0.05",
)  # fmt: skip
KEYS = {
    "bin_stock_positions": "warehouse_code, bin_code, sku",
    "stock_in_transit": "transfer_id, sku",
    "stock_positions": "warehouse_code, sku",
    "stock_reconciliation": "warehouse_code, sku",
    "sellable_stock_feed": "warehouse_code, sku",
}
CAUSE_COLUMNS = {
    "returns_awaiting_restock": "returns_awaiting_restock_units",
    "unposted_damage": "unposted_damage_units",
    "unposted_shrinkage": "unposted_shrinkage_units",
    "transfer_in_transit": "transfer_in_transit_units",
    "reservation": "reservation_units",
    "count_adjustment_after_snapshot": "count_adjustment_after_snapshot_units",
    "unexplained_shrinkage": "unexplained_units",
}


def _generate_and_load(tmp_path: Path, seed: int) -> tuple[duckdb.DuckDBPyConnection, pd.DataFrame]:
    out = tmp_path / "sample"
    subprocess.run(
        [sys.executable, "-m", "pipelines.sample_data", *SAMPLE_ARGS, "--seed", str(seed), "--out", str(out)],
        check=True,
        capture_output=True,
    )
    conn = duckdb.connect(str(tmp_path / "acceptance.duckdb"))
    ensure_schema(conn)
    for table in MASTER_TABLES:
        ingest_master(conn, out / "landing", table)
    for kind in STOCK_KINDS:
        ingest_stock(conn, out / "landing", kind)
    return conn, pd.read_csv(out / "_truth" / "stock_variances.csv")


def _decomposition(conn: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    lines = conn.execute("select * from stock_reconciliation").df()
    long = lines.melt(["warehouse_code", "sku"], list(CAUSE_COLUMNS.values()), "column", "units")
    long["cause"] = long["column"].map({v: k for k, v in CAUSE_COLUMNS.items()})
    return long[long["units"] != 0][["warehouse_code", "sku", "cause", "units"]]


@pytest.mark.parametrize("seed", [11, 29])
def test_decomposition_recovers_injected_causes(tmp_path: Path, seed: int) -> None:
    conn, truth = _generate_and_load(tmp_path, seed)
    build_all(conn)
    for table, key in KEYS.items():  # the documented keys (sql/schema/inventory.sql declares none)
        n_rows, n_keys = conn.execute(f"select count(*), count(distinct ({key})) from {table}").fetchone()
        assert n_rows == n_keys > 0, table
    assert set(truth["cause"]) == set(CAUSE_COLUMNS), "the generator should inject every cause"

    keys = ["warehouse_code", "sku", "cause"]
    injected = truth.groupby(keys, as_index=False)["units"].sum()
    found = _decomposition(conn)
    joined = injected.merge(found, on=keys, how="outer", suffixes=("_injected", "_found")).fillna(0)
    # units on the right cause: same sign as injected, up to the injected amount
    same_sign = joined["units_injected"] * joined["units_found"] > 0
    right = joined["units_injected"].abs().clip(upper=joined["units_found"].abs()).where(same_sign, 0)
    share = right.sum() / joined["units_injected"].abs().sum()
    assert share >= 0.99, joined[joined["units_injected"] != joined["units_found"]].head(20)

    unexplained = joined[joined["cause"] == "unexplained_shrinkage"]
    assert unexplained["units_found"].sum() == unexplained["units_injected"].sum()
    assert (unexplained["units_found"] == unexplained["units_injected"]).all()

    # channel snapshot - physical sellable = the injected units of the line, and the evidence names them
    lines = conn.execute(
        "select warehouse_code, sku, variance_units, sellable_floor_units from stock_reconciliation"
    )
    per_line = lines.df().merge(
        truth.groupby(["warehouse_code", "sku"], as_index=False)["units"].sum(), "left"
    )
    assert (
        per_line["variance_units"] + per_line["sellable_floor_units"] == per_line["units"].fillna(0)
    ).all()
    evidence = conn.execute(
        "select warehouse_code, sku, replace(cause, 'unexplained', 'unexplained_shrinkage') as cause, "
        "case when evidence_kind in ('incident', 'reservation', 'count') then evidence_id "
        "else reference_id end as reference_id from stock_reconciliation_evidence"
    ).df()
    named = truth.merge(evidence, on=[*keys, "reference_id"], how="left", indicator=True)
    assert (named["_merge"] == "both").all(), named[named["_merge"] != "both"].head()

    for name in (
        "stock_positions_on_hand_not_negative",
        "stock_positions_buckets_add_up",
        "stock_positions_ledger_replay",
        "stock_reconciliation_channel_snapshot_replay",
        "stock_reconciliation_evidence_adds_up",
    ):
        outcome = run_check(conn, name, dg.AssetCheckSeverity.ERROR)
        assert outcome.passed, (name, outcome.offending.head())
    warned = run_check(conn, "stock_reconciliation_unexplained_within_tolerance", dg.AssetCheckSeverity.WARN)
    lost = unexplained[unexplained["units_injected"] > 0][["warehouse_code", "sku"]]
    assert 0 < len(warned.offending) <= len(lost)
    assert set(map(tuple, warned.offending[["warehouse_code", "sku"]].values)) <= set(map(tuple, lost.values))
    conn.close()
